from django.urls import include, path

from yeji.api import views
from yeji.api.v1 import api

account_urlpatterns = [
    path("account/tokens/", views.tokens, name="tokens"),
]

urlpatterns = [
    path("api/v1/", api.urls),
    path("", include((account_urlpatterns, "account"))),
]
