"""The container stack of compose.yaml, as far as it can be run without a container engine.

No image registry and no container engine are at hand where the suite runs, so
each service's own command (read from compose.yaml) is run here, the way its
container would run it: with .env.example's values and the service's
environment, only the database, Redis, folders and port pointed at this
machine's. The web service's health check (also read from compose.yaml) must
then find it healthy with the HTTPS settings of .env.example, also after its
database connections were cut; the worker must run a job; each command of the
crontab must run once through deploy/scheduled.sh. What this cannot prove: the
image builds, the volumes and the network between containers, cron itself, Caddy.
"""

import os
import re
import shlex
import socket
import subprocess
import sys
import time
from pathlib import Path

import psycopg
import pytest
import yaml
from django.conf import settings
from django.core.management import get_commands

from jobs.models import Job
from jobs.services import job_start
from tests.jobs import tasks

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
APPLICATION = "faskel-stack-test"
CRON_LINE = re.compile(r"^(\S+\s+){5}(?P<user>\S+)\s+(?P<command>.+)$")
CRON_FIELD = re.compile(r"^(\*|\d+(-\d+)?)(/\d+)?(,(\d+(-\d+)?)(/\d+)?)*$")
APP_SERVICES = ["web", "worker", "scheduler"]


def compose() -> dict:
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


def env_example() -> dict[str, str]:
    values = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip()
    return values


def crontab() -> list[tuple[str, str, list[str]]]:
    """(schedule, user, command words) of each line of deploy/crontab."""
    entries = []
    for line in (ROOT / "deploy" / "crontab").read_text().splitlines():
        line = line.strip()
        if not line or line.startswith("#") or re.match(r"^[A-Z_]+=", line):
            continue
        match = CRON_LINE.match(line)
        assert match, f"not a crontab line: {line}"
        entries.append((" ".join(line.split()[:5]), match["user"], shlex.split(match["command"])))
    return entries


def scheduled_commands() -> list[list[str]]:
    """The manage.py command (with its arguments) of each crontab line."""
    commands = []
    for _schedule, _user, words in crontab():
        assert words[:2] == ["sh", "/app/deploy/scheduled.sh"], words
        commands.append(words[2:])
    return commands


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def service_environment(name: str, tmp_path: Path) -> dict[str, str]:
    """What the service's container gets: .env.example (env_file), then its own
    environment; then only what points at this machine instead of the stack's."""
    service = compose()["services"][name]
    assert service["env_file"] == ".env"
    db = settings.DATABASES["default"]
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        "HOME": str(tmp_path),
        **env_example(),
        **{key: str(value) for key, value in service["environment"].items()},
        # Set by the operator in .env.
        "SECRET_KEY": "stack-test-" + "x" * 50,
        "ALLOWED_HOSTS": "faskel.example.go.id,localhost",
        # The stack's services, here on this machine.
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST']}:{db['PORT'] or 5432}/{db['NAME']}"
            f"?application_name={APPLICATION}"
        ),
        "CACHE_URL": f"{REDIS_URL}?key_prefix=stack-test",
        # The volumes.
        "MEDIA_ROOT": str(tmp_path / "media"),
        "BACKUP_DIR": str(tmp_path / "backups"),
    }
    return env


def run_compose_command(command, env: dict, **kwargs):
    """A compose `command:` (exec form), with its `python` the suite's."""
    return subprocess.Popen(command, cwd=ROOT, env=env, **kwargs)


def health_check(env: dict) -> subprocess.CompletedProcess:
    test = compose()["services"]["web"]["healthcheck"]["test"]
    assert test[0] == "CMD"
    return subprocess.run(test[1:], cwd=ROOT, env=env, capture_output=True, text=True, timeout=30)


def cut_connections() -> int:
    db = settings.DATABASES["default"]
    with psycopg.connect(
        host=db["HOST"], port=db["PORT"], user=db["USER"], dbname="postgres", autocommit=True
    ) as admin:
        return len(
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                "WHERE datname = %s AND application_name = %s",
                [db["NAME"], APPLICATION],
            ).fetchall()
        )


def wait_for(condition, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if found := condition():
            return found
        time.sleep(0.2)
    raise AssertionError("waited in vain")


def test_env_example_boots_as_it_is_once_the_secret_key_is_set(tmp_path):
    env = {
        "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin",
        **env_example(),
        "SECRET_KEY": "stack-test-" + "x" * 50,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
    # The static files' storage is what refused MEDIA_ROOT and STATIC_ROOT both empty.
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--dry-run", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr


def test_every_app_service_shares_the_uploaded_files_volume():
    stack = compose()
    for name in APP_SERVICES:
        service = stack["services"][name]
        assert service["environment"]["MEDIA_ROOT"] == "/app/media"
        assert "media:/app/media" in service["volumes"], name
    assert "media" in stack["volumes"]
    # The database's password comes from .env, never from compose.yaml.
    assert stack["services"]["db"]["environment"]["POSTGRES_PASSWORD"].startswith(
        "${POSTGRES_PASSWORD"
    )
    assert "POSTGRES_PASSWORD" in env_example()


def test_the_crontab_parses_and_schedules_every_command_meant_for_it():
    entries = crontab()
    for schedule, user, _words in entries:
        assert all(CRON_FIELD.match(field) for field in schedule.split()), schedule
        assert user == "faskel"
    scheduled = {words[0] for words in scheduled_commands()}
    commands = get_commands()
    assert scheduled <= set(commands), scheduled - set(commands)
    # Every command of the project that asks to be run from cron is.
    meant = set()
    for name, app in commands.items():
        path = ROOT / app.replace(".", "/") / "management" / "commands" / f"{name}.py"
        if path.exists() and "from cron" in path.read_text():
            meant.add(name)
    assert meant == {"recover_jobs", "send_report_reminders", "send_contract_reminders"}
    assert meant <= scheduled
    assert "backup" in scheduled


@pytest.mark.postgresql
@pytest.mark.django_db(transaction=True)
def test_the_services_come_up_and_the_web_stays_healthy(tmp_path, staff_user):
    stack = compose()["services"]
    port = free_port()
    web_env = {
        **service_environment("web", tmp_path),
        "PORT": str(port),
        # One process with one thread: its one kept connection is the one cut below.
        "WEB_CONCURRENCY": "1",
        "GUNICORN_THREADS": "1",
    }
    assert web_env["SECURE_SSL_REDIRECT"] == "on"  # as .env.example has it
    log = (tmp_path / "web.log").open("w")
    web = run_compose_command(stack["web"]["command"], web_env, stdout=log, stderr=log)
    worker_log = (tmp_path / "worker.log").open("w")
    worker = None
    try:
        wait_for(lambda: health_check(web_env).returncode == 0 or web.poll() is not None, 120)
        assert web.poll() is None, (tmp_path / "web.log").read_text()

        # A database restart cuts every kept connection: the next check still passes.
        assert cut_connections() >= 1
        checked = health_check(web_env)
        assert checked.returncode == 0, checked.stderr

        worker = run_compose_command(
            stack["worker"]["command"],
            service_environment("worker", tmp_path),
            stdout=worker_log,
            stderr=worker_log,
        )
        job = job_start(kind="count", owner=staff_user, task=tasks.count_to, arguments={"n": 2})
        wait_for(lambda: Job.objects.get(pk=job.pk).state == Job.State.DONE, 60)
        assert worker.poll() is None

        # The scheduler: each crontab command once, as cron would start it.
        scheduler_env = {
            **service_environment("scheduler", tmp_path),
            "FASKEL_APP_DIR": str(ROOT),
            "FASKEL_LOG_DIR": str(tmp_path),
            "FASKEL_ENV_FILE": str(tmp_path / "none"),
        }
        (tmp_path / "backups").mkdir()
        for words in scheduled_commands():
            result = subprocess.run(
                ["sh", str(ROOT / "deploy" / "scheduled.sh"), *words],
                env=scheduler_env,
                capture_output=True,
                text=True,
                timeout=120,
            )
            assert result.returncode == 0, (tmp_path / "scheduled.log").read_text()
            assert (tmp_path / f"{words[0]}.last-success").exists()
        schedule_log = (tmp_path / "scheduled.log").read_text()
        assert "scheduled recover_jobs: finished, exit status 0" in schedule_log
        assert len(list((tmp_path / "backups").glob("faskel-backup-*.tar.gz"))) == 1
    finally:
        for process in [web, worker]:
            if process is not None:
                process.terminate()
                process.wait(30)
        log.close()
        worker_log.close()
