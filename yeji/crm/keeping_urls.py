"""The addresses of customer keeping, under /customers/ before a
customer's own (whose code could otherwise shadow them)."""

# TODO: a customer whose code is "pool", "churn", "follow-ups",
# "keeping-settings", "requests", "complaints", "handover" or "survey" has
# its page hidden behind these addresses; customer codes could refuse them.

from django.urls import path

from yeji.crm import keeping_views as views

urlpatterns = [
    path("follow-ups/", views.follow_ups, name="follow_ups"),
    path("pool/", views.pool_list, name="pool"),
    path("churn/", views.churn_list, name="churn"),
    path("keeping-settings/", views.keeping_settings, name="keeping_settings"),
    path("requests/overdue/", views.requests_overdue, name="requests_overdue"),
    path("requests/<key:request_no>/edit/", views.request_edit, name="request_edit"),
    path(
        "complaints/<key:complaint_no>/handle/",
        views.complaint_handle,
        name="complaint_handle",
    ),
    path("handover/<key:employee_no>/", views.handover, name="handover"),
    path("survey/<str:token>/", views.survey_answer, name="survey_answer"),
    path("<key:code>/claim/", views.pool_claim, name="pool_claim"),
    path(
        "<key:code>/survey-link/", views.survey_link_create, name="survey_link_create"
    ),
]
