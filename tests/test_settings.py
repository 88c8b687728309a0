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


def settings_seen(*names: str, **environ) -> list[str]:
    code = "import faskel.settings as s; " + "; ".join(f"print(s.{name})" for name in names)
    env = {k: v for k, v in os.environ.items() if k != "CACHE_URL"}
    env.update(SECRET_KEY="x" * 50, DEBUG="off", **environ)
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.splitlines()


def test_one_server_keeps_its_cache_in_memory_and_reads_sessions_from_the_database():
    backend, engine = settings_seen('CACHES["default"]["BACKEND"]', "SESSION_ENGINE")
    assert backend == "django.core.cache.backends.locmem.LocMemCache"
    # A per-process cache must not hold sessions: a sign-out in one worker would
    # leave the session alive in the others.
    assert engine == "django.contrib.sessions.backends.db"


def test_cache_url_shares_redis_between_servers_and_reads_sessions_through_it():
    backend, location, prefix, engine = settings_seen(
        'CACHES["default"]["BACKEND"]',
        'CACHES["default"]["LOCATION"]',
        'CACHES["default"]["KEY_PREFIX"]',
        "SESSION_ENGINE",
        CACHE_URL="redis://127.0.0.1:6379/5?key_prefix=faskel",
    )
    assert backend == "home.cache.RedisCache"
    assert location == "redis://127.0.0.1:6379/5"
    assert prefix == "faskel"  # servers of two sites can share one Redis
    assert engine == "django.contrib.sessions.backends.cached_db"
