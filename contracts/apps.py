from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "contracts"
    verbose_name = _("Contracts and honoraria")

    def ready(self):
        # The reports index and the facilitator's history sit below this app: they
        # learn of its reports and records here, so they never import it.
        from contracts import reports
        from reports import entries

        entries.register(reports.index_entries)
