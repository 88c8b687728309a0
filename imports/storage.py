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


class DatabaseStorage(BaseStorage):
    def save(self, data):
        if isinstance(data, str):
            data = data.encode("utf-8")
        PendingUpload.objects.filter(uploaded_at__lt=timezone.now() - KEPT_FOR).delete()
        self.name = uuid.uuid4().hex
        PendingUpload.objects.create(name=self.name, data=data)

    def read(self):
        upload = PendingUpload.objects.filter(name=self.name).first()
        if upload is None:
            raise FileRefused(EXPIRED)
        return bytes(upload.data)

    def remove(self):
        PendingUpload.objects.filter(name=self.name).delete()
