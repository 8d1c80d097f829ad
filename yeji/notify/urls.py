from django.urls import path

from yeji.notify import views

app_name = "notify"

urlpatterns = [
    path("", views.notification_list, name="list"),
    path("read/", views.notification_read, name="read"),
    path("channels/", views.channel_list, name="channels"),
]
