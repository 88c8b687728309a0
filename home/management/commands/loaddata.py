"""Django's `loaddata`, without new history rows.

A fixture of `dumpdata` holds the history (simple-history's tables) as it was.
Django marks the rows it loads as raw, and simple-history writes no history for
them, but not for many-to-many fields, which loaddata sets afterwards: each
briefing's invitees would gain a history entry "changed" that never happened.
"""

from django.core.management.commands import loaddata
from django.test.utils import override_settings


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        with override_settings(SIMPLE_HISTORY_ENABLED=False):
            return super().handle(*fixture_labels, **options)
