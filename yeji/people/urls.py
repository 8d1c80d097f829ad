from django.urls import path

from yeji.people import views

app_name = "people"

urlpatterns = [
    path("", views.people, name="list"),
    path("<key:employee_no>/", views.person, name="person"),
]
