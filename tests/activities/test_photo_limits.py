"""A photo is decoded inside the request: its cost is bounded by its pixels, read
from the header before decoding. A 49-megapixel PNG of a few hundred kB held
both workers for 45 s; it is now refused at once, and a phone photo still goes in."""

import io
import time

import pytest
from django.urls import reverse
from PIL import Image

from activities import files
from activities.models import ActivityEntry, Attachment
from tests.activities.conftest import gps_exif, upload
from tests.activities.test_cycle import entry_data

pytestmark = pytest.mark.django_db


def png_of_49_megapixels() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (8100, 6050), (200, 120, 40)).save(out, "PNG")
    return out.getvalue()


def phone_photo() -> bytes:
    """A 12-megapixel JPEG with camera noise and a phone's EXIF, as a phone sends it."""
    image = Image.effect_noise((4000, 3000), 40).convert("RGB")
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90, exif=gps_exif())
    return out.getvalue()


def test_a_49_megapixel_png_is_refused_at_once_with_a_clear_message(client, today, posting, kind):
    data = png_of_49_megapixels()
    assert len(data) < 400_000  # small on the wire: only the header says how large it is
    client.force_login(posting.facilitator.user)
    form = entry_data("2024-03-12", "Rapat LPM", kind, upload=upload(name="besar.png", data=data))

    started = time.perf_counter()
    response = client.post(reverse("activities:entry-create"), form)
    elapsed = time.perf_counter() - started

    assert response.status_code == 200
    assert elapsed < 2, elapsed
    assert (
        "Gambar ini terlalu besar: paling banyak 16 megapiksel untuk PNG, WebP"
        in response.content.decode()
    )
    assert not ActivityEntry.objects.exists()


def test_a_phone_photo_is_accepted_and_scaled_down(client, today, posting, kind):
    client.force_login(posting.facilitator.user)
    form = entry_data(
        "2024-03-12", "Rapat LPM", kind, upload=upload(name="IMG_0001.jpg", data=phone_photo())
    )
    response = client.post(reverse("activities:entry-create"), form)
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert (attachment.kind, attachment.width, attachment.height) == ("photo", 1600, 1200)


def test_the_limits_are_the_ones_the_message_names():
    assert files.max_pixels() == 50_000_000
    assert files.max_pixels_decoded_whole() == 16_000_000
