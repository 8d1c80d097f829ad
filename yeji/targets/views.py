"""The target pages: the cascade of a team (director: company → regions →
teams → reps; manager: their team's share split among the reps), its
forms, and everyone's pace.

Sight is ``org.queries`` in the PERFORMANCE area: a team's cascade is for
those who see the team whole (``visible_teams``), anyone else gets 404;
the pace page lists the teams and reps the user sees.  Who may change
which target is the services' rule; a form the user may not use is not
shown, and a POST of it answers 403.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yeji.org.models import Employee, Role, Team
from yeji.org.queries import Area, visible_employees, visible_teams
from yeji.planning.models import TargetMetric
from yeji.targets.cascade import Cascade, cascade_read
from yeji.targets.forms import (
    CascadeChoiceForm,
    PaceForm,
    SplitAcross,
    TargetSetForm,
    TargetSplitForm,
)
from yeji.targets.models import TargetRevision
from yeji.targets.pace import (
    AHEAD_FROM,
    AT_RISK_FROM,
    ON_TRACK_FROM,
    most_at_risk,
    pace_lines,
)
from yeji.targets.services import (
    changeable,
    may_change_team_target,
    may_split_among_members,
    rep_target_set,
    target_split_among_members,
    target_split_over_periods,
    team_target_set,
)
from yeji.targets.splitting import SplitError
from yeji.web.downloads import Format, requested_format, table_download
from yeji.web.formats import percent

MISMATCHES_PER_PAGE = 50
REVISIONS_PER_PAGE = 20
PACES_PER_PAGE = 50
AT_RISK_LIMIT = 10


def _top_team(user: Any) -> Team | None:
    """The highest team the user sees whole: the company for a director,
    a manager's own team."""
    teams = list(visible_teams(user, area=Area.PERFORMANCE))
    ids = {t.id for t in teams}
    tops = [t for t in teams if t.parent_id not in ids]
    return sorted(tops, key=lambda t: t.code)[0] if tops else None


def _visible_team(user: Any, code: str) -> Team:
    team = visible_teams(user, area=Area.PERFORMANCE).filter(code=code).first()
    if team is None:
        raise Http404
    return team


@login_required
@require_GET
def cascade_home(request: HttpRequest) -> HttpResponse:
    """The cascade of the highest team the user sees whole; a user who sees
    no team whole (a rep, finance) is pointed to the pace page."""
    team = _top_team(request.user)
    if team is None:
        return render(request, "targets/no_cascade.html", {"nav": "targets"})
    return _cascade_page(request, team)


@login_required
@require_GET
def cascade_team(request: HttpRequest, code: str) -> HttpResponseBase:
    return _cascade_page(request, _visible_team(request.user, code))


def _choice(request: HttpRequest) -> CascadeChoiceForm:
    return CascadeChoiceForm(request.GET or request.POST, today=timezone.localdate())


def _rows_to_set(user: Any, cascade: Cascade) -> list[tuple[str, str]]:
    """The rows of the cascade whose targets the user may set by hand,
    as form choices (``team:CODE`` or ``rep:NO``)."""
    rows = [cascade.node, *cascade.members]
    teams, reps = changeable(
        user,
        team_ids=[r.member.id for r in rows if r.member.kind == "team"],
        rep_ids=[r.member.id for r in rows if r.member.kind == "rep"],
    )
    choices = []
    for row in rows:
        member = row.member
        if member.id in (teams if member.kind == "team" else reps):
            choices.append(
                (f"{member.kind}:{member.key}", f"{member.key} {member.name}")
            )
    return choices


def _crumbs(user: Any, team: Team) -> list[Team]:
    """The team's parents the user sees whole, the highest first."""
    visible = {t.id: t for t in visible_teams(user, area=Area.PERFORMANCE)}
    chain = []
    current = visible.get(team.parent_id) if team.parent_id else None
    while current is not None and len(chain) < 64:
        chain.append(current)
        current = visible.get(current.parent_id) if current.parent_id else None
    return list(reversed(chain))


def _cascade_page(
    request: HttpRequest,
    team: Team,
    *,
    set_form: TargetSetForm | None = None,
    split_form: TargetSplitForm | None = None,
    status: int = 200,
) -> HttpResponseBase:
    choice = _choice(request)
    if not choice.is_valid():
        context = {"nav": "targets", "team": team, "choice": choice}
        return render(request, "targets/cascade.html", context, status=400)
    year, metric = choice.cleaned_data["year"], choice.cleaned_data["metric"]
    cascade = cascade_read(team=team, year=year, metric=metric)

    fmt = requested_format(request)
    if fmt is not None:
        return _cascade_download(cascade, fmt)

    rows = _rows_to_set(request.user, cascade)
    if set_form is None and rows:
        set_form = TargetSetForm(rows=rows, year=year)
    may_split_members = may_split_among_members(request.user, team)
    may_split_months = may_change_team_target(request.user, team)
    if split_form is None and (may_split_members or may_split_months):
        split_form = TargetSplitForm(year=year)

    mismatch_page = Paginator(cascade.mismatches, MISMATCHES_PER_PAGE).get_page(
        request.GET.get("page")
    )
    member_ids = [r.member.id for r in cascade.members if r.member.kind == "team"]
    rep_ids = [r.member.id for r in cascade.members if r.member.kind == "rep"]
    revisions = (
        TargetRevision.objects.filter(
            Q(team_id__in=[team.id, *member_ids]) | Q(employee_id__in=rep_ids),
            period__startswith=str(year),
            metric=metric,
        )
        .select_related("team", "employee", "changed_by__employee")
        .order_by("-changed_at", "-id")
    )
    revision_page = Paginator(revisions, REVISIONS_PER_PAGE).get_page(
        request.GET.get("revisions")
    )
    query = urlencode({"year": year, "metric": metric})
    context = {
        "nav": "targets",
        "team": team,
        "crumbs": _crumbs(request.user, team),
        "choice": choice,
        "cascade": cascade,
        "year": year,
        "metric": metric,
        "metric_label": TargetMetric(metric).label,
        "query": query,
        "set_form": set_form,
        "split_form": split_form,
        "may_split_members": may_split_members,
        "may_split_months": may_split_months,
        "mismatch_page": mismatch_page,
        "revision_page": revision_page,
    }
    return render(request, "targets/cascade.html", context, status=status)


def _cascade_download(cascade: Cascade, fmt: Format) -> HttpResponseBase:
    headers = [_("Row kind"), _("Code"), _("Team or rep"), *cascade.labels]
    kinds = {"team": _("Team"), "rep": _("Rep")}
    rows = [
        [
            kinds[row.member.kind],
            row.member.key,
            row.member.name,
            *(cell.value for cell in row.cells),
        ]
        for row in [cascade.node, *cascade.members]
    ]
    name = f"{_('targets')}-{cascade.node.member.key}-{cascade.year}-{cascade.metric}"
    return table_download(filename=name, fmt=fmt, headers=headers, rows=rows)


def _back(team: Team, year: int, metric: str) -> HttpResponse:
    url = reverse("targets:cascade_team", args=[team.code])
    return redirect(f"{url}?{urlencode({'year': year, 'metric': metric})}")


@login_required
@require_POST
def target_set_view(request: HttpRequest, code: str) -> HttpResponseBase:
    """Set one target of the team's cascade by hand."""
    team = _visible_team(request.user, code)
    choice = _choice(request)
    if not choice.is_valid():
        return _cascade_page(request, team, status=400)
    year, metric = choice.cleaned_data["year"], choice.cleaned_data["metric"]
    cascade = cascade_read(team=team, year=year, metric=metric)
    rows = _rows_to_set(request.user, cascade)
    if not rows:
        raise PermissionDenied
    form = TargetSetForm(request.POST, rows=rows, year=year)
    if not form.is_valid():
        return _cascade_page(request, team, set_form=form, status=400)

    kind, key = form.cleaned_data["row"].split(":", 1)
    period, value = form.cleaned_data["period"], form.cleaned_data["value"]
    try:
        if kind == "team":
            change = team_target_set(
                user=request.user,
                team=Team.objects.get(code=key),
                period=period,
                metric=metric,
                value=value,
            )
        else:
            change = rep_target_set(
                user=request.user,
                rep=Employee.objects.get(employee_no=key),
                period=period,
                metric=metric,
                value=value,
            )
    except SplitError as error:
        form.add_error("value", str(error))
        return _cascade_page(request, team, set_form=form, status=400)
    if change is None:
        messages.info(request, _("That target was already so; nothing changed."))
    else:
        messages.success(
            request,
            _("Target of %(who)s for %(period)s saved.")
            % {"who": key, "period": period},
        )
    return _back(team, year, metric)


@login_required
@require_POST
def target_split_view(request: HttpRequest, code: str) -> HttpResponseBase:
    """Split the team's target among its members or over its months."""
    team = _visible_team(request.user, code)
    may_members = may_split_among_members(request.user, team)
    may_months = may_change_team_target(request.user, team)
    if not (may_members or may_months):
        raise PermissionDenied
    choice = _choice(request)
    if not choice.is_valid():
        return _cascade_page(request, team, status=400)
    year, metric = choice.cleaned_data["year"], choice.cleaned_data["metric"]
    form = TargetSplitForm(request.POST, year=year)
    if not form.is_valid():
        return _cascade_page(request, team, split_form=form, status=400)

    data = form.cleaned_data
    try:
        if data["across"] == SplitAcross.MEMBERS:
            if not may_members:
                raise PermissionDenied
            changes = target_split_among_members(
                user=request.user,
                team=team,
                period=data["period"],
                metric=metric,
                rule=data["rule"],
                whole_year=data["whole_year"],
            )
        else:
            if not may_months:
                raise PermissionDenied
            changes = target_split_over_periods(
                user=request.user,
                team=team,
                period=data["period"],
                metric=metric,
                rule=data["rule"],
                profile=data["profile"],
            )
    except SplitError as error:
        form.add_error("rule", str(error))
        return _cascade_page(request, team, split_form=form, status=400)
    messages.success(
        request,
        _("Split saved: %(count)s targets changed.") % {"count": len(changes)},
    )
    return _back(team, year, metric)


@login_required
@require_GET
def pace(request: HttpRequest) -> HttpResponse:
    """Every target the user sees, teams' and reps', against the working
    days gone, with the projections, the status and those most at risk."""
    today = timezone.localdate()
    form = PaceForm(request.GET, today=today)
    context: dict[str, Any] = {"nav": "targets", "form": form}
    if not form.is_valid():
        return render(request, "targets/pace.html", context, status=400)
    period = form.cleaned_data["period"]

    teams = list(visible_teams(request.user, area=Area.PERFORMANCE))
    reps = list(
        visible_employees(request.user, area=Area.PERFORMANCE)
        .filter(role=Role.REP)
        .select_related("team")
    )
    team_lines, rep_lines = pace_lines(period=period, teams=teams, reps=reps)
    page = Paginator(rep_lines, PACES_PER_PAGE).get_page(request.GET.get("page"))
    elapsed = team_lines[0].pace.elapsed if team_lines else None
    if elapsed is None and rep_lines:
        elapsed = rep_lines[0].pace.elapsed
    keep = request.GET.copy()
    keep.pop("page", None)
    context.update(
        period=period,
        elapsed=elapsed,
        team_lines=team_lines,
        rep_page=page,
        at_risk=most_at_risk(team_lines + rep_lines, limit=AT_RISK_LIMIT)
        if teams
        else [],
        query=keep.urlencode(),
        total_targets=len(team_lines) + len(rep_lines),
        thresholds={
            "ahead": percent(float(AHEAD_FROM)),
            "on_track": percent(float(ON_TRACK_FROM)),
            "at_risk": percent(float(AT_RISK_FROM)),
        },
    )
    return render(request, "targets/pace.html", context)
