from django.contrib import admin
from django.http import HttpRequest

from yeji.security.models import SecurityEvent


@admin.register(SecurityEvent)
class SecurityEventAdmin(admin.ModelAdmin):
    """The security events, to read: nobody adds, changes or deletes one."""

    list_display = ["at", "kind", "username", "address", "path"]
    list_filter = ["kind"]
    search_fields = ["username", "address"]
    date_hierarchy = "at"
    show_full_result_count = False
    readonly_fields = ["at", "kind", "user", "username", "address", "path", "detail"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
