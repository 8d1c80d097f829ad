from django.urls import path

from yeji.crm import views
from yeji.crm.keeping_urls import urlpatterns as keeping_urlpatterns

app_name = "crm"

urlpatterns = [
    *keeping_urlpatterns,
    path("", views.customer_list, name="customer_list"),
    path(
        "requests/<str:request_no>/answer/",
        views.request_answer,
        name="request_answer",
    ),
    path("<str:code>/", views.customer_detail, name="customer_detail"),
    path("<str:code>/visits/new/", views.visit_create, name="visit_create"),
    path("<str:code>/requests/new/", views.request_create, name="request_create"),
    path("<str:code>/surveys/new/", views.survey_create, name="survey_create"),
    path("<str:code>/complaints/new/", views.complaint_create, name="complaint_create"),
]
