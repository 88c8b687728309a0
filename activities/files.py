"""Checking and cleaning what facilitators upload.

A photo must be an image Pillow can read, within a number of pixels and bytes
(settings ACTIVITY_UPLOAD_MAX_BYTES, ACTIVITY_PHOTO_MAX_PIXELS for JPEG,
ACTIVITY_IMAGE_MAX_PIXELS for the other formats). It is re-encoded as JPEG,
turned upright and scaled down to ACTIVITY_PHOTO_MAX_SIDE, so nothing of the
original file is kept: no EXIF (GPS position, camera serial number), no XMP, no
comment, no hidden payload; only the colour profile (ICC), which says how its
colours look. The time the photo was taken (EXIF
DateTimeOriginal) is kept as a field. A document must really be a PDF that
pypdf can open, or an image (then handled as a photo).

The size of an image is read from its header before any pixel is decoded, so
a decompression bomb (a small PNG of 20,000 x 20,000 pixels) is refused
without filling the memory. Decoding happens inside the request, so its cost is
bounded by the pixel limits: a JPEG is decoded straight at a fraction of its
size (`Image.draft`: 1/2 to 1/8), so a 50-megapixel phone photo costs what a
few megapixels do; PNG, WebP and the other formats have no such shortcut and
are decoded whole, so their limit is lower (16 megapixels: more than a 5K
screenshot or a 12-megapixel photo saved as PNG). A 49-megapixel PNG of 190 kB
held a worker for about ten seconds under load before this limit.

Kept files are never served from a public media URL: a view checks who may
see one, answers 404 to anyone else (signed in or not: the URL tells nothing),
and sends it with `file_response`: as a download (`Content-Disposition:
attachment`) with a sandboxing Content-Security-Policy and `nosniff`, so a PDF's
scripts never run in the register's origin. Activity files, contract decrees and
the letters of excused-absence requests all go this way.
"""

import datetime
import io
import math
import warnings
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.http import FileResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

NOT_AN_IMAGE_OR_PDF = _(
    "This file is not a photo (JPEG, PNG, WebP) or a PDF document. Choose another file."
)
TOO_MANY_BYTES = _("This file is larger than %(limit)s MB. Send a smaller one.")
TOO_MANY_PIXELS = _(
    "This image has too many pixels: at most %(limit)s megapixels. Send a smaller one."
)
TOO_MANY_PIXELS_NOT_JPEG = _(
    "This image has too many pixels: at most %(limit)s megapixels for PNG, WebP and other "
    "formats than JPEG. Save it smaller or as a JPEG photo and send it again."
)
BROKEN_PDF = _("This PDF cannot be opened. Save it again as PDF and send it once more.")
EMPTY_FILE = _("The file is empty.")
NOT_A_PDF = _("This file is not a PDF document. Scan or save it as PDF and send it again.")

# The codes of the refusals above, which a form shows on its file field.
FILE_ERROR_CODES = {
    "empty",
    "too_large",
    "too_many_pixels",
    "not_an_image",
    "not_a_pdf",
    "broken_pdf",
}

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PIXELS = 50_000_000  # JPEG: decoded at 1/2 to 1/8 of its size
DEFAULT_MAX_PIXELS_DECODED_WHOLE = 16_000_000  # every other format
# Formats that Pillow decodes straight at a fraction of their size.
DRAFT_FORMATS = {"JPEG", "MPO"}
DEFAULT_MAX_SIDE = 1600
JPEG_QUALITY = 85
IMAGE_FORMATS = {"JPEG", "PNG", "WEBP", "GIF", "BMP", "TIFF", "MPO"}
EXIF_IFD = 0x8769
DATETIME_ORIGINAL = 36867
DATETIME = 306


# What an uploaded file may do once it reaches a browser: nothing. A PDF is kept
# as it was sent (JavaScript, forms and links in it included); as a download in a
# sandbox with no origin its scripts can never read the register's pages.
UPLOAD_CSP = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'"


def file_response(stored, *, content_type: str, filename: str) -> FileResponse:
    """A kept file, sent to someone the view has found may see it: under a name
    of the application's making, cached by their browser only, as a download in a
    sandbox, with the type it was checked to be (no sniffing of another)."""
    response = FileResponse(
        stored.open("rb"), content_type=content_type, filename=filename, as_attachment=True
    )
    response["Cache-Control"] = "private, max-age=3600"
    response["Content-Security-Policy"] = UPLOAD_CSP
    response["X-Content-Type-Options"] = "nosniff"
    return response


def max_bytes() -> int:
    return getattr(settings, "ACTIVITY_UPLOAD_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_pixels() -> int:
    return getattr(settings, "ACTIVITY_PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def max_pixels_decoded_whole() -> int:
    return getattr(settings, "ACTIVITY_IMAGE_MAX_PIXELS", DEFAULT_MAX_PIXELS_DECODED_WHOLE)


def max_side() -> int:
    return getattr(settings, "ACTIVITY_PHOTO_MAX_SIDE", DEFAULT_MAX_SIDE)


@dataclass
class CleanFile:
    kind: str  # Attachment.Kind value
    content: ContentFile
    content_type: str
    width: int | None = None
    height: int | None = None
    taken_at: datetime.datetime | None = None


def clean_upload(upload) -> CleanFile:
    """The upload made safe to keep, or a ValidationError with a clear message."""
    data = _read_within_limit(upload)
    if data.startswith(b"%PDF-"):
        return _clean_pdf(data)
    return clean_photo(data)


def clean_pdf(upload) -> CleanFile:
    """A PDF document only (a scanned decree, a signed contract), checked as above."""
    data = _read_within_limit(upload)
    if not data.startswith(b"%PDF-"):
        raise ValidationError(NOT_A_PDF, code="not_a_pdf")
    return _clean_pdf(data)


def _read_within_limit(upload) -> bytes:
    size = upload.size
    if not size:
        raise ValidationError(EMPTY_FILE, code="empty")
    limit = max_bytes()
    if size > limit:
        raise ValidationError(
            TOO_MANY_BYTES, code="too_large", params={"limit": f"{limit / 1024 / 1024:g}"}
        )
    upload.seek(0)
    return upload.read()


def _clean_pdf(data: bytes) -> CleanFile:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if len(reader.pages) == 0:
            raise ValidationError(BROKEN_PDF, code="broken_pdf")
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise ValidationError(BROKEN_PDF, code="broken_pdf") from error
    return CleanFile("document", ContentFile(data), "application/pdf")


def clean_photo(data: bytes) -> CleanFile:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            if image.format not in IMAGE_FORMATS:
                raise ValidationError(NOT_AN_IMAGE_OR_PDF, code="not_an_image")
            _check_pixels(image.width * image.height, image.format)
            taken_at = _taken_at(image)
            _decode_small(image)
            image.load()
            upright = ImageOps.exif_transpose(image)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        # Pillow's own guard, for headers far beyond any photo.
        _check_pixels(max_pixels() + 1)
    except UnidentifiedImageError:
        raise ValidationError(NOT_AN_IMAGE_OR_PDF, code="not_an_image") from None
    except (OSError, SyntaxError, ValueError) as error:
        # Truncated or corrupt image data.
        raise ValidationError(NOT_AN_IMAGE_OR_PDF, code="not_an_image") from error
    if upright.mode not in ("RGB", "L"):
        upright = _on_white(upright)
    upright.thumbnail((max_side(), max_side()), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    # Pillow writes the original's comment (and could write its XMP) from `info`
    # unless told otherwise: the new file gets the colour profile and nothing else.
    icc_profile = image.info.get("icc_profile")
    upright.info = {}
    upright.save(
        out,
        "JPEG",
        quality=JPEG_QUALITY,
        optimize=True,
        **({"icc_profile": icc_profile} if icc_profile else {}),
    )
    return CleanFile(
        "photo",
        ContentFile(out.getvalue()),
        "image/jpeg",
        width=upright.width,
        height=upright.height,
        taken_at=taken_at,
    )


def _check_pixels(pixels: int, image_format: str | None = None) -> None:
    """Refuse an image larger than its format may be decoded in a request; the size
    comes from the header, before any pixel is decoded."""
    if image_format in DRAFT_FORMATS or image_format is None:
        limit, message = max_pixels(), TOO_MANY_PIXELS
    else:
        limit, message = max_pixels_decoded_whole(), TOO_MANY_PIXELS_NOT_JPEG
    if pixels > limit:
        raise ValidationError(
            message,
            code="too_many_pixels",
            params={"limit": f"{limit / 1e6:g}"},
        )


def _decode_small(image: Image.Image) -> None:
    """Let a JPEG decode straight at a fraction of its size (1/2, 1/4, 1/8) no smaller
    than the stored photo: a 12-megapixel photo then decodes several times faster."""
    if image.format not in {"JPEG", "MPO"}:
        return
    ratio = min(1.0, max_side() / max(image.size))
    image.draft("RGB", (math.ceil(image.width * ratio), math.ceil(image.height * ratio)))


def _on_white(image: Image.Image) -> Image.Image:
    """Transparent images (PNG, GIF) flattened on white: JPEG has no transparency."""
    rgba = image.convert("RGBA")
    background = Image.new("RGB", rgba.size, "white")
    background.paste(rgba, mask=rgba.getchannel("A"))
    return background


def _taken_at(image: Image.Image) -> datetime.datetime | None:
    exif = image.getexif()
    text = exif.get_ifd(EXIF_IFD).get(DATETIME_ORIGINAL) or exif.get(DATETIME)
    if not isinstance(text, str):
        return None
    try:
        naive = datetime.datetime.strptime(text.strip("\x00 "), "%Y:%m:%d %H:%M:%S")
    except ValueError:
        return None
    # Cameras record local time without a zone: the office's zone is the best reading.
    return timezone.make_aware(naive)
