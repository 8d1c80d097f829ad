from django.contrib.auth import views as auth_views
from django.urls import path

from yeji.web import homes, views

app_name = "web"

urlpatterns = [
    path("", homes.home, name="home"),
    path("scorecard/", views.scorecard, name="scorecard"),
    path("scorecard/<key:employee_no>/", views.rep, name="rep"),
]

# Log-in and log-out keep Django's global names (settings.LOGIN_URL is
# "login"), so yeji/urls.py includes these without the "web" namespace.
auth_urlpatterns = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="web/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
]
