"""Control characters and other scripts' digits are refused by every way in."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.urls import reverse

from registry.factories import FacilitatorFactory, InstitutionFactory, KelurahanFactory
from registry.models import Facilitator
from tests.imports.helpers import csv_file, errors_of, person, preview, xlsx_file

pytestmark = pytest.mark.django_db

CONTROL = "Hapus karakter kontrol"
ARABIC_NIK = "٣٣٧٥٠١٠١٠١٩٠٠٠٠١"  # 3375010101900001 in Arabic-Indic digits


@pytest.mark.parametrize("character", ["\x00", "\x07", "\t", "\n", "\x1b", "\x7f", "\x85"])
def test_a_name_with_a_control_character_is_refused_by_the_model(character):
    facilitator = FacilitatorFactory.build(name=f"Siti{character}Aminah", nik="")
    with pytest.raises(ValidationError) as refused:
        facilitator.full_clean()
    assert list(refused.value.message_dict) == ["name"]
    assert refused.value.message_dict["name"][0].startswith(CONTROL)


def test_every_free_text_field_of_the_register_refuses_them():
    checks = [
        (FacilitatorFactory.build(nik="", address="Jl.\x0bMerdeka"), "address"),
        (KelurahanFactory.build(name="Medono\x1f"), "name"),
        (KelurahanFactory.build(office_address="Jl.\x1fA"), "office_address"),
        (InstitutionFactory.build(name="LPM\x00"), "name"),
        (InstitutionFactory.build(chair="Pak\x08Budi"), "chair"),
        (InstitutionFactory.build(address="\x1bJl."), "address"),
    ]
    for obj, field in checks:
        with pytest.raises(ValidationError) as refused:
            obj.full_clean(exclude=[f.name for f in obj._meta.fields if f.name != field])
        assert refused.value.message_dict[field][0].startswith(CONTROL), field


def test_the_staff_form_refuses_a_control_character(client, staff_user):
    client.force_login(staff_user)
    data = {"name": "Rina\x07Baru", "sex": "P", "nik": "", "phone": "", "email": ""}
    data |= {"address": "", "education": "", "joined_on": ""}

    response = client.post(reverse("registry:facilitator-create"), data)

    assert response.status_code == 200
    assert CONTROL in response.content.decode()
    assert not Facilitator.objects.exists()


def test_the_admin_refuses_a_control_character(client, administrator):
    client.force_login(administrator)
    data = {"name": "Agus\x1bAdmin", "nik": "", "sex": "L", "education": "", "joined_on": ""}
    data |= {"is_active": "on", "phone": "", "email": "", "address": "", "user": ""}
    data |= {"assignments-TOTAL_FORMS": "0", "assignments-INITIAL_FORMS": "0"}

    response = client.post(reverse("admin:registry_facilitator_add"), data)

    assert response.status_code == 200
    assert CONTROL in response.content.decode()
    assert not Facilitator.objects.exists()


def test_the_import_refuses_a_control_character_in_its_column(client, staff_user, wilayah):
    client.force_login(staff_user)
    response = preview(client, csv_file([person(ADDRESS="Jl.\x1b Merdeka")]))

    assert [(row, column) for row, column, _message in errors_of(response)] == [(2, "Alamat")]
    assert errors_of(response)[0][2].startswith(CONTROL)
    assert "confirm_form" not in response.context


def test_a_nik_in_other_digits_is_refused_by_the_validator():
    FacilitatorFactory(nik="3375010101900001")
    twin = FacilitatorFactory.build(nik=ARABIC_NIK)
    with pytest.raises(ValidationError) as refused:
        twin.full_clean()
    assert refused.value.message_dict["nik"] == ["NIK harus terdiri dari tepat 16 angka."]


def test_a_nik_in_other_digits_is_refused_by_the_database_itself():
    facilitator = FacilitatorFactory(nik="")
    # Straight to the database, past every form and validator.
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE registry_facilitator SET nik = %s WHERE id = %s",
            [ARABIC_NIK, facilitator.pk],
        )
    facilitator.refresh_from_db()
    assert facilitator.nik == ""


def test_the_import_refuses_a_nik_in_other_digits(client, staff_user, wilayah):
    client.force_login(staff_user)
    FacilitatorFactory(nik="3375010101900001", name="Siti Aminah")

    response = preview(client, xlsx_file([person(NIK=ARABIC_NIK, NAME="Orang Lain")]))

    assert (2, "NIK", "NIK harus terdiri dari tepat 16 angka.") in errors_of(response)
