"""On PostgreSQL, forbid overlapping postings of one kelurahan or one facilitator.

The partial unique constraints of 0001 allow one open posting each; these
exclusion constraints also cover closed periods. Periods are inclusive date
ranges, an open end meaning "until further notice". SQLite has no exclusion
constraints: there the model validation and the services keep the rule.
"""

from django.contrib.postgres.operations import BtreeGistExtension
from django.db import migrations

CONSTRAINTS = {
    "assignment_no_overlap_per_kelurahan": "kelurahan_id",
    "assignment_no_overlap_per_facilitator": "facilitator_id",
}


def add_exclusion_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, column in CONSTRAINTS.items():
        schema_editor.execute(
            f"ALTER TABLE assignments_assignment ADD CONSTRAINT {name} "
            f"EXCLUDE USING gist ({column} WITH =, "
            f"daterange(start_date, end_date, '[]') WITH &&)"
        )


def remove_exclusion_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in CONSTRAINTS:
        schema_editor.execute(f"ALTER TABLE assignments_assignment DROP CONSTRAINT {name}")


class Migration(migrations.Migration):
    dependencies = [("assignments", "0001_initial")]

    operations = [
        BtreeGistExtension(),
        migrations.RunPython(add_exclusion_constraints, remove_exclusion_constraints),
    ]
