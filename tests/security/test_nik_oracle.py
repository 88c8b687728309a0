"""Whoever sees a masked NIK cannot learn the rest: no search, filter, URL or
page hands out more of it, and every place that shows it whole records who saw it."""

import pytest
from django.urls import reverse

from registry.factories import FacilitatorFactory
from registry.models import Disclosure, Facilitator

pytestmark = pytest.mark.django_db

NIK = "3375014506900007"
PHONE = "081211112222"


@pytest.fixture
def rina(db):
    return FacilitatorFactory(name="Rina Lestari", nik=NIK, phone=PHONE)


def found(client, words) -> list[str]:
    """Search the register as its form does (by POST), and name who was found."""
    response = client.post(reverse("home:facilitator-list"), {"q": words}, follow=True)
    assert response.status_code == 200
    assert words not in response.redirect_chain[-1][0]
    return [f.name for f in response.context["page"]]


def test_no_part_of_a_nik_finds_anyone(client, supervisor_user, rina):
    """The attack: grow the known last four digits one digit at a time."""
    client.force_login(supervisor_user)
    for length in range(4, 16):
        assert found(client, NIK[-length:]) == [], length
        assert found(client, NIK[:length]) == [], length
    assert found(client, NIK[3:11]) == []
    assert not Disclosure.objects.exists()


def test_a_whole_nik_finds_its_owner_and_that_is_recorded(client, supervisor_user, rina):
    client.force_login(supervisor_user)
    assert found(client, "3375 0145 0690 0007") == ["Rina Lestari"]
    disclosure = Disclosure.objects.get()
    assert (disclosure.facilitator, disclosure.user) == (rina, supervisor_user)
    assert disclosure.via == Disclosure.Via.SEARCH
    # A whole NIK that nobody has discloses nothing.
    assert found(client, "3375014506900008") == []
    assert Disclosure.objects.count() == 1


def test_a_phone_number_is_found_only_whole_in_any_of_its_forms(client, supervisor_user, rina):
    client.force_login(supervisor_user)
    for whole in ["081211112222", "0812-1111-2222", "+62 812 1111 2222", "6281211112222"]:
        assert found(client, whole) == ["Rina Lestari"], whole
    for part in ["1111", "11112222", "0812111122", "81211112222"]:
        assert found(client, part) == [], part
    assert not Disclosure.objects.exists()


def test_a_partial_number_gets_a_clear_message(client, supervisor_user, rina):
    client.force_login(supervisor_user)
    client.post(reverse("home:facilitator-list"), {"q": "0007"})
    body = client.get(reverse("home:facilitator-list")).content.decode()
    assert "hanya ditemukan bila diketik lengkap" in body
    assert NIK not in body


def test_the_staff_edit_form_records_that_it_shows_the_nik(client, staff_user, rina):
    client.force_login(staff_user)
    body = client.get(reverse("registry:facilitator-update", args=[rina.pk])).content.decode()
    assert NIK in body
    assert Disclosure.objects.get().via == Disclosure.Via.EDIT_FORM
    # A form sent back with an error shows it again: seen again.
    client.post(reverse("registry:facilitator-update", args=[rina.pk]), {"name": ""})
    assert Disclosure.objects.filter(via=Disclosure.Via.EDIT_FORM).count() == 2


def new_facilitator(**values) -> dict:
    return {"name": "Orang Baru", "sex": "P", "nik": "", "phone": "", **values}


def duplicate_disclosures() -> list[tuple]:
    return list(
        Disclosure.objects.filter(via=Disclosure.Via.DUPLICATE).values_list(
            "facilitator__name", "user__username"
        )
    )


def test_a_typed_nik_found_to_be_taken_is_recorded_as_disclosed(client, staff_user, rina):
    """The staff form says "another facilitator already has this NIK": that tells the
    person typing that the NIK is in the register, so it is recorded like a search."""
    client.force_login(staff_user)
    create = reverse("registry:facilitator-create")

    response = client.post(create, new_facilitator(nik=NIK))

    assert "Fasilitator lain sudah memakai NIK ini." in response.content.decode()
    assert not Facilitator.objects.filter(name="Orang Baru").exists()
    assert duplicate_disclosures() == [("Rina Lestari", staff_user.username)]

    # Editing someone else into Rina's NIK: the same.
    other = FacilitatorFactory(name="Budi", nik="")
    client.post(
        reverse("registry:facilitator-update", args=[other.pk]),
        new_facilitator(name="Budi", nik=NIK),
    )
    assert duplicate_disclosures() == [("Rina Lestari", staff_user.username)] * 2

    # A refused form with a NIK nobody has, or Rina's own form, discloses no one.
    client.post(create, new_facilitator(name="", nik="3375014506900008"))
    client.post(
        reverse("registry:facilitator-update", args=[rina.pk]),
        new_facilitator(name="", nik=NIK),
    )
    assert len(duplicate_disclosures()) == 2


def test_the_admin_form_records_a_typed_nik_found_to_be_taken(client, staff_user, rina):
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:registry_facilitator_add"), new_facilitator(nik=NIK, education="")
    )
    assert "Fasilitator lain sudah memakai NIK ini." in response.content.decode()
    assert duplicate_disclosures() == [("Rina Lestari", staff_user.username)]


def test_the_admin_change_form_records_that_it_shows_the_nik(client, staff_user, rina):
    client.force_login(staff_user)
    body = client.get(reverse("admin:registry_facilitator_change", args=[rina.pk])).content
    assert NIK in body.decode()
    disclosure = Disclosure.objects.get()
    assert (disclosure.user, disclosure.via) == (staff_user, Disclosure.Via.ADMIN_FORM)


def test_the_admin_history_masks_the_nik_and_a_version_records_it(client, staff_user, rina):
    rina.nik = "3375014506900015"
    rina.save()
    client.force_login(staff_user)
    history = client.get(reverse("admin:registry_facilitator_history", args=[rina.pk]))
    body = history.content.decode()
    assert history.status_code == 200
    assert "••••••••••••0007" in body and "••••••••••••0015" in body
    assert NIK not in body and "3375014506900015" not in body
    assert not Disclosure.objects.exists()

    version = rina.history.earliest()
    url = reverse("admin:registry_facilitator_simple_history", args=[rina.pk, version.history_id])
    assert NIK in client.get(url).content.decode()
    assert Disclosure.objects.get().via == Disclosure.Via.ADMIN_HISTORY


def test_the_admin_neither_searches_nor_filters_by_nik_or_phone(client, staff_user, rina):
    client.force_login(staff_user)
    changelist = reverse("admin:registry_facilitator_changelist")
    assert list(client.get(changelist, {"q": NIK}).context["cl"].result_list) == []
    assert list(client.get(changelist, {"q": PHONE}).context["cl"].result_list) == []
    assert list(client.get(changelist, {"q": "Rina"}).context["cl"].result_list) == [rina]
    for lookup in ["nik__startswith", "nik__contains", "nik__regex", "phone__endswith"]:
        response = client.get(changelist, {lookup: NIK[:5]})
        assert response.status_code == 400, lookup  # refused, whether it matches or not

    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {
            "term": NIK,
            "app_label": "assignments",
            "model_name": "assignment",
            "field_name": "facilitator",
        },
    )
    assert autocomplete.status_code == 200
    assert autocomplete.json()["results"] == []


def test_no_list_hands_out_more_than_the_mask(client, supervisor_user, rina):
    client.force_login(supervisor_user)
    for sort in ["name", "-name", "kelurahan", "joined_on", "-joined_on", "nik", "-nik"]:
        body = client.get(reverse("home:facilitator-list"), {"sort": sort}).content.decode()
        assert NIK not in body
    assert Facilitator.objects.get().masked_nik == "••••••••••••0007"
