from django.contrib import admin

from .models import CalendarDay, TargetRevision, TeamTarget


@admin.register(CalendarDay)
class CalendarDayAdmin(admin.ModelAdmin):
    """The company's holidays and make-up working days: next year's are
    added here (or with ``yeji holidays --seed``) once announced."""

    list_display = ["date", "kind", "name"]
    list_filter = ["kind"]
    search_fields = ["name"]
    date_hierarchy = "date"


@admin.register(TeamTarget)
class TeamTargetAdmin(admin.ModelAdmin):
    list_display = ["team", "period", "metric", "value"]
    list_filter = ["metric"]
    list_select_related = ["team"]
    search_fields = ["team__code", "team__name", "period"]
    autocomplete_fields = ["team"]


@admin.register(TargetRevision)
class TargetRevisionAdmin(admin.ModelAdmin):
    """Read only: the record of who changed which target."""

    list_display = [
        "changed_at",
        "changed_by",
        "team",
        "employee",
        "period",
        "metric",
        "before",
        "after",
        "how",
    ]
    list_filter = ["how", "metric"]
    list_select_related = ["changed_by", "team", "employee"]
    search_fields = ["team__code", "employee__employee_no", "period"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
