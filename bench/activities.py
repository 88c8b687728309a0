"""Benchmark of the monthly reports at the national scale (PostgreSQL only).

    DATABASE_URL=postgres://user@host:5432/scratch python bench/activities.py

The database named in DATABASE_URL is DROPPED and created again: give it a
scratch name. It fills 80,000 facilitators posted in 84,000 kelurahan (7,000
kecamatan), a year (2024) of monthly reports for each (960,000) with ten
activities each (9.6 million), then prints the median and 95th-percentile
server time of the matrix (one kecamatan), the inbox and the review page, the
seconds for the PDF of a report with 20 photos, and the time to check and
re-encode an uploaded 12-megapixel photo.
"""

import datetime
import io
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

KECAMATAN = 7_000
KELURAHAN_PER_KECAMATAN = 12
FACILITATORS = 80_000
ENTRIES_PER_REPORT = 10
YEAR = 2024
REQUESTS = 30
WARM_UP = 3
BATCH = 5_000


def say(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


def fresh_database(url: str) -> None:
    import psycopg

    name = re.search(r"/([^/?]+)(\?|$)", url).group(1)
    server = re.sub(r"/[^/?]+(\?|$)", r"/postgres\1", url, count=1)
    with psycopg.connect(server, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
        connection.execute(f'ALTER DATABASE "{name}" SET random_page_cost = 1.1')


def setup_django(media: str) -> None:
    os.environ.setdefault("SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
    os.environ.update(
        DEBUG="off",
        ALLOWED_HOSTS="testserver",
        SECURE_SSL_REDIRECT="off",
        MEDIA_ROOT=media,
        DJANGO_SETTINGS_MODULE="faskel.settings",
    )
    import django
    from django.conf import settings

    django.setup()
    # The PDF reads the stylesheets from the source folders: no collectstatic needed.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def fill() -> None:
    from django.db import connection, transaction

    from assignments.models import Assignment
    from registry.models import Facilitator, Kecamatan, Kelurahan

    with transaction.atomic():
        kecamatan = Kecamatan.objects.bulk_create(
            (
                Kecamatan(
                    code=f"{11 + i // 2500:02d}.{i // 50 % 50 + 1:02d}.{i % 50 + 1:02d}",
                    name=f"Kecamatan {i:04d}",
                )
                for i in range(KECAMATAN)
            ),
            batch_size=BATCH,
        )
        kelurahan = Kelurahan.objects.bulk_create(
            (
                Kelurahan(
                    code=f"{k.code}.{1001 + j:04d}", name=f"Kelurahan {k.code}.{j}", kecamatan=k
                )
                for k in kecamatan
                for j in range(KELURAHAN_PER_KECAMATAN)
            ),
            batch_size=BATCH,
        )
        facilitators = Facilitator.objects.bulk_create(
            (
                Facilitator(name=f"Fasilitator {i:05d}", sex="LP"[i % 2])
                for i in range(FACILITATORS)
            ),
            batch_size=BATCH,
        )
        Assignment.objects.bulk_create(
            (
                Assignment(facilitator=f, kelurahan=k, start_date=datetime.date(2019, 1, 2))
                for f, k in zip(facilitators, kelurahan, strict=False)
            ),
            batch_size=BATCH,
        )
    say(f"{KECAMATAN:,} kecamatan, {len(kelurahan):,} kelurahan, {FACILITATORS:,} postings")
    with connection.cursor() as cursor:
        # Months 1-10 approved, 11 verified, 12 a mix: what the office sees in January.
        cursor.execute(
            """
            INSERT INTO activities_monthlyreport
                (facilitator_id, kelurahan_id, month, problems, plan, summary, state, late,
                 submitted_at, verified_at, approved_at, created_at, updated_at)
            SELECT a.facilitator_id, a.kelurahan_id, make_date(%s, m, 1), 'Masalah', 'Rencana',
                   'Ringkasan',
                   CASE WHEN m <= 10 THEN 'approved' WHEN m = 11 THEN 'verified'
                        ELSE (ARRAY['submitted','submitted','returned','draft','verified'])
                             [1 + a.facilitator_id %% 5] END,
                   a.facilitator_id %% 7 = 0,
                   make_date(%s, m, 1) + interval '1 month 3 days',
                   make_date(%s, m, 1) + interval '1 month 6 days',
                   make_date(%s, m, 1) + interval '1 month 9 days', now(), now()
            FROM assignments_assignment a, generate_series(1, 12) m
            """,
            [YEAR] * 4,
        )
        say(f"{cursor.rowcount:,} monthly reports")
        cursor.execute(
            """
            INSERT INTO activities_activityentry
                (facilitator_id, kelurahan_id, date, accompanied, accompanied_detail, kind_id,
                 description, result, participants, hours, is_draft, created_at, updated_at)
            SELECT r.facilitator_id, r.kelurahan_id, r.month + (e * 2), 'LPM', '',
                   (SELECT min(id) FROM activities_activitykind) + e %% 7,
                   'Pendampingan pengurus LPM dalam rapat bulanan dan penyusunan laporan',
                   'Disepakati tindak lanjut', 12, 2.5, false, now(), now()
            FROM activities_monthlyreport r, generate_series(0, %s - 1) e
            """,
            [ENTRIES_PER_REPORT],
        )
        say(f"{cursor.rowcount:,} activities")
        cursor.execute("ANALYZE")


def camera_photo(width=4000, height=3000) -> bytes:
    """A 12-megapixel JPEG with the detail of a real photo (gradients and grain)."""
    from PIL import Image, ImageFilter

    noise = Image.effect_noise((width, height), 64).convert("RGB")
    gradient = Image.linear_gradient("L").resize((width, height)).convert("RGB")
    photo = Image.blend(gradient, noise.filter(ImageFilter.GaussianBlur(1)), 0.5)
    out = io.BytesIO()
    photo.save(out, "JPEG", quality=92)
    return out.getvalue()


def timed(function, repeat: int) -> list[float]:
    timings = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        timings.append((time.perf_counter() - started) * 1000)
    return timings


def main():
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres"):
        sys.exit("Set DATABASE_URL to a scratch PostgreSQL database (it is dropped).")
    # --reuse measures again on the data of an earlier run (filling takes half an hour).
    reuse = "--reuse" in sys.argv
    if not reuse:
        fresh_database(url)
    media = tempfile.mkdtemp(prefix="faskel-bench-media-")
    setup_django(media)
    say("migrated")
    if not reuse:
        fill()

    from django.contrib.auth.models import Group
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.signals import request_started
    from django.db import connection, reset_queries
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from accounts import roles
    from accounts.models import User
    from activities import services
    from activities.files import clean_upload
    from activities.models import ActivityEntry, ActivityKind, MonthlyReport
    from registry.models import Kecamatan

    request_started.disconnect(reset_queries)
    staff, _created = User.objects.get_or_create(username="bench.staf")
    staff.groups.add(Group.objects.get(name=roles.STAFF))
    client = Client()
    client.force_login(staff)
    kecamatan = Kecamatan.objects.order_by("code")[KECAMATAN // 2]
    submitted = MonthlyReport.objects.filter(state="submitted").order_by("pk").first()
    pages = [
        (
            "matrix (one kecamatan, 12 months)",
            f"{reverse('activities:matrix')}?year={YEAR}&kecamatan={kecamatan.code}",
        ),
        ("inbox (page 1)", reverse("activities:inbox")),
        ("review (10 activities)", reverse("activities:review", args=[submitted.pk])),
    ]
    print(f"\n{'page':40} {'median ms':>10} {'p95 ms':>10} {'queries':>8}")
    for label, page in pages:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(page).status_code == 200, page
        count = len(queries)
        timings = timed(lambda page=page: client.get(page), WARM_UP + REQUESTS)[WARM_UP:]
        reset_queries()
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"{label:40} {statistics.median(timings):10.1f} {p95:10.1f} {count:8}")

    photo = camera_photo()
    upload_ms = timed(lambda: clean_upload(SimpleUploadedFile("foto.jpg", photo)), 5)
    print(
        f"\nupload check + re-encode of a 12 MP photo ({len(photo) / 1e6:.1f} MB): "
        f"median {statistics.median(upload_ms):.0f} ms, max {max(upload_ms):.0f} ms"
    )

    # A report with 20 photos: a facilitator of its own, in a month of the real calendar.
    user, _created = User.objects.get_or_create(username="bench.faskel")
    facilitator = submitted.facilitator
    facilitator.user = user
    facilitator.save(update_fields=["user"])
    # Last month: over (its report can be submitted) and still open for logging.
    month = (datetime.date.today().replace(day=1) - datetime.timedelta(days=1)).replace(day=1)
    # A run measured again starts that month afresh.
    MonthlyReport.objects.filter(facilitator=facilitator, month=month).delete()
    ActivityEntry.objects.filter(facilitator=facilitator, date__gte=month).delete()
    kind = ActivityKind.objects.first()
    for day in range(1, 21):
        entry = services.entry_create(
            facilitator=facilitator,
            date=month.replace(day=day),
            kind=kind,
            accompanied="LPM",
            description=f"Kegiatan pendampingan hari {day}",
            is_draft=False,
            by=user,
        )
        services.attachment_add(
            entry=entry,
            upload=SimpleUploadedFile("foto.jpg", photo),
            caption=f"Foto {day}",
            by=user,
        )
    report = services.report_save(
        facilitator=facilitator, month=month, problems="-", plan="-", summary="-", by=user
    )
    services.report_submit(report=report, by=user)
    pdf_url = reverse("activities:document-pdf", args=[report.pk])
    seconds = [t / 1000 for t in timed(lambda: client.get(pdf_url), 4)[1:]]
    size = len(client.get(pdf_url).content)
    print(
        f"PDF of a report with 20 photos: median {statistics.median(seconds):.2f} s, "
        f"max {max(seconds):.2f} s, {size / 1e6:.1f} MB"
    )
    print(
        f"\n{ActivityEntry.objects.count():,} activities, {MonthlyReport.objects.count():,} reports"
    )


if __name__ == "__main__":
    main()
