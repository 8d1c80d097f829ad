"""The bell in the top bar: how many reminders the user has not read."""

from django import template

from yeji.notify.queries import unread_count

register = template.Library()


@register.simple_tag
def unread_reminders(user) -> int:
    """One count query per page, for the logged-in user."""
    return unread_count(user)
