"""Where django-import-export keeps an upload between preview and confirmation."""

import datetime
import uuid

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from import_export.tmp_storages import BaseStorage

from imports.models import PendingUpload
from imports.reading import FileRefused

KEPT_FOR = datetime.timedelta(days=1)
EXPIRED = _("The uploaded file is no longer available. Upload it again.")
ALREADY_IMPORTED = _(
    "This file has already been imported (its confirmation arrived twice). Nothing was "
    "imported a second time."
)
ALREADY_IMPORTING = _(
    "This file is already being imported (its confirmation arrived twice). It is "
    "imported once; its progress is shown below."
)


class AlreadyImported(FileRefused):
    pass


class DatabaseStorage(BaseStorage):
    def save(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        PendingUpload.objects.filter(uploaded_at__lt=timezone.now() - KEPT_FOR).delete()
        self.name = uuid.uuid4().hex
        PendingUpload.objects.create(name=self.name, data=data)

    def read(self):
        upload = PendingUpload.objects.filter(name=self.name, confirmed_at=None).first()
        if upload is None:
            raise self._gone()
        return bytes(upload.data)

    def claim_for(self, job) -> None:
        """Claim the upload for the one job that will write it (the confirming
        request calls it). A second confirmation finds it claimed and is told;
        the first one's job is then `claimed_by()`."""
        claimed = PendingUpload.objects.filter(name=self.name, confirmed_at=None).update(
            confirmed_at=timezone.now(), confirm_job=job
        )
        if not claimed:
            raise self._gone()

    def claimed_by(self):
        """The job writing (or that wrote) this upload, if it is still known."""
        upload = PendingUpload.objects.filter(name=self.name).select_related("confirm_job").first()
        return upload.confirm_job if upload is not None else None

    def remove(self):
        # Confirmed: keep the row (without the file) so a repeated confirmation is told.
        PendingUpload.objects.filter(name=self.name, confirmed_at__isnull=False).update(data=b"")
        PendingUpload.objects.filter(name=self.name, confirmed_at=None).delete()

    def _gone(self) -> FileRefused:
        if PendingUpload.objects.filter(name=self.name, confirmed_at__isnull=False).exists():
            return AlreadyImported(ALREADY_IMPORTED)
        return FileRefused(EXPIRED)
