"""Hostile and random input on every form: never a 500, never a change when the
form is refused, and whatever is saved is shown escaped.

FORMS lists every form of the project; test_every_form_view_is_covered makes
a new write view without an entry here fail.
"""

import string

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assignments.factories import AssignmentFactory
from assignments.forms import MoveForm, PostForm, ReleaseForm, SwapForm
from registry.factories import FacilitatorFactory, KelurahanFactory
from registry.forms import FacilitatorForm
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


# url name -> (fields posted, extra fields, who submits)
FORMS = {
    "registry:facilitator-create": (list(FacilitatorForm.base_fields), {}, "staff"),
    "registry:facilitator-update": (list(FacilitatorForm.base_fields), {}, "staff"),
    "registry:facilitator-list": (["q", "kecamatan", "status", "sort"], {}, "staff"),
    "registry:facilitator-set-active": (["active"], {}, "staff"),
    "registry:facilitator-reveal-nik": ([], {}, "staff"),
    "assignments:post": (list(PostForm.base_fields), {"confirmed": "1"}, "staff"),
    "assignments:move": (list(MoveForm.base_fields), {"confirmed": "1"}, "staff"),
    "assignments:swap": (list(SwapForm.base_fields), {"confirmed": "1"}, "staff"),
    "assignments:release": (list(ReleaseForm.base_fields), {"confirmed": "1"}, "staff"),
    "login": (["username", "password"], {}, "anonymous"),
    "password_change": (["old_password", "new_password1", "new_password2"], {}, "staff"),
    "password_reset": (["email"], {}, "anonymous"),
    "set_language": (["language", "next"], {}, "anonymous"),
}
# Forms that answer 200 when they succeed (they show a page, not a redirect).
SHOW_ON_SUCCESS = {"registry:facilitator-reveal-nik"}
# Pages with no form to post to.
NO_FORM = {
    "home:index",
    "home:me",
    "home:healthz",
    "registry:kelurahan-list",
    "registry:kelurahan-detail",
    "registry:facilitator-detail",
    "assignments:roster",
    "audit:facilitator-history",
    "audit:kelurahan-history",
    "audit:briefing-history",
    "logout",
    "password_change_done",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "admin",
}


def test_every_form_view_is_covered():
    assert set(FORMS) | NO_FORM == set(EXPECTED)


def snapshot() -> dict:
    """Every row of the register, to tell whether a refused form changed anything."""
    return {
        model._meta.label: sorted(map(repr, model._base_manager.values_list()))
        for model in apps.get_models()
        if model._meta.app_label in {"registry", "assignments", "briefings", "accounts"}
    }


@pytest.fixture
def world(staff_user):
    posting = AssignmentFactory(facilitator__name="Ani Posted")
    FacilitatorFactory(name="Rudi Reserve")
    KelurahanFactory(name="Kosong")
    return posting


@pytest.mark.parametrize("name", sorted(FORMS))
def test_hostile_input_never_breaks_a_form(client, staff_user, world, name):
    fields, extra, who = FORMS[name]
    kwargs = {"pk": world.facilitator.pk} if name.startswith("registry:facilitator-") else {}
    if name in {"registry:facilitator-create", "registry:facilitator-list"}:
        kwargs = {}
    url = reverse(name, kwargs=kwargs)

    @settings(
        max_examples=25,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=form_data(fields))
    def post_hostile(data):
        client.logout()
        if who == "staff":
            client.force_login(staff_user)
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


def test_saved_hostile_text_is_shown_escaped(client, staff_user):
    client.force_login(staff_user)
    client.post(
        reverse("registry:facilitator-create"),
        {"name": "<script>alert('x')</script>", "sex": "P", "address": "<img src=x onerror=1>"},
    )
    facilitator = apps.get_model("registry", "Facilitator").objects.get()
    for url in [facilitator.get_absolute_url(), reverse("registry:facilitator-list")]:
        body = client.get(url).content.decode()
        assert "<script>alert" not in body
        assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in body
