"""Texts that django-import-export shows in our admin pages, for the Indonesian catalogue.

The library ships no Indonesian translation; naming its texts here puts them in
locale/id, whose translations take precedence over the library's own.
"""

from django.utils.translation import gettext_noop

LIBRARY_MESSAGES = [
    gettext_noop("Import"),
    gettext_noop("Export"),
    gettext_noop("Format"),
    gettext_noop("Resource"),
    gettext_noop("Submit"),
    gettext_noop("This exporter will export the following fields: "),
    gettext_noop("Export selected %(verbose_name_plural)s"),
    # django-simple-history's admin history, for a change made by no signed-in user.
    gettext_noop("None"),
]
