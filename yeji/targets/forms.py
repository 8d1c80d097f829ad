"""The forms of the target pages: what to show, a target set by hand, a
split, and the pace's period."""

import datetime as dt
import re
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yeji.performance.periods import PeriodError, period_parse
from yeji.planning.models import TargetMetric
from yeji.targets.cascade import year_labels
from yeji.targets.models import RevisionHow

_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class CascadeChoiceForm(forms.Form):
    """The cascade page's query: which year and which metric."""

    year = forms.IntegerField(
        label=gettext_lazy("Year"), required=False, min_value=2000, max_value=2100
    )
    metric = forms.ChoiceField(
        label=gettext_lazy("Metric"), required=False, choices=TargetMetric.choices
    )

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["year"] = data.get("year") or self.today.year
        data["metric"] = data.get("metric") or TargetMetric.REVENUE
        return data


def _period_choices(year: int) -> list[tuple[str, str]]:
    return [(label, label) for label in year_labels(year)]


class TargetSetForm(forms.Form):
    """One target set by hand: whose (a team code or an employee number,
    among the rows the user may change), which period, what value (empty
    to take the target away)."""

    row = forms.ChoiceField(label=gettext_lazy("Whose target"))
    period = forms.ChoiceField(label=gettext_lazy("Period"))
    value = forms.CharField(
        label=gettext_lazy("Target"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "decimal"}),
    )

    def __init__(
        self, *args: Any, rows: list[tuple[str, str]], year: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["row"].choices = rows
        self.fields["period"].choices = _period_choices(year)

    def clean_value(self) -> Decimal | None:
        text = (self.cleaned_data.get("value") or "").strip()
        if not text:
            return None
        if not re.fullmatch(r"\d+(\.\d{1,2})?", text):
            raise forms.ValidationError(
                _("Write a number like 12000 or 12000.50, without separators.")
            )
        try:
            return Decimal(text)
        except InvalidOperation:
            raise forms.ValidationError(_("This is not a number.")) from None


class SplitAcross:
    MEMBERS = "members"
    MONTHS = "months"


class TargetSplitForm(forms.Form):
    """A split of the team's target: among its members or over its months,
    by a rule.

    The cascade page shows it beside the set-by-hand form, which has a
    ``period`` too: its fields' ids start ``id_split_`` so that each label
    names its own field (the field names, which the POST reads, stay).
    """

    ACROSS = [
        (SplitAcross.MEMBERS, gettext_lazy("among the team's members")),
        (SplitAcross.MONTHS, gettext_lazy("over its months")),
    ]

    period = forms.ChoiceField(label=gettext_lazy("Target of"))
    across = forms.ChoiceField(label=gettext_lazy("Split"), choices=ACROSS)
    rule = forms.ChoiceField(
        label=gettext_lazy("Rule"),
        choices=[
            (RevisionHow.EQUAL, gettext_lazy("equally")),
            (RevisionHow.LAST_YEAR, gettext_lazy("by last year's share")),
            (RevisionHow.PROFILE, gettext_lazy("by a seasonal profile")),
        ],
    )
    whole_year = forms.BooleanField(
        label=gettext_lazy("Every period of the year (members only)"),
        required=False,
    )
    profile = forms.CharField(
        label=gettext_lazy("Seasonal profile: one weight per month"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("For example 6 4 8 8 8 8 8 8 9 9 10 14"),
    )

    def __init__(self, *args: Any, year: int, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_split_%s")
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = _period_choices(year)[:5]

    def clean_profile(self) -> list[Decimal] | None:
        text = (self.cleaned_data.get("profile") or "").strip()
        if not text:
            return None
        weights = []
        for word in re.split(r"[\s,，、]+", text):
            try:
                weight = Decimal(word)
            except InvalidOperation:
                raise forms.ValidationError(
                    _("%(word)s is not a number.") % {"word": word}
                ) from None
            if weight < 0 or not weight.is_finite():
                raise forms.ValidationError(_("A weight cannot be negative."))
            weights.append(weight)
        return weights

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        rule, across = data.get("rule"), data.get("across")
        if rule == RevisionHow.PROFILE:
            if across == SplitAcross.MEMBERS:
                self.add_error(
                    "rule", _("A seasonal profile splits over months, not members.")
                )
            elif not data.get("profile") and "profile" not in self.errors:
                self.add_error("profile", _("Give the profile's weights."))
        return data


class PaceForm(forms.Form):
    """The pace page's query: a period (a month, a quarter or a year) as
    of a day."""

    period = forms.CharField(label=gettext_lazy("Period"), required=False, max_length=8)
    as_of = forms.DateField(label=gettext_lazy("As of"), required=False, widget=_DATE)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.errors:
            return data
        as_of = data.get("as_of") or self.today
        label = (data.get("period") or "").strip() or f"{as_of:%Y-%m}"
        if label.count("..") or len(label) < 4:
            self.add_error("period", _("Write a year, a quarter or a month."))
            return data
        try:
            data["period"] = period_parse(label, as_of=as_of)
        except PeriodError as error:
            self.add_error("period", str(error))
        return data
