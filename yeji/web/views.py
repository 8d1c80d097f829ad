"""The first pages: home, the ranked scorecard and a rep's explanation.

Every page reads the scorecard engine (yeji.performance) in one call and
narrows what it shows with org.queries, the one rule of who sees whom.  A
rep's scores depend on their own records and targets only, so they are the
same whoever looks at them; ranks are positions among the reps shown.
"""

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Page, Paginator
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_GET

from yeji.crm.models import Channel
from yeji.org.models import Employee, Role, Team
from yeji.org.queries import Area, user_employee, visible_employees, visible_teams
from yeji.performance.models import Dimension, Metric
from yeji.performance.queries import (
    EmployeeNotOnScorecard,
    MetricExplanation,
    RecordRow,
    RepCard,
    TeamNotFound,
    TemplateNotFound,
    scorecard_compute,
    scorecard_explain,
)
from yeji.performance.snapshots import scorecard_kept
from yeji.web import formats
from yeji.web.downloads import requested_format, table_download
from yeji.web.forms import ScorecardQueryForm

# The engine's dimensions, in the order of the table's columns.
DIMENSIONS = list(Dimension)

# Reps per page of the scorecard: a company of thousands of reps stays a
# page a phone can load.
ROWS_PER_PAGE = 100


# How many records of each metric the rep's page lists before linking to
# the metric's own paginated list.
RECORDS_PREVIEW = 10
RECORDS_PER_PAGE = 50

# What the value beside each record is, by metric (the engine gives the
# value; the page names it).
RECORD_VALUE_LABELS = {
    "revenue": gettext_lazy("Amount"),
    "order_count": gettext_lazy("Amount"),
    "new_customers": gettext_lazy("Customer"),
    "customer_growth_rate": gettext_lazy("Customer"),
    "avg_satisfaction": gettext_lazy("Satisfaction (1-5)"),
    "recommendation_rate": gettext_lazy("Would recommend (0-10)"),
    "nps": gettext_lazy("Would recommend (0-10)"),
    "complaints": gettext_lazy("Category"),
    "visits": gettext_lazy("Channel"),
    "visits_per_week": gettext_lazy("Channel"),
    "task_on_time_rate": gettext_lazy("Completed on"),
    "median_response_hours": gettext_lazy("Response (hours)"),
    "unanswered_requests": gettext_lazy("Subject"),
    "knowledge_score": pgettext_lazy("points from 0 to 100", "Score"),
    "communication_score": pgettext_lazy("points from 0 to 100", "Score"),
    "teamwork_score": pgettext_lazy("points from 0 to 100", "Score"),
}

# Metrics whose record values are codes of a choice, shown by their label.
RECORD_VALUE_CHOICES: dict[str, type[models.TextChoices]] = {
    "visits": Channel,
    "visits_per_week": Channel,
}

if TYPE_CHECKING:
    from yeji.performance.explain import DimensionExplanation


@dataclass(frozen=True)
class ScorecardRow:
    """One line of the table: a rep's figures and their rank among those
    shown."""

    rank: int
    employee_no: str
    name: str
    team_code: str
    team_name: str
    dimension_scores: list[float | None]
    score: float | None
    grade: str | None
    revenue: Decimal | str | None

    @property
    def dimension_links(self) -> list[tuple[str, float | None]]:
        """(dimension, score) pairs, for linking each score to its part of
        the rep's page."""
        return [
            (d.value, s) for d, s in zip(DIMENSIONS, self.dimension_scores, strict=True)
        ]


def _query_form(request: HttpRequest, *, teams: list[Team]) -> ScorecardQueryForm:
    data = request.GET.copy()
    if not teams:
        # A page without a team chooser ignores a team carried in its link.
        data.pop("team", None)
    team_choices = [(t.code, f"{t.code} {t.name}") for t in teams]
    return ScorecardQueryForm(data, teams=team_choices, today=timezone.localdate())


@login_required
@require_GET
def scorecard(request: HttpRequest) -> HttpResponse:
    """The ranked scorecard of a period, narrowed to the reps the user sees.

    Ranks are positions among the reps shown: a manager's rep ranked first
    is first in the manager's teams, whatever their place in the company.
    A user who sees no one's performance (finance, a log-in without an
    employee) is refused outright rather than shown an empty table.
    """
    sight = visible_employees(request.user, area=Area.PERFORMANCE)
    if not sight.exists():
        raise PermissionDenied
    teams = list(visible_teams(request.user, area=Area.PERFORMANCE))
    asked_team = request.GET.get("team") or ""
    if asked_team and asked_team not in {t.code for t in teams}:
        raise Http404
    form = _query_form(request, teams=teams)
    context: dict[str, Any] = {
        "form": form,
        "nav": "scorecard",
        "teams_offered": bool(teams),
    }
    if not form.is_valid():
        return render(request, "web/scorecard.html", context, status=400)

    period = form.cleaned_data["period"]
    team_code, employee_no = _engine_scope(request, form.cleaned_data["team"])
    try:
        if employee_no is None:
            # Kept while none of its records changed (performance.snapshots):
            # a past quarter of a large company is read, not recomputed.
            card = scorecard_kept(
                period=period,
                template=form.cleaned_data["template"],
                team_code=team_code,
            ).card
        else:
            card = scorecard_compute(
                period=period,
                template=form.cleaned_data["template"],
                team_code=team_code,
                employee_no=employee_no,
            )
    except (TemplateNotFound, TeamNotFound) as error:
        form.add_error(None, str(error))
        return render(request, "web/scorecard.html", context, status=400)

    shown = set(sight.filter(role=Role.REP).values_list("employee_no", flat=True))
    team_names = dict(Team.objects.values_list("code", "name"))
    reps = sorted((r for r in card.reps if r.employee_no in shown), key=_rank_key)
    rows = [
        ScorecardRow(
            rank=position,
            employee_no=rep.employee_no,
            name=rep.name,
            team_code=rep.team_code,
            team_name=team_names.get(rep.team_code, ""),
            dimension_scores=[rep.dimensions.get(d.value) for d in DIMENSIONS],
            score=rep.score,
            grade=rep.grade,
            revenue=rep.metrics.get("revenue"),
        )
        for position, rep in enumerate(reps, start=1)
    ]
    fmt = requested_format(request)
    if fmt is not None:
        return _scorecard_download(rows, period=period, fmt=fmt)
    page = Paginator(rows, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    # A team's totals sum its whole subtree, so they are shown only for the
    # teams the user sees whole.
    team_codes = {t.code for t in teams}
    context.update(
        period=period,
        rows=page.object_list,
        page=page,
        dimensions=DIMENSIONS,
        query=_period_query(request),
        page_query=_page_query(request),
        template_name=card.template_name,
        team_totals=[
            (t, team_names.get(t.team_code, ""))
            for t in card.teams
            if t.team_code in team_codes
        ],
    )
    return render(request, "web/scorecard.html", context)


def _shown_score(value: float | None) -> Decimal | None:
    """A score as the page writes it (one decimal), as a number."""
    return None if value is None else Decimal(formats.score(value).replace(",", ""))


def _scorecard_download(
    rows: list[ScorecardRow], *, period: Any, fmt: Any
) -> HttpResponse:
    """The scorecard's table as a file: every row of every page, in the
    page's order, each figure rounded as the page shows it."""
    headers = [
        _("Rank (among shown)"),
        _("Employee no."),
        _("Name"),
        _("Team"),
        *[d.label for d in DIMENSIONS],
        _("Overall score"),
        _("Grade"),
        _("Revenue"),
    ]
    lines = (
        [
            row.rank,
            row.employee_no,
            row.name,
            row.team_code,
            *[_shown_score(v) for v in row.dimension_scores],
            _shown_score(row.score),
            row.grade or "",
            None
            if row.revenue is None
            else Decimal(row.revenue).quantize(Decimal("0.01")),
        ]
        for row in rows
    )
    return table_download(
        filename=f"scorecard-{period.label}", fmt=fmt, headers=headers, rows=lines
    )


def _engine_scope(
    request: HttpRequest, team_code: str | None
) -> tuple[str | None, str | None]:
    """The team or rep to compute the scorecard for: the team chosen, else
    the part of the company the user sees (a manager's team, a rep's own
    line), else everyone.

    Only a shortcut, so that a rep does not wait for a whole company's
    scorecard: what the user may see is enforced by the filter on
    ``visible_employees`` after the engine call, whatever is computed.
    """
    if team_code is not None:
        return team_code, None
    employee = user_employee(request.user)
    if employee is None or request.user.is_superuser:
        return None, None
    if employee.role == Role.MANAGER:
        return employee.team.code, None
    if employee.role == Role.REP:
        return None, employee.employee_no
    return None, None


def _rank_key(rep: RepCard) -> int:
    # The engine lists reps in rank order; sorting by its rank keeps that
    # order even if a later engine lists them otherwise.
    return rep.rank if rep.rank is not None else 1 << 30


def _period_query(request: HttpRequest) -> str:
    """The query string that carries the period to a rep's page."""
    keep = request.GET.copy()
    for name in list(keep):
        if name not in {"period", "start", "end", "as_of", "template"}:
            del keep[name]
    return keep.urlencode()


def _page_query(request: HttpRequest) -> str:
    """The scorecard's own query without its page number, for page links."""
    keep = request.GET.copy()
    keep.pop("page", None)
    return keep.urlencode()


@dataclass
class MetricView:
    """A metric of the explanation with the records the page lists."""

    item: MetricExplanation
    records: list[RecordRow]
    record_count: int
    value_label: str
    page: Page | None = None


@dataclass
class DimensionView:
    item: "DimensionExplanation"
    metrics: list[MetricView]
    formula: str


def _formula(terms: list[tuple[Any, float | None]], result: float | None) -> str:
    """How a weighted mean is made, written out: (a × w + b × v) ÷ (w + v).

    Terms without a score are left out, as the engine leaves them out.
    """
    present = [(w, s) for w, s in terms if s is not None and w is not None]
    if not present:
        return "—"
    total = sum((Decimal(w) for w, _s in present), Decimal(0))
    sums = " + ".join(f"{formats.score(s)} × {formats.weight(w)}" for w, s in present)
    return f"({sums}) ÷ {formats.weight(total)} = {formats.score(result)}"


def _readable(records: list[RecordRow], metric: str) -> list[RecordRow]:
    """Records whose value is a stored code (a visit's channel) with the
    code's label instead, as a person reads it."""
    choices = RECORD_VALUE_CHOICES.get(metric)
    if choices is None:
        return records
    labels = dict(choices.choices)
    return [replace(r, value=labels.get(r.value, r.value)) for r in records]


def _metric_view(item: MetricExplanation, *, page_number: str | None) -> MetricView:
    label = str(RECORD_VALUE_LABELS.get(item.metric, _("Value")))
    if page_number is None:
        records = _readable(item.records[:RECORDS_PREVIEW], item.metric)
        return MetricView(item, records, item.records.count(), label)
    page = Paginator(item.records, RECORDS_PER_PAGE).get_page(page_number)
    records = _readable(list(page), item.metric)
    return MetricView(item, records, page.paginator.count, label, page)


@login_required
@require_GET
def rep(request: HttpRequest, employee_no: str) -> HttpResponse:
    """A rep's scorecard explained: every metric, its points and records.

    A rep outside the user's sight answers 404, exactly as one that does
    not exist, so the page tells nobody who works where.  With ``metric``
    the page explains that one metric and pages through all its records.
    """
    employee: Employee = get_object_or_404(
        visible_employees(request.user, area=Area.PERFORMANCE)
        .filter(role=Role.REP)
        .select_related("team"),
        employee_no=employee_no,
    )
    form = _query_form(request, teams=[])
    context: dict[str, Any] = {"form": form, "employee": employee, "nav": "scorecard"}
    metric = request.GET.get("metric") or None
    if metric is not None and metric not in Metric.values:
        raise Http404
    if not form.is_valid():
        return render(request, "web/rep.html", context, status=400)

    period = form.cleaned_data["period"]
    context.update(period=period, query=_period_query(request), metric=metric)
    try:
        explanation = scorecard_explain(
            period=period,
            employee_no=employee_no,
            template=form.cleaned_data["template"],
            metric=metric,
        )
    except EmployeeNotOnScorecard:
        context["not_on_scorecard"] = True
        return render(request, "web/rep.html", context)
    except TemplateNotFound as error:
        form.add_error(None, str(error))
        return render(request, "web/rep.html", context, status=400)

    page_number = (request.GET.get("page") or "1") if metric else None
    views = {
        m.metric: _metric_view(m, page_number=page_number) for m in explanation.metrics
    }
    dimensions = [
        DimensionView(
            item=d,
            metrics=[views[name] for name, _weight in d.metrics if name in views],
            formula=_formula(
                [(w, views[n].item.score) for n, w in d.metrics if n in views],
                d.score,
            ),
        )
        for d in explanation.dimensions
    ]
    scored = {name for d in explanation.dimensions for name, _weight in d.metrics}
    context.update(
        explanation=explanation,
        card=explanation.card,
        dimensions=[d for d in dimensions if d.metrics],
        unscored=[v for name, v in views.items() if name not in scored],
        overall_formula=_formula(
            [(d.weight, d.score) for d in explanation.dimensions],
            explanation.score,
        ),
    )
    return render(request, "web/rep.html", context)
