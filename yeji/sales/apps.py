from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    name = "yeji.sales"
    label = "sales"
    verbose_name = _("Contracts and orders")
