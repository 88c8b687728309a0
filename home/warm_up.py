"""What a server's parent process loads before it forks its workers
(gunicorn.conf.py), so that no worker pays for it at a person's first page."""

from pathlib import Path

from django.conf import settings
from django.template import engines
from django.utils import translation

TEMPLATE_SUFFIXES = {".html", ".txt"}


def templates() -> int:
    """Compile every template the engines can find, as their cached loaders keep
    them (the first found of each name, as a page would get it). Returns how many."""
    found = set()
    for engine in engines.all():
        for directory in engine.template_dirs:
            root = Path(directory)
            found.update(
                (engine, path.relative_to(root).as_posix())
                for path in root.rglob("*")
                if path.suffix in TEMPLATE_SUFFIXES
            )
    for engine, name in found:
        engine.get_template(name)
    return len(found)


def translations() -> None:
    """Load each language's message catalogue."""
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Facilitator register")
