"""The customer list's filter and the daily work forms.

The forms parse what a person typed; the rules (ranges, dates in order,
who may write) live in ``crm.services``, whose errors the views put back
next to the fields they name.  Every form that makes a record carries a
one-time ``token`` so that posting it twice makes one record.
"""

import datetime as dt
import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yeji.crm.models import (
    Channel,
    CustomerLevel,
    LocationSource,
    Priority,
    RequestType,
    Severity,
)
from yeji.crm.queries import CustomerOrder

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format=DATETIME_FORMAT, **kwargs)


def _now_local() -> dt.datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


class CustomerFilterForm(forms.Form):
    """The customer list's query string: search, filters and order."""

    q = forms.CharField(
        label=_("Code or name"), required=False, max_length=100, strip=True
    )
    owner = forms.ChoiceField(label=_("Owner"), required=False)
    team = forms.ChoiceField(
        label=pgettext_lazy("customer filter", "Team"), required=False
    )
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("Any level"))] + list(CustomerLevel.choices),
    )
    industry = forms.CharField(label=_("Industry"), required=False, max_length=100)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[
            (CustomerOrder.CODE, _("Code")),
            (CustomerOrder.CODE_DESC, _("Code, last first")),
            (CustomerOrder.NAME, pgettext_lazy("a customer's name", "Name")),
            (
                CustomerOrder.NAME_DESC,
                pgettext_lazy("a customer's name", "Name, last first"),
            ),
            (CustomerOrder.ACQUIRED_DESC, _("Newest acquired")),
            (CustomerOrder.ACQUIRED, _("Oldest acquired")),
        ],
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


class _OnceForm(forms.Form):
    """A form that makes one record, whatever how often it is posted."""

    token = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("token", uuid.uuid4())
        self.fields["token"].error_messages = {
            "required": _("This form has expired; please fill it in again."),
            "invalid": _("This form has expired; please fill it in again."),
        }


class _Coordinate(forms.DecimalField):
    """A number sent by the page's script, rounded to the places stored."""

    def __init__(self, *, places: int, **kwargs: Any) -> None:
        self.places = places
        super().__init__(required=False, widget=forms.HiddenInput, **kwargs)

    def to_python(self, value: Any) -> Decimal | None:
        number = super().to_python(value)
        if number is None:
            return None
        return number.quantize(Decimal(1).scaleb(-self.places))


class VisitForm(_OnceForm):
    channel = forms.ChoiceField(
        label=_("Channel"),
        choices=Channel.choices,
        initial=Channel.ONSITE,
        widget=forms.RadioSelect,
    )
    visited_at = forms.DateTimeField(
        label=_("Time of the visit"),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=DateTimeInput(),
    )
    summary = forms.CharField(
        label=pgettext_lazy("what a visit was about", "Summary"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    next_follow_up_on = forms.DateField(
        label=_("Next follow-up"), required=False, widget=DateInput()
    )
    location_consent = forms.BooleanField(
        label=_("Record where I am with this visit"),
        required=False,
        help_text=_(
            "Your phone's location is kept with an on-site visit only if you "
            "tick this, and only as long as the company's retention allows."
        ),
    )
    latitude = _Coordinate(places=6)
    longitude = _Coordinate(places=6)
    accuracy = _Coordinate(places=1)
    location_source = forms.ChoiceField(
        required=False,
        choices=[("", "")] + list(LocationSource.choices),
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("visited_at", _now_local())


class RequestForm(_OnceForm):
    subject = forms.CharField(label=_("Subject"), max_length=300)
    request_type = forms.ChoiceField(
        label=_("Type"),
        choices=RequestType.choices,
        initial=RequestType.QUESTION,
        required=False,
    )
    priority = forms.ChoiceField(
        label=_("Priority"),
        choices=Priority.choices,
        initial=Priority.NORMAL,
        required=False,
        widget=forms.RadioSelect,
    )
    opened_at = forms.DateTimeField(
        label=_("Opened at"),
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=DateTimeInput(),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("opened_at", _now_local())


class RequestAnswerForm(forms.Form):
    """The first response: now (the field left empty), or at a given time."""

    answered_at = forms.DateTimeField(
        label=_("Answered at"),
        required=False,
        input_formats=[DATETIME_FORMAT, "%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S"],
        widget=DateTimeInput(),
        help_text=_("Leave empty for now."),
    )


class SurveyForm(_OnceForm):
    answered_on = forms.DateField(label=_("Answered on"), widget=DateInput())
    satisfaction = forms.TypedChoiceField(
        label=_("Satisfaction (1 to 5)"),
        coerce=int,
        choices=[(n, str(n)) for n in range(1, 6)],
        widget=forms.RadioSelect,
    )
    recommend = forms.TypedChoiceField(
        label=_("Would recommend us (0 to 10)"),
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

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("answered_on", timezone.localdate())


class ComplaintForm(_OnceForm):
    category = forms.CharField(label=_("Category"), max_length=100)
    severity = forms.ChoiceField(
        label=_("Severity"),
        required=False,
        choices=[("", _("Not rated"))] + list(Severity.choices),
        widget=forms.RadioSelect,
    )
    filed_on = forms.DateField(label=_("Filed on"), widget=DateInput())
    resolved_on = forms.DateField(
        label=_("Resolved on"),
        required=False,
        widget=DateInput(),
        help_text=_("Leave empty while it is open."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("filed_on", timezone.localdate())
