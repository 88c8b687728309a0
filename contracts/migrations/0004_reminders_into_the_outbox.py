"""The contract reminders already recorded move into the outbox as sent, so none of
them goes out again after the upgrade; the old table goes."""

from django.db import migrations
from django.urls import reverse


def into_the_outbox(apps, schema_editor):
    ContractReminder = apps.get_model("contracts", "ContractReminder")
    Reminder = apps.get_model("outbox", "Reminder")
    rows = ContractReminder.objects.select_related("contract").iterator()
    Reminder.objects.bulk_create(
        (
            Reminder(
                kind="contract",
                facilitator_id=row.contract.facilitator_id,
                period=row.contract.end_date,
                stage=str(row.days_before),
                link=reverse("contracts:detail", args=[row.contract_id]),
                state="sent",
                sent_at=row.sent_at,
                tried_at=row.sent_at,
            )
            for row in rows
        ),
        batch_size=500,
        ignore_conflicts=True,
    )


def back_from_the_outbox(apps, schema_editor):
    ContractReminder = apps.get_model("contracts", "ContractReminder")
    Contract = apps.get_model("contracts", "Contract")
    Reminder = apps.get_model("outbox", "Reminder")
    for reminder in Reminder.objects.filter(kind="contract", state="sent"):
        contract = Contract.objects.filter(
            facilitator_id=reminder.facilitator_id, end_date=reminder.period
        ).first()
        if contract is not None:
            ContractReminder.objects.get_or_create(
                contract=contract,
                days_before=int(reminder.stage),
                defaults={"sent_at": reminder.sent_at},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("contracts", "0003_dated_rates_signers_issued_lists"),
        ("outbox", "0001_reminders"),
    ]

    operations = [
        migrations.RunPython(into_the_outbox, back_from_the_outbox),
        migrations.DeleteModel(name="ContractReminder"),
    ]
