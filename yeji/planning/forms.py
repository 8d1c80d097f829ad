"""The task pages' forms: the list's filters and a new task."""

import datetime as dt
from typing import Any

from django import forms
from django.core import signing
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from yeji.numbering import new_key
from yeji.org.models import Employee
from yeji.planning.models import Task
from yeji.planning.tasklists import TASK_SHOW_LABELS, TaskShow

# How long a task form stays good for one submit.  A form left open longer
# asks to be sent again, with a fresh number.
FORM_MAX_AGE = dt.timedelta(hours=12)

_TOKEN_SALT = "yeji.planning.task_create"


def _employee_choices(employees: list[Employee]) -> list[tuple[str, str]]:
    return [(e.employee_no, f"{e.name} ({e.employee_no})") for e in employees]


class TaskFilterForm(forms.Form):
    """The list's query string: which tasks, and whose."""

    show = forms.ChoiceField(
        label=pgettext_lazy("which tasks", "Show"),
        required=False,
        choices=[(k.value, v) for k, v in TASK_SHOW_LABELS.items()],
    )
    employee = forms.ChoiceField(label=gettext_lazy("Assignee"), required=False)

    def __init__(self, *args: Any, employees: list[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employee"].choices = [
            ("", _("Everyone I can see"))
        ] + _employee_choices(employees)

    def clean_show(self) -> TaskShow:
        return TaskShow(self.cleaned_data.get("show") or TaskShow.OPEN)


def task_form_token(*, user_pk: int, today: dt.date) -> str:
    """A signed one-time number for a new task form.

    The number becomes the task's own, so submitting the same form twice
    finds the task already made; the signature keeps anyone from choosing a
    number, or reusing another user's form.
    """
    return signing.dumps(
        {"task_no": new_key("T", on=today), "user": user_pk}, salt=_TOKEN_SALT
    )


class TaskCreateForm(forms.Form):
    title = forms.CharField(
        label=pgettext_lazy("of a task", "Title"),
        max_length=Task._meta.get_field("title").max_length,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    due_on = forms.DateField(
        label=gettext_lazy("Due on"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    employee = forms.ChoiceField(label=gettext_lazy("Assignee"))
    token = forms.CharField(widget=forms.HiddenInput)

    def __init__(
        self,
        *args: Any,
        assignees: list[Employee],
        user_pk: int,
        today: dt.date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.assignees = {e.employee_no: e for e in assignees}
        self.user_pk = user_pk
        self.today = today
        self.fields["employee"].choices = _employee_choices(assignees)
        self.fields["token"].initial = task_form_token(user_pk=user_pk, today=today)

    def clean_due_on(self) -> dt.date:
        due_on = self.cleaned_data["due_on"]
        if due_on < self.today:
            raise forms.ValidationError(_("The due date is in the past."))
        return due_on

    def clean_employee(self) -> Employee:
        return self.assignees[self.cleaned_data["employee"]]

    def clean_token(self) -> str:
        try:
            data = signing.loads(
                self.cleaned_data["token"], salt=_TOKEN_SALT, max_age=FORM_MAX_AGE
            )
        except signing.BadSignature:
            data = None
        if not isinstance(data, dict) or data.get("user") != self.user_pk:
            raise forms.ValidationError(
                _("This form is too old to be sent. Check it and send it again."),
                code="stale",
            )
        return str(data["task_no"])
