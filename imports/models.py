from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingUpload(models.Model):
    """A file uploaded for import, kept between its preview and its confirmation.

    It lives in the database rather than on one server's disk, so the confirmation
    may reach another app server than the preview did. A confirmation claims the
    upload (sets `confirmed_at` where it is still empty, in the import's
    transaction), so a second confirmation of the same upload, a double click,
    imports nothing. The file's bytes are dropped when it is imported; the row
    stays a day so the second confirmation can be told, then goes with the
    abandoned ones.
    """

    name = models.CharField(_("name"), max_length=32, unique=True)
    data = models.BinaryField(_("data"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    confirmed_at = models.DateTimeField(
        _("confirmed at"),
        null=True,
        blank=True,
        help_text=_("Set once, by the one confirmation that imports the file."),
    )

    class Meta:
        verbose_name = _("pending upload")
        verbose_name_plural = _("pending uploads")

    def __str__(self):
        return self.name
