"""The work report pages: the list, writing one's report, one report with
its comments and review, and the reports missing.

Whose reports a user sees is ``reports.reports_visible``; a report out of
sight answers 404, exactly like one that does not exist.
"""

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from yeji.org.queries import user_employee
from yeji.planning.models import ReportKind, WorkReport
from yeji.planning.reports import (
    WRITERS,
    missing_reports,
    report_comment_add,
    report_comments,
    report_figures,
    report_period,
    report_review,
    report_reviewable,
    report_submit,
    reports_visible,
)
from yeji.planning.tasklists import task_sight
from yeji.planning.work_forms import (
    CommentForm,
    MissingFilterForm,
    ReportFilterForm,
    ReportForm,
)
from yeji.planning.work_views import apply_errors

REPORTS_PER_PAGE = 30
MISSING_PER_PAGE = 50
# The missing-reports list, unless told otherwise, looks back this far.
MISSING_LOOK_BACK = dt.timedelta(days=13)


@login_required
@require_http_methods(["GET", "HEAD"])
def report_list(request: HttpRequest) -> HttpResponse:
    """The reports in sight, the latest first, with how many comments each
    has and whether it is reviewed."""
    form = ReportFilterForm(request.GET)
    reports = reports_visible(request.user)
    if form.is_valid():
        show = form.cleaned_data["show"]
        if show == "awaiting":
            reports = reports.filter(reviewed_at__isnull=True)
        elif show == "reviewed":
            reports = reports.filter(reviewed_at__isnull=False)
        if form.cleaned_data["kind"]:
            reports = reports.filter(kind=form.cleaned_data["kind"])
    reports = (
        reports.select_related("employee")
        .annotate(comment_count=Count("comments"))
        .order_by("-starts_on", "report_no")
    )
    page = Paginator(reports, REPORTS_PER_PAGE).get_page(request.GET.get("page"))
    keep = request.GET.copy()
    keep.pop("page", None)
    employee = user_employee(request.user)
    context = {
        "nav": "reports",
        "form": form,
        "page": page,
        "reports": page.object_list,
        "query": keep.urlencode(),
        "can_write": employee is not None and employee.role in WRITERS,
    }
    return render(request, "planning/report_list.html", context)


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def report_create_view(request: HttpRequest) -> HttpResponse:
    """Write one's daily or weekly report.  The figures shown are read from
    one's records as the form is opened, and read again when it is sent."""
    today = timezone.localdate()
    employee = user_employee(request.user, today=today)
    if employee is None or employee.role not in WRITERS:
        status = 403 if request.method == "POST" else 200
        context = {"nav": "reports", "nobody": True}
        return render(request, "planning/report_form.html", context, status=status)

    if request.method != "POST":
        kind = request.GET.get("kind")
        kind = kind if kind in ReportKind.values else ReportKind.DAILY
        form = ReportForm(initial={"kind": kind, "day": today}, today=today)
        starts_on, ends_on = report_period(kind, today)
        return _report_form(request, form, employee, kind, starts_on, ends_on)

    form = ReportForm(request.POST, today=today)
    if form.is_valid():
        data = form.cleaned_data
        try:
            report, _created = report_submit(
                user=request.user,
                kind=data["kind"],
                day=data["day"],
                wins=data["wins"],
                problems=data["problems"],
                next_steps=data["next_steps"],
                help_needed=data["help_needed"],
            )
        except ValidationError as error:
            apply_errors(form, error, default="day")
        else:
            messages.success(request, _("Report saved."))
            return redirect("work:report_detail", report_no=report.report_no)
    kind = form.data.get("kind")
    kind = kind if kind in ReportKind.values else ReportKind.DAILY
    day = form.cleaned_data.get("day") or today
    starts_on, ends_on = report_period(kind, day)
    return _report_form(request, form, employee, kind, starts_on, ends_on, status=400)


def _report_form(
    request: HttpRequest,
    form: ReportForm,
    employee: Any,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date,
    status: int = 200,
) -> HttpResponse:
    context = {
        "nav": "reports",
        "form": form,
        "kind": kind,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "figures": report_figures(employee, starts_on, ends_on),
    }
    return render(request, "planning/report_form.html", context, status=status)


def _report_in_sight(request: HttpRequest, report_no: str) -> WorkReport:
    report = (
        reports_visible(request.user)
        .select_related("employee__team", "reviewed_by")
        .filter(report_no=report_no)
        .first()
    )
    if report is None:
        raise Http404
    return report


def _report_page(
    request: HttpRequest,
    report: WorkReport,
    *,
    comment_form: CommentForm | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "nav": "reports",
        "report": report,
        "comments": list(report_comments(report)),
        "comment_form": comment_form or CommentForm(),
        "can_comment": user_employee(request.user) is not None,
        "can_review": report.reviewed_at is None
        and report_reviewable(request.user, report),
    }
    return render(request, "planning/report_detail.html", context, status=status)


@login_required
@require_http_methods(["GET", "HEAD"])
def report_detail(request: HttpRequest, report_no: str) -> HttpResponse:
    return _report_page(request, _report_in_sight(request, report_no))


@login_required
@require_POST
def report_comment_view(request: HttpRequest, report_no: str) -> HttpResponse:
    report = _report_in_sight(request, report_no)
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            report_comment_add(
                user=request.user,
                report_no=report.report_no,
                body=form.cleaned_data["body"],
            )
        except ValidationError as error:
            apply_errors(form, error, default="body")
        else:
            messages.success(request, _("Comment saved."))
            return redirect("work:report_detail", report_no=report.report_no)
    return _report_page(request, report, comment_form=form, status=400)


@login_required
@require_POST
def report_review_view(request: HttpRequest, report_no: str) -> HttpResponse:
    report = _report_in_sight(request, report_no)
    if not report_reviewable(request.user, report):
        raise PermissionDenied
    report_review(user=request.user, report_no=report.report_no)
    messages.success(request, _("Marked reviewed."))
    return redirect("work:report_detail", report_no=report.report_no)


@login_required
@require_http_methods(["GET", "HEAD"])
def report_missing(request: HttpRequest) -> HttpResponse:
    """The reports not written by the reps in sight: daily reports of the
    working days up to yesterday, or weekly reports of the weeks ended."""
    today = timezone.localdate()
    form = MissingFilterForm(request.GET)
    kind, start, end = ReportKind.DAILY, None, None
    if form.is_valid():
        kind = form.cleaned_data["kind"] or ReportKind.DAILY
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    end = min(end or today - dt.timedelta(days=1), today - dt.timedelta(days=1))
    start = start or end - MISSING_LOOK_BACK
    if kind == ReportKind.WEEKLY and not form.data.get("start"):
        start = end - dt.timedelta(days=34)
    missing = missing_reports(
        employees=task_sight(request.user), start=start, end=end, kind=kind
    )
    page = Paginator(missing, MISSING_PER_PAGE).get_page(request.GET.get("page"))
    keep = request.GET.copy()
    keep.pop("page", None)
    context = {
        "nav": "reports",
        "form": form,
        "page": page,
        "missing": page.object_list,
        "kind": kind,
        "start": start,
        "end": end,
        "query": keep.urlencode(),
    }
    return render(request, "planning/report_missing.html", context)
