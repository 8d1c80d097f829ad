from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "yeji.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from yeji.org.language import remember_language_at_log_in

        user_logged_in.connect(
            remember_language_at_log_in, dispatch_uid="yeji.org.language"
        )
