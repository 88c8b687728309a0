"""On PostgreSQL, forbid overlapping contracts of one facilitator; and the default
evaluation criteria.

Periods are inclusive date ranges, as the postings' (assignments 0002). SQLite
has no exclusion constraints: there model validation and the services keep the
rule. The five default criteria weigh the same (20 each): the administrator
changes names and weights in the admin.
"""

from django.db import migrations

from contracts.models import DEFAULT_CRITERIA, DEFAULT_WEIGHT

CONSTRAINT = "contract_no_overlap_per_facilitator"


def add_exclusion_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The postings' migration created it already; a database migrated app by app may not
    # have it yet. It is left in place on the way back: the postings need it too.
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    schema_editor.execute(
        f"ALTER TABLE contracts_contract ADD CONSTRAINT {CONSTRAINT} "
        "EXCLUDE USING gist (facilitator_id WITH =, "
        "daterange(start_date, end_date, '[]') WITH &&)"
    )


def remove_exclusion_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"ALTER TABLE contracts_contract DROP CONSTRAINT {CONSTRAINT}")


def add_criteria(apps, schema_editor):
    Criterion = apps.get_model("contracts", "Criterion")
    for position, name in enumerate(DEFAULT_CRITERIA, start=1):
        Criterion.objects.get_or_create(
            name=name, defaults={"weight": DEFAULT_WEIGHT, "position": position}
        )


class Migration(migrations.Migration):
    dependencies = [("contracts", "0001_initial")]

    operations = [
        migrations.RunPython(add_exclusion_constraint, remove_exclusion_constraint),
        migrations.RunPython(add_criteria, migrations.RunPython.noop),
    ]
