"""The honorarium list's last page holds together what is signed: the total, the
amount in words, the place and date and the three signers, never signatures alone
on a page of their own (a list long enough to break a page)."""

import datetime
import io
import os

import pypdf
import pytest
from django.urls import reverse

from contracts import services
from contracts.models import HonorariumSigners
from tests.contracts.test_query_counts import office_data

pytestmark = pytest.mark.django_db

SIGNERS = ["Drs. Kepala Dinas Contoh", "Pejabat Komitmen Contoh", "Bendahara Contoh"]


@pytest.mark.parametrize("size", [31, 36, 44])
def test_the_total_words_date_and_signers_are_on_one_page(
    client, staff_user, supervisor_user, administrator, criteria, size
):
    office_data(size, supervisor_user, criteria)
    services.honorarium_signers_save(
        row=HonorariumSigners(
            valid_from=datetime.date(2024, 1, 1),
            head_name=SIGNERS[0],
            head_nip="19700312 199503 1 004",
            commitment_officer_name=SIGNERS[1],
            commitment_officer_nip="19780521 200312 2 006",
            treasurer_name=SIGNERS[2],
            treasurer_nip="19850917 201001 1 012",
        ),
        by=administrator,
    )
    client.force_login(supervisor_user)
    response = client.get(reverse("contracts:honorarium-pdf") + "?month=2024-03")
    assert response.status_code == 200
    if keep := os.environ.get("KEEP_PDF"):  # to look at it: pdftoppm -png
        with open(f"{keep}-{size}.pdf", "wb") as out:
            out.write(response.content)
    pages = [
        " ".join(page.extract_text().split())
        for page in pypdf.PdfReader(io.BytesIO(response.content)).pages
    ]
    assert len(pages) > 1  # the lines break a page
    closing = [index for index, text in enumerate(pages) if "Terbilang" in text]
    assert len(closing) == 1
    last = pages[closing[0]]
    for expected in ["Jumlah", "rupiah", "Pekalongan, 8 Desember 2026", *SIGNERS]:
        assert expected in last, (expected, closing[0], len(pages))
    assert closing[0] == len(pages) - 1
