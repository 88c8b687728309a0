"""The kelurahan page shows the latest activities logged there."""

import datetime

import pytest
from django.urls import reverse

from tests.activities.conftest import log

pytestmark = pytest.mark.django_db


def test_the_kelurahan_page_shows_its_latest_finished_activities(
    client, today, posting, kind, supervisor_user
):
    facilitator = posting.facilitator
    for day in range(1, 8):
        log(facilitator, datetime.date(2024, 3, day), kind, description=f"Kegiatan hari {day}")
    log(facilitator, datetime.date(2024, 3, 9), kind, draft=True, description="Masih draf")
    client.force_login(supervisor_user)
    page = client.get(reverse("home:kelurahan-detail", args=[posting.kelurahan.code]))
    content = page.content.decode()
    assert "Kegiatan terbaru" in content
    assert [day for day in range(1, 8) if f"Kegiatan hari {day}" in content] == [3, 4, 5, 6, 7]
    assert "Masih draf" not in content
