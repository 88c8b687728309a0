from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = _("Change history")

    def ready(self):
        from audit import context  # noqa: F401  (connects the change-reason receiver)
