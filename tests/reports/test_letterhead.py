"""The letterhead and signature block come from the admin, not from the code."""

import io

import pypdf
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from PIL import Image

from registry.models import ReportSettings
from tests.reports.read import pdf_text

pytestmark = pytest.mark.django_db

CHANGE_URL = reverse("admin:registry_reportsettings_change", args=[1])


def image_file(fmt="PNG", size=(120, 120), name="logo.png") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (11, 93, 59)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue())


def form_data(**changes) -> dict:
    data = {
        "government": "PEMERINTAH KOTA PEKALONGAN",
        "office": "DINAS PEMBERDAYAAN MASYARAKAT, PEREMPUAN DAN PERLINDUNGAN ANAK",
        "address": "Jl. Contoh No. 1, Pekalongan 51111",
        "contact": "Telp. (0285) 000000 · dpmppa@contoh.go.id",
        "signature_place": "Pekalongan",
        "signature_position": (
            "a.n. KEPALA DINAS\nKepala Bidang Pemberdayaan dan Kelembagaan Masyarakat"
        ),
        "signer_name": "Drs. Contoh Penanda Tangan, M.Si.",
        "signer_nip": "19700101 199503 1 001",
    }
    return data | changes


def test_the_migration_leaves_one_row_with_the_office_defaults():
    settings_row = ReportSettings.objects.get()
    assert settings_row.pk == 1
    assert settings_row.government == "PEMERINTAH KOTA PEKALONGAN"
    assert settings_row.signature_position == (
        "Kepala Bidang Pemberdayaan dan Kelembagaan Masyarakat"
    )
    assert settings_row.signer_name == ""


def test_the_administrator_sets_the_texts_and_a_logo_that_every_form_prints(
    client, administrator, supervisor_user
):
    client.force_login(administrator)
    response = client.post(CHANGE_URL, form_data(logo_file=image_file()))
    assert response.status_code == 302, response.context["adminform"].form.errors
    settings_row = ReportSettings.load()
    assert settings_row.logo_type == "image/png"
    assert settings_row.logo_data_uri.startswith("data:image/png;base64,")

    client.force_login(supervisor_user)
    page = client.get(reverse("reports:roster")).content.decode()
    assert '<img class="kop-logo" src="data:image/png;base64,' in page
    assert "Telp. (0285) 000000" in page

    response = client.get(reverse("reports:roster-pdf"))
    text = pdf_text(response)
    assert "a.n. KEPALA DINAS Kepala Bidang Pemberdayaan dan Kelembagaan Masyarakat" in text
    assert "Drs. Contoh Penanda Tangan, M.Si. NIP. 19700101 199503 1 001" in text
    first_page = pypdf.PdfReader(io.BytesIO(response.content)).pages[0]
    assert len(first_page.images) == 1


def test_without_a_signer_the_block_leaves_lines_to_write_on(supervisor):
    text = pdf_text(supervisor.get(reverse("reports:roster-pdf")))
    assert "(......" in text
    assert "NIP. ......" in text


def test_the_logo_can_be_removed(client, administrator):
    client.force_login(administrator)
    client.post(CHANGE_URL, form_data(logo_file=image_file()))
    client.post(CHANGE_URL, form_data(remove_logo="on"))
    assert ReportSettings.load().logo_data_uri == ""


@pytest.mark.parametrize(
    "upload, message",
    [
        (image_file("GIF", name="logo.gif"), "Logo harus berupa gambar PNG atau JPEG."),
        (image_file("BMP", size=(600, 600), name="logo.bmp"), "PNG atau JPEG"),
        (SimpleUploadedFile("logo.png", b"not an image"), "Unggah gambar yang valid"),
    ],
)
def test_a_logo_that_is_not_a_small_png_or_jpeg_is_refused(client, administrator, upload, message):
    client.force_login(administrator)
    response = client.post(CHANGE_URL, form_data(logo_file=upload))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert ReportSettings.load().logo_data_uri == ""


def test_a_logo_over_512_kb_is_refused(client, administrator):
    client.force_login(administrator)
    noise = Image.frombytes("RGB", (600, 600), bytes(range(256)) * 4219)
    buffer = io.BytesIO()
    noise.save(buffer, "PNG", compress_level=0)
    assert buffer.tell() > ReportSettings.LOGO_MAX_BYTES
    upload = SimpleUploadedFile("big.png", buffer.getvalue())
    response = client.post(CHANGE_URL, form_data(logo_file=upload))
    assert "Logo lebih besar dari 512 KB." in response.content.decode()


def test_a_bad_nip_is_refused(client, administrator):
    client.force_login(administrator)
    response = client.post(CHANGE_URL, form_data(signer_nip="12345"))
    assert "NIP terdiri dari 18 angka" in response.content.decode()


def test_there_is_never_a_second_row_nor_none(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("admin:registry_reportsettings_add")).status_code == 403
    delete = reverse("admin:registry_reportsettings_delete", args=[1])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert ReportSettings.objects.count() == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        ReportSettings.objects.create(pk=2)


def test_reports_recreate_missing_settings_with_the_defaults(supervisor):
    ReportSettings.objects.all().delete()
    assert supervisor.get(reverse("reports:roster")).status_code == 200
    assert ReportSettings.objects.get().signature_place == "Pekalongan"
