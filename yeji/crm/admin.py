from django.contrib import admin

from .models import Complaint, Customer, Request, Survey, Visit


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
