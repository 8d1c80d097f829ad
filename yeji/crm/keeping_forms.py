"""The forms of customer keeping: claiming, handing over, request and
complaint handling, survey answers and the company's keeping settings.

As in ``crm.forms``, the forms parse; the rules live in the services.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yeji.crm.forms import DateInput
from yeji.crm.keeping_models import (
    KeepingSettings,
    Priority,
    RequestStatus,
    RequestType,
)
from yeji.crm.rules import EDITABLE_FIELDS


class HandoverForm(forms.Form):
    """To one rep, or (left empty) spread over the leaver's team."""

    to = forms.ChoiceField(label=_("Hand over to"), required=False)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)
    confirm = forms.BooleanField(
        label=_("Yes, move every customer of this rep"), required=True
    )

    def __init__(self, *args: Any, reps: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["to"].choices = [
            ("", _("Spread over the team, fewest customers first"))
        ] + reps


class RequestEditForm(forms.Form):
    request_type = forms.ChoiceField(label=_("Type"), choices=RequestType.choices)
    priority = forms.ChoiceField(
        label=_("Priority"), choices=Priority.choices, widget=forms.RadioSelect
    )
    status = forms.ChoiceField(label=_("Status"), choices=RequestStatus.choices)
    resolution = forms.CharField(
        label=_("Resolution"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ComplaintHandleForm(forms.Form):
    handler = forms.ChoiceField(label=_("Handled by"), required=False)
    resolution = forms.CharField(
        label=_("Resolution"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    resolved_on = forms.DateField(
        label=_("Resolved on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty while it is open."),
    )

    def __init__(
        self, *args: Any, handlers: list[tuple[str, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["handler"].choices = [("", _("Nobody yet"))] + handlers


class SurveyAnswerForm(forms.Form):
    """The customer's own answer, through a link."""

    satisfaction = forms.TypedChoiceField(
        label=_("How satisfied are you with us? (1 to 5)"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
    )
    recommend = forms.TypedChoiceField(
        label=_("How likely are you to recommend us? (0 to 10)"),
        coerce=int,
        choices=[(n, str(n)) for n in range(0, 11)],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class KeepingSettingsForm(forms.ModelForm):
    class Meta:
        model = KeepingSettings
        fields = list(EDITABLE_FIELDS)


class FollowUpFilterForm(forms.Form):
    overdue = forms.BooleanField(label=_("Only overdue"), required=False)
    team = forms.ChoiceField(
        label=pgettext_lazy("customer filter", "Team"), required=False
    )
    owner = forms.ChoiceField(label=_("Owner"), required=False)

    def __init__(
        self,
        *args: Any,
        owners: list[tuple[str, str]],
        teams: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Any owner"))] + owners
        self.fields["team"].choices = [("", _("Any team"))] + teams


class ChurnFilterForm(forms.Form):
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    team = forms.ChoiceField(
        label=pgettext_lazy("customer filter", "Team"), required=False
    )

    def __init__(
        self,
        *args: Any,
        owners: list[tuple[str, str]],
        teams: list[tuple[str, str]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["owner"].choices = [("", _("Any owner"))] + owners
        self.fields["team"].choices = [("", _("Any team"))] + teams
