"""The matrix of monthly reports opens on the current months, on a desktop and on
a phone: the facilitators' names stay in view at the left."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from assignments.factories import AssignmentFactory
from tests.browser.test_posting import sign_in
from tests.conftest import transactional

pytestmark = [pytest.mark.browser, *transactional]

JAKARTA = ZoneInfo("Asia/Jakarta")


def in_view(page, selector: str) -> bool:
    """Whether the element is wholly inside its scrolling box, right of the sticky names."""
    return page.evaluate(
        """(selector) => {
          const cell = document.querySelector(selector);
          const wrap = cell.closest('.table-wrap');
          const names = wrap.querySelector('thead th:first-child').getBoundingClientRect();
          const box = wrap.getBoundingClientRect(), r = cell.getBoundingClientRect();
          return r.left >= names.right - 1 && r.right <= box.right + 1;
        }""",
        selector,
    )


@pytest.mark.parametrize("width", [1280, 375])
def test_the_matrix_opens_on_the_current_months(page, staff_user, artifacts_dir, width):
    # 8 December of next year: a day ahead of the real clock, so the browser keeps
    # the session cookie the server dates then.
    day = datetime.date(datetime.date.today().year + 1, 12, 8)
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(10), JAKARTA)):
        for n in range(3):
            AssignmentFactory(facilitator__name=f"Fasilitator Contoh {n}")
        page.set_viewport_size({"width": width, "height": 800})
        sign_in(page, staff_user.username)
        page.goto(f"/activities/?year={day.year}")
        page.wait_for_load_state("load")
        december = f'thead th[data-month="{day:%Y}-12"]'
        page.screenshot(path=artifacts_dir / f"activity-matrix-{width}.png", full_page=True)
        assert page.evaluate(
            "() => { const w = document.querySelector('.table-wrap');"
            " return w.scrollWidth > w.clientWidth; }"
        ), "the year is wider than the box at this width"
        assert in_view(page, december)
        assert in_view(page, f'thead th[data-month="{day:%Y}-11"]')
        assert page.get_by_text("Fasilitator Contoh 0").first.is_visible()
