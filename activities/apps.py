from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activities and monthly reports")

    def ready(self):
        # The reports index sits below this app: it learns of the recap here.
        from activities import reports
        from reports import entries

        entries.register(reports.index_entries)
