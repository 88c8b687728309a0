"""The matrix, the inbox and the review page run the same queries with one
facilitator and with a hundred (no N+1 in views or templates)."""

import datetime

import pytest
from django.urls import reverse

from accounts import roles
from activities.models import ActivityEntry, ActivityKind, Attachment, MonthlyReport
from assignments.models import Assignment
from registry.models import Facilitator, Kecamatan, Kelurahan
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

STATES = ["submitted", "verified", "returned", "approved", "draft"]


def office_data(size: int, staff_user) -> MonthlyReport:
    """`size` facilitators in `size` kelurahan, a report per month for Jan-Mar 2024
    with `size` entries and photos in the first one; returns that one (submitted)."""
    kecamatan = Kecamatan.objects.create(code="98.01.01", name="Kecamatan Uji")
    kelurahan = Kelurahan.objects.bulk_create(
        Kelurahan(code=f"98.01.01.{1000 + n}", name=f"Kelurahan {n}", kecamatan=kecamatan)
        for n in range(size)
    )
    facilitators = Facilitator.objects.bulk_create(
        Facilitator(name=f"Fasilitator {n}", sex="L") for n in range(size)
    )
    Assignment.objects.bulk_create(
        Assignment(facilitator=f, kelurahan=k, start_date=datetime.date(2023, 1, 2))
        for f, k in zip(facilitators, kelurahan, strict=True)
    )
    reports = MonthlyReport.objects.bulk_create(
        MonthlyReport(
            facilitator=f,
            kelurahan=k,
            month=datetime.date(2024, month, 1),
            state=STATES[(n + month) % len(STATES)] if n else STATES[month - 1],
            submitted_at=datetime.datetime(2024, month + 1, 3, tzinfo=datetime.UTC),
            late=n % 3 == 0,
            verified_by=staff_user,
            verified_at=datetime.datetime(2024, month + 1, 4, tzinfo=datetime.UTC),
        )
        for n, (f, k) in enumerate(zip(facilitators, kelurahan, strict=True))
        for month in (1, 2, 3)
    )
    first = reports[0]
    kind = ActivityKind.objects.first()
    entries = ActivityEntry.objects.bulk_create(
        ActivityEntry(
            facilitator=first.facilitator,
            kelurahan=first.kelurahan,
            date=datetime.date(2024, 1, 1 + n % 28),
            kind=kind,
            accompanied="LPM",
            description=f"Kegiatan {n}",
            is_draft=False,
        )
        for n in range(size)
    )
    Attachment.objects.bulk_create(
        Attachment(
            entry=entry, kind="photo", file="activities/x.jpg", content_type="image/jpeg", size=1
        )
        for entry in entries
    )
    return first


@pytest.fixture
def at_mid_march():
    import time_machine

    with time_machine.travel(datetime.datetime(2024, 3, 15, 3, tzinfo=datetime.UTC), tick=False):
        yield


# Queries of every page: the session, the user, and their permissions (own and
# through groups, in one query). The session is not saved again on each request.
SIGNED_IN = 3


@pytest.mark.parametrize("size", [1, 100])
@pytest.mark.parametrize(
    "page, queries",
    [
        # kecamatan list, facilitators posted in the year (too many for one page?),
        # postings with facilitators and kelurahan, reports, deadline setting
        ("matrix", SIGNED_IN + 5),
        # count and page of submitted reports, count and page of verified reports
        ("inbox", SIGNED_IN + 4),
        # report, entries, their attachments, transitions, the month's openings for
        # late entry (shown in the history since they were recorded), deadline setting
        ("review", SIGNED_IN + 6),
    ],
)
def test_staff_pages_run_the_same_queries_at_a_hundredfold(
    client, staff_user, at_mid_march, django_assert_num_queries, size, page, queries
):
    first = office_data(size, staff_user)
    client.force_login(staff_user)
    url = {
        "matrix": reverse("activities:matrix") + "?year=2024",
        "inbox": reverse("activities:inbox"),
        "review": reverse("activities:review", args=[first.pk]),
    }[page]
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    if page == "matrix":
        assert content.count('data-testid="matrix-row"') == size
    elif page == "inbox":
        assert "Fasilitator 0" in content
    else:
        assert content.count('data-testid="report-entry"') == size


def test_a_register_too_large_for_one_page_asks_for_a_kecamatan(
    client, staff_user, at_mid_march, settings
):
    settings.ACTIVITY_MATRIX_ROWS = 2
    office_data(3, staff_user)
    client.force_login(staff_user)
    content = client.get(reverse("activities:matrix") + "?year=2024").content.decode()
    chosen = client.get(
        reverse("activities:matrix") + "?year=2024&kecamatan=98.01.01"
    ).content.decode()
    assert "3 fasilitator bertugas tahun ini: pilih kecamatan" in content
    assert 'data-testid="matrix-row"' not in content
    assert chosen.count('data-testid="matrix-row"') == 3


@pytest.mark.parametrize("size", [1, 100])
@pytest.mark.parametrize(
    "page, queries",
    [
        # The same queries as the office's, the area's condition inside them, and the
        # banner's names of the area.
        ("matrix", SIGNED_IN + 5 + 1),
        ("inbox", SIGNED_IN + 4 + 1),
        ("review", SIGNED_IN + 6 + 1),  # 6: the openings for late entry, as above
    ],
)
def test_an_area_coordinators_pages_run_the_same_queries_at_a_hundredfold(
    client, staff_user, at_mid_march, django_assert_num_queries, size, page, queries
):
    first = office_data(size, staff_user)
    # Another kecamatan's facilitator and report, which the area never counts.
    other = office_data_elsewhere(staff_user)
    coordinator = make_user("koordinator.uji", roles.AREA_COORDINATOR, area="98.01.01")
    client.force_login(coordinator)
    url = {
        "matrix": reverse("activities:matrix") + "?year=2024",
        "inbox": reverse("activities:inbox"),
        "review": reverse("activities:review", args=[first.pk]),
    }[page]
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    assert other.facilitator.name not in content
    if page == "matrix":
        assert content.count('data-testid="matrix-row"') == size
    elif page == "inbox":
        assert "Fasilitator 0" in content
    else:
        assert content.count('data-testid="report-entry"') == size


def office_data_elsewhere(staff_user) -> MonthlyReport:
    kecamatan = Kecamatan.objects.create(code="98.02.01", name="Kecamatan Lain")
    place = Kelurahan.objects.create(
        code="98.02.01.1000", name="Kelurahan Lain", kecamatan=kecamatan
    )
    person = Facilitator.objects.create(name="Orang Seberang", sex="P")
    Assignment.objects.create(
        facilitator=person, kelurahan=place, start_date=datetime.date(2023, 1, 2)
    )
    return MonthlyReport.objects.create(
        facilitator=person,
        kelurahan=place,
        month=datetime.date(2024, 1, 1),
        state="submitted",
        submitted_at=datetime.datetime(2024, 2, 3, tzinfo=datetime.UTC),
    )
