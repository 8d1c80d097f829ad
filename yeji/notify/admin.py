from django import forms
from django.contrib import admin

from .models import Channel, Delivery, DeliveryAttempt, Notification


class ChannelForm(forms.ModelForm):
    webhook = forms.URLField(
        label=Channel._meta.get_field("webhook").verbose_name,
        max_length=500,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Channel
        fields = ["name", "kind", "webhook", "secret", "team", "language", "active"]
        # The secret is kept, not shown back.
        widgets = {"secret": forms.PasswordInput(render_value=True)}


@admin.register(Channel)
class ChannelAdmin(admin.ModelAdmin):
    form = ChannelForm
    list_display = ["name", "kind", "team", "language", "active"]
    list_filter = ["kind", "active"]
    search_fields = ["name"]
    autocomplete_fields = ["team"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["day", "recipient", "kind", "subject", "read_at"]
    list_filter = ["kind", "day"]
    list_select_related = ["recipient"]
    search_fields = ["subject", "recipient__employee_no", "recipient__name"]
    readonly_fields = [f.name for f in Notification._meta.fields]


class AttemptInline(admin.TabularInline):
    model = DeliveryAttempt.deliveries.through
    extra = 0
    verbose_name = DeliveryAttempt._meta.verbose_name
    verbose_name_plural = DeliveryAttempt._meta.verbose_name_plural
    fields = ["attempt_at", "attempt_ok", "attempt_error"]
    readonly_fields = fields
    can_delete = False

    @admin.display(description=DeliveryAttempt._meta.get_field("at").verbose_name)
    def attempt_at(self, row):
        return row.deliveryattempt.at

    @admin.display(
        description=DeliveryAttempt._meta.get_field("ok").verbose_name, boolean=True
    )
    def attempt_ok(self, row):
        return row.deliveryattempt.ok

    @admin.display(description=DeliveryAttempt._meta.get_field("error").verbose_name)
    def attempt_error(self, row):
        return row.deliveryattempt.error

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["id", "channel", "status", "attempts", "next_attempt_at", "sent_at"]
    list_filter = ["status", "channel"]
    list_select_related = ["channel"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    inlines = [AttemptInline]
