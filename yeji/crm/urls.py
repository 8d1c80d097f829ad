from django.urls import path

from yeji.crm import pipeline_views, views
from yeji.crm.keeping_urls import urlpatterns as keeping_urlpatterns

app_name = "crm"

urlpatterns = [
    *keeping_urlpatterns,
    path("", views.customer_list, name="customer_list"),
    # The pipeline (crm/pipeline_views.py), before the customer codes.
    path("leads/", pipeline_views.lead_list, name="lead_list"),
    path("leads/new/", pipeline_views.lead_create, name="lead_create"),
    path("leads/<key:lead_no>/", pipeline_views.lead_detail, name="lead_detail"),
    path(
        "leads/<key:lead_no>/convert/",
        pipeline_views.lead_convert,
        name="lead_convert",
    ),
    path(
        "opportunities/",
        pipeline_views.opportunity_list,
        name="opportunity_list",
    ),
    path(
        "opportunities/<key:opportunity_no>/",
        pipeline_views.opportunity_detail,
        name="opportunity_detail",
    ),
    path(
        "opportunities/<key:opportunity_no>/move/",
        pipeline_views.opportunity_move,
        name="opportunity_move",
    ),
    path(
        "opportunities/<key:opportunity_no>/reopen/",
        pipeline_views.opportunity_reopen,
        name="opportunity_reopen",
    ),
    path("pipeline/", pipeline_views.pipeline_board, name="pipeline_board"),
    path("pipeline/funnel/", pipeline_views.pipeline_funnel, name="pipeline_funnel"),
    path(
        "requests/<key:request_no>/answer/",
        views.request_answer,
        name="request_answer",
    ),
    path("<key:code>/", views.customer_detail, name="customer_detail"),
    path("<key:code>/visits/new/", views.visit_create, name="visit_create"),
    path("<key:code>/requests/new/", views.request_create, name="request_create"),
    path("<key:code>/surveys/new/", views.survey_create, name="survey_create"),
    path("<key:code>/complaints/new/", views.complaint_create, name="complaint_create"),
    path(
        "<key:code>/opportunities/new/",
        pipeline_views.opportunity_create,
        name="opportunity_create",
    ),
]
