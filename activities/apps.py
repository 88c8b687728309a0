from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActivitiesConfig(AppConfig):
    name = "activities"
    verbose_name = _("Activities and monthly reports")

    def ready(self):
        from activities.selectors import kelurahan_panel
        from registry.panels import kelurahan_panels

        kelurahan_panels.append(kelurahan_panel)
