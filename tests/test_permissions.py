"""The permission ladder of every page, walked from the URLconf.

A page added to the project without an entry in EXPECTED fails
test_every_url_has_an_expected_ladder, so none can be forgotten.
"""

import datetime

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from accounts.models import User
from assignments.factories import AssignmentFactory
from briefings.factories import AttendanceFactory, BriefingSessionFactory
from briefings.models import AbsenceRequest, Attendance, Briefing, Certificate, InvitationMail
from jobs.services import job_start
from registry.factories import FacilitatorFactory
from registry.models import Deactivation, Facilitator
from tests.activities.ladder import url_kwargs as activity_kwargs
from tests.activities.ladder import work_of
from tests.briefings.ladder import DAY_NAMES, day_of, day_url
from tests.contracts.ladder import contract_of, contract_url
from tests.jobs import tasks
from tests.jobs.worker import run_queued_tasks

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "facilitator", "supervisor", "staff", "administrator"]


def ladder(anonymous, facilitator, supervisor, staff, administrator):
    return dict(zip(ROLES, [anonymous, facilitator, supervisor, staff, administrator], strict=True))


STAFF_READ = ladder(302, 403, 200, 200, 200)
STAFF_WRITE = ladder(302, 403, 403, 200, 200)
STAFF_POST_ONLY = ladder(302, 403, 403, 405, 405)  # GET answers 405 once allowed
SIGNED_IN = ladder(302, 200, 200, 200, 200)
PUBLIC = ladder(200, 200, 200, 200, 200)
OWN_PAGE = ladder(302, 200, 403, 403, 403)
OWN_POST_ONLY = ladder(302, 405, 403, 403, 403)

EXPECTED = {
    "home:index": ladder(302, 302, 200, 200, 200),
    "home:me": ladder(302, 200, 403, 403, 403),
    "home:me-contact": ladder(302, 200, 403, 403, 403),
    "home:healthz": PUBLIC,
    "home:kelurahan-list": STAFF_READ,
    "home:kelurahan-detail": STAFF_READ,
    "home:facilitator-list": STAFF_READ,
    "home:facilitator-detail": STAFF_READ,
    "registry:facilitator-create": STAFF_WRITE,
    "registry:facilitator-update": STAFF_WRITE,
    "home:facilitator-reveal-nik": STAFF_POST_ONLY,
    "registry:facilitator-account": STAFF_WRITE,
    "registry:facilitator-account-active": STAFF_POST_ONLY,
    "registry:facilitator-account-reset": STAFF_POST_ONLY,
    "assignments:roster": STAFF_READ,
    "assignments:post": STAFF_WRITE,
    "assignments:move": STAFF_WRITE,
    "assignments:swap": STAFF_WRITE,
    "assignments:release": STAFF_WRITE,
    "assignments:cancel": STAFF_WRITE,
    "assignments:cancel-release": STAFF_WRITE,
    "assignments:deactivate": STAFF_WRITE,
    "assignments:reactivate": STAFF_WRITE,
    "audit:facilitator-history": STAFF_READ,
    "audit:kelurahan-history": STAFF_READ,
    "audit:briefing-history": STAFF_READ,
    "briefings:briefing-list": STAFF_READ,
    "briefings:briefing-detail": STAFF_READ,
    "briefings:briefing-create": STAFF_WRITE,
    "briefings:briefing-update": STAFF_WRITE,
    "briefings:briefing-attendance": STAFF_WRITE,
    "briefings:session-attendance": STAFF_WRITE,
    # The briefing day: the office invites; staff show the check-in code and decide;
    # the facilitator's own invitations, requests, letter and certificate; the public
    # verification page.
    "briefings:invitees": STAFF_WRITE,
    "briefings:invitations": STAFF_WRITE,
    "briefings:invitation-letter": STAFF_READ,
    "briefings:invitation-letter-pdf": STAFF_READ,
    "briefings:session-checkin": STAFF_WRITE,
    "briefings:certificates": STAFF_READ,
    "briefings:certificate-withdraw": STAFF_POST_ONLY,
    "briefings:certificate-pdf": ladder(302, 200, 200, 200, 200),  # its holder and the office
    "briefings:certificate-verify": PUBLIC,
    "briefings:absence-letter": ladder(404, 200, 404, 200, 200),  # who records, and its own
    "briefings:my-briefings": OWN_PAGE,
    "briefings:my-briefing": OWN_PAGE,
    "briefings:absence-withdraw": OWN_POST_ONLY,
    "briefings:absence-decide": STAFF_POST_ONLY,
    "briefings:check-in": OWN_PAGE,
    # Every report in every form: staff and supervisors only.
    "reports:index": STAFF_READ,
    **{
        f"reports:{report}{form}": STAFF_READ
        for report in ["roster", "attendance-sheet", "attendance-recap"]
        for form in ["", "-pdf", "-xlsx", "-csv"]
    },
    # The logbook and the monthly report: the facilitator's own, the office reads and decides.
    "activities:logbook": OWN_PAGE,
    "activities:entry-create": OWN_PAGE,
    "activities:entry-update": OWN_PAGE,
    "activities:entry-delete": OWN_POST_ONLY,
    "activities:attachment-delete": OWN_POST_ONLY,
    "activities:my-report": OWN_PAGE,
    "activities:matrix": STAFF_READ,
    "activities:inbox": STAFF_READ,
    "activities:review": STAFF_READ,
    "activities:return": STAFF_POST_ONLY,
    "activities:verify": STAFF_POST_ONLY,
    "activities:approve": ladder(302, 403, 405, 403, 405),  # supervisors only, by POST
    "activities:approve-month": ladder(302, 403, 405, 403, 405),
    # Opening a closed month for late entry: whoever verifies reports.
    "activities:facilitator-open-month": STAFF_WRITE,
    "activities:document": ladder(302, 200, 200, 200, 200),  # its facilitator and the office
    "activities:document-pdf": ladder(302, 200, 200, 200, 200),
    "activities:attachment": ladder(404, 200, 200, 200, 200),  # unknown to anyone else
    **{f"activities:recap{form}": STAFF_READ for form in ["", "-pdf", "-xlsx", "-csv"]},
    # Contracts: staff keep them, supervisors read and evaluate; the decree goes to
    # its facilitator too; the honorarium list (account numbers) to the office only.
    "contracts:list": STAFF_READ,
    "contracts:create": STAFF_WRITE,
    "contracts:detail": STAFF_READ,
    "contracts:update": STAFF_WRITE,
    "contracts:renew": STAFF_WRITE,
    "contracts:history": STAFF_READ,
    "contracts:document": ladder(404, 200, 200, 200, 200),  # unknown to anyone else
    "contracts:evaluate": ladder(302, 403, 200, 403, 200),  # supervisors evaluate
    "contracts:evaluations": STAFF_READ,
    "contracts:renew-recommended": STAFF_POST_ONLY,
    "contracts:evaluation-sheet": STAFF_READ,
    "contracts:evaluation-sheet-pdf": STAFF_READ,
    "contracts:payment": STAFF_WRITE,
    "contracts:payment-reveal": STAFF_POST_ONLY,
    # Issuing a month's list for payment: the office's staff, by POST.
    "contracts:honorarium-issue": STAFF_POST_ONLY,
    **{
        f"contracts:{report}{form}": STAFF_READ
        for report in ["honorarium", "evaluation-recap"]
        for form in ["", "-pdf", "-xlsx", "-csv"]
    },
    "login": ladder(200, 302, 302, 302, 302),
    "logout": ladder(302, 405, 405, 405, 405),  # signing out is a POST
    # Asking for a long document: a POST, checked by the report's own view it runs.
    "reports:document-make": ladder(302, 405, 405, 405, 405),
    "password_change": SIGNED_IN,
    "password_change_done": SIGNED_IN,
    "password_reset": PUBLIC,
    "password_reset_done": PUBLIC,
    "password_reset_confirm": PUBLIC,
    "password_reset_complete": PUBLIC,
    "set_language": ladder(302, 302, 302, 302, 302),  # GET just goes back
    "admin": ladder(302, 302, 302, 200, 200),  # the whole admin, by its index
    "jobs:job": ladder(302, 404, 404, 200, 404),  # its owner's alone (here the staff member's)
    "jobs:job-file": ladder(302, 404, 404, 200, 404),
}


def project_url_names(patterns=None, namespace=""):
    """Every named URL of the project, namespaced; the admin counts as one."""
    names = set()
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                names.add("admin")
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= project_url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def url_for(name: str, posting, session) -> str:
    kwargs = {
        "home:kelurahan-detail": {"code": posting.kelurahan.code},
        "audit:kelurahan-history": {"code": posting.kelurahan.code},
        "audit:facilitator-history": {"pk": posting.facilitator.pk},
        "audit:briefing-history": {"pk": session.briefing_id},
        "password_reset_confirm": {"uidb64": "MQ", "token": "set-password"},
        "briefings:briefing-detail": {"pk": session.briefing_id},
        "briefings:briefing-update": {"pk": session.briefing_id},
        "briefings:briefing-attendance": {"pk": session.briefing_id},
        "briefings:session-attendance": {"pk": session.briefing_id, "session_pk": session.pk},
    }.get(name)
    if name.startswith("reports:attendance-sheet"):
        attendance = AttendanceFactory(facilitator=posting.facilitator)
        kwargs = {"pk": attendance.session.briefing_id}
    if name in ("jobs:job", "jobs:job-file"):
        owner = User.objects.get(username="siti.staf")  # the staff persona
        job = job_start(kind="document", owner=owner, task=tasks.make_document)
        run_queued_tasks()
        kwargs = {"job_id": job.pk}
    if name.startswith("activities:"):
        kwargs = activity_kwargs(name, work_of(persona_facilitator() or FacilitatorFactory()))
    if name in DAY_NAMES:
        return day_url(name, day_of(persona_facilitator() or FacilitatorFactory()))
    if name.startswith("contracts:"):
        return contract_url(name, contract_of(persona_facilitator() or FacilitatorFactory()))
    if name.startswith(("registry:facilitator-", "home:facilitator-")) and name.split("-", 1)[
        1
    ] not in {
        "list",
        "create",
    }:
        kwargs = {"pk": posting.facilitator.pk}
    return reverse("admin:index" if name == "admin" else name, kwargs=kwargs)


def persona_facilitator():
    return Facilitator.objects.filter(user__username="ahmad.faskel").first()


def test_every_url_has_an_expected_ladder():
    assert project_url_names() == set(EXPECTED)


@pytest.fixture
def personas(facilitator, supervisor_user, staff_user, administrator):
    return {
        "anonymous": None,
        "facilitator": facilitator.user,
        "supervisor": supervisor_user,
        "staff": staff_user,
        "administrator": administrator,
    }


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_role_gets_the_expected_answer(client, personas, name):
    posting = AssignmentFactory()
    session = BriefingSessionFactory()
    session.briefing.invitees.add(posting.facilitator)
    url = url_for(name, posting, session)
    answers = {}
    for role, user in personas.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        answers[role] = client.get(url).status_code
    assert answers == EXPECTED[name], url


@pytest.mark.parametrize(
    "name",
    # The writes: what a supervisor may not open (their missing own page aside).
    sorted(
        n for n, expected in EXPECTED.items() if expected["supervisor"] == 403 and n != "home:me"
    ),
)
def test_a_supervisor_cannot_write_by_posting_directly(client, supervisor_user, name):
    posting = AssignmentFactory()
    session = BriefingSessionFactory(briefing__title="Pembekalan")
    session.briefing.invitees.add(posting.facilitator)
    client.force_login(supervisor_user)
    url = url_for(name, posting, session)
    # The briefing day's samples bring their own briefings and attendance.
    titles = list(Briefing.objects.values_list("title", flat=True))
    attendance = list(Attendance.objects.values_list("pk", "status", "note"))
    requests = list(AbsenceRequest.objects.values_list("pk", "state"))
    certificates = list(Certificate.objects.values_list("pk", "withdrawn_at"))
    response = client.post(
        url,
        {
            "confirmed": "1",
            "active": "0",
            "username": "tamu",
            "how": "password",
            "title": "Diubah",
            "rows-TOTAL_FORMS": "1",
            "rows-INITIAL_FORMS": "1",
            "rows-0-facilitator": posting.facilitator.pk,
            "rows-0-status": "hadir",
            "action": "everyone",
            "reason": "Dicabut",
        },
    )
    assert response.status_code == 403
    posting.refresh_from_db()
    assert posting.end_date is None
    assert posting.facilitator.is_active_on(datetime.date.today())
    assert not Deactivation.objects.exists()
    assert posting.facilitator.user is None
    assert list(Briefing.objects.values_list("title", flat=True)) == titles
    assert list(Attendance.objects.values_list("pk", "status", "note")) == attendance
    assert list(AbsenceRequest.objects.values_list("pk", "state")) == requests
    assert list(Certificate.objects.values_list("pk", "withdrawn_at")) == certificates
    assert not InvitationMail.objects.exists()


def test_anonymous_users_are_sent_to_sign_in(client):
    response = client.get(reverse("assignments:roster"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=")
