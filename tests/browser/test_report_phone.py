"""The report pages on a phone (375 px): names read on one line each, the table
scrolls sideways in a region the keyboard reaches; the printed A4 layout is the
same as before."""

import io

import pytest
from django.core.management import call_command

from tests.browser.test_print_roster import A4_POINTS, sign_in
from tests.conftest import transactional

pytestmark = [pytest.mark.browser, *transactional]

REPORTS = [
    ("roster", "/reports/roster/"),
    ("attendance-recap", "/reports/attendance-recap/?start=2019-01-01&end=2019-12-31"),
]

# Each name cell of the table: its height over its line height is its number of lines.
LINES_OF_NAMES = """(selector) => [...document.querySelectorAll(selector)].map((cell) => {
  const style = getComputedStyle(cell);
  const line = parseFloat(style.lineHeight) || parseFloat(style.fontSize) * 1.2;
  return {text: cell.innerText.trim(), width: cell.clientWidth,
          lines: Math.round(cell.getBoundingClientRect().height / line)};
})"""


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())


@pytest.mark.parametrize(("name", "path"), REPORTS)
def test_on_a_phone_names_stay_whole_and_the_table_scrolls(
    page, supervisor_user, demo, artifacts_dir, name, path
):
    sign_in(page, supervisor_user.username)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto(path)
    page.screenshot(path=artifacts_dir / f"report-{name}-375.png", full_page=True)

    # The page itself never scrolls sideways: the table does, in its region.
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    region = page.locator(".table-scroll").first
    assert region.get_attribute("tabindex") == "0"
    assert region.evaluate("(el) => el.scrollWidth > el.clientWidth")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.querySelector('.table-scroll').scrollLeft > 0")

    # Names of people are on one or two lines, not one letter a line.
    cells = page.evaluate(LINES_OF_NAMES, ".report-table tbody td:nth-child(2)")
    named = [cell for cell in cells if len(cell["text"]) > 3]
    assert named
    for cell in named:
        assert cell["width"] >= 100, cell
        assert cell["lines"] <= 2, cell


def test_on_paper_the_roster_keeps_its_a4_layout(page, supervisor_user, demo, artifacts_dir):
    import pypdf

    sign_in(page, supervisor_user.username)
    page.set_viewport_size({"width": 375, "height": 800})
    page.goto("/reports/roster/")
    target = artifacts_dir / "report-roster-375-print.pdf"
    page.pdf(path=target, prefer_css_page_size=True)
    reader = pypdf.PdfReader(target)
    for pdf_page in reader.pages:
        assert tuple(round(float(v)) for v in pdf_page.mediabox.upper_right) == A4_POINTS
    # The kelurahan column still holds "Kelurahan" and the names on their lines.
    first = reader.pages[0].extract_text()
    assert "Bendan Kergon" in first or "Medono" in first
