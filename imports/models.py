from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class PendingUpload(models.Model):
    """A file uploaded for import, kept between its preview and its confirmation.

    It lives in the database rather than on one server's disk, so the confirmation
    may reach another app server than the preview did. Confirmed uploads are
    removed at once, abandoned ones after a day.
    """

    name = models.CharField(_("name"), max_length=32, unique=True)
    data = models.BinaryField(_("data"))
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("pending upload")
        verbose_name_plural = _("pending uploads")

    def __str__(self):
        return self.name
