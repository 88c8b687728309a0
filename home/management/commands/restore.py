"""Restore an archive of `manage.py backup` into an empty installation (home/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand

from home import backup


class Command(BaseCommand):
    help = (
        "Restore an archive written by `manage.py backup`: the database and the uploaded "
        "files. Refuses an installation that holds data unless --force is given; checks "
        "the restored rows and files against the archive's manifest."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the .tar.gz written by manage.py backup")
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the data and files of an installation that is not empty",
        )

    def handle(self, *args, archive, force=False, **options):
        manifest = backup.archive_restore(Path(archive), force=force)
        self.stdout.write(
            f"Restored the backup of {manifest['created']}: "
            f"{sum(manifest['tables'].values())} rows in {len(manifest['tables'])} tables, "
            f"{len(manifest['files'])} uploaded files, all as the archive's manifest lists."
        )
