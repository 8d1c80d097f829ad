"""What the plan, meeting and report pages share."""

from django import forms
from django.core.exceptions import ValidationError


def apply_errors(form: forms.Form, error: ValidationError, *, default: str) -> None:
    """Show a service's refusal beside the field it names (or ``default``,
    for a field the form does not have)."""
    if not hasattr(error, "error_dict"):
        form.add_error(default, error)
        return
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else default, problems)
