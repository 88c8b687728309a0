"""`manage.py backup` and `restore`: the database and the uploaded files, into an
empty installation, with the same rows in every table and the same files."""

import io
import tarfile

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from home import backup
from registry.factories import FacilitatorFactory
from registry.models import Facilitator
from tests.conftest import transactional

pytestmark = transactional


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    # A few files of different kinds, in folders, as uploads leave them.
    extra = settings.MEDIA_ROOT / "activities" / "2026" / "12"
    extra.mkdir(parents=True)
    (extra / "photo.jpg").write_bytes(bytes(range(256)) * 40)
    (extra / "laporan.pdf").write_bytes(b"%PDF-1.4\n" + b"x" * 5000)
    return backup.row_counts(), backup.media_checksums()


def empty_installation():
    """As a new server holds it: a migrated database without data, no uploaded files."""
    call_command("flush", "--no-input", verbosity=0)
    for path in sorted(settings.MEDIA_ROOT.rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()
    assert backup.installation_contents() == ""


def test_an_archive_restores_every_row_and_every_file_into_an_empty_installation(demo, tmp_path):
    counts, files = demo
    assert counts["registry_facilitator"] == 30
    assert len(files) >= 3  # the demo's letter and the two above

    out = io.StringIO()
    call_command("backup", "--dir", str(tmp_path / "backups"), stdout=out)
    (archive,) = (tmp_path / "backups").glob("faskel-backup-*.tar.gz")
    assert archive.stat().st_mode & 0o777 == 0o600
    assert f"{len(files)} uploaded files" in out.getvalue()
    with tarfile.open(archive) as opened:
        names = opened.getnames()
    assert "manifest.json" in names
    assert backup.database_file_name() in names

    empty_installation()
    out = io.StringIO()
    call_command("restore", str(archive), stdout=out)

    assert backup.row_counts() == counts
    assert backup.media_checksums() == files
    assert Facilitator.objects.count() == 30
    assert "all as the archive's manifest lists" in out.getvalue()


def test_restore_refuses_an_installation_that_holds_data_unless_forced(demo, tmp_path):
    counts, files = demo
    call_command("backup", "--dir", str(tmp_path), stdout=io.StringIO())
    (archive,) = tmp_path.glob("faskel-backup-*.tar.gz")
    FacilitatorFactory(name="Sri Rahayu")  # registered after the backup
    (settings.MEDIA_ROOT / "later.txt").write_text("uploaded after the backup")

    with pytest.raises(CommandError, match=r"not empty \(.*31 facilitator\(s\).*--force"):
        call_command("restore", str(archive), stdout=io.StringIO())
    assert Facilitator.objects.count() == 31  # nothing changed

    call_command("restore", str(archive), "--force", stdout=io.StringIO())
    assert backup.row_counts() == counts
    assert backup.media_checksums() == files


def test_backup_keeps_only_the_newest_archives_asked_for(db, tmp_path):
    for name in ["20261201-013000", "20261202-013000", "20261203-013000"]:
        (tmp_path / f"faskel-backup-{name}.tar.gz").write_bytes(b"old")
    call_command("backup", "--dir", str(tmp_path), "--keep", "2", stdout=io.StringIO())
    kept = sorted(path.name for path in tmp_path.glob("faskel-backup-*.tar.gz"))
    assert len(kept) == 2
    assert kept[0] == "faskel-backup-20261203-013000.tar.gz"


def test_a_damaged_archive_changes_nothing(db, tmp_path):
    damaged = tmp_path / "faskel-backup-20261208-013000.tar.gz"
    damaged.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="is not a backup archive"):
        call_command("restore", str(damaged), stdout=io.StringIO())
