"""Backups of a whole installation: the database and the uploaded files.

An archive (`manage.py backup`) is a tar.gz holding
- `database.dump` (PostgreSQL: pg_dump's custom format) or `database.sqlite3`
  (SQLite: a consistent copy made with SQLite's backup API), taken while the
  application runs;
- `media/`, every file under MEDIA_ROOT (photos, documents, scans, letters, the
  files jobs made), read after the database, so every file the database names is in it;
- `manifest.json`: when, from which database, the rows of every table and the
  SHA-256 of every file, which `manage.py restore` checks after restoring.

Archives hold everyone's personal data: they are readable by their owner only.
"""

import datetime
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection

OWNER_ONLY = 0o600
MANIFEST = "manifest.json"
ARCHIVE_PATTERN = "faskel-backup-*.tar.gz"
NOT_EMPTY = (
    "This installation is not empty ({what}): a restore replaces everything in it. "
    "Restore into a new installation (an empty database and media folder), or add "
    "--force to replace this one's data and files with the archive's."
)


def create_owner_only(path: Path) -> None:
    """An empty file only its owner can read, made before anything is written to it."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY))
    except FileExistsError:
        raise CommandError(f"{path} exists already: choose a new file name.") from None
    os.chmod(path, OWNER_ONLY)  # whatever the umask


def _pg_command(program: str) -> tuple[list[str], dict]:
    if shutil.which(program) is None:
        raise CommandError(f"{program} is not installed (Debian: postgresql-client).")
    params = connection.get_connection_params()
    env = {**os.environ, "PGPASSWORD": str(params.get("password") or "")}
    command = [program]
    for option, key in [("--host", "host"), ("--port", "port"), ("--username", "user")]:
        if params.get(key):
            command.append(f"{option}={params[key]}")
    return command, env


def _run(command: list[str], env: dict) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise CommandError(f"{command[0]} failed: {result.stderr.strip()}")


def database_file_name() -> str:
    return "database.sqlite3" if connection.vendor == "sqlite" else "database.dump"


def database_dump(target: Path) -> None:
    """Write the whole database to `target` (which exists, empty) while the app runs."""
    match connection.vendor:
        case "sqlite":
            connection.ensure_connection()
            destination = sqlite3.connect(target)
            try:
                # A consistent snapshot page by page, without stopping writers for long.
                connection.connection.backup(destination)
            finally:
                destination.close()
        case "postgresql":
            command, env = _pg_command("pg_dump")
            params = connection.get_connection_params()
            command += ["--format=custom", "--no-owner", f"--file={target}", params["dbname"]]
            _run(command, env)
        case vendor:
            raise CommandError(f"No backup method for {vendor}.")


def database_restore(source: Path) -> None:
    """Replace every table of the database with the dump's."""
    match connection.vendor:
        case "sqlite":
            connection.ensure_connection()
            dump = sqlite3.connect(source)
            try:
                dump.backup(connection.connection)
            finally:
                dump.close()
            connection.close()
        case "postgresql":
            connection.close()
            command, env = _pg_command("pg_restore")
            params = connection.get_connection_params()
            command += [
                "--clean",
                "--if-exists",
                "--no-owner",
                "--single-transaction",
                f"--dbname={params['dbname']}",
                str(source),
            ]
            _run(command, env)
        case vendor:
            raise CommandError(f"No restore method for {vendor}.")


def row_counts() -> dict[str, int]:
    """The rows of every table of the database, by table name."""
    with connection.cursor() as cursor:
        tables = sorted(connection.introspection.table_names(cursor))
        counts = {}
        for table in tables:
            cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
            counts[table] = cursor.fetchone()[0]
    return counts


def media_checksums(root: Path | None = None) -> dict[str, str]:
    """SHA-256 of every file under MEDIA_ROOT, by its path there."""
    root = Path(root or settings.MEDIA_ROOT)
    checksums = {}
    if root.is_dir():
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            digest = hashlib.sha256()
            with path.open("rb") as file:
                for block in iter(lambda f=file: f.read(1 << 20), b""):
                    digest.update(block)
            checksums[path.relative_to(root).as_posix()] = digest.hexdigest()
    return checksums


def archive_write(folder: Path, *, now: datetime.datetime) -> tuple[Path, dict]:
    """Write a new archive into `folder`; returns its path and manifest."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"faskel-backup-{now:%Y%m%d-%H%M%S}.tar.gz"
    create_owner_only(target)
    # Whatever is made on the way (the dump, a journal) is owner-only too.
    umask = os.umask(0o077)
    try:
        with tempfile.TemporaryDirectory(dir=folder, prefix=".backup-") as work:
            dump = Path(work) / database_file_name()
            create_owner_only(dump)
            database_dump(dump)
            manifest = {
                "created": now.isoformat(),
                "database": connection.vendor,
                "database_file": dump.name,
                "tables": row_counts(),
                "files": media_checksums(),
            }
            with tarfile.open(target, "w:gz") as archive:
                _add_bytes(archive, MANIFEST, json.dumps(manifest, indent=1).encode())
                archive.add(dump, arcname=dump.name)
                media = Path(settings.MEDIA_ROOT)
                for name in manifest["files"]:
                    archive.add(media / name, arcname=f"media/{name}", recursive=False)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    finally:
        os.umask(umask)
    return target, manifest


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mode = OWNER_ONLY
    archive.addfile(info, io.BytesIO(content))


def archives_prune(folder: Path, *, keep: int) -> list[Path]:
    """Remove all but the newest `keep` archives of `folder` (their names sort by date)."""
    archives = sorted(folder.glob(ARCHIVE_PATTERN))
    removed = archives[:-keep] if keep > 0 else []
    for path in removed:
        path.unlink()
    return removed


def installation_contents() -> str:
    """What this installation holds that a restore would replace; "" when empty."""
    from accounts.models import User
    from registry.models import Facilitator

    held = []
    if users := User.objects.count():
        held.append(f"{users} user(s)")
    if facilitators := Facilitator.objects.count():
        held.append(f"{facilitators} facilitator(s)")
    if files := len(media_checksums()):
        held.append(f"{files} uploaded file(s)")
    return ", ".join(held)


def archive_restore(source: Path, *, force: bool) -> dict:
    """Restore an archive into this installation; returns its manifest.

    Refuses an installation that holds data unless forced. The archive's files are
    checked against its manifest before anything is changed, and the restored rows
    and files after."""
    if not source.is_file():
        raise CommandError(f"{source}: no such archive.")
    if not force and (held := installation_contents()):
        raise CommandError(NOT_EMPTY.format(what=held))
    with tempfile.TemporaryDirectory(prefix="faskel-restore-") as work:
        work = Path(work)
        try:
            with tarfile.open(source, "r:gz") as archive:
                archive.extractall(work, filter="data")
            manifest = json.loads((work / MANIFEST).read_text())
        except (tarfile.TarError, OSError, ValueError) as error:
            raise CommandError(f"{source} is not a backup archive: {error}") from None
        if manifest["database"] != connection.vendor:
            raise CommandError(
                f"The archive holds a {manifest['database']} database; this installation "
                f"uses {connection.vendor}."
            )
        if media_checksums(work / "media") != manifest["files"]:
            raise CommandError(f"{source} is damaged: its files differ from its manifest.")

        database_restore(work / manifest["database_file"])
        media = Path(settings.MEDIA_ROOT)
        if media.is_dir():
            for child in media.iterdir():
                shutil.rmtree(child) if child.is_dir() else child.unlink()
        if (work / "media").is_dir():
            shutil.copytree(work / "media", media, dirs_exist_ok=True)

    restored = row_counts()
    differences = [
        table for table, rows in manifest["tables"].items() if restored.get(table) != rows
    ]
    if differences or media_checksums() != manifest["files"]:
        raise CommandError(
            "The restored installation differs from the archive's manifest: "
            + (", ".join(differences) or "uploaded files")
        )
    return manifest
