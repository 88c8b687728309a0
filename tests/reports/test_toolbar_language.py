"""The report pages' toolbar speaks the reader's language; the document stays in
Indonesian, as the office files it."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

TOOLBAR = re.compile(r'<header class="toolbar no-print".*?</header>', re.S)


def roster_page(client, language: str) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(reverse("reports:roster"))
    assert response.status_code == 200
    return response.content.decode()


def test_in_english_the_toolbar_is_english_and_the_document_indonesian(supervisor, wilayah):
    page = roster_page(supervisor, "en")
    toolbar = TOOLBAR.search(page).group()
    for text in ["All reports", "Print", "Download:", "Show", "Prints on A4 paper"]:
        assert text in toolbar
    for text in ["Semua laporan", "Cetak", "Unduh:", "Tampilkan"]:
        assert text not in toolbar
    assert 'lang="en"' in toolbar
    document = page.split("</header>", 1)[1]
    assert "Dicetak" in document  # the printed date's label, in the document's language


def test_in_indonesian_the_toolbar_is_indonesian(supervisor, wilayah):
    toolbar = TOOLBAR.search(roster_page(supervisor, "id")).group()
    assert "Semua laporan" in toolbar and "Unduh:" in toolbar
