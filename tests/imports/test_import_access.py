"""Who reaches the import: staff from their pages; nobody else."""

import pytest
from django.urls import reverse

from imports.storage import EXPIRED
from tests.conftest import make_user
from tests.imports.helpers import CONFIRM_URL, IMPORT_URL

pytestmark = pytest.mark.django_db

TEMPLATE_URL = reverse("admin:registry_facilitator_import_template", args=["xlsx"])


def test_staff_find_the_import_on_the_facilitator_register(staff):
    html = staff.get(reverse("home:facilitator-list")).content.decode()
    assert "Impor dari spreadsheet" in html
    assert IMPORT_URL in html


def test_the_import_page_offers_the_template(staff):
    html = staff.get(IMPORT_URL).content.decode()
    assert "Unduh templat:" in html
    assert TEMPLATE_URL in html
    assert "Periksa file" in html


def test_supervisors_see_no_import_and_cannot_open_it(client, supervisor_user):
    client.force_login(supervisor_user)
    assert (
        "Impor dari spreadsheet"
        not in client.get(reverse("home:facilitator-list")).content.decode()
    )
    for url in (IMPORT_URL, TEMPLATE_URL):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))


def test_facilitators_cannot_open_the_import(client, facilitator):
    client.force_login(facilitator.user)
    assert client.get(IMPORT_URL).status_code == 302


def test_admin_users_without_the_register_permissions_are_refused(client):
    client.force_login(make_user("tamu", is_staff=True))
    assert client.get(IMPORT_URL).status_code == 403
    assert client.get(TEMPLATE_URL).status_code == 403


def test_confirming_an_upload_that_is_gone_says_so(staff):
    data = {
        "import_file_name": "0" * 32,
        "original_file_name": "fasilitator.xlsx",
        "format": "0",
        "resource": "0",
    }
    response = staff.post(CONFIRM_URL, data, follow=True)
    assert response.status_code == 200
    assert str(EXPIRED) in response.content.decode()
    assert str(EXPIRED) == "File yang diunggah sudah tidak tersedia. Unggah kembali."
