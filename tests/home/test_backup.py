"""A backup restores into an empty database with every row."""

import io
import sqlite3
import subprocess
import uuid

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from tests.conftest import transactional

pytestmark = transactional


def row_counts_here() -> dict[str, int]:
    return {
        model._meta.db_table: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
    }


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    counts = row_counts_here()
    assert counts["registry_facilitator"] == 30
    assert counts["briefings_attendance"] == 30
    return counts


@pytest.mark.sqlite
def test_a_sqlite_backup_holds_every_row(demo, tmp_path):
    target = tmp_path / "faskel-backup.sqlite3"
    call_command("backup_db", str(target), stdout=io.StringIO())

    restored = sqlite3.connect(target)
    try:
        counts = {
            table: restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
            for table in demo
        }
    finally:
        restored.close()
    assert counts == demo


@pytest.mark.postgresql
def test_a_postgresql_backup_restores_into_an_empty_database(demo, tmp_path):
    import psycopg

    target = tmp_path / "faskel-backup.dump"
    call_command("backup_db", str(target), stdout=io.StringIO())

    params = connection.get_connection_params()
    empty = f"faskel_restore_{uuid.uuid4().hex[:8]}"
    admin = {k: params[k] for k in ("host", "port", "user") if params.get(k)}
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as server:
        server.execute(f'CREATE DATABASE "{empty}"')
    try:
        subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                f"--host={admin.get('host', '')}",
                f"--port={admin.get('port', 5432)}",
                f"--username={admin['user']}",
                f"--dbname={empty}",
                str(target),
            ],
            check=True,
            capture_output=True,
        )
        with psycopg.connect(dbname=empty, **admin) as restored:
            counts = {
                table: restored.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0]
                for table in demo
            }
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as server:
            server.execute(f'DROP DATABASE "{empty}" WITH (FORCE)')
    assert counts == demo
