"""`dumpdata` and `loaddata` move every row into an empty database, the history as
it was (README, *Backups*: natural keys, without content types and permissions,
which `migrate` makes)."""

import io

import pytest
from django.core.management import call_command

from home import backup
from tests.conftest import transactional

pytestmark = transactional

DUMP = [
    "dumpdata",
    "--natural-foreign",
    "--natural-primary",
    "--exclude=contenttypes",
    "--exclude=auth.permission",
]


@pytest.fixture
def demo():
    call_command("seed_demo", stdout=io.StringIO())
    return backup.row_counts()


def test_a_dump_loads_into_an_empty_database_with_every_row_and_no_new_history(demo, tmp_path):
    fixture = tmp_path / "faskel.json"
    call_command(*DUMP, f"--output={fixture}", verbosity=0)
    call_command("flush", "--no-input", verbosity=0)
    assert backup.row_counts()["registry_facilitator"] == 0

    call_command("loaddata", str(fixture), verbosity=0)

    assert backup.row_counts() == demo
