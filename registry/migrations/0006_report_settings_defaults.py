"""Create the one row of report settings, with the defaults of the model.

The administrator then sets the office address, the logo and the signer in
the admin; until then reports print the city and office names and leave a
dotted line for the signer's name.
"""

from django.db import migrations


def create_settings(apps, schema_editor):
    ReportSettings = apps.get_model("registry", "ReportSettings")
    ReportSettings.objects.get_or_create(pk=1)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0005_report_settings"),
    ]

    operations = [migrations.RunPython(create_settings, migrations.RunPython.noop)]
