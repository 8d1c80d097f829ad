"""``user|may_import``: whether the top bar offers the import page."""

from django import template

from yeji.interchange.queries import may_import as _may_import
from yeji.org.queries import User

register = template.Library()


@register.filter
def may_import(user: User) -> bool:
    return _may_import(user)
