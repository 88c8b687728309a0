"""Input at the edges of what the types allow gets a clear Indonesian message,
never a 500, and changes nothing."""

import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from assignments import services
from assignments.factories import AssignmentFactory
from assignments.models import Assignment
from briefings.factories import BriefingSessionFactory
from briefings.models import Attendance
from registry.factories import KecamatanFactory, KelurahanFactory
from registry.models import Facilitator

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = "Masukkan tanggal antara 17 Agustus 1945 dan"
BEYOND_KEYS = str(2**63)


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def two_postings(db):
    return AssignmentFactory(), AssignmentFactory()


def rows_of_postings():
    return sorted(Assignment.objects.values_list("pk", "start_date", "end_date"))


@pytest.mark.parametrize("day", ["0001-01-01", "1945-08-16", "9999-12-31"])
def test_a_move_or_swap_at_the_calendars_edge_is_refused_on_the_form(staff, two_postings, day):
    first, second = two_postings
    free = KelurahanFactory()
    before = rows_of_postings()
    for action, data in [
        ("move", {"facilitator": first.facilitator_id, "to_kelurahan": free.code}),
        ("swap", {"first": first.facilitator_id, "second": second.facilitator_id}),
    ]:
        response = staff.post(
            reverse(f"assignments:{action}"),
            {**data, "start_date": day, "decree_number": "SK 1", "confirmed": "1"},
        )
        assert response.status_code == 200, action
        assert OUT_OF_RANGE in response.content.decode(), action
    assert rows_of_postings() == before


def test_the_posting_services_refuse_a_start_without_a_day_before(two_postings):
    first, second = two_postings
    with pytest.raises(ValidationError):
        services.assignment_move(
            facilitator=first.facilitator,
            to_kelurahan=KelurahanFactory(),
            start_date=datetime.date.min,
            by=None,
        )
    with pytest.raises(ValidationError):
        services.assignment_swap(
            first=first.facilitator,
            second=second.facilitator,
            start_date=datetime.date.min,
            by=None,
        )


@time_machine.travel(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC), tick=False)
@pytest.mark.parametrize(
    ("joined", "accepted"),
    [
        ("0001-01-01", False),
        ("1945-08-16", False),
        ("1945-08-17", True),
        ("2036-12-01", True),
        ("2036-12-02", False),
        ("9999-12-31", False),
    ],
)
def test_the_date_joined_is_kept_within_a_sane_range(staff, joined, accepted):
    response = staff.post(
        reverse("registry:facilitator-create"),
        {"name": "Sri Rahayu", "sex": "P", "joined_on": joined},
    )
    assert Facilitator.objects.exists() is accepted
    if not accepted:
        assert response.status_code == 200
        assert f"{OUT_OF_RANGE} 1 Desember 2036." in response.content.decode()


def test_the_form_says_which_dates_it_takes(staff):
    body = staff.get(reverse("registry:facilitator-create")).content.decode()
    assert "Antara 17 Agustus 1945 dan sepuluh tahun dari hari ini." in body


def test_a_briefing_session_out_of_range_is_refused(staff):
    session = BriefingSessionFactory()
    session.date = datetime.date(1, 1, 1)
    with pytest.raises(ValidationError) as refused:
        session.full_clean()
    assert "date" in refused.value.message_dict


@pytest.mark.parametrize("page", ["briefing-attendance", "session-attendance"])
def test_an_attendance_row_beyond_the_databases_integers_is_refused(staff, page):
    session = BriefingSessionFactory()
    kwargs = {"pk": session.briefing_id}
    if page == "session-attendance":
        kwargs["session_pk"] = session.pk
    response = staff.post(
        reverse(f"briefings:{page}", kwargs=kwargs),
        {
            "rows-TOTAL_FORMS": "1",
            "rows-INITIAL_FORMS": "0",
            "rows-0-facilitator": BEYOND_KEYS,
            "rows-0-status": Attendance.Status.PRESENT,
        },
    )
    assert response.status_code == 200
    assert not response.context["formset"].is_valid()
    assert not Attendance.objects.exists()


def test_an_invitee_beyond_the_databases_integers_is_refused(staff):
    session = BriefingSessionFactory()
    response = staff.post(
        reverse("briefings:briefing-update", args=[session.briefing_id]),
        {"title": "Pembekalan", "invitees": [BEYOND_KEYS]},
    )
    assert response.status_code == 200
    assert not session.briefing.invitees.exists()


def test_an_unknown_address_is_a_plain_not_found(staff):
    response = staff.get("/tidak-ada/")
    assert response.status_code == 404
    assert "Halaman tidak ditemukan" in response.content.decode()


# A NUL byte is refused at the door (home.middleware.NulByteMiddleware), whatever
# the page: the Indonesian 400 page, before any query.
@pytest.mark.parametrize(
    "path",
    [
        "/kelurahan/33.75.01.1002\x00/",
        "/kelurahan/33.75.01.1002%00/",
        "/kelurahan/33.75.01.1002\x00/history/",
        "/kelurahan/\x00/history/",
    ],
)
def test_a_nul_address_is_a_bad_request(staff, path, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = staff.get(path)
    assert response.status_code == 400
    assert "karakter yang tidak diizinkan" in response.content.decode()


@pytest.mark.parametrize("value", ["\x00", "33.75\x00.01", "33.75.01\x00"])
def test_a_nul_in_the_admins_kecamatan_filter_is_a_bad_request(staff, value):
    KecamatanFactory()
    url = reverse("admin:registry_facilitator_changelist")
    response = staff.get(url, {"kecamatan": value})
    assert response.status_code == 400


WITHOUT_DATE_HIERARCHY = {"briefings_attendance", "registry_facilitator"}


@pytest.mark.parametrize(
    ("admin_page", "lookup"),
    [
        ("registry_disclosure", "at"),
        ("assignments_assignment", "start_date"),
        ("briefings_briefingsession", "date"),
        ("briefings_attendance", "recorded_at"),
        ("registry_facilitator", "joined_on"),
    ],
)
@pytest.mark.parametrize(
    "query",
    [
        {"__year": "99999"},
        {"__year": "0"},
        {"__year": "-1"},
        {"__year": "9999", "__month": "12", "__day": "31"},
        {"__year": "9999", "__month": "12"},
    ],
    ids=lambda q: "-".join(q.values()),
)
def test_a_year_beyond_the_calendar_in_the_admin_is_an_invalid_filter(
    client, administrator, admin_page, lookup, query
):
    client.force_login(administrator)
    response = client.get(
        reverse(f"admin:{admin_page}_changelist"),
        {lookup + key: value for key, value in query.items()},
    )
    if query["__year"] == "9999" and admin_page in WITHOUT_DATE_HIERARCHY:
        # Plain lookups of a real day: a valid filter that finds nothing.
        assert response.status_code == 200
        assert list(response.context["cl"].result_list) == []
    else:
        assert response.status_code == 302
        assert response.url.endswith("?e=1")
