"""The record of who saw a full NIK becomes the record of who saw any personal
data in full: the NIK, or (since the contracts) a facilitator's payment details."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def rename_permissions(apps, schema_editor):
    """Django renames the content type with the model, not its permissions."""
    Permission = apps.get_model("auth", "Permission")
    for action in ("add", "change", "delete", "view"):
        Permission.objects.filter(
            content_type__app_label="registry", codename=f"{action}_nikdisclosure"
        ).update(codename=f"{action}_disclosure", name=f"Can {action} disclosure of personal data")


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0013_deactivation_dates_in_range"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel(old_name="NikDisclosure", new_name="Disclosure"),
        migrations.AlterModelOptions(
            name="disclosure",
            options={
                "ordering": ["-at"],
                "verbose_name": "disclosure of personal data",
                "verbose_name_plural": "disclosures of personal data",
            },
        ),
        migrations.AddField(
            model_name="disclosure",
            name="data",
            field=models.CharField(
                choices=[("nik", "NIK"), ("payment", "Payment details")],
                default="nik",
                max_length=10,
                verbose_name="data seen",
            ),
        ),
        migrations.AlterField(
            model_name="disclosure",
            name="facilitator",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="disclosures",
                to="registry.facilitator",
                verbose_name="facilitator",
            ),
        ),
        migrations.AlterField(
            model_name="disclosure",
            name="via",
            field=models.CharField(
                choices=[
                    ("reveal", "Show full NIK on the facilitator's page"),
                    ("search", "Search by the whole NIK"),
                    ("edit", "Facilitator edit form"),
                    ("admin", "Admin change form"),
                    ("admin-history", "Admin history of a version"),
                    ("payment-reveal", "Show full payment details"),
                    ("payment-edit", "Payment details form"),
                    ("honorarium-list", "Monthly honorarium list"),
                ],
                default="reveal",
                max_length=20,
                verbose_name="seen through",
            ),
        ),
        migrations.RunPython(rename_permissions, migrations.RunPython.noop),
    ]
