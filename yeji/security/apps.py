from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "yeji.security"
    label = "security"
    verbose_name = _("Security")

    def ready(self) -> None:
        # Connects the receivers of log-ins, lock-outs, role changes and
        # deactivations.
        from yeji.security import receivers  # noqa: F401
