from django.apps import AppConfig
from django.urls import register_converter
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "yeji.web"
    label = "web"
    verbose_name = _("Web")

    def ready(self) -> None:
        from yeji.urlkeys import KeyConverter

        # Before any URL pattern is read: records' pages name them by key.
        register_converter(KeyConverter, "key")
