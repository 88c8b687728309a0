"""The coordinator of Pekalongan Barat: staff rights for the facilitators posted
there, and nothing beyond, even with a hand-made POST."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts import roles
from activities.models import MonthlyReport
from assignments import services as postings
from assignments.models import Assignment
from briefings import services as briefings
from briefings.models import Attendance
from registry.models import Deactivation
from tests.areas.conftest import kelurahan
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

NEXT_WEEK = "2024-03-22"


def state():
    return (
        list(Assignment.objects.order_by("pk").values_list("pk", "kelurahan_id", "end_date")),
        list(Attendance.objects.order_by("pk").values_list("pk", "status")),
        list(MonthlyReport.objects.order_by("pk").values_list("pk", "state")),
        Deactivation.objects.count(),
    )


def posting_form(**fields):
    return {"confirmed": "1", "decree_number": "800/1/X/2024", "start_date": NEXT_WEEK, **fields}


def test_moves_within_the_area_go_through(client, world, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("assignments:move"),
        posting_form(facilitator=world.inside.pk, to_kelurahan="33.75.01.1012"),
    )
    assert response.status_code == 302
    assert world.inside.assignments.order_by("-start_date").first().kelurahan.name == "Pringrejo"


@pytest.mark.parametrize(
    "action, fields",
    [
        # Someone posted outside the area, into it.
        ("move", {"facilitator": "outside", "to_kelurahan": "33.75.01.1012"}),
        # Someone of the area, out of it.
        ("move", {"facilitator": "inside", "to_kelurahan": "33.75.02.1002"}),
        ("swap", {"first": "inside", "second": "outside"}),
        ("release", {"facilitator": "outside", "end_date": NEXT_WEEK}),
        ("cancel-release", {"assignment": "outside-posting"}),
        ("cancel", {"assignment": "outside-scheduled"}),
    ],
)
def test_no_hand_made_post_reaches_outside_the_area(client, world, coordinator, action, fields):
    scheduled = postings.assignment_move(
        facilitator=world.outside,
        to_kelurahan=kelurahan("33.75.02.1007"),
        start_date=datetime.date(2024, 4, 1),
        by=None,
    )
    values = {
        "inside": world.inside.pk,
        "outside": world.outside.pk,
        "outside-posting": world.outside.assignments.order_by("start_date").first().pk,
        "outside-scheduled": scheduled.pk,
    }
    before = state()
    client.force_login(coordinator)
    data = {key: values.get(value, value) for key, value in fields.items()}
    response = client.post(reverse(f"assignments:{action}"), posting_form(**data))
    assert response.status_code == 200  # the form again, with its refusal
    assert response.context["form"].errors
    assert state() == before
    assert "Timurjaya" not in response.text


@pytest.mark.parametrize("action", ["post", "deactivate", "reactivate"])
def test_the_reserve_and_a_facilitators_standing_stay_with_the_office(
    client, world, coordinator, action
):
    before = state()
    client.force_login(coordinator)
    fields = {"facilitator": world.reserve.pk, "kelurahan": "33.75.01.1009", "reason": "Cuti"}
    assert client.get(reverse(f"assignments:{action}")).status_code == 403
    assert client.post(reverse(f"assignments:{action}"), posting_form(**fields)).status_code == 403
    assert state() == before


def test_the_services_refuse_whatever_the_way_in(world, coordinator):
    before = state()
    with pytest.raises(ValidationError, match="di luar wilayah Anda"):
        postings.assignment_move(
            facilitator=world.inside,
            to_kelurahan=kelurahan("33.75.02.1002"),
            start_date=datetime.date(2024, 3, 22),
            by=coordinator,
        )
    with pytest.raises(ValidationError, match="di luar wilayah Anda"):
        postings.assignment_release(
            facilitator=world.outside, end_date=datetime.date(2024, 3, 22), by=coordinator
        )
    with pytest.raises(PermissionDenied):
        postings.assignment_create(
            facilitator=world.reserve,
            kelurahan=kelurahan("33.75.01.1009"),
            start_date=datetime.date(2024, 3, 22),
            by=coordinator,
        )
    with pytest.raises(PermissionDenied):
        postings.facilitator_deactivate(
            facilitator=world.inside,
            start_date=datetime.date(2024, 3, 22),
            reason="Cuti",
            by=coordinator,
        )
    assert state() == before


def test_attendance_is_recorded_for_the_area_only(client, world, coordinator):
    session = world.past_session
    Attendance.objects.filter(session=session).delete()
    client.force_login(coordinator)
    url = reverse("briefings:session-attendance", args=[session.briefing_id, session.pk])
    page = client.get(url)
    rows = [row.person.name for row in page.context["rows"]]
    # Those posted in Pekalongan Barat on the day of the session.
    assert rows == ["Ani Baratsari", "Budi Baratjaya", "Citra Pindahan"]

    hand_made = {
        "rows-TOTAL_FORMS": "2",
        "rows-INITIAL_FORMS": "2",
        "rows-0-facilitator": world.inside.pk,
        "rows-0-status": "hadir",
        "rows-1-facilitator": world.outside.pk,
        "rows-1-status": "hadir",
    }
    refused = client.post(url, hand_made)
    assert refused.status_code == 200
    assert f"(id {world.outside.pk})" in refused.text
    assert "Timurjaya" not in refused.text
    assert not Attendance.objects.filter(session=session).exists()

    del hand_made["rows-1-facilitator"], hand_made["rows-1-status"]
    hand_made["rows-TOTAL_FORMS"] = hand_made["rows-INITIAL_FORMS"] = "1"
    assert client.post(url, hand_made).status_code == 302
    recorded = Attendance.objects.filter(session=session)
    assert list(recorded.values_list("facilitator__name", "recorded_by")) == [
        ("Ani Baratsari", coordinator.pk)
    ]


def test_the_attendance_service_names_nobody_outside_the_area(world, coordinator):
    entry = briefings.AttendanceEntry(facilitator_id=world.outside.pk, status="hadir")
    with pytest.raises(ValidationError) as refused:
        briefings.attendance_record(session=world.past_session, entries=[entry], by=coordinator)
    assert "Timurjaya" not in str(refused.value)


def test_a_supervisor_given_an_area_approves_its_reports_only(client, world, staff_user):
    from activities import services as reports

    for work in (world.inside_work, world.outside_work):
        reports.report_verify(report=work["report"], by=staff_user)
    kabid_barat = make_user("kabid.barat", roles.SUPERVISOR, area="33.75.01")
    client.force_login(kabid_barat)
    # February: the month of the reports (work_of), over on 15 March.
    response = client.post(reverse("activities:approve-month"), {"month": "2024-02"})
    assert response.status_code == 302
    states = dict(MonthlyReport.objects.filter(month="2024-02-01").values_list("pk", "state"))
    assert states[world.inside_work["report"].pk] == MonthlyReport.State.APPROVED
    assert states[world.outside_work["report"].pk] == MonthlyReport.State.VERIFIED


def test_monthly_reports_are_verified_within_the_area_only(client, world, coordinator):
    client.force_login(coordinator)
    outside = world.outside_work["report"]
    assert client.post(reverse("activities:verify", args=[outside.pk])).status_code == 404
    outside.refresh_from_db()
    assert outside.state == MonthlyReport.State.SUBMITTED

    inside = world.inside_work["report"]
    assert client.post(reverse("activities:verify", args=[inside.pk])).status_code == 302
    inside.refresh_from_db()
    assert (inside.state, inside.verified_by) == (MonthlyReport.State.VERIFIED, coordinator)
    # Approving is the office supervisor's.
    assert client.post(reverse("activities:approve", args=[inside.pk])).status_code == 403


@pytest.mark.parametrize(
    "name, kwargs",
    [
        ("registry:facilitator-create", None),
        ("registry:facilitator-update", "inside"),
        ("registry:facilitator-account", "inside"),
        ("home:facilitator-reveal-nik", "inside"),
        ("briefings:briefing-create", None),
        ("briefings:briefing-update", "briefing"),
    ],
)
def test_the_offices_own_pages_are_closed(client, world, coordinator, name, kwargs):
    kwargs = {
        None: {},
        "inside": {"pk": world.inside.pk},
        "briefing": {"pk": world.past_session.briefing_id},
    }[kwargs]
    client.force_login(coordinator)
    assert client.post(reverse(name, kwargs=kwargs), {"title": "Diubah"}).status_code == 403


def test_the_office_only_pages_are_closed_to_staff_given_an_area_too(client, world, staff_user):
    """An account's area limits it whatever its group: staff with an area are an area's."""
    staff_user.is_staff = False  # an account with an area never enters the admin
    staff_user.area = "33.75.01"
    staff_user.save()
    client.force_login(staff_user)
    assert client.get(reverse("registry:facilitator-create")).status_code == 403
    assert client.get(reverse("assignments:post")).status_code == 403
    assert (
        client.get(reverse("home:facilitator-detail", args=[world.outside.pk])).status_code == 404
    )
    assert client.get(reverse("home:facilitator-detail", args=[world.inside.pk])).status_code == 200
