"""Phones in one form, digits ASCII only, no control characters in the register's text.

- Every stored phone number becomes the form the model now stores
  (081234567890), whatever spelling it was saved in ("+62 812-3456-7890",
  "0812 3456 7890"). A value that is no valid number even then is left as it
  is (nothing is lost): the record's form says what is wrong when next edited.
- A NIK written in other digits (Arabic-Indic "٣٣٧٥...") is rewritten in ASCII
  digits before the constraint that allows only [0-9] is created; one that then
  equals another facilitator's NIK stops the migration with both records named.
- The regex constraints use [0-9] instead of \\d (which matches any script's digits).
"""

import re
import unicodedata

import django.core.validators
import registry.fields
import registry.validators
from django.conf import settings
from django.db import migrations, models

from registry.validators import ANY_PHONE, MOBILE_PHONE, normalise_phone


MOBILE = re.compile(MOBILE_PHONE)
ANY = re.compile(ANY_PHONE)


def normalise_stored_phones(apps, schema_editor):
    for model, field, pattern in [
        ("Facilitator", "phone", MOBILE),
        ("Institution", "phone", MOBILE),
        ("Kelurahan", "office_phone", ANY),
    ]:
        Model = apps.get_model("registry", model)
        changed = []
        for row in Model.objects.exclude(**{field: ""}).only("pk", field).iterator():
            stored = getattr(row, field)
            canonical = normalise_phone(stored)
            if canonical != stored and pattern.match(canonical):
                setattr(row, field, canonical)
                changed.append(row)
        Model.objects.bulk_update(changed, [field], batch_size=500)


def ascii_nik_digits(apps, schema_editor):
    Facilitator = apps.get_model("registry", "Facilitator")
    for row in Facilitator.objects.exclude(nik="").only("pk", "nik", "name").iterator():
        if row.nik.isascii():
            continue
        ascii_nik = "".join(
            str(unicodedata.digit(c)) if c.isdigit() else c for c in row.nik
        )
        other = Facilitator.objects.filter(nik=ascii_nik).exclude(pk=row.pk).first()
        if other is not None:
            raise RuntimeError(
                f"Facilitators {row.pk} and {other.pk} have the same NIK, written in "
                "different digits. Correct one of them, then run the migration again."
            )
        Facilitator.objects.filter(pk=row.pk).update(nik=ascii_nik)


class Migration(migrations.Migration):

    dependencies = [
        ('registry', '0009_remove_facilitator_is_active'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(normalise_stored_phones, migrations.RunPython.noop),
        migrations.RunPython(ascii_nik_digits, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name='facilitator',
            name='nik_sixteen_digits',
        ),
        migrations.RemoveConstraint(
            model_name='kecamatan',
            name='kecamatan_code_well_formed',
        ),
        migrations.RemoveConstraint(
            model_name='kelurahan',
            name='kelurahan_code_well_formed',
        ),
        migrations.AlterField(
            model_name='facilitator',
            name='address',
            field=models.CharField(blank=True, default='', max_length=255, validators=[registry.validators.ControlCharacterValidator()], verbose_name='address'),
        ),
        migrations.AlterField(
            model_name='facilitator',
            name='name',
            field=models.CharField(max_length=150, validators=[registry.validators.ControlCharacterValidator()], verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='facilitator',
            name='nik',
            field=models.CharField(blank=True, default='', help_text='Population identity number: 16 digits, optional, unique.', max_length=16, validators=[django.core.validators.RegexValidator('^[0-9]{16}$', 'A NIK has exactly 16 digits.')], verbose_name='NIK'),
        ),
        migrations.AlterField(
            model_name='facilitator',
            name='phone',
            field=registry.fields.PhoneNumberField(blank=True, default='', max_length=20, validators=[django.core.validators.RegexValidator('^08[0-9]{7,11}$', 'Enter an Indonesian mobile number, for example 0812 3456 7890 or +62 812-3456-7890.')], verbose_name='phone'),
        ),
        migrations.AlterField(
            model_name='historicalfacilitator',
            name='address',
            field=models.CharField(blank=True, default='', max_length=255, validators=[registry.validators.ControlCharacterValidator()], verbose_name='address'),
        ),
        migrations.AlterField(
            model_name='historicalfacilitator',
            name='name',
            field=models.CharField(max_length=150, validators=[registry.validators.ControlCharacterValidator()], verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='historicalfacilitator',
            name='nik',
            field=models.CharField(blank=True, default='', help_text='Population identity number: 16 digits, optional, unique.', max_length=16, validators=[django.core.validators.RegexValidator('^[0-9]{16}$', 'A NIK has exactly 16 digits.')], verbose_name='NIK'),
        ),
        migrations.AlterField(
            model_name='historicalfacilitator',
            name='phone',
            field=registry.fields.PhoneNumberField(blank=True, default='', max_length=20, validators=[django.core.validators.RegexValidator('^08[0-9]{7,11}$', 'Enter an Indonesian mobile number, for example 0812 3456 7890 or +62 812-3456-7890.')], verbose_name='phone'),
        ),
        migrations.AlterField(
            model_name='historicalinstitution',
            name='address',
            field=models.CharField(blank=True, default='', max_length=255, validators=[registry.validators.ControlCharacterValidator()], verbose_name='address'),
        ),
        migrations.AlterField(
            model_name='historicalinstitution',
            name='chair',
            field=models.CharField(blank=True, default='', max_length=100, validators=[registry.validators.ControlCharacterValidator()], verbose_name='chair'),
        ),
        migrations.AlterField(
            model_name='historicalinstitution',
            name='name',
            field=models.CharField(max_length=150, validators=[registry.validators.ControlCharacterValidator()], verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='historicalinstitution',
            name='phone',
            field=registry.fields.PhoneNumberField(blank=True, default='', max_length=20, validators=[django.core.validators.RegexValidator('^08[0-9]{7,11}$', 'Enter an Indonesian mobile number, for example 0812 3456 7890 or +62 812-3456-7890.')], verbose_name='phone'),
        ),
        migrations.AlterField(
            model_name='historicalkelurahan',
            name='code',
            field=models.CharField(db_index=True, help_text='Kemendagri code, for example 33.75.01.1002.', max_length=13, validators=[django.core.validators.RegexValidator('^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}$', 'A kelurahan code looks like 33.75.01.1002 (Kemendagri code).')], verbose_name='code'),
        ),
        migrations.AlterField(
            model_name='historicalkelurahan',
            name='name',
            field=models.CharField(max_length=100, validators=[registry.validators.ControlCharacterValidator()], verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='historicalkelurahan',
            name='office_address',
            field=models.CharField(blank=True, default='', max_length=255, validators=[registry.validators.ControlCharacterValidator()], verbose_name='office address'),
        ),
        migrations.AlterField(
            model_name='historicalkelurahan',
            name='office_phone',
            field=registry.fields.PhoneNumberField(blank=True, default='', max_length=30, validators=[django.core.validators.RegexValidator('^0[1-9][0-9]{6,12}$', 'Enter an Indonesian telephone number, for example (0285) 421093 or 0812 3456 7890.')], verbose_name='office phone'),
        ),
        migrations.AlterField(
            model_name='historicalkelurahan',
            name='postal_code',
            field=models.CharField(blank=True, default='', max_length=5, validators=[django.core.validators.RegexValidator('^[0-9]{5}$', 'A postal code has exactly 5 digits.')], verbose_name='postal code'),
        ),
        migrations.AlterField(
            model_name='institution',
            name='address',
            field=models.CharField(blank=True, default='', max_length=255, validators=[registry.validators.ControlCharacterValidator()], verbose_name='address'),
        ),
        migrations.AlterField(
            model_name='institution',
            name='chair',
            field=models.CharField(blank=True, default='', max_length=100, validators=[registry.validators.ControlCharacterValidator()], verbose_name='chair'),
        ),
        migrations.AlterField(
            model_name='institution',
            name='name',
            field=models.CharField(max_length=150, validators=[registry.validators.ControlCharacterValidator()], verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='institution',
            name='phone',
            field=registry.fields.PhoneNumberField(blank=True, default='', max_length=20, validators=[django.core.validators.RegexValidator('^08[0-9]{7,11}$', 'Enter an Indonesian mobile number, for example 0812 3456 7890 or +62 812-3456-7890.')], verbose_name='phone'),
        ),
        migrations.AlterField(
            model_name='kecamatan',
            name='code',
            field=models.CharField(help_text='Kemendagri code, for example 33.75.01.', max_length=8, unique=True, validators=[django.core.validators.RegexValidator('^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}$', 'A kecamatan code looks like 33.75.01 (Kemendagri code).')], verbose_name='code'),
        ),
        migrations.AlterField(
            model_name='kelurahan',
            name='code',
            field=models.CharField(help_text='Kemendagri code, for example 33.75.01.1002.', max_length=13, unique=True, validators=[django.core.validators.RegexValidator('^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}$', 'A kelurahan code looks like 33.75.01.1002 (Kemendagri code).')], verbose_name='code'),
        ),
        migrations.AlterField(
            model_name='kelurahan',
            name='name',
            field=models.CharField(max_length=100, validators=[registry.validators.ControlCharacterValidator()], verbose_name='name'),
        ),
        migrations.AlterField(
            model_name='kelurahan',
            name='office_address',
            field=models.CharField(blank=True, default='', max_length=255, validators=[registry.validators.ControlCharacterValidator()], verbose_name='office address'),
        ),
        migrations.AlterField(
            model_name='kelurahan',
            name='office_phone',
            field=registry.fields.PhoneNumberField(blank=True, default='', max_length=30, validators=[django.core.validators.RegexValidator('^0[1-9][0-9]{6,12}$', 'Enter an Indonesian telephone number, for example (0285) 421093 or 0812 3456 7890.')], verbose_name='office phone'),
        ),
        migrations.AlterField(
            model_name='kelurahan',
            name='postal_code',
            field=models.CharField(blank=True, default='', max_length=5, validators=[django.core.validators.RegexValidator('^[0-9]{5}$', 'A postal code has exactly 5 digits.')], verbose_name='postal code'),
        ),
        migrations.AlterField(
            model_name='reportsettings',
            name='signer_nip',
            field=models.CharField(blank=True, default='', max_length=21, validators=[django.core.validators.RegexValidator('^[0-9]{8} ?[0-9]{6} ?[0-9] ?[0-9]{3}$', 'A NIP has 18 digits, for example 19700101 199503 1 001.')], verbose_name='NIP of the signer'),
        ),
        migrations.AddConstraint(
            model_name='facilitator',
            constraint=models.CheckConstraint(condition=models.Q(('nik', ''), ('nik__regex', '^[0-9]{16}$'), _connector='OR'), name='nik_sixteen_digits', violation_error_message='A NIK has exactly 16 digits.'),
        ),
        migrations.AddConstraint(
            model_name='kecamatan',
            constraint=models.CheckConstraint(condition=models.Q(('code__regex', '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}$')), name='kecamatan_code_well_formed', violation_error_message='A kecamatan code looks like 33.75.01 (Kemendagri code).'),
        ),
        migrations.AddConstraint(
            model_name='kelurahan',
            constraint=models.CheckConstraint(condition=models.Q(('code__regex', '^[0-9]{2}\\.[0-9]{2}\\.[0-9]{2}\\.[0-9]{4}$')), name='kelurahan_code_well_formed', violation_error_message='A kelurahan code looks like 33.75.01.1002 (Kemendagri code).'),
        ),
    ]
