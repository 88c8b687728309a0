"""The apps depend one way, from the ground up, and no module imports itself back
through others: read from the source, so a new import that breaks the order fails."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    "accounts",
    "jobs",
    "outbox",
    "registry",
    "assignments",
    "briefings",
    "activities",
    "contracts",
    "audit",
    "imports",
    "reports",
    "home",
]
# What each app may import from. registry is the ground: people and places know
# nothing of postings, briefings, history pages or the pages that combine them.
ALLOWED = {
    "accounts": set(),
    "jobs": {"accounts"},
    "registry": {"accounts"},
    # The reminders every app sends, each once: below the apps that send them.
    "outbox": {"accounts", "registry", "assignments"},
    "assignments": {"accounts", "registry"},
    "briefings": {"accounts", "registry", "assignments"},
    "activities": {"accounts", "registry", "assignments", "outbox"},
    # The contract cycle pays on approved monthly reports and evaluates from postings,
    # attendance and activities: above all three. A decree names the posting it made
    # (Contract.posting), so postings know nothing of contracts.
    "contracts": {"accounts", "registry", "assignments", "briefings", "activities", "outbox"},
    "audit": {"accounts", "registry", "assignments", "briefings"},
    "imports": {"accounts", "registry"},
    "reports": {"accounts", "registry", "assignments", "briefings"},
    "home": {
        "accounts",
        "registry",
        "assignments",
        "briefings",
        "activities",
        "contracts",
        "audit",
        "reports",
        "outbox",
    },
}
# Shared plumbing: generic modules any app may use (reading spreadsheets, writing
# documents, recording history, background jobs), which themselves build on the
# ground alone.
PLUMBING_PACKAGES = ("imports", "jobs")
PLUMBING = {
    # Checking, keeping and sending uploads (activity files, decrees, letters).
    "activities.files",
    # The shapes of values (a NIP, a phone number): an account's NIP is checked
    # as the register's signers' are.
    "registry.validators",
    "audit.changes",
    "audit.context",
    "reports.background",
    # The reports index's registry: the apps above it tell it their reports.
    "reports.entries",
    "reports.cells",
    "reports.formats",
    "reports.pdf",
    "reports.xlsx",
}
PLUMBING_MAY_USE = {"accounts", "registry"}


def modules() -> dict[str, Path]:
    found = {}
    for app in APPS:
        for path in (ROOT / app).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
            found[name.removesuffix(".__init__")] = path
    return found


def imports_of(path: Path, known: set[str]) -> set[str]:
    """The project's modules this file imports at module level or in functions."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    # `from reports import pdf` names the package too; its empty __init__ is no dependency.
    return {name for name in names if name in known and name not in APPS}


GRAPH = {name: imports_of(path, set(modules())) - {name} for name, path in modules().items()}


def is_plumbing(module: str) -> bool:
    return (
        module in PLUMBING
        or module.split(".")[0] in PLUMBING_PACKAGES
        or any(module.startswith(f"{name}.") for name in PLUMBING)
    )


@pytest.mark.parametrize("app", APPS)
def test_each_app_imports_only_from_the_apps_below_it_and_the_plumbing(app):
    wrong = {
        module: sorted(imported)
        for module, targets in GRAPH.items()
        if module.split(".")[0] == app and not is_plumbing(module)
        if (
            imported := {
                t
                for t in targets
                if t.split(".")[0] not in ALLOWED[app] | {app} and not is_plumbing(t)
            }
        )
    }
    assert wrong == {}


def test_the_plumbing_builds_on_the_ground_alone():
    wrong = {
        module: sorted(imported)
        for module, targets in GRAPH.items()
        if is_plumbing(module)
        if (
            imported := {
                t for t in targets if not is_plumbing(t) and t.split(".")[0] not in PLUMBING_MAY_USE
            }
        )
    }
    assert wrong == {}


def test_no_module_imports_itself_back_through_others():
    cycles = []
    for start in GRAPH:
        stack, seen = [(start, [start])], set()
        while stack:
            module, path = stack.pop()
            for target in GRAPH[module]:
                if target == start:
                    cycles.append(" -> ".join([*path, start]))
                elif target not in seen:
                    seen.add(target)
                    stack.append((target, [*path, target]))
    assert cycles == []
