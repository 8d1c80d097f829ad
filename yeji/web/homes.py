"""The home page, one per role: what each person needs to see first.

``/`` picks the home by the user's role: a rep's own scorecard, targets,
tasks, quiet customers and waiting requests; a manager's team ranking with
its charts and what is late; the director's company by team, with a
drill-down from region to team to rep to record (administrators see it too,
and HR sees it without the sales records); finance a short sales summary by
team.  Every figure comes from the scorecard engine or a query of its app,
narrowed by ``org.queries`` to what the user may see.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from yeji.crm.queries import (
    customers_overdue_for_contact,
    requests_waiting,
    requests_waiting_by_team,
)
from yeji.crm.rules import follow_up_days_by_level
from yeji.crm.service import requests_overdue
from yeji.org.models import Employee, Role, Team
from yeji.org.queries import Area, user_employee, visible_employees, visible_teams
from yeji.performance.queries import Period, RepCard, period_parse, scorecard_compute
from yeji.performance.snapshots import scorecard_kept
from yeji.planning.queries import (
    TargetPace,
    overdue_tasks_by_team,
    reps_behind_pace,
    target_pace,
    tasks_open,
)
from yeji.sales.queries import sales_summary_by_team
from yeji.web import rollup
from yeji.web.forms import HomeQueryForm, quarter_label

# How many lines each list of a home shows before linking to the full list.
LIST_LIMIT = 10
# How many months the trend charts look back, this one included.
TREND_MONTHS = 6
# How many reps the "furthest behind" list names.
BEHIND_LIMIT = 5
# How old the company's scorecard of the running period may be when a home
# shows ranks and the company's figures from it (a rep's own figures and a
# manager's team are always computed afresh; past months are kept until
# their records change).  See performance.snapshots.
COMPANY_MAX_AGE = dt.timedelta(minutes=10)


@dataclass(frozen=True)
class SpanCard:
    """A rep's scorecard line in one period, with their rank among all the
    reps on that scorecard."""

    period: Period
    card: RepCard | None
    of: int
    paces: list[TargetPace]
    query: str
    # When the ranks were computed, if not for this visit.
    ranked_at: dt.datetime | None = None


def _period_query(period: Period) -> str:
    """The scorecard page's query for ``period`` as of its as-of date."""
    return urlencode({"period": period.label, "as_of": period.as_of.isoformat()})


def _month(day: dt.date) -> Period:
    return period_parse(f"{day.year}-{day.month:02d}", as_of=day)


def _quarter(day: dt.date) -> Period:
    return period_parse(quarter_label(day), as_of=day)


def home_scorecards_keep(as_of: dt.date) -> int:
    """Compute, where their records changed, the company's scorecards the
    homes read: the month and the quarter running as of ``as_of``, and the
    trend's past months; returns how many were computed.

    ``yeji worker`` runs this every few minutes, so that the first visit to
    a home after an import, or after a morning of visits logged, finds the
    ranks ready rather than waits for all the reps' scorecards.
    """
    labels = rollup.month_labels(as_of, TREND_MONTHS)[:-1]
    periods = [_month(as_of), _quarter(as_of)]
    periods += [period_parse(label, as_of=as_of) for label in labels]
    return sum(scorecard_kept(period=period).fresh for period in periods)


def _home_kind(request: HttpRequest, employee: Employee | None) -> str | None:
    if request.user.is_superuser:
        return "director"
    if employee is None:
        return None
    return {
        Role.REP: "rep",
        Role.MANAGER: "manager",
        Role.DIRECTOR: "director",
        Role.ADMIN: "director",
        Role.HR: "hr",
        Role.FINANCE: "finance",
    }.get(employee.role)


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """The user's home, chosen by role; a log-in that acts as no employee
    (or as one whose role has no home) is told so."""
    employee = user_employee(request.user)
    kind = _home_kind(request, employee)
    if kind is None:
        return render(request, "web/home.html")
    form = HomeQueryForm(request.GET, today=timezone.localdate())
    context: dict[str, Any] = {"form": form, "nav": "home", "kind": kind}
    # HR sees the director's home without its sales records.
    page = "director" if kind == "hr" else kind
    template = f"web/home_{page}.html"
    if not form.is_valid():
        return render(request, template, context, status=400)
    as_of: dt.date = form.cleaned_data["as_of"]
    context["as_of"] = as_of
    if kind == "rep":
        assert employee is not None
        context.update(_rep_home(request, employee, as_of))
    elif kind == "manager":
        assert employee is not None
        context.update(
            _manager_home(request, employee, as_of, form.cleaned_data["span"])
        )
    elif kind == "finance":
        context.update(_finance_home(request, as_of))
    else:
        context.update(
            _director_home(
                request,
                as_of,
                form.cleaned_data["span"],
                form.cleaned_data["unit"],
                with_sales=kind == "director",
            )
        )
    return render(request, template, context)


def _rep_home(request: HttpRequest, employee: Employee, as_of: dt.date) -> dict:
    sales = visible_employees(request.user, area=Area.SALES)
    spans = []
    for period in (_month(as_of), _quarter(as_of)):
        # The rep's own line is computed afresh; the rank among every rep
        # of the company comes from the company's kept scorecard.
        own = scorecard_compute(period=period, employee_no=employee.employee_no)
        mine = own.reps[0] if own.reps else None
        company = scorecard_kept(period=period, max_age=COMPANY_MAX_AGE)
        if mine is not None:
            ranked = next(
                (c for c in company.card.reps if c.employee_no == mine.employee_no),
                None,
            )
            mine.rank = ranked.rank if ranked is not None else None
        spans.append(
            SpanCard(
                period=period,
                card=mine,
                of=len(company.card.reps),
                paces=target_pace(period=period, cards=[mine]) if mine else [],
                query=_period_query(period),
                ranked_at=None if company.fresh else company.computed_at,
            )
        )
    quiet, quiet_count = customers_overdue_for_contact(
        employees=sales, today=as_of, limit=LIST_LIMIT
    )
    waiting, waiting_count = requests_waiting(
        employees=sales, today=as_of, limit=LIST_LIMIT
    )
    return {
        **_overdue_requests(sales),
        "gaps": follow_up_days_by_level(),
        "employee": employee,
        "spans": spans,
        "dimensions": rollup.DIMENSIONS,
        "tasks": tasks_open(employees=sales, today=as_of, limit=LIST_LIMIT),
        "quiet": quiet,
        "quiet_count": quiet_count,
        "waiting": waiting,
        "waiting_count": waiting_count,
    }


def _overdue_requests(sales: QuerySet) -> dict[str, Any]:
    """The requests past their response target now (crm.service), flagged
    to the rep and to their manager.  Two queries."""
    overdue = requests_overdue(employees=sales)
    return {
        "overdue_requests": list(overdue[:LIST_LIMIT]),
        "overdue_requests_count": overdue.count(),
    }


def _span_period(span: str, as_of: dt.date) -> Period:
    return _quarter(as_of) if span == "quarter" else _month(as_of)


def _trend(
    as_of: dt.date, team_code: str | None, current: Period, current_card: Any
) -> tuple[list[str], list[Any]]:
    """The month labels and monthly scorecards of the trend, the last one
    as of ``as_of``; the current period's card is reused when it is the
    month."""
    # Closed months are kept until their records change (see
    # performance.snapshots), so the trend rarely recomputes them.
    labels = rollup.month_labels(as_of, TREND_MONTHS)
    cards = []
    for label in labels:
        if label == current.label:
            cards.append(current_card)
        else:
            kept = scorecard_kept(
                period=period_parse(label, as_of=as_of),
                team_code=team_code,
                max_age=COMPANY_MAX_AGE,
            )
            cards.append(kept.card)
    return labels, cards


def _manager_home(
    request: HttpRequest, employee: Employee, as_of: dt.date, span: str
) -> dict:
    perf = visible_employees(request.user, area=Area.PERFORMANCE)
    sales = visible_employees(request.user, area=Area.SALES)
    shown = set(perf.filter(role=Role.REP).values_list("employee_no", flat=True))
    period = _span_period(span, as_of)
    card = scorecard_compute(period=period, team_code=employee.team.code)
    reps = [c for c in card.reps if c.employee_no in shown]
    labels, monthly = _trend(as_of, employee.team.code, period, card)

    names = [r.name for r in reps]
    by_month = [{c.employee_no: c.score for c in m.reps} for m in monthly]
    trend_rows = [
        (rep, [scores.get(rep.employee_no) for scores in by_month]) for rep in reps
    ]
    paces = target_pace(period=period, cards=reps)
    waiting, waiting_count = requests_waiting(
        employees=sales, today=as_of, limit=LIST_LIMIT
    )
    return {
        **_overdue_requests(sales),
        "team": employee.team,
        "span": span,
        "period": period,
        "query": _period_query(period),
        "team_query": urlencode(
            {
                "period": period.label,
                "as_of": as_of.isoformat(),
                "team": employee.team.code,
            }
        ),
        "reps": list(enumerate(reps, start=1)),
        "dimensions": rollup.DIMENSIONS,
        "trend_labels": labels,
        "trend_rows": trend_rows,
        "charts": {
            "ranking": rollup.bar_chart(
                title=_("Overall score by rep"),
                series_name=_("Overall score"),
                labels=names,
                values=[r.score for r in reps],
            ),
            "radar": rollup.radar_chart(
                title=_("Four dimensions of one rep"),
                chooser_label=_("Rep"),
                items=[
                    (r.name, [r.dimensions.get(d.value) for d in rollup.DIMENSIONS])
                    for r in reps
                ],
            ),
            "trend": rollup.line_chart(
                title=_("Overall score over the last six months"),
                categories=labels,
                series=[(rep.name, values) for rep, values in trend_rows],
            ),
        },
        "behind": reps_behind_pace(paces, limit=BEHIND_LIMIT),
        "tasks": tasks_open(employees=sales, today=as_of, limit=LIST_LIMIT),
        "waiting": waiting,
        "waiting_count": waiting_count,
    }


def _unit(
    request: HttpRequest, tree: rollup.TeamTree, code: str | None
) -> rollup.TeamNode | None:
    """The team the director's home shows the parts of: the one asked for,
    which must be a team the user sees whole, else the company (the one
    team at the top, or None when the tree has several tops)."""
    if code is None:
        roots = tree.roots()
        return roots[0] if len(roots) == 1 else None
    node = tree.by_code.get(code)
    if (
        node is None
        or not visible_teams(request.user, area=Area.PERFORMANCE)
        .filter(id=node.id)
        .exists()
    ):
        raise Http404
    return node


def _director_home(
    request: HttpRequest,
    as_of: dt.date,
    span: str,
    unit_code: str | None,
    *,
    with_sales: bool,
) -> dict:
    tree = rollup.TeamTree(
        list(Team.objects.values_list("id", "code", "name", "parent_id"))
    )
    unit = _unit(request, tree, unit_code)
    parts = tree.children.get(unit.id, []) if unit else tree.roots()
    perf = visible_employees(request.user, area=Area.PERFORMANCE)
    shown = set(perf.filter(role=Role.REP).values_list("employee_no", flat=True))
    period = _span_period(span, as_of)
    # The one team at the top holds every employee: its scorecards are the
    # company's, which yeji worker keeps ready (home_scorecards_keep).
    whole = unit is None or (unit.parent_id is None and len(tree.roots()) == 1)
    team_code = None if whole else unit.code
    kept = scorecard_kept(period=period, team_code=team_code, max_age=COMPANY_MAX_AGE)
    card = kept.card
    reps = [c for c in card.reps if c.employee_no in shown]
    paces = target_pace(period=period, cards=reps)

    overdue: dict[int, int] | None = None
    waiting: dict[int, int] | None = None
    if with_sales:
        sales = visible_employees(request.user, area=Area.SALES)
        overdue = overdue_tasks_by_team(employees=sales, today=as_of)
        waiting = requests_waiting_by_team(employees=sales, today=as_of)
    units = rollup.unit_figures(
        tree=tree,
        units=parts,
        cards=reps,
        paces=paces,
        overdue_by_team=overdue,
        waiting_by_team=waiting,
    )
    # Reps placed in the unit itself rather than in one of its parts.
    direct = [
        (position, rep)
        for position, rep in enumerate(reps, start=1)
        if unit is not None and rep.team_code == unit.code
    ]

    labels, monthly = _trend(as_of, team_code, period, card)
    nodes = [figures.node for figures in units]
    scores_by_month = []
    for month_card in monthly:
        month_units = rollup.unit_figures(
            tree=tree,
            units=nodes,
            cards=[c for c in month_card.reps if c.employee_no in shown],
            paces=[],
        )
        scores_by_month.append({u.node.id: u.score for u in month_units})
    trend_rows = [
        (figures, [scores.get(figures.node.id) for scores in scores_by_month])
        for figures in units
    ]

    query = {"span": span, "as_of": as_of.isoformat()}
    return {
        "unit": unit,
        "crumbs": tree.path(unit.id)[:-1] if unit else [],
        "span": span,
        "period": period,
        "computed_at": None if kept.fresh else kept.computed_at,
        "query": _period_query(period),
        "home_query": urlencode(query),
        "units": units,
        "direct": direct,
        "with_sales": with_sales,
        "dimensions": rollup.DIMENSIONS,
        "trend_labels": labels,
        "trend_rows": trend_rows,
        "charts": {
            "ranking": rollup.bar_chart(
                title=_("Mean overall score by team"),
                series_name=_("Overall score"),
                labels=[u.node.name for u in units],
                values=[u.score for u in units],
            ),
            "radar": rollup.radar_chart(
                title=_("Four dimensions of one team"),
                chooser_label=_("Team"),
                items=[(u.node.name, u.dimension_scores) for u in units],
            ),
            "trend": rollup.line_chart(
                title=_("Mean overall score over the last six months"),
                categories=labels,
                series=[(u.node.name, values) for u, values in trend_rows],
            ),
        },
        "behind": reps_behind_pace(paces, limit=BEHIND_LIMIT),
    }


def _finance_home(request: HttpRequest, as_of: dt.date) -> dict:
    sales: QuerySet = visible_employees(request.user, area=Area.SALES)
    summaries = []
    for period in (_month(as_of), _quarter(as_of)):
        rows, total = sales_summary_by_team(
            employees=sales, start=period.start, end=period.effective_end
        )
        summaries.append((period, rows, total))
    return {"summaries": summaries}
