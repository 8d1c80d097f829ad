from django.contrib import admin

from .models import Target, Task


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["task_no", "employee", "title", "due_on", "completed_on"]
    list_select_related = ["employee"]
    search_fields = ["task_no", "title", "employee__employee_no"]
    autocomplete_fields = ["employee"]


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["employee", "period", "metric", "value"]
    list_filter = ["metric"]
    list_select_related = ["employee"]
    search_fields = ["employee__employee_no", "employee__name", "period"]
    autocomplete_fields = ["employee"]
