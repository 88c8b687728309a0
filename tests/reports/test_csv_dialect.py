"""CSV for Excel in an Indonesian locale, streamed row by row."""

import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from registry.models import Kecamatan, Kelurahan
from reports.formats import CSV_BATCH_ROWS

pytestmark = pytest.mark.django_db


def test_it_starts_with_a_bom_and_separates_fields_with_semicolons(supervisor, wilayah):
    response = supervisor.get(reverse("reports:roster-csv"))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="daftar-fasilitator-kelurahan-2024-07-01.csv"'
    )
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbfNo.;Kecamatan;Kode kelurahan;")
    assert b"\r\n2;Pekalongan Barat;33.75.01.1003;Podosugih;" in body


def test_a_large_export_streams_in_chunks_instead_of_one_body(supervisor):
    kecamatan = Kecamatan.objects.create(code="99.01.01", name="Uji")
    Kelurahan.objects.bulk_create(
        Kelurahan(code=f"99.01.01.{n:04d}", name=f"Kelurahan {n}", kecamatan=kecamatan)
        for n in range(CSV_BATCH_ROWS + 100)
    )
    response = supervisor.get(reverse("reports:roster-csv"))
    assert isinstance(response, StreamingHttpResponse)
    chunks = list(response.streaming_content)
    assert len(chunks) >= 3  # the header, a full batch, the rest
    assert sum(chunk.count(b"\r\n") for chunk in chunks) == 1 + CSV_BATCH_ROWS + 100
