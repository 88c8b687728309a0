"""Hostile and random input on every form: never a 500, never a change when the
form is refused, and whatever is saved is shown escaped.

FORMS lists every form of the project; test_every_form_view_is_covered makes
a new write view without an entry here fail.
"""

import re
import string

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assignments.factories import AssignmentFactory
from briefings.factories import BriefingSessionFactory
from registry.factories import FacilitatorFactory, KelurahanFactory
from registry.models import Facilitator
from tests.activities.ladder import hostile_url
from tests.briefings.ladder import DAY_NAMES, day_of, day_url
from tests.contracts.ladder import contract_of, contract_url
from tests.test_permissions import EXPECTED

pytestmark = pytest.mark.django_db

HOSTILE = [
    "",
    " ",
    "x" * 5000,
    "\x00",
    "abc\x00def",
    "\x1b[31m\x07\r\n\t",
    "'; DROP TABLE registry_facilitator; --",
    '" OR 1=1 --',
    "<script>alert('x')</script>",
    "<img src=x onerror=alert(1)>",
    "{{ 7*7 }}{% debug %}",
    "-1",
    "0",
    "99999999999999999999999",
    "3.5",
    "2024-02-30",
    "9999-12-31",
    "0001-01-01",
    "33.75.01.1002",
    "١٢٣",  # Arabic-Indic digits
    "🙂" * 30,
    "[]",
    "{}",
]
values = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=60),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.text(alphabet=string.digits, min_size=1, max_size=18),
)


def form_data(fields):
    """Each field given a hostile value, several values, or missing."""
    return st.fixed_dictionaries(
        {},
        optional={name: st.one_of(values, st.lists(values, max_size=3)) for name in fields},
    )


# url name -> (who submits, fields when the form cannot be fetched by GET, fixed extras).
# Other fields are read from the form the page itself renders.
FORMS = {
    "registry:facilitator-create": ("staff", None, {}),
    "registry:facilitator-update": ("staff", None, {}),
    "home:facilitator-list": ("staff", None, {}),
    "home:facilitator-reveal-nik": ("staff", [], {}),
    "registry:facilitator-account": ("staff", None, {}),
    "registry:facilitator-account-active": ("staff", ["active"], {}),
    "registry:facilitator-account-reset": ("staff", ["how"], {}),
    "assignments:post": ("staff", None, {"confirmed": "1"}),
    "assignments:move": ("staff", None, {"confirmed": "1"}),
    "assignments:swap": ("staff", None, {"confirmed": "1"}),
    "assignments:release": ("staff", None, {"confirmed": "1"}),
    "assignments:cancel": ("staff", None, {"confirmed": "1"}),
    "assignments:cancel-release": ("staff", None, {"confirmed": "1"}),
    "assignments:deactivate": ("staff", None, {"confirmed": "1"}),
    "assignments:reactivate": ("staff", None, {"confirmed": "1"}),
    "briefings:briefing-create": ("staff", None, {}),
    "briefings:briefing-update": ("staff", None, {}),
    "briefings:briefing-attendance": ("staff", None, {}),
    "briefings:session-attendance": ("staff", None, {}),
    "home:me-contact": ("facilitator", None, {}),
    "briefings:invitees": ("staff", None, {}),
    "briefings:invitations": ("staff", ["again"], {}),
    "briefings:certificates": ("staff", [], {}),
    "briefings:certificate-withdraw": ("staff", ["reason"], {}),
    "briefings:my-briefing": ("facilitator", None, {}),
    "briefings:absence-withdraw": ("facilitator", [], {}),
    "briefings:absence-decide": ("staff", ["decision", "reason", "next"], {}),
    "briefings:check-in": ("facilitator", [], {}),
    "activities:entry-create": ("facilitator", None, {}),
    "activities:entry-update": ("facilitator", None, {}),
    "activities:entry-delete": ("facilitator", [], {}),
    "activities:attachment-delete": ("facilitator", [], {}),
    "activities:my-report": ("facilitator", None, {}),
    "activities:return": ("staff", ["comment"], {}),
    "activities:verify": ("staff", ["comment"], {}),
    "activities:approve": ("supervisor", [], {}),
    "activities:approve-month": ("supervisor", ["month"], {}),
    "activities:facilitator-open-month": ("staff", None, {}),
    "contracts:create": ("staff", None, {}),
    "contracts:update": ("staff", None, {}),
    "contracts:renew": ("staff", None, {}),
    "contracts:evaluate": ("supervisor", None, {}),
    "contracts:payment": ("staff", None, {}),
    "contracts:payment-reveal": ("staff", [], {}),
    # Issuing a month's honorarium list for payment: the month typed in.
    "contracts:honorarium-issue": ("staff", ["month"], {}),
    "contracts:renew-recommended": (
        "staff",
        ["period_start", "period_end", "number", "signed_on", "signed_by"],
        {},
    ),
    "login": ("anonymous", None, {}),
    "password_change": ("staff", None, {}),
    "password_reset": ("anonymous", None, {}),
    "set_language": ("anonymous", ["language", "next"], {}),
    # The button of a long document's offer: any address typed into it.
    "reports:document-make": ("staff", ["document"], {}),
}
# Pages with no form to post to; the reports' GET filters are tested below.
NO_FORM = {
    "home:index",
    "home:me",
    "home:healthz",
    "home:kelurahan-list",
    "home:kelurahan-detail",
    "home:facilitator-detail",
    "assignments:roster",
    "briefings:briefing-list",
    "briefings:briefing-detail",
    "audit:facilitator-history",
    "audit:kelurahan-history",
    "audit:briefing-history",
    "logout",
    "password_change_done",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "admin",
    "activities:logbook",
    "activities:matrix",
    "activities:inbox",
    "activities:review",  # its forms post to activities:return and activities:verify
    "activities:document",
    "activities:document-pdf",
    "activities:attachment",
    "contracts:list",
    "contracts:detail",
    "contracts:history",
    "contracts:document",
    "contracts:evaluations",
    "contracts:evaluation-sheet",
    "contracts:evaluation-sheet-pdf",
    "jobs:job",  # a job's progress and outcome, read-only
    "jobs:job-file",
    "briefings:invitation-letter",  # documents and pages that only show
    "briefings:invitation-letter-pdf",
    "briefings:session-checkin",
    "briefings:certificate-pdf",
    "briefings:certificate-verify",
    "briefings:absence-letter",
    "briefings:my-briefings",
}
REPORTS = (
    {
        f"reports:{report}{form}"
        for report in ["roster", "attendance-sheet", "attendance-recap"]
        for form in ["", "-pdf", "-xlsx", "-csv"]
    }
    | {"reports:index"}
    | {f"activities:recap{form}" for form in ["", "-pdf", "-xlsx", "-csv"]}
    | {
        f"contracts:{report}{form}"
        for report in ["honorarium", "evaluation-recap"]
        for form in ["", "-pdf", "-xlsx", "-csv"]
    }
)
# Forms that answer 200 when they succeed (they show a page, not a redirect).
SHOW_ON_SUCCESS = {
    "home:facilitator-reveal-nik",
    "registry:facilitator-account",  # shows the new password once
    "registry:facilitator-account-reset",
    "briefings:briefing-attendance",  # "mark all present" fills the form, saves nothing
    "briefings:session-attendance",
    "contracts:payment-reveal",  # shows the details once
}


def test_every_form_view_is_covered():
    assert set(FORMS) | NO_FORM | REPORTS == set(EXPECTED)


def rendered_fields(client, url) -> list[str]:
    """The names of the inputs the page's forms carry (the CSRF token aside)."""
    body = client.get(url).content.decode()
    names = re.findall(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"', body)
    return sorted(set(names) - {"csrfmiddlewaretoken", "next"})


def snapshot() -> dict:
    """Every row of the register, to tell whether a refused form changed anything."""
    return {
        model._meta.label: sorted(map(repr, model._base_manager.values_list()))
        for model in apps.get_models()
        if model._meta.app_label
        in {"registry", "assignments", "briefings", "accounts", "activities", "contracts"}
        # The trail of who saw a full NIK grows when a form shows one: not a change.
        and model._meta.label != "registry.Disclosure"
    }


@pytest.fixture
def world(staff_user):
    posting = AssignmentFactory(facilitator__name="Ani Posted")
    FacilitatorFactory(name="Rudi Reserve")
    KelurahanFactory(name="Kosong")
    session = BriefingSessionFactory()
    session.briefing.invitees.add(posting.facilitator)
    return posting, session


def url_of(name, posting, session) -> str:
    if name in DAY_NAMES:
        own = Facilitator.objects.filter(user__username="ahmad.faskel").first()
        return day_url(name, day_of(own or posting.facilitator))
    if name.startswith("activities:"):
        return hostile_url(name, posting)
    if name.startswith("contracts:"):
        return contract_url(name, contract_of(posting.facilitator))
    kwargs = {}
    if name.startswith(("registry:facilitator-", "home:facilitator-")) and name not in {
        "registry:facilitator-create",
        "home:facilitator-list",
    }:
        kwargs = {"pk": posting.facilitator.pk}
    elif name.startswith(("briefings:", "reports:attendance-sheet")) and not name.endswith(
        ("-list", "-create")
    ):
        kwargs = {"pk": session.briefing_id}
    if name == "briefings:session-attendance":
        kwargs["session_pk"] = session.pk
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("name", sorted(FORMS))
def test_hostile_input_never_breaks_a_form(
    client, staff_user, supervisor_user, facilitator, world, name
):
    who, fields, extra = FORMS[name]
    posting, session = world
    url = url_of(name, posting, session)
    users = {
        "staff": staff_user,
        "supervisor": supervisor_user,
        "facilitator": facilitator.user,
        "anonymous": None,
    }
    if users[who]:
        client.force_login(users[who])
    if fields is None:
        fields = rendered_fields(client, url)
        assert fields, f"no form found on {url}"

    @settings(
        max_examples=20,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=form_data(fields))
    def post_hostile(data):
        client.logout()
        if users[who]:
            client.force_login(users[who])
        before = snapshot()
        response = client.post(url, {**data, **extra})
        assert response.status_code < 500, (data, response.status_code)
        if response.status_code == 200 and name not in SHOW_ON_SUCCESS:
            # Refused (the form came back with its errors): nothing changed.
            assert snapshot() == before, data
            body = response.content.decode()
            assert "<script>alert" not in body
            assert "<img src=x" not in body

    post_hostile()


@pytest.mark.parametrize("name", sorted(REPORTS))
def test_hostile_report_filters_never_break_a_report(client, staff_user, world, name):
    posting, session = world
    url = url_of(name, posting, session)
    client.force_login(staff_user)

    @settings(
        max_examples=6,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(
        data=form_data(["kecamatan", "as_of", "start", "end", "kind", "session", "page", "month"])
    )
    def get_hostile(data):
        response = client.get(url, data)
        assert response.status_code < 500, (data, response.status_code)

    get_hostile()


def test_saved_hostile_text_is_shown_escaped(client, staff_user):
    client.force_login(staff_user)
    client.post(
        reverse("registry:facilitator-create"),
        {"name": "<script>alert('x')</script>", "sex": "P", "address": "<img src=x onerror=1>"},
    )
    facilitator = apps.get_model("registry", "Facilitator").objects.get()
    for url in [facilitator.get_absolute_url(), reverse("home:facilitator-list")]:
        body = client.get(url).content.decode()
        assert "<script>alert" not in body
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
