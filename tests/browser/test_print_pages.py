"""Screen pages people print (the roster, a kelurahan, a facilitator): on paper
they keep their content and lose their controls, and say what and when."""

import io

import pypdf
import pytest
from django.core.management import call_command

from assignments.models import Assignment
from tests.browser.test_posting import sign_in
from tests.conftest import transactional

pytestmark = [pytest.mark.browser, *transactional]

CONTROLS = [
    "Terapkan",
    "Reset",
    "Pindahkan",
    "Tukar",
    "Lepaskan",
    "Tugaskan fasilitator",
    "Tugaskan ke kelurahan",
    "Keluar",
]


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())


def printed(page, path, artifacts_dir, name) -> list[str]:
    page.goto(path)
    target = artifacts_dir / f"print-{name}.pdf"
    page.pdf(path=target, prefer_css_page_size=True)
    return [p.extract_text() for p in pypdf.PdfReader(target).pages]


def test_the_printed_roster_has_its_rows_without_the_controls(
    page, staff_user, demo, artifacts_dir
):
    sign_in(page, staff_user.username)
    pages = printed(page, "/assignments/", artifacts_dir, "roster")
    text = " ".join(" ".join(pages).split())
    assert "Daftar penugasan saat ini" in text
    for word in CONTROLS:
        assert word not in text, word
    # Every kelurahan of the roster is on paper.
    for posting in Assignment.objects.current().select_related("kelurahan"):
        assert posting.kelurahan.name in text
    # The date it was printed on, and "page of pages" on each page.
    assert "Dicetak" in pages[0]
    for number, page_text in enumerate(pages, start=1):
        assert f"{number} / {len(pages)}" in page_text, number


@pytest.mark.parametrize("which", ["kelurahan", "facilitator"])
def test_the_kelurahan_and_facilitator_pages_print_without_controls(
    page, staff_user, demo, artifacts_dir, which
):
    posting = Assignment.objects.current().select_related("kelurahan", "facilitator").first()
    path = (
        f"/kelurahan/{posting.kelurahan.code}/"
        if which == "kelurahan"
        else f"/facilitators/{posting.facilitator.pk}/"
    )
    sign_in(page, staff_user.username)
    pages = printed(page, path, artifacts_dir, which)
    text = " ".join(" ".join(pages).split())
    assert posting.facilitator.name in text and posting.kelurahan.name in text
    assert "Dicetak" in pages[0]
    assert "Ubah" not in text and "Keluar" not in text
    assert f"1 / {len(pages)}" in pages[0]
