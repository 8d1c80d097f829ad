"""The people list's filters: team, role, and whether they have left."""

from django import forms
from django.utils.translation import gettext_lazy as _

from yeji.org.models import Role
from yeji.people.queries import Employment


class PeopleFilterForm(forms.Form):
    team = forms.ChoiceField(label=_("Team"), required=False)
    role = forms.ChoiceField(label=_("Role"), required=False)
    employment = forms.ChoiceField(label=_("Employment"), required=False)

    def __init__(self, *args, teams: list[tuple[str, str]], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["team"].choices = [("", _("All teams I can see")), *teams]
        self.fields["role"].choices = [("", _("All roles")), *Role.choices]
        self.fields["employment"].choices = [
            ("", _("Everyone")),
            *((e.value, e.label) for e in Employment),
        ]
