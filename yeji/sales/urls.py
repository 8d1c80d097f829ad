from django.urls import path

from yeji.sales import views

app_name = "sales"

urlpatterns = [
    path("orders/", views.order_list, name="order_list"),
    path("orders/<key:order_no>/", views.order_detail, name="order_detail"),
    path("orders/<key:order_no>/edit/", views.order_edit, name="order_edit"),
    path("payments/", views.payment_list, name="payment_list"),
]
