import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

OWNER_ONLY = 0o600


class Command(BaseCommand):
    help = (
        "Back up the whole database to a file while the application runs. "
        "SQLite: an online copy with SQLite's backup API (restore: stop the app and put "
        "the file in place of the database). PostgreSQL: pg_dump in its custom format "
        "(restore: pg_restore --clean --if-exists --no-owner -d DATABASE FILE)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file to write")

    def handle(self, *args, path, **options):
        target = Path(path)
        # The file holds everyone's personal data: readable by its owner only, from
        # the moment it exists (made here, empty, before anything is written to it).
        try:
            os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, OWNER_ONLY))
        except FileExistsError:
            raise CommandError(f"{target} exists already: choose a new file name.") from None
        os.chmod(target, OWNER_ONLY)  # whatever the umask
        # Files SQLite or pg_dump make on the way (a journal) are owner-only too.
        umask = os.umask(0o077)
        try:
            self.backup(target)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        finally:
            os.umask(umask)
        self.stdout.write(f"Backup written to {target} ({target.stat().st_size} bytes).")

    def backup(self, target: Path) -> None:
        match connection.vendor:
            case "sqlite":
                self.backup_sqlite(target)
            case "postgresql":
                self.backup_postgresql(target)
            case vendor:
                raise CommandError(f"No backup method for {vendor}.")

    def backup_sqlite(self, target: Path) -> None:
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        try:
            # Copies a consistent snapshot page by page, without stopping writers for long.
            connection.connection.backup(destination)
        finally:
            destination.close()

    def backup_postgresql(self, target: Path) -> None:
        if shutil.which("pg_dump") is None:
            raise CommandError("pg_dump is not installed (Debian: postgresql-client).")
        params = connection.get_connection_params()
        env = {**os.environ, "PGPASSWORD": str(params.get("password") or "")}
        command = ["pg_dump", "--format=custom", "--no-owner", f"--file={target}"]
        for option, key in [("--host", "host"), ("--port", "port"), ("--username", "user")]:
            if params.get(key):
                command.append(f"{option}={params[key]}")
        command.append(params["dbname"])
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
        if result.returncode != 0:
            raise CommandError(f"pg_dump failed: {result.stderr.strip()}")
