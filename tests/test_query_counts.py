"""Every page runs exactly the queries pinned here, with the demo data and with
a hundred times more rows (no N+1 in views or templates)."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts import roles
from accounts.models import User
from assignments.models import Assignment
from briefings.models import Attendance, Briefing, BriefingSession
from registry.models import Facilitator, Kecamatan, Kelurahan

pytestmark = pytest.mark.django_db

PAGES = [
    ("home:index", {}),
    ("home:kelurahan-list", {}),
    ("home:kelurahan-detail", {"code": "33.75.01.1002"}),
    ("home:facilitator-list", {}),
    ("home:facilitator-list?status=current&sort=kelurahan&q=demo", {}),
    ("home:facilitator-detail", {"pk": "first"}),
    ("registry:facilitator-create", {}),
    ("registry:facilitator-update", {"pk": "first"}),
    ("assignments:roster", {}),
    ("assignments:post", {}),
    ("assignments:move", {}),
    ("assignments:swap", {}),
    ("assignments:release", {}),
    ("assignments:deactivate", {}),
    ("assignments:reactivate", {}),
    ("audit:facilitator-history", {"pk": "first"}),
    ("audit:kelurahan-history", {"code": "33.75.01.1002"}),
    ("briefings:briefing-list", {}),
    ("briefings:briefing-detail", {"pk": "briefing"}),
    ("briefings:briefing-create", {}),
    ("briefings:briefing-update", {"pk": "briefing"}),
    ("briefings:session-attendance", {"pk": "briefing", "session_pk": "session"}),
    ("briefings:invitees", {"pk": "briefing"}),
    ("briefings:invitees?q=demo", {"pk": "briefing"}),
    ("briefings:invitations", {"pk": "briefing"}),
    ("briefings:session-checkin", {"pk": "briefing", "session_pk": "session"}),
    ("briefings:certificates", {"pk": "briefing"}),
    ("registry:facilitator-account", {"pk": "first"}),
    ("reports:index", {}),
    ("reports:roster", {}),
    ("reports:roster?as_of=2019-06-01&kecamatan=33.75.01", {}),
    ("reports:attendance-sheet", {"pk": "briefing"}),
    ("reports:attendance-sheet?kind=blank", {"pk": "briefing"}),
    ("reports:attendance-recap", {}),
]
# The facilitator's own pages, seen by the facilitator whose record grows.
OWN_PAGES = [
    ("home:me", {}),
    ("home:me-contact", {}),
    ("briefings:my-briefings", {}),
    ("briefings:my-briefing", {"pk": "briefing"}),
]


def grow_a_hundredfold():
    """Add 99 times the demo: kelurahan, facilitators, postings and attendance."""
    kecamatan = Kecamatan.objects.bulk_create(
        Kecamatan(code=f"98.{n // 100:02d}.{n % 100:02d}", name=f"Kecamatan {n}")
        for n in range(4 * 99)
    )
    kelurahan = Kelurahan.objects.bulk_create(
        Kelurahan(code=f"{k.code}.{1000 + i:04d}", name=f"Kelurahan {k.code} {i}", kecamatan=k)
        for k in kecamatan
        for i in range(7)
    )
    facilitators = Facilitator.objects.bulk_create(
        Facilitator(name=f"Fasilitator {n} (demo)", sex="P", phone=f"0813{n:08d}")
        for n in range(30 * 99)
    )
    Assignment.objects.bulk_create(
        Assignment(facilitator=f, kelurahan=k, start_date=datetime.date(2019, 1, 2))
        for f, k in zip(facilitators, kelurahan, strict=False)
    )
    # The pages' own records grow too: a long history and many briefings.
    first = Facilitator.objects.order_by("pk").first()
    medono = Kelurahan.objects.get(code="33.75.01.1002")
    session = BriefingSession.objects.order_by("pk").first()  # the briefing of 2019
    for year in range(1990, 2018):
        Assignment.objects.create(
            facilitator=facilitators[year - 1990],
            kelurahan=medono,
            start_date=datetime.date(year, 1, 1),
            end_date=datetime.date(year, 12, 31),
        )
        later = BriefingSession.objects.create(
            briefing=session.briefing,
            date=datetime.date(year, 2, 1),
            start_time=session.start_time,
            end_time=session.end_time,
            venue="Aula",
        )
        Attendance.objects.create(session=later, facilitator=first, status="hadir")
    Attendance.objects.bulk_create(
        Attendance(session=session, facilitator=f, status="hadir") for f in facilitators
    )
    # Every facilitator is invited to the demo briefing, and there are many more.
    session.briefing.invitees.add(*facilitators)
    briefings = Briefing.objects.bulk_create(Briefing(title=f"Bimtek {n}") for n in range(99))
    BriefingSession.objects.bulk_create(
        BriefingSession(
            briefing=briefing,
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=n),
            start_time=session.start_time,
            end_time=session.end_time,
            venue="Aula",
        )
        for n, briefing in enumerate(briefings)
    )
    Briefing.invitees.through.objects.bulk_create(
        Briefing.invitees.through(briefing=briefing, facilitator=first) for briefing in briefings
    )


def first_of(kind: str):
    model = {"first": Facilitator, "briefing": Briefing, "session": BriefingSession}[kind]
    return model.objects.order_by("pk").first().pk


def count_queries(client, name, kwargs) -> int:
    name, _, query = name.partition("?")
    kwargs = {
        key: first_of(value) if value in {"first", "briefing", "session"} else value
        for key, value in kwargs.items()
    }
    url = reverse(name, kwargs=kwargs) + (f"?{query}" if query else "")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


# Queries per page: (with the demo, with a hundred times the demo).
#
# Every page begins with the same three, and writes nothing: the session (read
# from the database here; through the cache where CACHE_URL names a shared one),
# the user, and the user's permissions, own and through groups, in one query
# (accounts.backends.PermissionBackend). The session is saved again only every
# SESSION_REFRESH_SECONDS, so no page pays the savepoint, UPDATE and release it
# paid on every request before. The rest is the page's own.
#
# The dashboard and the roster read the register's version in one query (the
# newest history row of postings, facilitators, deactivations and kelurahan) and
# keep their counts, and the roster its content, under it: the dashboard then
# counts kelurahan, covered kelurahan and the reserve (3) the first time. They need
# fewer at scale (they link to the long lists instead of listing them), and the
# register's kecamatan filter becomes a text field instead of a select.
SIGNED_IN = 3  # session, user, permissions
EXPECTED = {
    # + version, 3 counts, next and last session, last attendance, uncovered kelurahan,
    # reserve (not at scale), recent postings, contracts ending soon, posted without one,
    # the reminders not sent (the outbox's card), the requests to be excused waiting
    # (their count only when more than are listed)
    "home:index": (SIGNED_IN + 14, SIGNED_IN + 13),
    "home:kelurahan-list": (SIGNED_IN + 3, SIGNED_IN + 3),
    "home:kelurahan-detail": (SIGNED_IN + 7, SIGNED_IN + 7),
    "home:facilitator-list": (SIGNED_IN + 3, SIGNED_IN + 3),
    "home:facilitator-list?status=current&sort=kelurahan&q=demo": (SIGNED_IN + 3, SIGNED_IN + 3),
    # + the facilitator with their status, their postings, open deactivation, attendance,
    # their own history and their postings' (2), their contracts and payment details
    # (2), the history of their contracts, evaluations and payment details (3)
    "home:facilitator-detail": (SIGNED_IN + 11, SIGNED_IN + 11),
    "registry:facilitator-create": (SIGNED_IN, SIGNED_IN),
    "registry:facilitator-update": (SIGNED_IN + 2, SIGNED_IN + 2),
    # + version, the page's count, its kelurahan, their postings, the reserve (not at
    # scale); the counts come from the dashboard's visit under the same version
    "assignments:roster": (SIGNED_IN + 5, SIGNED_IN + 4),
    "assignments:post": (SIGNED_IN + 2, SIGNED_IN + 2),
    "assignments:move": (SIGNED_IN + 2, SIGNED_IN + 2),
    "assignments:swap": (SIGNED_IN + 2, SIGNED_IN + 2),
    "assignments:release": (SIGNED_IN + 1, SIGNED_IN + 1),
    "assignments:deactivate": (SIGNED_IN + 1, SIGNED_IN + 1),
    "assignments:reactivate": (SIGNED_IN + 1, SIGNED_IN + 1),
    "audit:facilitator-history": (SIGNED_IN + 6, SIGNED_IN + 6),
    "audit:kelurahan-history": (SIGNED_IN + 4, SIGNED_IN + 4),
    "briefings:briefing-list": (SIGNED_IN + 2, SIGNED_IN + 2),
    # + the briefing, its speakers, its sessions (each with its last saved row), the
    # invitees' count and page, their attendance with the last saved rows, the totals,
    # the history (4: the briefing's versions, the pks of their invitees, the names of
    # those who joined or left in the changes shown, the newest attendance records),
    # the requests to be excused and their newest history records (2)
    "briefings:briefing-detail": (SIGNED_IN + 13, SIGNED_IN + 13),
    # The invitees are chosen on their own page: the form lists none.
    "briefings:briefing-create": (SIGNED_IN, SIGNED_IN),
    # + the briefing, its sessions, its speakers
    "briefings:briefing-update": (SIGNED_IN + 3, SIGNED_IN + 3),
    # + the session with its briefing, the invitees' count and page, their attendance,
    # their requests waiting, the last saved row, the check-ins' count
    "briefings:session-attendance": (SIGNED_IN + 7, SIGNED_IN + 7),
    # + the briefing, its first session, the invitees' count and page (with their
    # posting on the first day)
    "briefings:invitees": (SIGNED_IN + 4, SIGNED_IN + 4),
    # + the facilitators found (the first 21)
    "briefings:invitees?q=demo": (SIGNED_IN + 5, SIGNED_IN + 5),
    # + the briefing, the invitees, those with an address, those sent it, the last sending
    "briefings:invitations": (SIGNED_IN + 5, SIGNED_IN + 5),
    # + the session with its briefing, the check-ins' count, the invitees' count
    "briefings:session-checkin": (SIGNED_IN + 3, SIGNED_IN + 3),
    # + the briefing, its sessions, those who qualify without one, the certificates'
    # count and page
    "briefings:certificates": (SIGNED_IN + 5, SIGNED_IN + 5),
    "registry:facilitator-account": (SIGNED_IN + 2, SIGNED_IN + 2),
    # + the briefings, the kecamatan of the roster's, the attendance recap's, the
    # monthly reports recap's, the honorarium list's and the evaluation recap's filters
    "reports:index": (SIGNED_IN + 6, SIGNED_IN + 6),
    "reports:roster": (SIGNED_IN + 7, SIGNED_IN + 7),
    "reports:roster?as_of=2019-06-01&kecamatan=33.75.01": (SIGNED_IN + 6, SIGNED_IN + 6),
    "reports:attendance-sheet": (SIGNED_IN + 6, SIGNED_IN + 6),
    "reports:attendance-sheet?kind=blank": (SIGNED_IN + 6, SIGNED_IN + 6),
    "reports:attendance-recap": (SIGNED_IN + 5, SIGNED_IN + 5),
}
# A facilitator's pages also read their facilitator record (own_facilitator); their
# own page reads their contracts too.
EXPECTED_OWN = {
    "home:me": (SIGNED_IN + 8, SIGNED_IN + 8),
    "home:me-contact": (SIGNED_IN + 2, SIGNED_IN + 2),
    # + the role (their facilitator link), their record, their briefings with their first
    # and last day, their certificates
    "briefings:my-briefings": (SIGNED_IN + 4, SIGNED_IN + 4),
    # + the role, their record, the briefing and its speakers, its sessions with their
    # attendance and their requests (3), their certificate
    "briefings:my-briefing": (SIGNED_IN + 8, SIGNED_IN + 8),
}

# The pages an area supervisor opens, for the camat of Pekalongan Barat and of a
# hundred of the added kecamatan (98.01.xx): their area grows a hundredfold too.
# Each runs the office's queries (EXPECTED at the demo size) plus one, the banner's
# names of the area; the area's conditions live inside the page's own queries.
# The dashboard, the roster and the roster report run none of the reserve's (its
# count and its list), which belongs to the office; the dashboard's contract panels
# (2) are the area's own. The facilitator's page reads the contracts of the area (1)
# and no payment details, the office's payroll.
AREA = "33.75.01 98.01"
AREA_PAGES = [
    page
    for page in PAGES
    if not page[0].startswith(("registry:", "assignments:", "briefings:briefing-create"))
    and page[0]
    not in {
        "briefings:briefing-update",
        "briefings:session-attendance",
        # the office's pages, and the code only those who record attendance show
        "briefings:invitees",
        "briefings:invitees?q=demo",
        "briefings:invitations",
        "briefings:session-checkin",
    }
] + [("assignments:roster", {})]
EXPECTED_AREA = {
    "home:index": (15, 15),  # 16 + 1 - the reserve's count and list (2)
    "home:kelurahan-list": (7, 7),
    "home:kelurahan-detail": (11, 11),
    "home:facilitator-list": (7, 7),
    "home:facilitator-list?status=current&sort=kelurahan&q=demo": (7, 7),
    # 14 + 1 - the payment details and their history (2)
    "home:facilitator-detail": (13, 13),
    "assignments:roster": (8, 8),  # 8 + 1 - the reserve (1)
    "audit:facilitator-history": (9, 9),  # 9 + 1 - the payment details' history (1)
    "audit:kelurahan-history": (8, 8),
    "briefings:briefing-list": (6, 6),
    "briefings:briefing-detail": (17, 17),  # 15 + the requests and their history (2)
    # The added sessions move the briefing's first day to 1990, when nobody was posted in
    # the area: an empty list needs no page of certificates.
    "briefings:certificates": (9, 8),
    "reports:index": (9, 9),
    "reports:roster": (9, 9),  # 10 + 1 - the reserve's count and list (2)
    "reports:roster?as_of=2019-06-01&kecamatan=33.75.01": (10, 10),
    "reports:attendance-sheet": (10, 10),
    "reports:attendance-sheet?kind=blank": (10, 10),
    "reports:attendance-recap": (9, 9),
}


def test_pages_run_exactly_their_queries_at_the_demo_size_and_a_hundred_times_it(
    client, staff_user
):
    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(staff_user)
    demo = {name: count_queries(client, name, kwargs) for name, kwargs in PAGES}

    grow_a_hundredfold()
    assert Facilitator.objects.count() >= 100 * 30 - 30

    grown = {name: count_queries(client, name, kwargs) for name, kwargs in PAGES}
    assert {name: (demo[name], grown[name]) for name, _kwargs in PAGES} == EXPECTED


def test_the_facilitator_pages_run_exactly_their_queries_at_a_hundred_times_the_data(client):
    call_command("seed_demo", stdout=io.StringIO())
    # The facilitator whose postings, briefings and attendance grow below.
    first = Facilitator.objects.order_by("pk").first()
    if first.user is None:
        first.user = User.objects.create_user(username="faskel.pertama")
        first.save(update_fields=["user"])
    client.force_login(first.user)
    demo = {name: count_queries(client, name, kwargs) for name, kwargs in OWN_PAGES}

    grow_a_hundredfold()

    grown = {name: count_queries(client, name, kwargs) for name, kwargs in OWN_PAGES}
    assert {name: (demo[name], grown[name]) for name, _kwargs in OWN_PAGES} == EXPECTED_OWN


def test_an_area_supervisors_pages_run_exactly_their_queries_at_a_hundred_times_the_data(
    client,
):
    call_command("seed_demo", stdout=io.StringIO())
    camat = User.objects.create_user(username="camat.uji", area=AREA)
    camat.groups.add(Group.objects.get(name=roles.AREA_SUPERVISOR))
    client.force_login(camat)
    demo = {name: count_queries(client, name, kwargs) for name, kwargs in AREA_PAGES}

    grow_a_hundredfold()
    # The area grew with the register: a hundred kecamatan of it are new.
    assert Kelurahan.objects.visible_to(camat).count() == 7 + 100 * 7

    grown = {name: count_queries(client, name, kwargs) for name, kwargs in AREA_PAGES}
    assert {name: (demo[name], grown[name]) for name, _kwargs in AREA_PAGES} == EXPECTED_AREA
