import csv
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import transaction

from registry.models import Kecamatan, Kelurahan

DATA = Path(__file__).resolve().parents[2] / "data" / "kelurahan-kota-pekalongan.csv"


class Command(BaseCommand):
    help = (
        "Load the official 4 kecamatan and 27 kelurahan of Kota Pekalongan (Kemendagri codes). "
        "Safe to run again: rows are matched by code, names and postal codes corrected."
    )

    @transaction.atomic
    def handle(self, *args, **options):
        with DATA.open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f))

        created = updated = 0
        kecamatan = {}
        for row in rows:
            code = row["kode_kecamatan"]
            if code not in kecamatan:
                kecamatan[code], was_created = Kecamatan.objects.update_or_create(
                    code=code, defaults={"name": row["nama_kecamatan"]}
                )
                created += was_created
        for row in rows:
            _, was_created = Kelurahan.objects.update_or_create(
                code=row["kode_kelurahan"],
                defaults={
                    "name": row["nama_kelurahan"],
                    "kecamatan": kecamatan[row["kode_kecamatan"]],
                    "postal_code": row["kode_pos"],
                },
            )
            created += was_created
            updated += not was_created
        self.stdout.write(
            f"Wilayah: {len(kecamatan)} kecamatan, {len(rows)} kelurahan "
            f"({created} created, {updated} kelurahan checked and updated)."
        )
