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
