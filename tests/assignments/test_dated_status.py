"""Deactivation and reactivation are dated, confirmed, kept as history, and the
roster of any past day lists exactly who was posted and who was in reserve."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assignments import services
from assignments.factories import AssignmentFactory
from assignments.reports import RosterReport
from assignments.selectors import FacilitatorStatus, in_reserve, with_status
from registry.factories import FacilitatorFactory, KelurahanFactory
from registry.models import Deactivation, Facilitator

pytestmark = pytest.mark.django_db

BRIEFING_DAY = datetime.date(2019, 2, 13)
DEACTIVATE = reverse("assignments:deactivate")
REACTIVATE = reverse("assignments:reactivate")


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


def status_of(facilitator, day):
    return with_status(Facilitator.objects.filter(pk=facilitator.pk), day).get().status


def test_deactivating_asks_for_confirmation_then_ends_the_posting_the_day_before(staff):
    posting = AssignmentFactory(start_date=datetime.date(2018, 1, 2))
    form = {
        "facilitator": posting.facilitator.pk,
        "start_date": "2025-03-01",
        "reason": "Mengundurkan diri",
        "decree_number": "SK-77",
    }

    confirm = staff.post(DEACTIVATE, form)

    assert confirm.status_code == 200
    assert "Mengundurkan diri" in confirm.content.decode()
    assert not Deactivation.objects.exists()  # nothing happens before confirming

    done = staff.post(DEACTIVATE, {**form, "confirmed": "1"}, follow=True)

    assert done.status_code == 200
    posting.refresh_from_db()
    assert posting.end_date == datetime.date(2025, 2, 28)
    deactivation = Deactivation.objects.get()
    assert (deactivation.start_date, deactivation.reason, deactivation.decree_number) == (
        datetime.date(2025, 3, 1),
        "Mengundurkan diri",
        "SK-77",
    )
    assert deactivation.history.count() == 1
    assert status_of(posting.facilitator, datetime.date(2025, 3, 1)) == FacilitatorStatus.INACTIVE
    assert status_of(posting.facilitator, datetime.date(2025, 2, 28)) == FacilitatorStatus.POSTED


def test_a_deactivation_needs_a_reason(staff):
    facilitator = FacilitatorFactory()
    response = staff.post(
        DEACTIVATE, {"facilitator": facilitator.pk, "start_date": "2025-03-01", "confirmed": "1"}
    )
    assert response.status_code == 200
    assert "reason" in response.context["form"].errors
    assert not Deactivation.objects.exists()


def test_reactivation_is_a_service_that_ends_the_inactive_period(staff, staff_user):
    facilitator = FacilitatorFactory(joined_on=datetime.date(2015, 1, 1))
    services.facilitator_deactivate(
        facilitator=facilitator, start_date=datetime.date(2020, 1, 1), reason="Cuti", by=staff_user
    )

    staff.post(
        REACTIVATE,
        {"facilitator": facilitator.pk, "start_date": "2021-01-01", "note": "", "confirmed": "1"},
    )

    deactivation = Deactivation.objects.get()
    assert deactivation.end_date == datetime.date(2020, 12, 31)
    assert status_of(facilitator, datetime.date(2020, 6, 1)) == FacilitatorStatus.INACTIVE
    assert status_of(facilitator, datetime.date(2021, 1, 1)) == FacilitatorStatus.RESERVE
    assert facilitator in in_reserve(datetime.date(2021, 1, 1))


def test_a_facilitator_cannot_be_active_again_before_they_were_deactivated(staff_user):
    facilitator = FacilitatorFactory()
    services.facilitator_deactivate(
        facilitator=facilitator, start_date=datetime.date(2020, 1, 1), reason="Cuti", by=staff_user
    )
    with pytest.raises(ValidationError):
        services.facilitator_reactivate(
            facilitator=facilitator, start_date=datetime.date(2019, 6, 1), by=staff_user
        )
    assert Deactivation.objects.get().end_date is None


def test_an_inactive_facilitator_cannot_be_posted_on_an_inactive_day(staff_user):
    facilitator = FacilitatorFactory(name="Tini")
    services.facilitator_deactivate(
        facilitator=facilitator, start_date=datetime.date(2020, 1, 1), reason="Cuti", by=staff_user
    )
    with pytest.raises(ValidationError):
        services.assignment_create(
            facilitator=facilitator,
            kelurahan=KelurahanFactory(),
            start_date=datetime.date(2020, 3, 1),
            by=staff_user,
        )
    assert not facilitator.assignments.exists()


def test_the_roster_of_a_past_day_includes_a_facilitator_deactivated_later(staff_user):
    joined = datetime.date(2018, 1, 1)
    reserve = FacilitatorFactory(name="Rini Cadangan", joined_on=joined)
    posted = AssignmentFactory(
        facilitator__name="Pandu Bertugas",
        facilitator__joined_on=joined,
        start_date=datetime.date(2018, 6, 1),
    ).facilitator
    FacilitatorFactory(name="Nanda Baru", joined_on=datetime.date(2022, 1, 1))
    for person in (reserve, posted):
        services.facilitator_deactivate(
            facilitator=person,
            start_date=datetime.date(2023, 1, 1),
            reason="Selesai",
            by=staff_user,
        )

    then = RosterReport(as_of=BRIEFING_DAY, user=None)
    reserve_names = [name for name, _phone in then.reserve_rows()]
    posted_names = [row[4] for row in then.kelurahan_rows()]

    assert reserve_names == ["Rini Cadangan"]  # not yet joined: Nanda; posted: Pandu
    assert "Pandu Bertugas" in posted_names
    assert [
        name
        for name, _phone in RosterReport(as_of=datetime.date(2023, 6, 1), user=None).reserve_rows()
    ] == ["Nanda Baru"]
