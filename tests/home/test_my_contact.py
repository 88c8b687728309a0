"""A facilitator keeps their own phone and e-mail current."""

import pytest
from django.urls import reverse

from registry.models import Facilitator

pytestmark = pytest.mark.django_db

CONTACT = reverse("home:me-contact")


@pytest.fixture
def me(client, facilitator):
    client.force_login(facilitator.user)
    return client


def shown_form(me) -> dict:
    form = me.get(CONTACT).context["form"]
    data = {}
    for name in form.fields:
        data[name] = data[f"initial-{name}"] = form.initial[name]
    return data


def test_they_update_their_phone_and_email(me, facilitator):
    data = shown_form(me) | {"phone": "0812-3456-7890", "email": "Ahmad.Baru@Contoh.ID"}

    response = me.post(CONTACT, data, follow=True)

    facilitator.refresh_from_db()
    assert (facilitator.phone, facilitator.email) == ("081234567890", "ahmad.baru@contoh.id")
    assert response.redirect_chain == [(reverse("home:me"), 302)]
    assert "Kontak Anda disimpan." in response.content.decode()


def test_a_number_that_is_not_an_indonesian_mobile_is_refused(me, facilitator):
    before = facilitator.phone
    for number in ["12345", "0212345678", "+6591234567", "08123"]:
        response = me.post(CONTACT, shown_form(me) | {"phone": number})
        assert "Masukkan nomor ponsel Indonesia" in response.content.decode(), number
    facilitator.refresh_from_db()
    assert facilitator.phone == before


def test_an_email_that_is_not_an_address_is_refused(me, facilitator):
    before = facilitator.email
    for address in ["ahmad", "ahmad@", "ahmad@contoh", "ahmad contoh@id.id"]:
        response = me.post(CONTACT, shown_form(me) | {"email": address})
        assert "Masukkan alamat email yang valid." in response.content.decode(), address
    facilitator.refresh_from_db()
    assert facilitator.email == before


def test_only_what_they_changed_is_saved(me, facilitator):
    data = shown_form(me)
    # Staff correct the e-mail meanwhile; the facilitator only changes the phone.
    Facilitator.objects.filter(pk=facilitator.pk).update(email="dari.staf@contoh.id")

    me.post(CONTACT, data | {"phone": "+6281299990000"})

    facilitator.refresh_from_db()
    assert (facilitator.phone, facilitator.email) == ("081299990000", "dari.staf@contoh.id")


def test_the_form_changes_only_their_own_record(me, facilitator, other_facilitator):
    before = (other_facilitator.phone, other_facilitator.email)
    # A hand-made form naming the other facilitator changes nothing of theirs.
    me.post(CONTACT, shown_form(me) | {"id": other_facilitator.pk, "phone": "081211112222"})

    other_facilitator.refresh_from_db()
    assert (other_facilitator.phone, other_facilitator.email) == before
    facilitator.refresh_from_db()
    assert facilitator.phone == "081211112222"
