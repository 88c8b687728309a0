"""Certificates keep the title, organiser, dates and length they were issued with.

The certificates already issued are filled from their briefing's sessions as they
are now: the best knowledge there is of what they said."""

import datetime
import zoneinfo

from django.db import migrations, models


def fill_from_sessions(apps, schema_editor):
    Certificate = apps.get_model("briefings", "Certificate")
    BriefingSession = apps.get_model("briefings", "BriefingSession")
    jakarta = zoneinfo.ZoneInfo("Asia/Jakarta")
    sessions_of = {}
    for session in BriefingSession.objects.order_by("date", "start_time"):
        sessions_of.setdefault(session.briefing_id, []).append(session)
    for certificate in Certificate.objects.select_related("briefing"):
        sessions = sessions_of.get(certificate.briefing_id, [])
        issued_on = certificate.issued_at.astimezone(jakarta).date()
        certificate.title = certificate.briefing.title
        certificate.organiser = certificate.briefing.organiser
        certificate.first_day = sessions[0].date if sessions else issued_on
        certificate.last_day = sessions[-1].date if sessions else issued_on
        certificate.minutes = sum(
            int(
                (
                    datetime.datetime.combine(s.date, s.end_time)
                    - datetime.datetime.combine(s.date, s.start_time)
                ).total_seconds()
                // 60
            )
            for s in sessions
        )
        certificate.save(update_fields=["title", "organiser", "first_day", "last_day", "minutes"])


class Migration(migrations.Migration):
    dependencies = [
        ("briefings", "0006_attendance_session_recorded"),
    ]

    operations = [
        migrations.AddField(
            model_name="certificate",
            name="title",
            field=models.CharField(
                default="",
                help_text="The briefing's title on the day the certificate was issued.",
                max_length=200,
                verbose_name="briefing's title",
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="certificate",
            name="organiser",
            field=models.CharField(blank=True, default="", max_length=200, verbose_name="organiser"),
        ),
        migrations.AddField(
            model_name="certificate",
            name="first_day",
            field=models.DateField(null=True, verbose_name="first day"),
        ),
        migrations.AddField(
            model_name="certificate",
            name="last_day",
            field=models.DateField(null=True, verbose_name="last day"),
        ),
        migrations.AddField(
            model_name="certificate",
            name="minutes",
            field=models.PositiveIntegerField(null=True, verbose_name="length in minutes"),
        ),
        migrations.RunPython(fill_from_sessions, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="certificate",
            name="first_day",
            field=models.DateField(verbose_name="first day"),
        ),
        migrations.AlterField(
            model_name="certificate",
            name="last_day",
            field=models.DateField(
                help_text="The briefing's last day when issued: the day it is signed.",
                verbose_name="last day",
            ),
        ),
        migrations.AlterField(
            model_name="certificate",
            name="minutes",
            field=models.PositiveIntegerField(verbose_name="length in minutes"),
        ),
    ]
