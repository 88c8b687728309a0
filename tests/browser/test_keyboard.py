"""What a keyboard user notices: Enter in a row saves that form and changes no
other row, the sticky save bar never hides the focus, the posting confirmation
starts on its button, and the focus ring stands out on every background."""

import datetime
import io

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from assignments import services
from assignments.models import Assignment
from briefings.models import Attendance, Briefing
from tests.browser.test_posting import sign_in
from tests.conftest import transactional

pytestmark = [pytest.mark.browser, *transactional]


@pytest.fixture
def demo_briefing():
    call_command("seed_demo", stdout=io.StringIO())
    Attendance.objects.all().delete()
    return Briefing.objects.get(title="Pembekalan Pemberdayaan Masyarakat")


def open_attendance(page, staff_user):
    sign_in(page, staff_user.username)
    page.get_by_role("link", name="Pembekalan", exact=True).click()
    page.get_by_role("link", name="Pembekalan Pemberdayaan Masyarakat").click()
    page.get_by_role("link", name="Catat kehadiran").click()


def test_enter_in_a_note_saves_and_changes_no_other_row(page, staff_user, demo_briefing):
    open_attendance(page, staff_user)
    statuses = ["izin", "sakit", "tidak_hadir"]
    for row in range(30):
        page.locator(f'input[name="rows-{row}-status"][value="{statuses[row % 3]}"]').check()
    page.locator('input[name="rows-4-note"]').fill("Rapat di kelurahan")
    page.locator('input[name="rows-4-note"]').press("Enter")

    assert "30 baru" in page.locator(".messages").inner_text()
    saved = list(Attendance.objects.values_list("status", flat=True))
    assert len(saved) == 30
    assert "hadir" not in saved  # nothing was marked present by Enter
    assert Attendance.objects.filter(note="Rapat di kelurahan").count() == 1


COVERED_BY_BAR = """() => {
  const el = document.activeElement, bar = document.querySelector(".save-bar");
  if (!el || el === document.body || bar.contains(el)) return null;
  const box = el.getBoundingClientRect(), barTop = bar.getBoundingClientRect().top;
  const visibleTop = Math.max(box.top, 0), visibleBottom = Math.min(box.bottom, innerHeight);
  // Hidden when the bar covers the whole of the part in the viewport (or it is off-screen).
  return (visibleBottom <= visibleTop || visibleTop >= barTop)
    ? (el.name || el.id || el.textContent.trim().slice(0, 30)) : null;
}"""


@pytest.mark.parametrize("width, height", [(1280, 900), (375, 812)])
def test_the_sticky_save_bar_never_hides_the_focus(page, staff_user, demo_briefing, width, height):
    page.set_viewport_size({"width": width, "height": height})
    open_attendance(page, staff_user)
    page.locator("h1").focus()
    hidden, stops = [], 0
    for _ in range(200):
        page.keyboard.press("Tab")
        name = page.evaluate("() => document.activeElement.name || ''")
        stops += 1
        covered = page.evaluate(COVERED_BY_BAR)
        if covered:
            hidden.append(covered)
        if name == "" and page.evaluate(
            "() => document.activeElement.closest('.save-bar') !== null"
        ):
            break
    assert stops > 60  # every row's choices and note were reached
    assert hidden == []


def test_the_posting_confirmation_starts_on_its_button(page, staff_user):
    call_command("seed_demo", stdout=io.StringIO())
    posting = Assignment.objects.current().select_related("kelurahan").first()
    services.assignment_release(
        facilitator=posting.facilitator, end_date=datetime.date(2024, 6, 30), by=None
    )
    sign_in(page, staff_user.username)
    page.goto(f"/assignments/post/?kelurahan={posting.kelurahan.code}")
    page.select_option("#id_facilitator", index=1)
    page.fill("#id_decree_number", "800/045/DPMPPA/2024")
    page.get_by_role("button", name="Lanjutkan").click()

    expect(page.get_by_role("button", name="Konfirmasi")).to_be_focused()
    page.keyboard.press("Enter")
    assert "sekarang ditugaskan di" in page.locator(".messages").inner_text()


CONTRAST = """([fg, bg]) => {
  const lum = c => {
    const [r, g, b] = c.match(/\\d+/g).slice(0, 3).map(v => {
      v = v / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };
  const [a, b] = [lum(fg), lum(bg)].sort((x, y) => y - x);
  return (a + 0.05) / (b + 0.05);
}"""


def test_the_focus_ring_has_3_to_1_contrast_where_it_shows(page, staff_user):
    sign_in(page, staff_user.username)
    page.goto("/facilitators/")
    ring = []
    for selector in ["main a", ".site-nav a", "#id_q"]:
        page.locator(selector).first.focus()
        page.keyboard.press("Shift+Tab")
        page.keyboard.press("Tab")  # focused by keyboard: :focus-visible applies
        ring.append(
            page.evaluate(
                """() => {
                  const s = getComputedStyle(document.activeElement);
                  let box = document.activeElement.parentElement, bg = "rgba(0, 0, 0, 0)";
                  while (box && /rgba\\(0, 0, 0, 0\\)|transparent/.test(bg)) {
                    bg = getComputedStyle(box).backgroundColor; box = box.parentElement;
                  }
                  const halo = (s.boxShadow.match(/rgba?\\([^)]*\\)/) || [""])[0];
                  return [s.outlineStyle, s.outlineColor, halo, bg];
                }"""
            )
        )
    for style, outline, halo, background in ring:
        assert style == "solid"
        # Either ring (the dark outline or the yellow halo) stands out at 3:1.
        best = max(
            page.evaluate(CONTRAST, [outline, background]),
            page.evaluate(CONTRAST, [halo, background]),
        )
        assert best >= 3, (outline, halo, background)
    # On white and on the page's background, the inner ring alone does it.
    for background in ["rgb(255, 255, 255)", "rgb(243, 245, 248)"]:
        assert page.evaluate(CONTRAST, [ring[0][1], background]) >= 3
