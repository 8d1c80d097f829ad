from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PerformanceConfig(AppConfig):
    name = "yeji.performance"
    label = "performance"
    verbose_name = _("Performance")

    def ready(self) -> None:
        from yeji.performance.snapshots import watch_records

        watch_records()
