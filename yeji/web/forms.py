"""The scorecard's chooser: which period, as of when, which team and template."""

import datetime as dt
from typing import Any

from django import forms
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yeji.performance.models import ScorecardTemplate
from yeji.performance.queries import PeriodError, period_parse

# How many past years the period list offers; any other period can still be
# typed into the address.
YEARS_OFFERED = 3


def quarter_label(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def period_choices(today: dt.date) -> list[tuple[str, list[tuple[str, str]]]]:
    """The periods offered in the chooser, newest first, grouped by kind.

    Only periods that have started by ``today`` are offered: a period that
    has not started has no scorecard.
    """
    years = list(range(today.year, today.year - YEARS_OFFERED, -1))
    quarters = []
    months = []
    for year in years[:2]:
        for quarter in range(4, 0, -1):
            if dt.date(year, (quarter - 1) * 3 + 1, 1) <= today:
                quarters.append(
                    (
                        f"{year}-Q{quarter}",
                        _("%(year)s Q%(quarter)s") % {"year": year, "quarter": quarter},
                    )
                )
        for month in range(12, 0, -1):
            first = dt.date(year, month, 1)
            if first <= today:
                months.append(
                    (f"{year}-{month:02d}", date_format(first, "YEAR_MONTH_FORMAT"))
                )
    return [
        (_("Quarters"), quarters),
        (_("Months"), months),
        (_("Years"), [(str(y), _("Year %(year)s") % {"year": y}) for y in years]),
    ]


class ScorecardQueryForm(forms.Form):
    """Read the scorecard's query string; ``period`` is the Period asked for.

    A period label (``2026-Q3``) or a ``start``/``end`` range, as of a date
    (default today).  Without either, the quarter holding the as-of date.
    """

    period = forms.CharField(label=gettext_lazy("Period"), required=False)
    start = forms.DateField(
        label=gettext_lazy("From"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    end = forms.DateField(
        label=gettext_lazy("To"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    as_of = forms.DateField(
        label=gettext_lazy("As of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    team = forms.ChoiceField(label=gettext_lazy("Team"), required=False)
    template = forms.ChoiceField(label=gettext_lazy("Template"), required=False)

    def __init__(
        self, *args: Any, teams: list[tuple[str, str]], today: dt.date, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        if self.is_bound and not any(
            (self.data.get(name) or "").strip() for name in ("period", "start", "end")
        ):
            # Nothing asked: the quarter holding the as-of date, shown chosen.
            self.data = self.data.copy()
            try:
                as_of = dt.date.fromisoformat((self.data.get("as_of") or "").strip())
            except ValueError:
                as_of = today
            self.data["period"] = quarter_label(as_of)
        choices: list[Any] = [("", _("Custom range (from, to)"))]
        choices += period_choices(today)
        asked = (self.data.get("period") or "").strip()
        offered = {value for _group, items in choices[1:] for value, _label in items}
        if asked and asked not in offered:
            # A period typed into the address stays chosen in the list.
            choices.insert(1, (asked, asked))
        self.fields["period"].widget = forms.Select(choices=choices)
        self.fields["team"].choices = [("", _("All teams I can see"))] + teams
        templates = list(
            ScorecardTemplate.objects.order_by("-is_default", "name").values_list(
                "name", flat=True
            )
        )
        self.fields["template"].choices = [(name, name) for name in templates]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        label = (data.get("period") or "").strip()
        start, end = data.get("start"), data.get("end")
        as_of = data.get("as_of") or self.today
        if self.errors:
            return data
        if start or end:
            if not (start and end):
                raise forms.ValidationError(_("Give both a first and a last date."))
            if label:
                raise forms.ValidationError(
                    _("Choose either a period or a range of dates, not both.")
                )
            if end < start:
                raise forms.ValidationError(
                    _("The last date is before the first date.")
                )
        try:
            if label:
                data["period"] = period_parse(label, as_of=as_of)
            else:
                data["period"] = period_parse(start=start, end=end, as_of=as_of)
        except PeriodError as error:
            raise forms.ValidationError(str(error)) from None
        data["template"] = data.get("template") or None
        data["team"] = data.get("team") or None
        return data


class HomeQueryForm(forms.Form):
    """Read a home page's query string: the day it is shown as of (default
    today), the span of its scorecard (this month or this quarter) and, on
    the director's home, the team whose parts it shows."""

    SPANS = [
        ("month", gettext_lazy("This month")),
        ("quarter", gettext_lazy("This quarter")),
    ]

    as_of = forms.DateField(
        label=gettext_lazy("As of"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    span = forms.ChoiceField(
        label=gettext_lazy("Scorecard of"), required=False, choices=SPANS
    )
    unit = forms.CharField(required=False, max_length=32, widget=forms.HiddenInput)

    def __init__(self, *args: Any, today: dt.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        data["as_of"] = data.get("as_of") or self.today
        data["span"] = data.get("span") or "month"
        data["unit"] = (data.get("unit") or "").strip() or None
        return data
