from django.db import migrations

# The kinds of activity the office counts; administrators add more in the admin.
KINDS = [
    "Rapat/musyawarah",
    "Pendampingan administrasi kelembagaan",
    "Monitoring kegiatan",
    "Pelatihan",
    "Koordinasi",
    "Musrenbang kelurahan",
    "Lainnya",
]


def add_kinds(apps, schema_editor):
    ActivityKind = apps.get_model("activities", "ActivityKind")
    for position, name in enumerate(KINDS, start=1):
        ActivityKind.objects.get_or_create(name=name, defaults={"position": position * 10})


class Migration(migrations.Migration):
    dependencies = [("activities", "0001_initial")]

    operations = [migrations.RunPython(add_kinds, migrations.RunPython.noop)]
