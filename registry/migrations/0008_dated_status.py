"""Dated status: the facilitators inactive before dates were kept get a
deactivation from the day their history first shows them inactive for good
(or today, when the history does not say), then the flag goes.

On PostgreSQL an exclusion constraint forbids overlapping deactivations of
one facilitator, as migration assignments 0002 does for postings.
"""

import datetime

from django.db import migrations
from django.utils import timezone

REASON = "Nonaktif sebelum status bertanggal dicatat"


def dated_deactivations(apps, schema_editor):
    Facilitator = apps.get_model("registry", "Facilitator")
    Deactivation = apps.get_model("registry", "Deactivation")
    Assignment = apps.get_model("assignments", "Assignment")
    History = apps.get_model("registry", "HistoricalFacilitator")
    today = timezone.localdate()
    for facilitator in Facilitator.objects.filter(is_active=False):
        start = today
        versions = History.objects.filter(id=facilitator.pk).order_by("-history_date")
        since = None
        for version in versions:
            if version.is_active:
                break
            since = version.history_date
        if since is not None:
            start = timezone.localtime(since).date()
        # A deactivation never begins inside a posting: it begins the day after the last one.
        last = Assignment.objects.filter(facilitator_id=facilitator.pk).exclude(end_date=None)
        last = last.order_by("-end_date").values_list("end_date", flat=True).first()
        if last is not None and last >= start:
            start = last + datetime.timedelta(days=1)
        Deactivation.objects.create(facilitator_id=facilitator.pk, start_date=start, reason=REASON)


def flags_back(apps, schema_editor):
    Facilitator = apps.get_model("registry", "Facilitator")
    Deactivation = apps.get_model("registry", "Deactivation")
    inactive = Deactivation.objects.filter(end_date=None).values("facilitator_id")
    Facilitator.objects.filter(pk__in=inactive).update(is_active=False)


def add_exclusion_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "ALTER TABLE registry_deactivation ADD CONSTRAINT deactivation_no_overlap "
        "EXCLUDE USING gist (facilitator_id WITH =, daterange(start_date, end_date, '[]') WITH &&)"
    )


def remove_exclusion_constraint(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("ALTER TABLE registry_deactivation DROP CONSTRAINT deactivation_no_overlap")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0007_deactivation"),
        # btree_gist comes with the postings' exclusion constraints.
        ("assignments", "0002_no_overlapping_postings"),
    ]

    operations = [
        migrations.RunPython(dated_deactivations, flags_back),
        migrations.RunPython(add_exclusion_constraint, remove_exclusion_constraint),
    ]
