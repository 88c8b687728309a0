"""axe-core in the real browser, from the copy axe-playwright-python ships (no CDN)."""

from pathlib import Path

import axe_playwright_python

AXE_SCRIPT = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text()
# target-size (WCAG 2.5.8) is off in axe's defaults; the audit asks for it.
AXE_OPTIONS = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}
BLOCKING = {"serious", "critical"}
WIDTHS = {"desktop": (1280, 900), "phone": (375, 812)}


def axe_violations(page) -> list[dict]:
    """Every violation axe finds on the page as it is now."""
    # Evaluated through the debugging protocol, which the pages' CSP does not block.
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SCRIPT)
    return page.evaluate("options => axe.run(document, options)", AXE_OPTIONS)["violations"]


def describe(violations: list[dict]) -> list[str]:
    return [
        f"{v['impact']} {v['id']}: {v['help']} -> "
        + ", ".join(str(node["target"]) for node in v["nodes"][:4])
        for v in violations
    ]


def blocking(violations: list[dict]) -> list[dict]:
    return [v for v in violations if v["impact"] in BLOCKING]
