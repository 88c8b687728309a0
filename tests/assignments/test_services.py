"""Posting, moving, swapping, releasing and deactivating through the services."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from assignments import services
from assignments.factories import AssignmentFactory
from assignments.models import Assignment
from assignments.selectors import in_reserve
from registry.factories import FacilitatorFactory, KelurahanFactory

pytestmark = pytest.mark.django_db

JAN_2019 = datetime.date(2019, 1, 2)
JULY_2021 = datetime.date(2021, 7, 1)


def test_it_posts_a_facilitator_in_reserve_to_a_free_kelurahan(staff_user):
    facilitator, kelurahan = FacilitatorFactory(), KelurahanFactory()

    posting = services.assignment_create(
        facilitator=facilitator,
        kelurahan=kelurahan,
        start_date=JAN_2019,
        decree_number="800/001/2019",
        by=staff_user,
    )

    assert Assignment.objects.current().get(kelurahan=kelurahan) == posting
    assert (posting.facilitator, posting.created_by) == (facilitator, staff_user)


def test_it_refuses_a_covered_kelurahan(staff_user):
    current = AssignmentFactory(facilitator__name="Budi Santoso")
    with pytest.raises(ValidationError) as caught:
        services.assignment_create(
            facilitator=FacilitatorFactory(),
            kelurahan=current.kelurahan,
            start_date=JULY_2021,
            by=staff_user,
        )
    assert "Budi Santoso" in caught.value.messages[0]
    assert Assignment.objects.count() == 1


def test_it_refuses_an_inactive_facilitator(staff_user):
    facilitator = FacilitatorFactory(name="Tini", is_active=False)
    with pytest.raises(ValidationError) as caught:
        services.assignment_create(
            facilitator=facilitator,
            kelurahan=KelurahanFactory(),
            start_date=JULY_2021,
            by=staff_user,
        )
    assert caught.value.messages == [
        "Fasilitator Tini tidak aktif pada 1 Juli 2021 sehingga tidak dapat ditugaskan."
    ]
    assert not Assignment.objects.exists()


def test_a_move_ends_the_old_posting_the_day_before_the_new_one(staff_user):
    old = AssignmentFactory(start_date=JAN_2019)
    destination = KelurahanFactory()

    new = services.assignment_move(
        facilitator=old.facilitator,
        to_kelurahan=destination,
        start_date=JULY_2021,
        decree_number="800/099/2021",
        by=staff_user,
    )

    old.refresh_from_db()
    assert old.end_date == datetime.date(2021, 6, 30)
    assert old.end_decree_number == "800/099/2021"
    assert (new.kelurahan, new.start_date, new.end_date) == (destination, JULY_2021, None)
    assert Assignment.objects.current().filter(kelurahan=old.kelurahan).count() == 0


def test_a_move_cannot_start_before_the_current_posting(staff_user):
    old = AssignmentFactory(start_date=JULY_2021)
    with pytest.raises(ValidationError) as caught:
        services.assignment_move(
            facilitator=old.facilitator,
            to_kelurahan=KelurahanFactory(),
            start_date=JAN_2019,
            by=staff_user,
        )
    assert caught.value.messages == [
        "Penugasan baru harus dimulai setelah penugasan saat ini, yang dimulai 1 Juli 2021."
    ]
    old.refresh_from_db()
    assert old.end_date is None
    assert Assignment.objects.count() == 1


def test_a_refused_move_leaves_the_old_posting_open(staff_user):
    old = AssignmentFactory(start_date=JAN_2019)
    covered = AssignmentFactory(start_date=JAN_2019).kelurahan
    with pytest.raises(ValidationError):
        services.assignment_move(
            facilitator=old.facilitator, to_kelurahan=covered, start_date=JULY_2021, by=staff_user
        )
    old.refresh_from_db()
    assert old.end_date is None


def test_a_swap_exchanges_two_kelurahan(staff_user):
    first, second = AssignmentFactory(start_date=JAN_2019), AssignmentFactory(start_date=JAN_2019)

    services.assignment_swap(
        first=first.facilitator, second=second.facilitator, start_date=JULY_2021, by=staff_user
    )

    current = {a.facilitator_id: a.kelurahan_id for a in Assignment.objects.current()}
    assert current == {
        first.facilitator_id: second.kelurahan_id,
        second.facilitator_id: first.kelurahan_id,
    }
    assert Assignment.objects.filter(end_date=datetime.date(2021, 6, 30)).count() == 2


def test_a_release_sends_the_facilitator_back_to_reserve(staff_user):
    posting = AssignmentFactory(start_date=JAN_2019, facilitator__joined_on=JAN_2019)
    services.assignment_release(
        facilitator=posting.facilitator, end_date=JULY_2021, decree_number="SK-9", by=staff_user
    )
    posting.refresh_from_db()
    assert posting.end_date == JULY_2021
    assert posting.facilitator not in in_reserve(JULY_2021)
    assert posting.facilitator in in_reserve(JULY_2021 + datetime.timedelta(days=1))


def test_a_release_cannot_end_before_the_start(staff_user):
    posting = AssignmentFactory(start_date=JULY_2021)
    with pytest.raises(ValidationError):
        services.assignment_release(
            facilitator=posting.facilitator, end_date=JAN_2019, by=staff_user
        )
    posting.refresh_from_db()
    assert posting.end_date is None


def test_releasing_someone_in_reserve_is_refused(staff_user):
    with pytest.raises(ValidationError) as caught:
        services.assignment_release(
            facilitator=FacilitatorFactory(name="Rina"), end_date=JULY_2021, by=staff_user
        )
    assert caught.value.messages == ["Fasilitator Rina tidak ditugaskan pada 1 Juli 2021."]


def test_deactivating_ends_the_current_posting(staff_user):
    posting = AssignmentFactory(start_date=JAN_2019)
    services.facilitator_deactivate(
        facilitator=posting.facilitator,
        start_date=JULY_2021,
        reason="Mengundurkan diri",
        decree_number="SK-10",
        by=staff_user,
    )
    posting.refresh_from_db()
    assert posting.end_date == JULY_2021 - datetime.timedelta(days=1)
    assert not posting.facilitator.is_active_on(JULY_2021)
    assert posting.facilitator.is_active_on(JULY_2021 - datetime.timedelta(days=1))
    deactivation = posting.facilitator.deactivations.get()
    assert (deactivation.reason, deactivation.decree_number) == ("Mengundurkan diri", "SK-10")
    assert deactivation.history.get().history_user == staff_user
