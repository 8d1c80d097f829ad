from django.contrib import admin

from .models import Assessment


@admin.register(Assessment)
class AssessmentAdmin(admin.ModelAdmin):
    list_display = ["assessment_no", "employee", "kind", "assessed_on", "score"]
    list_filter = ["kind"]
    list_select_related = ["employee"]
    search_fields = ["assessment_no", "employee__employee_no", "employee__name"]
    autocomplete_fields = ["employee", "assessor"]
