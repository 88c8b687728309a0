"""Nobody but staff and supervisors gets a report, in any form.

The permission matrix (tests/test_permissions.py) walks every report URL;
this checks that a refused answer carries none of the register's data.
"""

import pytest
from django.urls import reverse

from briefings.factories import AttendanceFactory

pytestmark = pytest.mark.django_db

SECRET_NAME = "Rahasia Fasilitator"


@pytest.fixture
def report_urls(db):
    attendance = AttendanceFactory(facilitator__name=SECRET_NAME)
    attendance.session.briefing.invitees.add(attendance.facilitator)
    pk = attendance.session.briefing_id
    urls = [reverse("reports:index")]
    for name, kwargs in [
        ("roster", None),
        ("attendance-sheet", {"pk": pk}),
        ("attendance-recap", None),
    ]:
        for form in ["", "-pdf", "-xlsx", "-csv"]:
            urls.append(reverse(f"reports:{name}{form}", kwargs=kwargs))
    return urls


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_a_facilitator_gets_403_and_no_data(client, facilitator, report_urls):
    client.force_login(facilitator.user)
    for url in report_urls:
        response = client.get(url)
        assert response.status_code == 403, url
        assert SECRET_NAME.encode() not in body(response), url


def test_an_anonymous_visitor_is_sent_to_sign_in(client, report_urls):
    for url in report_urls:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next=")
        assert SECRET_NAME.encode() not in body(response), url


def test_staff_and_supervisors_get_every_form(client, staff_user, supervisor_user, report_urls):
    for user in [staff_user, supervisor_user]:
        client.force_login(user)
        for url in report_urls:
            response = client.get(url)
            assert response.status_code == 200, url
            if not url.endswith("/reports/"):
                assert SECRET_NAME.encode() in body(response) or url.endswith((".pdf", ".xlsx"))
