from django.db import migrations

from activities.models import DEFAULT_ACTIVITY_KINDS

def add_kinds(apps, schema_editor):
    ActivityKind = apps.get_model("activities", "ActivityKind")
    for position, name in enumerate(DEFAULT_ACTIVITY_KINDS, start=1):
        ActivityKind.objects.get_or_create(name=name, defaults={"position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
