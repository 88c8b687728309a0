"""Settings come from the environment and fail loudly."""

import os
import subprocess
import sys

from django.conf import settings


def load_settings(**environ) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG"}}
    env.update(environ)
    return subprocess.run(
        [sys.executable, "-c", "import faskel.settings"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        # .env is read from the project folder; an empty SECRET_KEY overrides it here.
        check=False,
    )


def test_it_refuses_to_start_without_a_secret_key_when_debug_is_off():
    result = load_settings(SECRET_KEY="", DEBUG="off")
    assert result.returncode != 0
    assert "SECRET_KEY is not set" in result.stderr


def test_debug_runs_with_a_development_key():
    assert load_settings(SECRET_KEY="", DEBUG="on").returncode == 0


def test_the_interface_is_indonesian_in_asia_jakarta():
    assert settings.LANGUAGE_CODE == "id"
    assert settings.TIME_ZONE == "Asia/Jakarta"
    assert [code for code, _ in settings.LANGUAGES] == ["id", "en"]
