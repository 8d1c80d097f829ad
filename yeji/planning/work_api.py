"""The API's routes for plans, meetings and work reports.

They read through the same sight as the pages (``plans_visible``,
``meetings_visible``, ``reports_visible``): a record out of sight answers
404.  Reps write their reports here too, and those above them comment and
review, through the same services as the pages.
"""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router

from yeji.api.errors import ApiError, invalid, not_found, problem
from yeji.api.routers import _whole, json_response, read_object
from yeji.interchange.values import Date, InvalidValue
from yeji.planning.meetings import meetings_visible
from yeji.planning.models import Meeting, Plan, ReportKind, Task, WorkReport
from yeji.planning.plans import plan_timetable, plans_visible, plans_with_progress
from yeji.planning.reports import (
    LONGEST_MISSING_SPAN,
    missing_reports,
    report_comment_add,
    report_comments,
    report_review,
    report_submit,
    reports_visible,
)
from yeji.planning.tasklists import task_sight

# The most tasks a plan or meeting shows inline; the tasks API lists more.
INLINE_TASKS = 500
_DATE = Date()


def _page(request: HttpRequest) -> tuple[int, int]:
    return (
        _whole(request, "limit", 50, 1, 500),
        _whole(request, "offset", 0, 0, 10**12),
    )


def _listed(request: HttpRequest, rows: Any, shape: Any) -> HttpResponse:
    limit, offset = _page(request)
    return json_response(
        {
            "count": len(rows) if isinstance(rows, list) else rows.count(),
            "limit": limit,
            "offset": offset,
            "results": [shape(row) for row in rows[offset : offset + limit]],
        }
    )


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def _task(task: Task) -> dict[str, Any]:
    return {
        "task_no": task.task_no,
        "title": task.title,
        "employee_no": task.employee.employee_no,
        "due_on": _day(task.due_on),
        "completed_on": _day(task.completed_on),
    }


def _plan(plan: Plan) -> dict[str, Any]:
    return {
        "plan_no": plan.plan_no,
        "title": plan.title,
        "employee_no": plan.employee.employee_no if plan.employee else None,
        "team_code": plan.team.code if plan.team else None,
        "starts_on": _day(plan.starts_on),
        "ends_on": _day(plan.ends_on),
        "goals": plan.goal_lines,
        "progress": {
            "tasks": plan.task_total,
            "done": plan.task_done,
            "on_time": plan.task_on_time,
            "overdue": plan.task_overdue,
        },
    }


def _meeting(meeting: Meeting) -> dict[str, Any]:
    return {
        "meeting_no": meeting.meeting_no,
        "team_code": meeting.team.code,
        "title": meeting.title,
        "held_on": _day(meeting.held_on),
        "action_items": meeting.action_count,
    }


def _report(report: WorkReport) -> dict[str, Any]:
    return {
        "report_no": report.report_no,
        "employee_no": report.employee.employee_no,
        "kind": report.kind,
        "starts_on": _day(report.starts_on),
        "ends_on": _day(report.ends_on),
        "figures": {
            "visits": report.visits,
            "new_customers": report.new_customers,
            "orders": report.orders,
            "order_amount": str(report.order_amount),
            "collections": str(report.collections),
            "tasks_done": report.tasks_done,
        },
        "wins": report.wins,
        "problems": report.problems,
        "next_steps": report.next_steps,
        "help_needed": report.help_needed,
        "submitted_at": report.submitted_at.isoformat(),
        "reviewed_at": report.reviewed_at.isoformat() if report.reviewed_at else None,
        "reviewed_by": report.reviewed_by.employee_no if report.reviewed_by else None,
    }


def _report_detail(report: WorkReport) -> dict[str, Any]:
    data = _report(report)
    data["comments"] = [
        {
            "author_no": c.author.employee_no,
            "body": c.body,
            "created_at": c.created_at.isoformat(),
        }
        for c in report_comments(report)
    ]
    return data


def _reports(request: HttpRequest):
    return reports_visible(request.user).select_related("employee", "reviewed_by")


def _refused(error: ValidationError) -> ApiError:
    return invalid(
        [
            problem(["body", field], str(message))
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    )


def add_work_routes(router: Router) -> None:
    """Register the routes of plans, meetings and reports on ``router``."""

    @router.get("/plans", operation_id="plans_list", url_name="plans_list")
    def plans_list(request: HttpRequest) -> HttpResponse:
        today = timezone.localdate()
        plans = plans_with_progress(plans_visible(request.user), today=today)
        return _listed(request, plans.order_by("-starts_on", "plan_no"), _plan)

    @router.get(
        "/plans/{plan_no}", operation_id="plans_detail", url_name="plans_detail"
    )
    def plans_detail(request: HttpRequest, plan_no: str) -> HttpResponse:
        today = timezone.localdate()
        plan = (
            plans_with_progress(plans_visible(request.user), today=today)
            .filter(plan_no=plan_no)
            .first()
        )
        if plan is None:
            raise not_found()
        data = _plan(plan)
        data["tasks"] = [_task(t) for t in plan_timetable(plan)[:INLINE_TASKS]]
        return json_response(data)

    @router.get("/meetings", operation_id="meetings_list", url_name="meetings_list")
    def meetings_list(request: HttpRequest) -> HttpResponse:
        meetings = (
            meetings_visible(request.user)
            .select_related("team")
            .annotate(action_count=Count("action_items"))
            .order_by("-held_on", "meeting_no")
        )
        return _listed(request, meetings, _meeting)

    @router.get(
        "/meetings/{meeting_no}",
        operation_id="meetings_detail",
        url_name="meetings_detail",
    )
    def meetings_detail(request: HttpRequest, meeting_no: str) -> HttpResponse:
        meeting = (
            meetings_visible(request.user)
            .select_related("team")
            .annotate(action_count=Count("action_items"))
            .filter(meeting_no=meeting_no)
            .first()
        )
        if meeting is None:
            raise not_found()
        data = _meeting(meeting)
        data["agenda"] = meeting.agenda
        data["minutes"] = meeting.minutes
        data["attendees"] = list(
            meeting.attendees.order_by("employee_no").values_list(
                "employee_no", flat=True
            )
        )
        items = meeting.action_items.select_related("employee").order_by("task_no")
        data["action_items"] = [_task(t) for t in items[:INLINE_TASKS]]
        return json_response(data)

    @router.get("/reports", operation_id="reports_list", url_name="reports_list")
    def reports_list(request: HttpRequest) -> HttpResponse:
        reports = _reports(request)
        if request.GET.get("awaiting_review") in {"1", "true"}:
            reports = reports.filter(reviewed_at__isnull=True)
        kind = request.GET.get("kind")
        if kind:
            if kind not in ReportKind.values:
                raise invalid([problem(["query", "kind"], _("not a valid value"))])
            reports = reports.filter(kind=kind)
        return _listed(request, reports.order_by("-starts_on", "report_no"), _report)

    @router.post("/reports", operation_id="reports_create", url_name="reports_list")
    def reports_create(request: HttpRequest) -> HttpResponse:
        """Write (or, before its review, rewrite) one's own report."""
        body = read_object(request)
        try:
            day = _DATE.parse(str(body.get("day") or ""))
        except InvalidValue as error:
            raise invalid([problem(["body", "day"], error.message)]) from None
        words = {
            name: str(body.get(name) or "")
            for name in ("wins", "problems", "next_steps", "help_needed")
        }
        try:
            report, created = report_submit(
                user=request.user, kind=str(body.get("kind") or ""), day=day, **words
            )
        except PermissionDenied:
            raise ApiError(
                403, [problem([], _("Work reports are written by reps."))]
            ) from None
        except ValidationError as error:
            raise _refused(error) from None
        return json_response(_report_detail(report), status=201 if created else 200)

    @router.get(
        "/reports/{report_no}",
        operation_id="reports_detail",
        url_name="reports_detail",
    )
    def reports_detail(request: HttpRequest, report_no: str) -> HttpResponse:
        report = _reports(request).filter(report_no=report_no).first()
        if report is None:
            raise not_found()
        return json_response(_report_detail(report))

    @router.post(
        "/reports/{report_no}/comments",
        operation_id="reports_comment",
        url_name="reports_comment",
    )
    def reports_comment(request: HttpRequest, report_no: str) -> HttpResponse:
        body = read_object(request)
        try:
            report_comment_add(
                user=request.user, report_no=report_no, body=str(body.get("body") or "")
            )
        except WorkReport.DoesNotExist:
            raise not_found() from None
        except PermissionDenied:
            raise ApiError(403, [problem([], _("Not allowed."))]) from None
        except ValidationError as error:
            raise _refused(error) from None
        report = _reports(request).get(report_no=report_no)
        return json_response(_report_detail(report), status=201)

    @router.post(
        "/reports/{report_no}/review",
        operation_id="reports_review",
        url_name="reports_review",
    )
    def reports_review(request: HttpRequest, report_no: str) -> HttpResponse:
        try:
            report_review(user=request.user, report_no=report_no)
        except WorkReport.DoesNotExist:
            raise not_found() from None
        except PermissionDenied:
            raise ApiError(
                403, [problem([], _("You do not review this report."))]
            ) from None
        report = _reports(request).get(report_no=report_no)
        return json_response(_report_detail(report))

    @router.get(
        "/missing-reports",
        operation_id="missing_reports",
        url_name="missing_reports",
    )
    def missing_reports_list(request: HttpRequest) -> HttpResponse:
        """The reports the reps in sight have not written, as on the page:
        ``kind`` (daily unless weekly), ``from`` and ``to`` (by default the
        two weeks up to yesterday)."""
        kind = request.GET.get("kind") or ReportKind.DAILY
        if kind not in ReportKind.values:
            raise invalid([problem(["query", "kind"], _("not a valid value"))])
        yesterday = timezone.localdate() - dt.timedelta(days=1)
        dates = {}
        for name, default in (("to", yesterday), ("from", None)):
            text = request.GET.get(name, "").strip()
            try:
                dates[name] = _DATE.parse(text) if text else default
            except InvalidValue as error:
                raise invalid([problem(["query", name], error.message)]) from None
        end = dates["to"]
        start = dates["from"] or end - dt.timedelta(days=13)
        if end - start > LONGEST_MISSING_SPAN:
            raise invalid([problem(["query", "from"], _("At most 62 days at a time."))])
        missing = missing_reports(
            employees=task_sight(request.user), start=start, end=end, kind=kind
        )
        return _listed(
            request,
            missing,
            lambda m: {
                "employee_no": m.employee.employee_no,
                "name": m.employee.name,
                "kind": m.kind,
                "starts_on": _day(m.starts_on),
            },
        )
