"""The filters of the order and payment lists, read from the query string."""

from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from yeji.org.models import Employee
from yeji.sales.models import OrderStatus


def _date_field(label) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )


class _DateRangeForm(forms.Form):
    start = _date_field(pgettext_lazy("first day of a range", "From"))
    end = _date_field(pgettext_lazy("last day of a range", "To"))
    employee = forms.ChoiceField(label=gettext_lazy("Rep"), required=False)

    def __init__(self, *args: Any, employees: list[Employee], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["employee"].choices = [("", _("Everyone I can see"))] + [
            (e.employee_no, f"{e.name} ({e.employee_no})") for e in employees
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("The last day is before the first day."))
        return data


class OrderFilterForm(_DateRangeForm):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"),
        required=False,
        choices=[("", gettext_lazy("Any status"))] + OrderStatus.choices,
    )
    customer = forms.CharField(
        label=gettext_lazy("Customer code or name"), required=False, max_length=200
    )

    field_order = ["status", "start", "end", "employee", "customer"]


class PaymentFilterForm(_DateRangeForm):
    pass


class OrderChangeForm(forms.Form):
    """What the order page lets a rep or manager correct."""

    status = forms.ChoiceField(
        label=gettext_lazy("Status"), choices=OrderStatus.choices
    )
    amount = forms.DecimalField(
        label=gettext_lazy("Amount"), max_digits=14, decimal_places=2, min_value=0
    )
    contract_no = forms.CharField(
        label=gettext_lazy("Contract number"), max_length=32, required=False
    )
    version = forms.CharField(widget=forms.HiddenInput, max_length=64)
