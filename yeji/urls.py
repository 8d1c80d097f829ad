from django.contrib import admin
from django.urls import include, path

from yeji.web.urls import auth_urlpatterns

urlpatterns = [
    # The API first: programs call it far more often than people open pages,
    # and every pattern before it is tried on each call.
    path("", include("yeji.api.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    *auth_urlpatterns,
    path("customers/", include("yeji.crm.urls")),
    path("account/", include("yeji.org.urls")),
    path("tasks/", include("yeji.planning.urls")),
    path("", include("yeji.planning.work_urls")),
    path("targets/", include("yeji.targets.urls")),
    path("", include("yeji.sales.urls")),
    path("import/", include("yeji.interchange.urls")),
    path("people/", include("yeji.people.urls")),
    path("notifications/", include("yeji.notify.urls")),
    path("", include("yeji.web.urls")),
]
