from django.db import migrations


def nip_to_account(apps, schema_editor):
    """The NIP moves onto the account (accounts.User.nip), where every document finds it."""
    Signatory = apps.get_model("activities", "Signatory")
    User = apps.get_model("accounts", "User")
    for signatory in Signatory.objects.exclude(nip=""):
        User.objects.filter(pk=signatory.user_id, nip="").update(nip=signatory.nip)


def nip_back(apps, schema_editor):
    Signatory = apps.get_model("activities", "Signatory")
    User = apps.get_model("accounts", "User")
    for user in User.objects.exclude(nip=""):
        Signatory.objects.update_or_create(user=user, defaults={"nip": user.nip})


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_nip"),
        ("activities", "0004_alter_signatory_nip"),
    ]

    operations = [
        migrations.RunPython(nip_to_account, nip_back),
        migrations.DeleteModel(name="Signatory"),
    ]
