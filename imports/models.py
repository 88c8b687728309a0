from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.models import Job


class PendingUpload(models.Model):
    """A file uploaded for import, kept between its preview and its confirmation.

    It lives in the database rather than on one server's disk, so the preview
    and the confirmation may run on any worker of any server. A confirmation
    claims the upload (sets `confirmed_at` where it is still empty, together with
    the job that will write it, in the confirming request), so a second
    confirmation of the same upload, a double click, imports nothing and is sent
    to that job's page. The file's bytes are dropped when it is imported; the
    row stays a day so the second confirmation can be told, then goes with the
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
    confirm_job = models.ForeignKey(
        Job,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("import job"),
        help_text=_("The background job that writes the file, started by that confirmation."),
    )

    class Meta:
        verbose_name = _("pending upload")
        verbose_name_plural = _("pending uploads")

    def __str__(self):
        return self.name
