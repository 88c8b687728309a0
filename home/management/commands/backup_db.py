import os
from pathlib import Path

from django.core.management.base import BaseCommand

from home import backup


class Command(BaseCommand):
    help = (
        "Back up the database alone to a file while the application runs (the uploaded "
        "files too, and a way back: manage.py backup and restore). "
        "SQLite: an online copy with SQLite's backup API. PostgreSQL: pg_dump in its "
        "custom format (pg_restore --clean --if-exists --no-owner -d DATABASE FILE)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the backup file to write")

    def handle(self, *args, path, **options):
        target = Path(path)
        # The file holds everyone's personal data: readable by its owner only, from
        # the moment it exists.
        backup.create_owner_only(target)
        # Files SQLite or pg_dump make on the way (a journal) are owner-only too.
        umask = os.umask(0o077)
        try:
            backup.database_dump(target)
        except BaseException:
            target.unlink(missing_ok=True)
            raise
        finally:
            os.umask(umask)
        self.stdout.write(f"Backup written to {target} ({target.stat().st_size} bytes).")
