"""The forms of the plan, meeting and work report pages.

Each form that makes a record carries a one-time key (``formkeys``), so a
second send of it makes nothing more.  Choices are built from what the
user may choose (reps and teams in sight), so a forged choice is an error
beside its field, like any other.
"""

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from yeji.org.models import Employee, Team
from yeji.planning.formkeys import StaleForm, form_key, form_key_read
from yeji.planning.meetings import MAX_ACTION_ITEMS
from yeji.planning.models import Frequency, ReportKind

# The weekdays as a repeat names them, Monday first.
WEEKDAYS = [
    (0, gettext_lazy("Monday")),
    (1, gettext_lazy("Tuesday")),
    (2, gettext_lazy("Wednesday")),
    (3, gettext_lazy("Thursday")),
    (4, gettext_lazy("Friday")),
    (5, gettext_lazy("Saturday")),
    (6, gettext_lazy("Sunday")),
]

# How many empty action item lines the meeting page offers.
ACTION_ITEM_LINES = 5


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        **kwargs,
    )


def _text(label: Any, rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, widget=forms.Textarea(attrs={"rows": rows})
    )


def _people(employees: list[Employee]) -> list[tuple[str, str]]:
    return [(e.employee_no, f"{e.name} ({e.employee_no})") for e in employees]


class KeyedForm(forms.Form):
    """A form with a one-time key of kind ``prefix`` in its ``token``."""

    prefix_key = ""
    token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user_pk: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user_pk = user_pk
        self.fields["token"].initial = self.fresh_token()

    def fresh_token(self) -> str:
        return form_key(prefix=self.prefix_key, user_pk=self.user_pk)

    def clean_token(self) -> str:
        try:
            return form_key_read(
                self.cleaned_data.get("token") or "",
                prefix=self.prefix_key,
                user_pk=self.user_pk,
            )
        except StaleForm:
            raise forms.ValidationError(
                _("This form is too old to be sent. Check it and send it again."),
                code="stale",
            ) from None

    def token_to_show(self) -> str:
        """The key the form is shown again with: the same one, so the
        corrected form still makes one record, unless it was stale."""
        if self.is_bound and "token" not in self.errors:
            return self.data.get("token", "")
        return self.fresh_token()


class PlanCreateForm(KeyedForm):
    prefix_key = "PL"

    title = forms.CharField(label=pgettext_lazy("of a plan", "Title"), max_length=200)
    owner = forms.ChoiceField(label=pgettext_lazy("of a plan", "For"))
    starts_on = _date_field(gettext_lazy("Starts on"))
    ends_on = _date_field(gettext_lazy("Ends on"))
    goals = _text(gettext_lazy("Goals (one a line)"), rows=4)

    def __init__(
        self, *args: Any, reps: list[Employee], teams: list[Team], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.reps = {f"rep:{e.employee_no}": e for e in reps}
        self.teams = {f"team:{t.code}": t for t in teams}
        self.fields["owner"].choices = [
            (f"rep:{e.employee_no}", f"{e.name} ({e.employee_no})") for e in reps
        ] + [(f"team:{t.code}", _("Team %(name)s") % {"name": t.name}) for t in teams]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        owner = data.get("owner")
        data["employee"] = self.reps.get(owner) if owner else None
        data["team"] = self.teams.get(owner) if owner else None
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The end is before the start."))
        return data


class PlanTaskForm(KeyedForm):
    prefix_key = "T"

    title = forms.CharField(label=pgettext_lazy("of a task", "Title"), max_length=300)
    employee = forms.ChoiceField(label=gettext_lazy("Owner"))
    due_on = _date_field(gettext_lazy("Due on"))

    def __init__(self, *args: Any, owners: list[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owners = {e.employee_no: e for e in owners}
        self.fields["employee"].choices = _people(owners)

    def clean_employee(self) -> Employee:
        return self.owners[self.cleaned_data["employee"]]


class RepeatForm(KeyedForm):
    prefix_key = "R"

    title = forms.CharField(label=pgettext_lazy("of a task", "Title"), max_length=300)
    employee = forms.ChoiceField(label=gettext_lazy("Owner"))
    frequency = forms.ChoiceField(label=gettext_lazy("Repeats"), choices=Frequency)
    weekday = forms.TypedChoiceField(
        label=gettext_lazy("On (weekly)"),
        choices=[("", "—"), *WEEKDAYS],
        coerce=int,
        empty_value=None,
        required=False,
    )
    day_of_month = forms.IntegerField(
        label=gettext_lazy("Day of the month (monthly)"),
        min_value=1,
        max_value=31,
        required=False,
    )
    starts_on = _date_field(gettext_lazy("From"))
    ends_on = _date_field(gettext_lazy("To"))

    def __init__(self, *args: Any, owners: list[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.owners = {e.employee_no: e for e in owners}
        self.fields["employee"].choices = _people(owners)

    def clean_employee(self) -> Employee:
        return self.owners[self.cleaned_data["employee"]]


class MeetingCreateForm(KeyedForm):
    prefix_key = "MT"

    team = forms.ChoiceField(label=gettext_lazy("Team"))
    title = forms.CharField(
        label=pgettext_lazy("of a meeting", "Title"), max_length=200
    )
    held_on = _date_field(gettext_lazy("Held on"))
    agenda = _text(gettext_lazy("Agenda"), rows=4)

    def __init__(self, *args: Any, teams: list[Team], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.teams = {t.code: t for t in teams}
        self.fields["team"].choices = [(t.code, t.name) for t in teams]

    def clean_team(self) -> Team:
        return self.teams[self.cleaned_data["team"]]


class MinutesForm(forms.Form):
    agenda = _text(gettext_lazy("Agenda"), rows=4)
    minutes = _text(gettext_lazy("Minutes"), rows=6)
    attendees = forms.MultipleChoiceField(
        label=gettext_lazy("Attendees"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, people: list[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {e.employee_no: e for e in people}
        self.fields["attendees"].choices = [(e.employee_no, e.name) for e in people]

    def clean_attendees(self) -> list[Employee]:
        return [self.people[no] for no in self.cleaned_data["attendees"]]


class ActionItemsForm(KeyedForm):
    """Up to ACTION_ITEM_LINES lines of what, who and by when; a line left
    blank is skipped, a line filled in part is an error on that line."""

    prefix_key = "T"

    def __init__(
        self,
        *args: Any,
        owners: list[Employee],
        today: dt.date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.owners = {e.employee_no: e for e in owners}
        self.today = today
        choices = [("", "—"), *_people(owners)]
        self.lines = []
        for n in range(1, min(ACTION_ITEM_LINES, MAX_ACTION_ITEMS) + 1):
            names = (f"item-{n}-title", f"item-{n}-employee", f"item-{n}-due_on")
            self.fields[names[0]] = forms.CharField(
                label=_("Action item %(n)d") % {"n": n}, max_length=300, required=False
            )
            self.fields[names[1]] = forms.ChoiceField(
                label=gettext_lazy("Owner"), choices=choices, required=False
            )
            self.fields[names[2]] = _date_field(gettext_lazy("Due on"), required=False)
            self.lines.append(names)

    def line_fields(self) -> list[list[forms.BoundField]]:
        return [[self[name] for name in names] for names in self.lines]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        items = []
        for title_name, employee_name, due_name in self.lines:
            title = data.get(title_name) or ""
            employee_no = data.get(employee_name) or ""
            due_on = data.get(due_name)
            if not (title or employee_no or due_on):
                continue
            if not title:
                self.add_error(title_name, _("Say what is to be done."))
            if not employee_no:
                self.add_error(employee_name, _("Choose who does it."))
            if due_on is None:
                self.add_error(due_name, _("Choose the due date."))
            elif due_on < self.today:
                self.add_error(due_name, _("The due date is in the past."))
            if title and employee_no and due_on:
                items.append((title, self.owners[employee_no], due_on))
        if not items and not self.errors:
            raise forms.ValidationError(_("Write at least one action item."))
        data["items"] = items
        return data


class ReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("of a report", "Kind"), choices=ReportKind
    )
    day = _date_field(gettext_lazy("Day (any day of the week, for a weekly report)"))
    wins = _text(gettext_lazy("Wins"))
    problems = _text(gettext_lazy("Problems"))
    next_steps = _text(gettext_lazy("Next steps"))
    help_needed = _text(gettext_lazy("Help needed"))

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean_day(self) -> dt.date:
        day = self.cleaned_data["day"]
        if day > self.today:
            raise forms.ValidationError(_("This day has not come yet."))
        return day


class CommentForm(forms.Form):
    body = forms.CharField(
        label=gettext_lazy("Comment"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReportFilterForm(forms.Form):
    show = forms.ChoiceField(
        label=pgettext_lazy("which reports", "Show"),
        required=False,
        choices=[
            ("all", gettext_lazy("All reports")),
            ("awaiting", gettext_lazy("Awaiting review")),
            ("reviewed", gettext_lazy("Reviewed")),
        ],
    )
    kind = forms.ChoiceField(
        label=pgettext_lazy("of a report", "Kind"),
        required=False,
        choices=[("", gettext_lazy("Daily and weekly")), *ReportKind.choices],
    )


class MissingFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=pgettext_lazy("of a report", "Kind"),
        required=False,
        choices=ReportKind,
    )
    start = _date_field(gettext_lazy("From"), required=False)
    end = _date_field(gettext_lazy("To"), required=False)
