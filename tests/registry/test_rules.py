import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from registry.factories import FacilitatorFactory, KecamatanFactory, KelurahanFactory
from registry.models import Facilitator, Kecamatan, Kelurahan

pytestmark = pytest.mark.django_db


def test_a_nik_must_have_sixteen_digits():
    facilitator = FacilitatorFactory.build(nik="33750112")
    with pytest.raises(ValidationError) as caught:
        facilitator.full_clean()
    assert caught.value.message_dict["nik"] == ["NIK harus terdiri dari tepat 16 angka."]


def test_the_database_refuses_a_malformed_nik():
    with pytest.raises(IntegrityError), transaction.atomic():
        FacilitatorFactory(nik="12345abc90123456")


def test_two_facilitators_cannot_share_a_nik():
    FacilitatorFactory(nik="3375010101900001")
    second = FacilitatorFactory.build(nik="3375010101900001")
    with pytest.raises(ValidationError) as caught:
        second.full_clean()
    assert "Fasilitator lain sudah memakai NIK ini." in caught.value.messages
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()


def test_many_facilitators_may_have_no_nik():
    FacilitatorFactory(nik="")
    FacilitatorFactory(nik="")
    assert Facilitator.objects.filter(nik="").count() == 2


def test_codes_are_unique_and_well_formed():
    kecamatan = KecamatanFactory(code="33.75.09")
    with pytest.raises(IntegrityError), transaction.atomic():
        Kecamatan.objects.create(code="33.75.09", name="Kembar")
    with pytest.raises(IntegrityError), transaction.atomic():
        Kecamatan.objects.create(code="3375-9", name="Salah")
    with pytest.raises(IntegrityError), transaction.atomic():
        Kelurahan.objects.create(code="33.75.09.12", name="Salah", kecamatan=kecamatan)


def test_a_kelurahan_code_starts_with_its_kecamatan_code():
    kelurahan = KelurahanFactory.build(
        kecamatan=KecamatanFactory(code="33.75.09"), code="33.75.01.1002"
    )
    with pytest.raises(ValidationError) as caught:
        kelurahan.full_clean()
    assert "33.75.09" in caught.value.message_dict["code"][0]


def test_masked_nik_and_phone_show_only_the_last_digits():
    facilitator = FacilitatorFactory.build(nik="3375010101900001", phone="081234567890")
    assert facilitator.masked_nik == "••••••••••••0001"
    assert facilitator.masked_phone.startswith("0812")
    assert facilitator.masked_phone.endswith("890")
    assert "34567" not in facilitator.masked_phone
