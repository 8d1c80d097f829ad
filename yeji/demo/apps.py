from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DemoConfig(AppConfig):
    """The demo company and the commands that serve Yeji (`demo`, `serve`)."""

    name = "yeji.demo"
    label = "demo"
    verbose_name = _("Demo")
