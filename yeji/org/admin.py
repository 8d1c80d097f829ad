from django.contrib import admin

from .models import Employee, Team


@admin.register(Team)
class TeamAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "parent"]
    list_select_related = ["parent"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent"]


@admin.register(Employee)
class EmployeeAdmin(admin.ModelAdmin):
    list_display = ["employee_no", "name", "team", "role", "hired_on", "left_on"]
    list_filter = ["role"]
    list_select_related = ["team"]
    search_fields = ["employee_no", "name", "email", "phone"]
    autocomplete_fields = ["team", "user"]
