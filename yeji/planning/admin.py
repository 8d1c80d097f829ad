from django.contrib import admin

from .models import Meeting, Plan, Target, Task, TaskRepeat, WorkReport


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["task_no", "employee", "title", "due_on", "completed_on"]
    list_select_related = ["employee"]
    search_fields = ["task_no", "title", "employee__employee_no"]
    autocomplete_fields = ["employee"]
    raw_id_fields = ["plan", "repeat", "meeting"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["employee", "period", "metric", "value"]
    list_filter = ["metric"]
    list_select_related = ["employee"]
    search_fields = ["employee__employee_no", "employee__name", "period"]
    autocomplete_fields = ["employee"]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["plan_no", "title", "employee", "team", "starts_on", "ends_on"]
    list_select_related = ["employee", "team"]
    search_fields = ["plan_no", "title", "employee__employee_no", "team__code"]
    raw_id_fields = ["employee", "team", "created_by"]


@admin.register(TaskRepeat)
class TaskRepeatAdmin(admin.ModelAdmin):
    list_display = ["repeat_no", "title", "employee", "frequency", "starts_on"]
    list_select_related = ["employee"]
    search_fields = ["repeat_no", "title", "plan__plan_no"]
    raw_id_fields = ["plan", "employee"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["meeting_no", "title", "team", "held_on"]
    list_select_related = ["team"]
    search_fields = ["meeting_no", "title", "team__code"]
    raw_id_fields = ["team", "organizer", "attendees"]


@admin.register(WorkReport)
class WorkReportAdmin(admin.ModelAdmin):
    list_display = ["report_no", "employee", "kind", "starts_on", "reviewed_at"]
    list_filter = ["kind"]
    list_select_related = ["employee"]
    search_fields = ["report_no", "employee__employee_no", "employee__name"]
    raw_id_fields = ["employee", "reviewed_by"]
