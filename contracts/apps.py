from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContractsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "contracts"
    verbose_name = _("Contracts and honoraria")

    def ready(self):
        # The reports index and the facilitator's history sit below this app: they
        # learn of its reports and records here, so they never import it.
        from audit.changes import add_sources
        from contracts import history, reports
        from registry.models import Facilitator
        from reports import entries

        entries.register(reports.index_entries)
        add_sources(Facilitator, history.facilitator_sources)
