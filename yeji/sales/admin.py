from django.contrib import admin

from .models import Order, Payment


@admin.register(Order)
class OrderAdmin(admin.ModelAdmin):
    list_display = [
        "order_no",
        "customer",
        "employee",
        "ordered_on",
        "amount",
        "status",
    ]
    list_filter = ["status"]
    list_select_related = ["customer", "employee"]
    search_fields = ["order_no", "contract_no", "customer__code"]
    autocomplete_fields = ["customer", "employee"]


@admin.register(Payment)
class PaymentAdmin(admin.ModelAdmin):
    list_display = ["payment_no", "order", "paid_on", "amount"]
    list_select_related = ["order"]
    search_fields = ["payment_no", "order__order_no"]
    autocomplete_fields = ["order"]
