"""The account pages' forms: the language choice (the password change is
Django's own form)."""

from django import forms
from django.conf import settings
from django.utils.translation import get_language_info
from django.utils.translation import gettext_lazy as _


def language_choices() -> list[tuple[str, str]]:
    """The languages offered, each named in itself (中文, English), as a
    person who reads only that language recognises it."""
    return [
        (code, get_language_info(code)["name_local"])
        for code, _name in settings.LANGUAGES
    ]


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), choices=language_choices, widget=forms.RadioSelect
    )
    # Where to go after the choice: the page the top bar's switch was on.
    # Empty (the account page's own form) comes back to the account page.
    next = forms.CharField(required=False, widget=forms.HiddenInput)
