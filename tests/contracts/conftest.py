"""Fixtures of the contract cycle: a posted facilitator, contracts made through the
services, a real PDF, payment details."""

import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from assignments.factories import AssignmentFactory
from contracts import services
from contracts.models import DEFAULT_CRITERIA, DEFAULT_WEIGHT, Criterion

ACCOUNT = "1234567890123"  # a whole account number no page may show outside its places


def pdf_bytes() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def pdf_upload(name="sk.pdf", data=None):
    return SimpleUploadedFile(name, data if data is not None else pdf_bytes(), "application/pdf")


def make_contract(facilitator, start, end, *, honorarium=3_100_000, by, number=None, **extra):
    return services.contract_create(
        facilitator=facilitator,
        number=number or f"800/{start:%Y%m%d}/DPMPPA",
        signed_on=start - datetime.timedelta(days=5),
        start_date=start,
        end_date=end,
        monthly_honorarium=honorarium,
        by=by,
        **extra,
    )


@pytest.fixture
def posting(facilitator):
    return AssignmentFactory(
        facilitator=facilitator,
        kelurahan__name="Kergon",
        kelurahan__kecamatan__name="Pekalongan Barat",
        start_date=datetime.date(2023, 1, 2),
    )


@pytest.fixture
def criteria(db):
    """The five default criteria (a transactional test's flush removes the migration's)."""
    return [
        Criterion.objects.get_or_create(
            name=name, defaults={"weight": DEFAULT_WEIGHT, "position": position}
        )[0]
        for position, name in enumerate(DEFAULT_CRITERIA, start=1)
    ]


@pytest.fixture
def payment(posting, staff_user):
    return services.payment_details_save(
        facilitator=posting.facilitator,
        bank_name="Bank Jateng",
        account_number=ACCOUNT,
        account_holder="Ahmad Fasilitator",
        npwp="123456789012345",
        by=staff_user,
    )
