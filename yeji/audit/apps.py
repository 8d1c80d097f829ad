from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "yeji.audit"
    label = "audit"
    verbose_name = _("Audit trail")

    def ready(self) -> None:
        # Connects the receiver that notes the channel of every history row.
        from yeji.audit import receivers  # noqa: F401
