from django.urls import path

from yeji.interchange import views

app_name = "interchange"

urlpatterns = [
    path("", views.import_page, name="import"),
    path("confirm/", views.import_confirm, name="import_confirm"),
    path("cancel/", views.import_cancel, name="import_cancel"),
    path("done/", views.import_done, name="import_done"),
]
