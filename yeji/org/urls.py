from django.urls import path

from yeji.org import views

app_name = "org"

urlpatterns = [
    path("", views.account, name="account"),
    path("language/", views.language, name="language"),
    path("password/", views.password_change, name="password_change"),
]
