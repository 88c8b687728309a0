"""The migration that adds the sort key fills it for the people already there."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from registry.models import Facilitator

pytestmark = pytest.mark.django_db

BEFORE = [("registry", "0015_disclosure_duplicate")]
AFTER = [("registry", "0016_facilitator_sort_name")]


@pytest.fixture
def before_the_key(transactional_db):
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    yield MigrationExecutor(connection).loader.project_state(BEFORE).apps
    MigrationExecutor(connection).migrate(executor.loader.graph.leaf_nodes())


def test_people_already_in_the_register_are_listed_by_name(before_the_key):
    Old = before_the_key.get_model("registry", "Facilitator")
    for name in ["Zaki", "dr. Belinda", "Élan", "budi", "Ani"]:
        Old.objects.create(name=name, sex="L")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(AFTER)

    listed = Facilitator.objects.by_name().values_list("name", "sort_name")
    assert list(listed) == [
        ("Ani", "ani"),
        ("budi", "budi"),
        ("dr. Belinda", "dr. belinda"),
        ("Élan", "elan"),
        ("Zaki", "zaki"),
    ]
