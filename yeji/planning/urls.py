from django.urls import path

from yeji.planning import views

app_name = "planning"

urlpatterns = [
    path("", views.task_list, name="task_list"),
    path("new/", views.task_create_view, name="task_create"),
    path("<key:task_no>/complete/", views.task_complete_view, name="task_complete"),
    path("<key:task_no>/reopen/", views.task_reopen_view, name="task_reopen"),
]
