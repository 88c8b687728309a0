"""The admin's typed kecamatan filter, as an administrator uses it: by keyboard,
with axe finding nothing serious at either width."""

import datetime

import pytest
from django.conf import settings
from django.test import Client

from assignments.factories import AssignmentFactory
from registry.admin import KecamatanFilter
from registry.models import Kecamatan, Kelurahan
from tests.browser.axe import WIDTHS, axe_violations, blocking, describe
from tests.conftest import transactional

pytestmark = [pytest.mark.browser, *transactional]


def test_an_administrator_types_a_kecamatan_and_the_page_passes_axe(
    browser, live_server, wilayah, administrator
):
    Kecamatan.objects.bulk_create(
        Kecamatan(code=f"98.{n // 100:02d}.{n % 100:02d}", name=f"Kecamatan Uji {n:03d}")
        for n in range(KecamatanFilter.LISTED_AT_MOST)
    )
    posted = AssignmentFactory(
        kelurahan=Kelurahan.objects.get(name="Krapyak"), start_date=datetime.date(2020, 1, 2)
    ).facilitator
    AssignmentFactory(
        kelurahan=Kelurahan.objects.get(name="Medono"), start_date=datetime.date(2020, 1, 2)
    )
    client = Client()
    client.force_login(administrator)
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )
    page = context.new_page()
    page.goto("/admin/registry/facilitator/?status=current")

    page.get_by_label("Nama atau kode").fill("33.75.03")
    page.keyboard.press("Enter")
    page.wait_for_url("**kecamatan=33.75.03**")
    assert "status=current" in page.url
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1
    assert posted.name in rows.first.inner_text()

    for width, height in WIDTHS.values():
        page.set_viewport_size({"width": width, "height": height})
        assert describe(blocking(axe_violations(page))) == []
    context.close()
