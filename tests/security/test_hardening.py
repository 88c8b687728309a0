"""Headers that keep pages to ourselves, pages with personal data kept out of
caches, backups readable by their owner only, and reports that only read."""

import io
import stat

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from briefings.factories import BriefingSessionFactory

pytestmark = pytest.mark.django_db


def test_every_answer_carries_the_permissions_and_resource_policies(client, staff_user):
    client.force_login(staff_user)
    for path in ["/accounts/login/", reverse("home:facilitator-list"), "/healthz"]:
        response = client.get(path)
        policy = response["Permissions-Policy"]
        for feature in ["camera=()", "microphone=()", "geolocation=()", "payment=()"]:
            assert feature in policy, path
        assert response["Cross-Origin-Resource-Policy"] == "same-origin", path


def no_store(response) -> bool:
    return "no-store" in response.get("Cache-Control", "")


def test_pages_and_files_with_personal_data_are_never_stored(client, staff_user, facilitator):
    session = BriefingSessionFactory()
    client.force_login(staff_user)
    for path in [
        reverse("home:facilitator-list"),
        facilitator.get_absolute_url(),
        reverse("registry:facilitator-update", args=[facilitator.pk]),
        reverse("audit:facilitator-history", args=[facilitator.pk]),
        reverse("reports:roster"),
        reverse("reports:roster-csv"),
        reverse("reports:roster-xlsx"),
        reverse("reports:attendance-sheet-csv", args=[session.briefing_id]),
        reverse("reports:attendance-recap-xlsx"),
        reverse("admin:registry_facilitator_change", args=[facilitator.pk]),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert no_store(response), path
    client.force_login(facilitator.user)
    assert no_store(client.get(reverse("home:me")))


def test_static_files_may_be_cached(settings):
    # WhiteNoise serves the files of static/ as it finds them (no collectstatic here).
    settings.WHITENOISE_USE_FINDERS = True
    settings.WHITENOISE_AUTOREFRESH = True
    response = Client().get("/static/css/faskel.css")
    assert response.status_code == 200
    assert not no_store(response)


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_reports_answer_get_only(client, staff_user, method):
    session = BriefingSessionFactory()
    client.force_login(staff_user)
    for path in [
        reverse("reports:index"),
        reverse("reports:roster"),
        reverse("reports:roster-pdf"),
        reverse("reports:attendance-sheet", args=[session.briefing_id]),
        reverse("reports:attendance-recap-csv"),
    ]:
        assert getattr(client, method)(path).status_code == 405, (method, path)


@pytest.mark.django_db(transaction=True)
def test_a_backup_is_readable_by_its_owner_only(tmp_path):
    target = tmp_path / "faskel.backup"
    call_command("backup_db", str(target), stdout=io.StringIO())
    assert target.stat().st_size > 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_backup_never_overwrites_a_file(tmp_path):
    target = tmp_path / "faskel.backup"
    target.write_text("kept")
    with pytest.raises(Exception, match="exists already"):
        call_command("backup_db", str(target), stdout=io.StringIO())
    assert target.read_text() == "kept"
