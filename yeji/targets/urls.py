from django.urls import path

from yeji.targets import views

app_name = "targets"

urlpatterns = [
    path("", views.cascade_home, name="cascade"),
    path("pace/", views.pace, name="pace"),
    path("team/<key:code>/", views.cascade_team, name="cascade_team"),
    path("team/<key:code>/set/", views.target_set_view, name="target_set"),
    path("team/<key:code>/split/", views.target_split_view, name="target_split"),
]
