"""Back up the whole installation into one dated archive (home/backup.py).

The database and every uploaded file, with a manifest of row counts and file
checksums; restore it with `manage.py restore ARCHIVE`. Run it nightly (the
scheduler of compose.yaml does) and copy the archives off the server.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from home import backup


class Command(BaseCommand):
    help = (
        "Write a dated archive (tar.gz) of the database and the uploaded files "
        "(MEDIA_ROOT), with a manifest of row counts and file checksums, into "
        "BACKUP_DIR or --dir. Restore it with: manage.py restore ARCHIVE."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="the folder to write into (default: BACKUP_DIR)")
        parser.add_argument(
            "--keep",
            type=int,
            default=0,
            help="then remove all but the newest KEEP archives of the folder (0: keep all)",
        )

    def handle(self, *args, dir=None, keep=0, **options):
        if keep < 0:
            raise CommandError("--keep: a number of archives, 0 or more.")
        folder = Path(dir or settings.BACKUP_DIR)
        target, manifest = backup.archive_write(folder, now=timezone.localtime())
        self.stdout.write(
            f"Backup written to {target} ({target.stat().st_size} bytes): "
            f"{sum(manifest['tables'].values())} rows in {len(manifest['tables'])} tables, "
            f"{len(manifest['files'])} uploaded files."
        )
        for path in backup.archives_prune(folder, keep=keep):
            self.stdout.write(f"Removed the older backup {path}.")
