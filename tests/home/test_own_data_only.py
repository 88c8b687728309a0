"""A facilitator reaches no other facilitator's data by any URL, guessed ids
included, and no staff page."""

import datetime

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from assignments.factories import AssignmentFactory
from briefings.factories import AttendanceFactory, BriefingSessionFactory
from jobs.models import Job
from jobs.services import job_start
from tests.activities.ladder import url_kwargs as activity_kwargs
from tests.activities.ladder import work_of
from tests.briefings.ladder import DAY_NAMES, day_of
from tests.briefings.ladder import url_kwargs as day_kwargs
from tests.contracts.ladder import contract_of, contract_url
from tests.jobs import tasks
from tests.test_permissions import project_url_names

pytestmark = pytest.mark.django_db

# Pages a facilitator may open: their own, and the ones every signed-in user has.
OPEN_TO_THEM = {
    "home:index",  # sends them on to their own page
    "home:me",
    "home:me-contact",
    "home:healthz",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "set_language",
    "admin",  # sends them to the admin's own sign-in
    # Their own logbook and monthly report, which take no facilitator's id.
    "activities:logbook",
    "activities:entry-create",
    "activities:my-report",
    # Their own invitations; the check-in page (a code of another's session tells them
    # only that they are not invited); the public page of a certificate's random code.
    "briefings:my-briefings",
    "briefings:check-in",
    "briefings:certificate-verify",
    # Asking for a long document of their own (their monthly report's PDF): the
    # document's own view decides, so asking for Dewi's gets what a GET of it gets.
    "reports:document-make",
}


@pytest.fixture
def other(other_facilitator):
    """Dewi, with a posting, a briefing and attendance of her own."""
    other_facilitator.nik = "3375019999990001"
    other_facilitator.phone = "081399998888"
    other_facilitator.save()
    posting = AssignmentFactory(facilitator=other_facilitator, kelurahan__name="Kauman")
    session = BriefingSessionFactory(
        briefing__title="Bimtek khusus Dewi", date=datetime.date(2019, 3, 1)
    )
    session.briefing.invitees.add(other_facilitator)
    AttendanceFactory(session=session, facilitator=other_facilitator, note="Catatan Dewi")
    return posting, session


def other_urls(name, posting, session) -> list[str]:
    dewi = posting.facilitator
    if name == "admin":
        return [
            reverse("admin:index"),
            reverse("admin:registry_facilitator_change", args=[dewi.pk]),
            reverse("admin:briefings_attendance_changelist"),
        ]
    kwargs = {
        "home:kelurahan-detail": {"code": posting.kelurahan.code},
        "password_reset_confirm": {
            "uidb64": urlsafe_base64_encode(force_bytes(dewi.user.pk)),
            "token": "guessed-token",
        },
        "briefings:briefing-detail": {"pk": session.briefing_id},
        "briefings:briefing-update": {"pk": session.briefing_id},
        "briefings:briefing-attendance": {"pk": session.briefing_id},
        "briefings:session-attendance": {"pk": session.briefing_id, "session_pk": session.pk},
        "audit:facilitator-history": {"pk": dewi.pk},
        "audit:kelurahan-history": {"code": posting.kelurahan.code},
        "audit:briefing-history": {"pk": session.briefing_id},
    }.get(name)
    if name.startswith("reports:attendance-sheet"):
        kwargs = {"pk": session.briefing_id}
    if name.startswith("activities:"):
        kwargs = activity_kwargs(name, work_of(dewi))
    if name in DAY_NAMES:
        kwargs = day_kwargs(name, day_of(dewi))
        if name == "briefings:certificate-verify":  # her code is random: one made up
            kwargs = {"code": "001-SERT-PBK-2019"}
    if name.startswith("contracts:"):
        return [contract_url(name, contract_of(dewi))]
    if name in ("jobs:job", "jobs:job-file"):  # a job of Dewi's, whose outcome names her
        job = job_start(kind="count", owner=dewi.user, task=tasks.count_to)
        Job.objects.filter(pk=job.pk).update(state="failed", message=f"{dewi.name} {dewi.nik}")
        kwargs = {"job_id": job.pk}
    if name.startswith(("registry:facilitator-", "home:facilitator-")) and name not in {
        "home:facilitator-list",
        "registry:facilitator-create",
    }:
        kwargs = {"pk": dewi.pk}
    return [reverse(name, kwargs=kwargs)]


def dewis_data(posting) -> list[str]:
    dewi = posting.facilitator
    return [
        dewi.name,
        dewi.phone,
        dewi.nik,
        "Kauman",
        "Bimtek khusus Dewi",
        "Catatan Dewi",
        f"Catatan kegiatan {dewi.name}",  # her logbook and monthly report
        f"Masalah {dewi.name}",
        f"800/{dewi.pk:03d}/DPMPPA",  # her contract
        f"77{dewi.pk:08d}",  # her account number
        f"Alasan {dewi.name}",  # her request to be excused
    ]


@pytest.mark.parametrize("name", sorted(project_url_names()))
def test_no_url_shows_a_facilitator_another_facilitators_data(client, facilitator, other, name):
    posting, session = other
    client.force_login(facilitator.user)

    for url in other_urls(name, posting, session):
        for method in (client.get, client.post):
            response = method(url)
            if name not in OPEN_TO_THEM:
                assert response.status_code in {403, 404}, (method.__name__, url)
            elif name == "admin":
                assert response.status_code == 302
                assert response["Location"].startswith(reverse("admin:login"))
            content = response.content.decode()
            for secret in dewis_data(posting):
                assert secret not in content, (url, secret)


def test_guessing_ids_of_facilitators_and_briefings_answers_403(client, facilitator, other):
    posting, session = other
    client.force_login(facilitator.user)
    # The ids around the real ones (on PostgreSQL, ids used by rolled-back tests are
    # not handed out again: counting from 1 would walk thousands of them).
    for pk in range(max(1, posting.facilitator.pk - 50), posting.facilitator.pk + 3):
        assert client.get(reverse("home:facilitator-detail", args=[pk])).status_code == 403
    for pk in range(max(1, session.briefing_id - 50), session.briefing_id + 3):
        assert client.get(reverse("briefings:briefing-detail", args=[pk])).status_code == 403


def test_a_guessed_set_password_token_does_not_open_another_account(client, other):
    posting, _session = other
    dewi = posting.facilitator.user
    url = reverse(
        "password_reset_confirm",
        kwargs={"uidb64": urlsafe_base64_encode(force_bytes(dewi.pk)), "token": "1-guess"},
    )
    response = client.get(url, follow=True)
    assert "new_password1" not in response.content.decode()
    assert not default_token_generator.check_token(dewi, "1-guess")
