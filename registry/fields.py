import unicodedata

from django.db import models

from registry.validators import normalise_phone


class PhoneNumberField(models.CharField):
    """A telephone number, stored in the one form `normalise_phone` gives.

    The model field normalises (in `to_python`, which `full_clean` runs before
    the validators, and again on save), so every way in (staff form, own form,
    admin, import, shell) accepts the usual spellings and stores the same text.
    """

    # What people type may be longer than what is stored: "+62 (0)812-3456-7890".
    TYPED_MAX_LENGTH = 30

    def to_python(self, value):
        value = super().to_python(value)
        return normalise_phone(value) if value else value

    def pre_save(self, model_instance, add):
        value = normalise_phone(getattr(model_instance, self.attname) or "")
        setattr(model_instance, self.attname, value)
        return value

    def formfield(self, **kwargs):
        return super().formfield(**{"max_length": self.TYPED_MAX_LENGTH, **kwargs})


def name_sort_key(name: str) -> str:
    """How a name sorts: case- and accent-insensitive, titles kept as typed.

    "dr. Belinda" sorts under d, "Élan" beside "Elan". Computed in Python (the
    databases cannot agree on collations) and stored, so that SQLite and
    PostgreSQL order people alike.
    """
    decomposed = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


class NameSortKeyField(models.CharField):
    """The sort key of another text field of the same row, kept on every save
    (and on `bulk_create`; `bulk_update` callers set it with `name_sort_key`)."""

    def __init__(self, *args, source: str = "name", **kwargs):
        self.source = source
        kwargs.setdefault("editable", False)
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = name_sort_key(getattr(model_instance, self.source) or "")
        setattr(model_instance, self.attname, value)
        return value
