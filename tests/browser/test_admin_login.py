import pytest
from django.core.management import call_command

from tests.conftest import transactional

pytestmark = [pytest.mark.browser, *transactional]


def test_the_demo_administrator_signs_in_to_the_indonesian_admin(page, artifacts_dir):
    import io

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    password = next(
        line.split()[-1]
        for line in out.getvalue().splitlines()
        if line.strip().startswith("admin ")
    )

    page.goto("/admin/")
    assert page.locator("label[for=id_username]").inner_text().startswith("Nama pengguna")
    page.fill("#id_username", "admin")
    page.fill("#id_password", password)
    page.click("input[type=submit]")
    page.goto("/admin/registry/facilitator/")

    assert page.locator("#content h1").inner_text() == "Pilih fasilitator untuk diubah"
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 30
    assert "(demo)" in rows.first.inner_text()
    page.screenshot(path=artifacts_dir / "admin-facilitators.png", full_page=True)
