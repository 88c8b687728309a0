"""One phone rule: every way in accepts the spellings people type and stores one form."""

import pytest
from django.urls import reverse

from registry.factories import FacilitatorFactory, InstitutionFactory
from registry.models import Facilitator, Institution
from registry.validators import normalise_phone
from tests.imports.helpers import import_file, person, xlsx_file

pytestmark = pytest.mark.django_db

SPELLINGS = [
    "081234567890",
    "0812 3456 7890",
    "0812-3456-7890",
    "0812.3456.7890",
    "+62 812-3456-7890",
    "+6281234567890",
    "6281234567890",
    "+62 (0)812 3456 7890",
    "(0812) 3456-7890",
]
STORED = "081234567890"


def in_reserve(**values) -> dict:
    """A template row without a posting."""
    return person(KELURAHAN_CODE="", KELURAHAN="", START="", DECREE="", **values)


def staff_form_data(facilitator, phone) -> dict:
    return {
        "name": facilitator.name,
        "nik": facilitator.nik,
        "sex": facilitator.sex,
        "phone": phone,
        "email": facilitator.email,
        "address": facilitator.address,
        "education": facilitator.education,
        "joined_on": "",
    }


@pytest.mark.parametrize("typed", SPELLINGS)
def test_the_staff_form_stores_every_spelling_as_one_number(client, staff_user, typed):
    client.force_login(staff_user)
    facilitator = FacilitatorFactory(phone="081299990000")

    response = client.post(
        reverse("registry:facilitator-update", args=[facilitator.pk]),
        staff_form_data(facilitator, typed),
    )

    assert response.status_code == 302, response.context["form"].errors
    facilitator.refresh_from_db()
    assert facilitator.phone == STORED


def test_the_staff_form_creates_a_facilitator_with_the_number_in_its_one_form(client, staff_user):
    client.force_login(staff_user)
    data = staff_form_data(Facilitator(name="Rina Baru", sex="P"), "+62 812-3456-7890")
    response = client.post(reverse("registry:facilitator-create"), data)
    assert response.status_code == 302
    assert Facilitator.objects.get(name="Rina Baru").phone == STORED


@pytest.mark.parametrize("typed", SPELLINGS)
def test_their_own_form_stores_every_spelling_as_one_number(client, facilitator, typed):
    client.force_login(facilitator.user)
    data = {"phone": typed, "email": facilitator.email}
    data |= {"initial-phone": facilitator.phone, "initial-email": facilitator.email}

    response = client.post(reverse("home:me-contact"), data)

    assert response.status_code == 302
    facilitator.refresh_from_db()
    assert facilitator.phone == STORED


def test_the_import_stores_every_spelling_as_one_number(client, staff_user, wilayah):
    client.force_login(staff_user)
    rows = [
        in_reserve(NIK=f"33750101019000{n:02d}", NAME=f"Orang {n}", PHONE=typed)
        for n, typed in enumerate(SPELLINGS)
    ]

    import_file(client, xlsx_file(rows))

    phones = Facilitator.objects.filter(name__startswith="Orang ").values_list("phone", flat=True)
    assert list(phones) == [STORED] * len(SPELLINGS)


def test_a_number_cell_that_lost_its_leading_zero_is_stored_the_same(client, staff_user, wilayah):
    client.force_login(staff_user)
    row = in_reserve(PHONE=81234567890)
    import_file(client, xlsx_file([row]))
    assert Facilitator.objects.get().phone == STORED


def test_the_import_matches_a_facilitator_whatever_spelling_the_file_uses(
    client, staff_user, wilayah
):
    client.force_login(staff_user)
    known = FacilitatorFactory(name="Siti Aminah", nik="", phone=STORED)
    row = in_reserve(NIK="", PHONE="+62 812-3456-7890", EMAIL="baru@contoh.id")

    import_file(client, xlsx_file([row]))

    assert Facilitator.objects.count() == 1
    known.refresh_from_db()
    assert (known.phone, known.email) == (STORED, "baru@contoh.id")


def admin_data(**values) -> dict:
    data = {
        "name": "Agus Admin",
        "nik": "",
        "sex": "L",
        "education": "",
        "joined_on": "",
        "phone": "",
        "email": "",
        "address": "",
        "user": "",
        "assignments-TOTAL_FORMS": "0",
        "assignments-INITIAL_FORMS": "0",
        "deactivations-TOTAL_FORMS": "0",
        "deactivations-INITIAL_FORMS": "0",
    }
    return data | values


@pytest.mark.parametrize("typed", SPELLINGS)
def test_the_admin_stores_every_spelling_as_one_number(client, administrator, typed):
    client.force_login(administrator)

    response = client.post(reverse("admin:registry_facilitator_add"), admin_data(phone=typed))

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Facilitator.objects.get().phone == STORED


def test_the_admin_stores_an_institutions_number_the_same_way(client, administrator):
    client.force_login(administrator)
    institution = InstitutionFactory(phone="081299990000")
    url = reverse("admin:registry_institution_change", args=[institution.pk])
    data = {
        "kelurahan": institution.kelurahan_id,
        "kind": institution.kind,
        "name": institution.name,
        "chair": institution.chair,
        "phone": "+62 812-3456-7890",
        "email": institution.email,
        "address": institution.address,
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Institution.objects.get().phone == STORED


@pytest.mark.parametrize("typed", ["12345", "0212345678", "+6591234567", "08123", "0812-ABC"])
def test_what_is_no_indonesian_mobile_number_is_refused_everywhere(
    client, administrator, facilitator, typed
):
    client.force_login(administrator)
    response = client.post(reverse("admin:registry_facilitator_add"), admin_data(phone=typed))
    assert "Masukkan nomor ponsel Indonesia" in response.content.decode()
    client.force_login(facilitator.user)
    data = {"phone": typed, "email": facilitator.email}
    data |= {"initial-phone": facilitator.phone, "initial-email": facilitator.email}
    response = client.post(reverse("home:me-contact"), data)
    assert "Masukkan nomor ponsel Indonesia" in response.content.decode()
    assert Facilitator.objects.filter(phone__contains="ABC").count() == 0
    assert Facilitator.objects.count() == 1


def test_a_record_saved_in_code_is_stored_in_the_one_form_too():
    facilitator = FacilitatorFactory(phone="+62 812-3456-7890")
    facilitator.refresh_from_db()
    assert facilitator.phone == STORED


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("(0285) 421093", "0285421093"),
        ("+62 285 421093", "0285421093"),
        ("+65 9123 4567", "+6591234567"),
        ("", ""),
    ],
)
def test_the_normaliser_keeps_what_it_cannot_read_for_the_validator(typed, stored):
    assert normalise_phone(typed) == stored
