"""The pages of plans, meetings and work reports."""

from django.urls import path

from yeji.planning import meeting_views, plan_views, report_views

app_name = "work"

urlpatterns = [
    path("plans/", plan_views.plan_list, name="plan_list"),
    path("plans/new/", plan_views.plan_create_view, name="plan_create"),
    path("plans/<key:plan_no>/", plan_views.plan_detail, name="plan_detail"),
    path(
        "plans/<key:plan_no>/tasks/",
        plan_views.plan_task_add_view,
        name="plan_task_add",
    ),
    path(
        "plans/<key:plan_no>/repeats/",
        plan_views.plan_repeat_add_view,
        name="plan_repeat_add",
    ),
    path("meetings/", meeting_views.meeting_list, name="meeting_list"),
    path("meetings/new/", meeting_views.meeting_create_view, name="meeting_create"),
    path(
        "meetings/<key:meeting_no>/",
        meeting_views.meeting_detail,
        name="meeting_detail",
    ),
    path(
        "meetings/<key:meeting_no>/minutes/",
        meeting_views.meeting_minutes_view,
        name="meeting_minutes",
    ),
    path(
        "meetings/<key:meeting_no>/actions/",
        meeting_views.meeting_actions_view,
        name="meeting_actions",
    ),
    path("reports/", report_views.report_list, name="report_list"),
    path("reports/new/", report_views.report_create_view, name="report_create"),
    path("reports/missing/", report_views.report_missing, name="report_missing"),
    path("reports/<key:report_no>/", report_views.report_detail, name="report_detail"),
    path(
        "reports/<key:report_no>/comment/",
        report_views.report_comment_view,
        name="report_comment",
    ),
    path(
        "reports/<key:report_no>/review/",
        report_views.report_review_view,
        name="report_review",
    ),
]
