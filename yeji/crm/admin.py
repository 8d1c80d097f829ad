from django.contrib import admin

from .models import (
    Complaint,
    Customer,
    KeepingSettings,
    OwnershipMove,
    Request,
    Survey,
    SurveyInvitation,
    Visit,
)


@admin.register(Customer)
class CustomerAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "owner", "acquired_on", "level", "region"]
    list_filter = ["level"]
    list_select_related = ["owner"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["owner"]


class RecordAdmin(admin.ModelAdmin):
    """A record of a rep's work with a customer: shown with both names."""

    list_select_related = ["employee", "customer"]
    autocomplete_fields = ["employee", "customer"]


@admin.register(Visit)
class VisitAdmin(RecordAdmin):
    list_display = ["visit_no", "employee", "customer", "visited_at", "channel"]
    list_filter = ["channel"]
    search_fields = ["visit_no", "customer__code", "employee__employee_no"]
    readonly_fields = ["visited_on"]


@admin.register(Request)
class RequestAdmin(RecordAdmin):
    list_display = [
        "request_no",
        "employee",
        "customer",
        "opened_at",
        "first_response_at",
    ]
    search_fields = ["request_no", "customer__code", "employee__employee_no"]
    readonly_fields = ["opened_on"]


@admin.register(Survey)
class SurveyAdmin(RecordAdmin):
    list_display = [
        "survey_no",
        "employee",
        "customer",
        "answered_on",
        "satisfaction",
        "recommend",
    ]
    search_fields = ["survey_no", "customer__code", "employee__employee_no"]


@admin.register(Complaint)
class ComplaintAdmin(RecordAdmin):
    list_display = [
        "complaint_no",
        "employee",
        "customer",
        "filed_on",
        "category",
        "severity",
        "resolved_on",
    ]
    list_filter = ["severity"]
    search_fields = ["complaint_no", "customer__code", "employee__employee_no"]


@admin.register(KeepingSettings)
class KeepingSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "pool_after_days", "pool_claim_limit"]


@admin.register(OwnershipMove)
class OwnershipMoveAdmin(admin.ModelAdmin):
    """The record of moves is read, never edited."""

    list_display = ["customer", "reason", "from_employee", "to_employee", "moved_at"]
    list_filter = ["reason"]
    list_select_related = ["customer", "from_employee", "to_employee"]
    search_fields = ["customer__code"]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(SurveyInvitation)
class SurveyInvitationAdmin(admin.ModelAdmin):
    list_display = ["customer", "employee", "created_at", "expires_at", "answered_at"]
    list_select_related = ["customer", "employee"]
    raw_id_fields = ["customer", "employee", "survey", "created_by"]
