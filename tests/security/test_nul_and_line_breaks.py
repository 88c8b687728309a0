"""A NUL byte or a line break anywhere a person can type never answers 5xx.

PostgreSQL refuses a NUL byte in a text value ("A string literal cannot contain
NUL"), so a NUL that reaches a query fails the page there, not on SQLite. The
walk goes through the URLconf: every page with every query parameter its forms
carry (and the usual filters), every path segment, every form posted with every
field, and every admin list with its filters and search, as the roles that may
open them.
"""

import re
from urllib.parse import quote

import pytest
from django.contrib import admin
from django.urls import reverse

from tests.security.test_hostile_input import FORMS, rendered_fields, url_of
from tests.test_permissions import EXPECTED, url_for

pytestmark = pytest.mark.django_db

BAD = ["abc\x00def", "abc\r\ndef"]
# The filters the report and list pages read, whether or not a form shows them.
USUAL_PARAMETERS = [
    "q",
    "kecamatan",
    "kelurahan",
    "status",
    "sort",
    "page",
    "as_of",
    "start",
    "end",
    "month",
    "kind",
    "session",
    "next",
    "o",
]


def query_names(body: str) -> list[str]:
    names = re.findall(r'<(?:input|select|textarea)[^>]*\sname="([^"]+)"', body)
    return sorted((set(names) | set(USUAL_PARAMETERS)) - {"csrfmiddlewaretoken"})


@pytest.fixture
def administrator_client(client, administrator):
    client.force_login(administrator)
    client.raise_request_exception = False
    return client


@pytest.fixture
def world(staff_user, facilitator):
    from assignments.factories import AssignmentFactory
    from briefings.factories import BriefingSessionFactory

    posting = AssignmentFactory()
    session = BriefingSessionFactory()
    session.briefing.invitees.add(posting.facilitator)
    return posting, session


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_page_breaks_on_a_nul_or_line_break_in_its_query_or_path(
    administrator_client, world, name
):
    client = administrator_client
    url = url_for(name, *world)
    page = client.get(url)
    body = b"" if page.streaming else page.content
    names = query_names(body.decode(errors="replace"))
    for bad in BAD:
        response = client.get(url, dict.fromkeys(names, bad))
        assert response.status_code < 500, (url, repr(bad), response.status_code)
    # Each segment of the path given a NUL or a line break (path converters, codes).
    segments = url.strip("/").split("/")
    for index in range(len(segments)):
        for bad in BAD:
            changed = segments.copy()
            changed[index] = segments[index] + quote(bad)
            broken = "/" + "/".join(changed) + "/"
            response = client.get(broken)
            assert response.status_code < 500, (broken, response.status_code)


@pytest.mark.parametrize(
    "path",
    ["/verify/abc%00def/", "/verify/abc/?code=a%00b", "/accounts/login/?next=/%00"],
)
def test_a_nul_on_a_public_page_is_a_bad_request(client, path):
    client.raise_request_exception = False
    response = client.get(path)
    assert response.status_code == 400
    assert "karakter yang tidak diizinkan" in response.content.decode()


def test_a_nul_in_a_posted_field_is_a_bad_request_and_changes_nothing(client, administrator):
    from registry.models import Kecamatan

    client.force_login(administrator)
    response = client.post(
        reverse("admin:registry_kecamatan_add"), {"code": "33.75.09", "name": "Baru\x00"}
    )
    assert response.status_code == 400
    assert not Kecamatan.objects.exists()


@pytest.mark.parametrize("name", sorted(FORMS))
def test_no_form_breaks_on_a_nul_or_line_break_in_every_field(
    client, staff_user, supervisor_user, facilitator, world, name
):
    who, fields, extra = FORMS[name]
    url = url_of(name, *world)
    users = {
        "staff": staff_user,
        "supervisor": supervisor_user,
        "facilitator": facilitator.user,
        "anonymous": None,
    }
    client.raise_request_exception = False
    if users[who]:
        client.force_login(users[who])
    if fields is None:
        fields = rendered_fields(client, url)
    for bad in BAD:
        response = client.post(url, {**dict.fromkeys(fields, bad), **extra})
        assert response.status_code < 500, (url, repr(bad), response.status_code)


def admin_models():
    return sorted((model._meta.app_label, model._meta.model_name) for model in admin.site._registry)


@pytest.mark.parametrize(("app", "model"), admin_models())
def test_no_admin_list_or_form_breaks_on_a_nul_or_line_break(
    administrator_client, world, app, model
):
    client = administrator_client
    changelist = reverse(f"admin:{app}_{model}_changelist")
    page = client.get(changelist)
    assert page.status_code == 200
    # The filters the list offers, by the parameters of their links.
    filters = set(re.findall(r'href="\?([a-z0-9_]+)=', page.content.decode()))
    for bad in BAD:
        for parameter in filters | {"q"}:
            response = client.get(changelist, {parameter: bad})
            assert response.status_code < 500, (changelist, parameter, repr(bad))
    add = reverse(f"admin:{app}_{model}_add")
    form = client.get(add)
    if form.status_code != 200:
        return  # no adding in the admin for this model
    fields = rendered_fields(client, add)
    for bad in BAD:
        response = client.post(add, dict.fromkeys(fields, bad))
        assert response.status_code < 500, (add, repr(bad), response.status_code)


@pytest.mark.postgresql
def test_postgresql_fails_a_query_with_a_nul_which_is_why_none_reaches_one(client, db):
    """The failure the middleware keeps away: on PostgreSQL, a NUL in a query's
    value is an error (SQLite takes it). Through HTTP it is the 400 page."""
    from django.db import DataError, transaction

    from briefings.models import Certificate

    with pytest.raises(DataError), transaction.atomic():
        list(Certificate.objects.filter(code="abc\x00def"))
    client.raise_request_exception = False
    assert client.get("/verify/abc%00def/").status_code == 400
