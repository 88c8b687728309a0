"""Fixtures of the logbook: a posted facilitator, photos made on the spot, a fixed day."""

import datetime
import io

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from activities import services
from activities.models import ActivityKind
from assignments.factories import AssignmentFactory

# 1 April 2024: March is over, so its report is submitted, verified and approved
# today; it is due on 5 April.
TODAY = datetime.datetime(2024, 4, 1, 10, 0, tzinfo=datetime.UTC)
MARCH = datetime.date(2024, 3, 1)


@pytest.fixture
def today():
    with time_machine.travel(TODAY, tick=False):
        yield TODAY.date()


@pytest.fixture
def posting(facilitator):
    facilitator.email = "ahmad@contoh.id"
    facilitator.save(update_fields=["email"])
    return AssignmentFactory(
        facilitator=facilitator,
        kelurahan__name="Kergon",
        kelurahan__kecamatan__name="Pekalongan Barat",
        start_date=datetime.date(2023, 1, 2),
    )


@pytest.fixture
def kind(db):
    return ActivityKind.objects.get(name="Rapat/musyawarah")


def log(facilitator, day, kind, *, draft=False, description="Rapat LPM tentang RKM"):
    return services.entry_create(
        facilitator=facilitator,
        date=day,
        kind=kind,
        accompanied="LPM",
        description=description,
        result="Disepakati jadwal musyawarah",
        participants=12,
        hours=2,
        is_draft=draft,
        by=facilitator.user,
    )


def jpeg_bytes(size=(800, 600), exif=None, color="green") -> bytes:
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif or Image.Exif())
    return out.getvalue()


def gps_exif() -> Image.Exif:
    """EXIF as a phone writes it: camera, serial number, the time taken and a GPS position."""
    exif = Image.Exif()
    exif[0x010F] = "KameraHP"  # Make
    exif[0x0110] = "Model X"  # Model
    exif.get_ifd(0x8769)[36867] = "2024:03:12 09:30:00"  # DateTimeOriginal
    exif.get_ifd(0x8769)[0xA431] = "SN-123456789"  # BodySerialNumber
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = (6.0, 53.0, 20.0)
    gps[3] = "E"
    gps[4] = (109.0, 40.0, 30.0)
    return exif


def upload(name="foto.jpg", data=None, content_type="image/jpeg"):
    return SimpleUploadedFile(name, data if data is not None else jpeg_bytes(), content_type)
