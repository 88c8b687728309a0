"""Before gunicorn forks its workers, every template is compiled (gunicorn.conf.py):
a template that does not compile stops the server at start, not a page later."""

from pathlib import Path

from django.conf import settings
from django.template import engines

from home import warm_up


def test_every_template_is_compiled_and_kept_before_the_workers_fork():
    engine = engines["django"].engine
    (cached_loader,) = engine.template_loaders
    cached_loader.reset()

    compiled = warm_up.templates()

    ours = [
        path.relative_to(root).as_posix()
        for root in [
            Path(settings.BASE_DIR) / "templates",
            *Path(settings.BASE_DIR).glob("*/templates"),
        ]
        for path in root.rglob("*")
        if path.suffix in warm_up.TEMPLATE_SUFFIXES
    ]
    assert len(ours) > 100 and compiled >= len(ours)
    kept = set(cached_loader.get_template_cache)
    assert set(ours) <= kept
