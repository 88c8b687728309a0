"""Uploads: photos come back clean, anything that is not a photo or a PDF is refused."""

import datetime
import io
import os
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from PIL import Image

from activities import files, services
from activities.models import Attachment
from tests.activities.conftest import gps_exif, jpeg_bytes, log, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def entry(today, posting, kind):
    return log(posting.facilitator, datetime.date(2024, 3, 12), kind)


def add(entry, file):
    return services.attachment_add(
        entry=entry, upload=file, caption="Rapat", by=entry.facilitator.user
    )


def refused_message(entry, file) -> str:
    with pytest.raises(ValidationError) as refused:
        add(entry, file)
    assert not Attachment.objects.exists()
    assert not [path for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file()]
    return refused.value.messages[0]


def test_a_photo_with_gps_comes_back_without_any_exif(entry):
    original = jpeg_bytes(size=(4000, 3000), exif=gps_exif())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # it had a position

    attachment = add(entry, upload(data=original))

    with attachment.file.open("rb") as stored:
        data = stored.read()
    image = Image.open(io.BytesIO(data))
    assert dict(image.getexif()) == {}
    assert b"SN-123456789" not in data and b"KameraHP" not in data
    assert image.size == (1600, 1200)
    assert (attachment.kind, attachment.content_type) == ("photo", "image/jpeg")
    assert attachment.taken_at == datetime.datetime(
        2024, 3, 12, 2, 30, tzinfo=datetime.UTC
    )  # 09.30 WIB


def test_a_photo_taken_sideways_is_stored_upright(entry):
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: rotate 90° clockwise to show
    attachment = add(entry, upload(data=jpeg_bytes(size=(800, 600), exif=exif)))
    assert (attachment.width, attachment.height) == (600, 800)


def test_a_renamed_executable_is_refused(entry):
    program = b"MZ\x90\x00" + b"\x00" * 60 + b"PE\x00\x00" + bytes(range(256)) * 8
    message = refused_message(entry, upload(name="foto_rapat.jpg", data=program))
    assert message == str(files.NOT_AN_IMAGE_OR_PDF)


def test_a_file_over_the_byte_limit_is_refused(entry, settings):
    settings.ACTIVITY_UPLOAD_MAX_BYTES = 1024 * 1024
    noise = Image.frombytes("RGB", (800, 600), os.urandom(800 * 600 * 3))
    out = io.BytesIO()
    noise.save(out, "PNG")
    assert out.tell() > 1024 * 1024
    message = refused_message(entry, upload(name="besar.png", data=out.getvalue()))
    assert message == str(files.TOO_MANY_BYTES) % {"limit": "1"}


def test_a_jpeg_over_the_pixel_limit_is_refused(entry):
    huge = Image.new("L", (8000, 7000))  # 56 megapixels, one colour: a small file
    out = io.BytesIO()
    huge.save(out, "JPEG")
    message = refused_message(entry, upload(name="besar.jpg", data=out.getvalue()))
    assert message == str(files.TOO_MANY_PIXELS) % {"limit": "50"}


def test_a_png_over_the_lower_limit_of_whole_decoding_is_refused(entry):
    huge = Image.new("L", (5000, 4000))  # 20 megapixels: a JPEG of this size is kept
    out = io.BytesIO()
    huge.save(out, "PNG")
    message = refused_message(entry, upload(name="besar.png", data=out.getvalue()))
    assert message == str(files.TOO_MANY_PIXELS_NOT_JPEG) % {"limit": "16"}


def test_a_jpeg_comment_xmp_and_exif_are_not_kept_but_its_colour_profile_is(entry):
    from PIL import ImageCms

    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", (800, 600), "green").save(
        out,
        "JPEG",
        comment=b"<script>rahasia-komentar</script>",
        xmp=b"<x:xmpmeta>rahasia-xmp</x:xmpmeta>",
        exif=gps_exif(),
        icc_profile=icc,
    )
    original = out.getvalue()
    assert b"rahasia-komentar" in original and b"rahasia-xmp" in original

    attachment = add(entry, upload(data=original))

    with attachment.file.open("rb") as stored:
        data = stored.read()
    assert b"rahasia" not in data
    assert b"\xff\xfe" not in data.split(b"\xff\xda")[0]  # no COM segment before the scan
    image = Image.open(io.BytesIO(data))
    assert "comment" not in image.info and "xmp" not in image.info
    assert dict(image.getexif()) == {}
    assert image.info["icc_profile"] == icc


def bomb_png(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height pixels, with a few bytes of data."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    data = zlib.compress(row * 16, 9)  # far fewer rows than claimed
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", data) + chunk(b"IEND", b"")
    )


def test_a_decompression_bomb_is_refused_before_it_is_decoded(entry):
    data = bomb_png(100_000, 100_000)  # ten gigapixels in a few hundred bytes
    assert len(data) < 20_000
    message = refused_message(entry, upload(name="bom.png", data=data, content_type="image/png"))
    assert message == str(files.TOO_MANY_PIXELS) % {"limit": "50"}


def test_a_real_pdf_is_kept_as_a_document(entry):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    attachment = add(
        entry, upload(name="notulen.pdf", data=out.getvalue(), content_type="application/pdf")
    )
    assert (attachment.kind, attachment.content_type) == ("document", "application/pdf")
    assert attachment.file.name.endswith(".pdf")


def test_a_file_that_only_starts_like_a_pdf_is_refused(entry):
    message = refused_message(
        entry,
        upload(
            name="notulen.pdf", data=b"%PDF-1.7\n" + b"\x00" * 500, content_type="application/pdf"
        ),
    )
    assert message == str(files.BROKEN_PDF)
