"""Posting, moving, swapping and releasing through the staff pages."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from assignments.factories import AssignmentFactory
from assignments.forms import CHOICES_SHOWN
from assignments.models import Assignment
from registry.factories import FacilitatorFactory, KelurahanFactory

pytestmark = pytest.mark.django_db


def submit(client, action, data, confirmed=True):
    data = {**data, **({"confirmed": "1"} if confirmed else {})}
    return client.post(reverse(f"assignments:{action}"), data)


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def test_posting_asks_for_confirmation_before_writing(staff):
    facilitator = FacilitatorFactory(name="Rina Lestari")
    kelurahan = KelurahanFactory(name="Medono")
    data = {
        "facilitator": facilitator.pk,
        "kelurahan": kelurahan.code,
        "start_date": "2024-03-01",
        "decree_number": "800/12/2024",
    }

    response = submit(staff, "post", data, confirmed=False)

    assert response.status_code == 200
    assert (
        "Tugaskan Rina Lestari ke kelurahan Medono mulai 1 Maret 2024 (SK 800/12/2024)."
        in response.content.decode()
    )
    assert not Assignment.objects.exists()

    response = submit(staff, "post", data)

    assert response.status_code == 302
    assert response["Location"] == reverse("assignments:roster")
    posting = Assignment.objects.current().get()
    assert (posting.facilitator, posting.kelurahan) == (facilitator, kelurahan)
    assert posting.decree_number == "800/12/2024"
    assert posting.start_date == datetime.date(2024, 3, 1)


def test_back_to_the_form_from_the_confirmation_writes_nothing(staff):
    data = {
        "facilitator": FacilitatorFactory().pk,
        "kelurahan": KelurahanFactory().code,
        "start_date": "2024-03-01",
        "decree_number": "800/12/2024",
        "confirmed": "0",
    }
    response = staff.post(reverse("assignments:post"), data)
    assert response.status_code == 200
    assert "Lanjutkan" in response.content.decode()
    assert not Assignment.objects.exists()


def test_posting_to_a_covered_kelurahan_is_refused_on_the_form(staff):
    current = AssignmentFactory(facilitator__name="Budi Santoso", kelurahan__name="Medono")
    response = submit(
        staff,
        "post",
        {
            "facilitator": FacilitatorFactory().pk,
            "kelurahan": current.kelurahan.code,
            "start_date": "2024-03-01",
            "decree_number": "SK-1",
        },
    )
    assert response.status_code == 200
    assert "Kelurahan Medono sudah didampingi fasilitator Budi Santoso" in response.content.decode()
    assert Assignment.objects.count() == 1


def test_posting_an_inactive_facilitator_is_refused_on_the_form(staff):
    response = submit(
        staff,
        "post",
        {
            "facilitator": FacilitatorFactory(name="Tini", is_active=False).pk,
            "kelurahan": KelurahanFactory().code,
            "start_date": "2024-03-01",
            "decree_number": "SK-1",
        },
    )
    assert response.status_code == 200
    assert "Fasilitator Tini tidak aktif" in response.content.decode()
    assert not Assignment.objects.exists()


def test_a_missing_decree_number_is_asked_for(staff):
    response = submit(
        staff,
        "post",
        {
            "facilitator": FacilitatorFactory().pk,
            "kelurahan": KelurahanFactory().code,
            "start_date": "2024-03-01",
        },
    )
    assert response.status_code == 200
    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    assert not Assignment.objects.exists()


def test_moving_ends_the_old_posting_the_day_before(staff):
    old = AssignmentFactory(start_date=datetime.date(2019, 1, 2))
    destination = KelurahanFactory(name="Tirto")
    response = submit(
        staff,
        "move",
        {
            "facilitator": old.facilitator.pk,
            "to_kelurahan": destination.code,
            "start_date": "2024-07-01",
            "decree_number": "SK-2",
        },
    )
    assert response.status_code == 302
    old.refresh_from_db()
    assert old.end_date == datetime.date(2024, 6, 30)
    assert Assignment.objects.current().get(facilitator=old.facilitator).kelurahan == destination


def test_a_move_dated_before_the_current_posting_is_refused(staff):
    old = AssignmentFactory(start_date=datetime.date(2024, 1, 1))
    response = submit(
        staff,
        "move",
        {
            "facilitator": old.facilitator.pk,
            "to_kelurahan": KelurahanFactory().code,
            "start_date": "2023-07-01",
            "decree_number": "SK-2",
        },
    )
    assert response.status_code == 200
    assert "harus dimulai setelah penugasan saat ini" in response.content.decode()
    old.refresh_from_db()
    assert old.end_date is None


def test_swapping_exchanges_the_two_kelurahan(staff):
    first, second = AssignmentFactory(), AssignmentFactory()
    response = submit(
        staff,
        "swap",
        {
            "first": first.facilitator.pk,
            "second": second.facilitator.pk,
            "start_date": "2024-07-01",
            "decree_number": "SK-3",
        },
    )
    assert response.status_code == 302
    current = dict(Assignment.objects.current().values_list("facilitator", "kelurahan"))
    assert current[first.facilitator.pk] == second.kelurahan.pk
    assert current[second.facilitator.pk] == first.kelurahan.pk


def test_releasing_sends_the_facilitator_to_reserve(staff):
    posting = AssignmentFactory(start_date=datetime.date(2019, 1, 2))
    response = submit(
        staff,
        "release",
        {"facilitator": posting.facilitator.pk, "end_date": "2024-06-30", "decree_number": "SK-4"},
    )
    assert response.status_code == 302
    posting.refresh_from_db()
    assert posting.end_date == datetime.date(2024, 6, 30)
    assert posting.end_decree_number == "SK-4"


def test_the_form_is_prefilled_from_the_roster_link(staff):
    kelurahan = KelurahanFactory(name="Degayu")
    response = staff.get(reverse("assignments:post") + f"?kelurahan={kelurahan.code}")
    assert f'<option value="{kelurahan.code}" selected>' in response.content.decode()


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_two_staff_members_posting_to_one_kelurahan_at_once(staff_user):
    kelurahan = KelurahanFactory(name="Medono")
    facilitators = FacilitatorFactory.create_batch(2)
    barrier = threading.Barrier(2)
    responses = [None, None]

    def staff_member(index):
        client = Client()
        client.force_login(staff_user)
        barrier.wait()
        responses[index] = submit(
            client,
            "post",
            {
                "facilitator": facilitators[index].pk,
                "kelurahan": kelurahan.code,
                "start_date": "2024-03-01",
                "decree_number": f"SK-{index}",
            },
        )
        connection.close()

    threads = [threading.Thread(target=staff_member, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    statuses = sorted(r.status_code for r in responses)
    assert statuses == [200, 302]
    refused = next(r for r in responses if r.status_code == 200)
    assert "Kelurahan Medono sudah didampingi" in refused.content.decode()
    assert Assignment.objects.current().filter(kelurahan=kelurahan).count() == 1


def test_on_a_large_register_the_form_takes_a_typed_code_and_number(staff):
    kecamatan = KelurahanFactory().kecamatan
    for n in range(CHOICES_SHOWN):
        KelurahanFactory(kecamatan=kecamatan, code=f"{kecamatan.code}.{2000 + n:04d}")
    target = KelurahanFactory(kecamatan=kecamatan, code=f"{kecamatan.code}.9999", name="Jauh")
    facilitator = FacilitatorFactory(name="Rina")

    form_page = staff.get(reverse("assignments:post")).content.decode()
    assert '<select name="kelurahan"' not in form_page
    assert "33.75.01.1002" in form_page  # the help shows what a code looks like

    response = submit(
        staff,
        "post",
        {
            "facilitator": facilitator.pk,
            "kelurahan": target.code,
            "start_date": "2024-03-01",
            "decree_number": "SK-9",
        },
    )
    assert response.status_code == 302
    assert Assignment.objects.current().get(kelurahan=target).facilitator == facilitator


@pytest.mark.parametrize(
    "query",
    [
        "facilitator=99999999999999999999999",
        "facilitator=-1",
    ],
)
def test_a_hand_made_prefill_link_still_opens_the_form(staff, query):
    response = staff.get(reverse("assignments:post") + "?" + query)
    assert response.status_code == 200


@pytest.mark.parametrize("query", ["kelurahan=%00", "kelurahan=33.75.01.1002%00"])
def test_a_prefill_link_with_a_nul_is_a_bad_request(staff, query):
    # A NUL byte is refused at the door for every page (home.middleware.NulByteMiddleware).
    response = staff.get(reverse("assignments:post") + "?" + query)
    assert response.status_code == 400
