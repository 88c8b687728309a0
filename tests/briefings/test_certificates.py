"""Certificates: issued after the briefing to those present at the share of its
sessions it asks, each with a number and a QR code to the public verification
page, which shows the name, the briefing and its date, nothing else; a
withdrawn or made-up certificate is not valid."""

import datetime
import io

import pypdf
import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from briefings.factories import AttendanceFactory, BriefingSessionFactory
from briefings.models import Certificate
from tests.briefings.conftest import JAKARTA

pytestmark = pytest.mark.django_db

AFTER = datetime.datetime(2019, 3, 25, 10, tzinfo=JAKARTA)


@pytest.fixture(autouse=True)
def _after_the_bimtek():
    with time_machine.travel(AFTER, tick=False):
        yield


@pytest.fixture
def attended(bimtek, invitees, facilitator):
    """The two-day bimtek of 20-21 March 2019: Ani came twice, Bayu once, Citra was
    sick once and present once, Dodi never; Ahmad (with a login) came twice."""
    bimtek.invitees.add(facilitator)
    first, second = bimtek.sessions.all()
    ani, bayu, citra, dodi = invitees
    for session, person, status in [
        (first, ani, "hadir"),
        (second, ani, "hadir"),
        (first, bayu, "hadir"),
        (second, bayu, "tidak_hadir"),
        (first, citra, "sakit"),
        (second, citra, "hadir"),
        (first, facilitator, "hadir"),
        (second, facilitator, "hadir"),
    ]:
        AttendanceFactory(session=session, facilitator=person, status=status)
    return bimtek


def issue(client, briefing):
    return client.post(reverse("briefings:certificates", args=[briefing.pk]))


def test_only_those_present_at_every_session_receive_one(staff, attended, invitees, facilitator):
    issue(staff, attended)

    holders = set(Certificate.objects.values_list("facilitator__name", flat=True))
    assert holders == {"Ani", "Ahmad Fasilitator"}
    numbers = sorted(Certificate.objects.values_list("number", flat=True))
    assert numbers == [
        f"001/SERT-PBK.{attended.pk}/DPMPPA/2019",
        f"002/SERT-PBK.{attended.pk}/DPMPPA/2019",
    ]
    issue(staff, attended)  # again: nobody twice
    assert Certificate.objects.count() == 2


def test_half_the_sessions_is_enough_when_the_briefing_asks_half(staff, attended):
    attended.certificate_share = 50
    attended.save(update_fields=["certificate_share"])

    issue(staff, attended)

    holders = set(Certificate.objects.values_list("facilitator__name", flat=True))
    assert holders == {"Ani", "Bayu", "Citra", "Ahmad Fasilitator"}


def test_nothing_is_issued_before_the_last_session_has_ended(staff, attended):
    BriefingSessionFactory(briefing=attended, date=datetime.date(2019, 3, 26))
    response = issue(staff, attended)
    assert not Certificate.objects.exists()
    assert (
        "setelah sesi terakhir pembekalan selesai"
        in staff.get(response["Location"]).content.decode()
    )


def test_the_certificate_pdf_names_the_holder_briefing_dates_hours_and_signer(
    staff, attended, facilitator
):
    issue(staff, attended)
    certificate = Certificate.objects.get(facilitator=facilitator)

    own = Client()
    own.force_login(facilitator.user)
    response = own.get(reverse("briefings:certificate-pdf", args=[certificate.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = " ".join(
        " ".join(
            p.extract_text() for p in pypdf.PdfReader(io.BytesIO(response.content)).pages
        ).split()
    )
    assert "SERTIFIKAT" in text.upper()
    assert certificate.number in text
    assert "Ahmad Fasilitator" in text and "Bimtek Pelaporan" in text
    assert "20–21 Maret 2019" in text and "14 jam" in text
    assert "NIP." in text
    assert f"/verify/{certificate.code}/" in text


def test_another_facilitator_cannot_download_it(client, attended, other_facilitator, staff):
    issue(staff, attended)
    certificate = Certificate.objects.get(facilitator__name="Ani")
    client.force_login(other_facilitator.user)
    assert (
        client.get(reverse("briefings:certificate-pdf", args=[certificate.pk])).status_code == 404
    )


def test_the_verification_page_shows_only_name_briefing_date_and_validity(
    staff, attended, invitees
):
    ani = invitees[0]
    ani.nik, ani.phone, ani.email = "3375011234567890", "081234567890", "ani@contoh.id"
    ani.save()
    issue(staff, attended)
    certificate = Certificate.objects.get(facilitator=ani)

    anonymous = Client()
    response = anonymous.get(reverse("briefings:certificate-verify", args=[certificate.code]))

    page = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="verdict">Sah<' in page
    assert "Ani" in page and "Bimtek Pelaporan" in page and "20–21 Maret 2019" in page
    for secret in ["3375011234567890", "1234567890", "081234567890", "ani@contoh.id", "Medono"]:
        assert secret not in page
    assert "sessionid" not in response.cookies


def test_a_withdrawn_certificate_is_shown_as_not_valid(staff, staff_user, attended, invitees):
    issue(staff, attended)
    certificate = Certificate.objects.get(facilitator=invitees[0])

    staff.post(
        reverse("briefings:certificate-withdraw", args=[certificate.pk]),
        {"reason": "Daftar hadir dipalsukan"},
    )

    certificate.refresh_from_db()
    assert certificate.withdrawn_by == staff_user and not certificate.is_valid
    page = Client().get(reverse("briefings:certificate-verify", args=[certificate.code]))
    assert 'data-testid="verdict">Tidak sah: sertifikat ini sudah dicabut<' in page.content.decode()


def test_a_made_up_code_is_shown_as_not_valid(client):
    response = client.get(reverse("briefings:certificate-verify", args=["001-SERT-2019"]))
    assert response.status_code == 404
    assert (
        'data-testid="verdict">Tidak sah: tidak ada sertifikat dengan kode ini<'
        in response.content.decode()
    )


def test_the_verification_page_costs_one_query_whatever_it_finds(
    client, staff, attended, django_assert_num_queries
):
    issue(staff, attended)
    code = Certificate.objects.first().code
    for asked in (code, "tidak-ada"):
        # The certificate with its holder's name, the briefing and its first and last day.
        with django_assert_num_queries(1):
            Client().get(reverse("briefings:certificate-verify", args=[asked]))


def test_a_supervisor_reads_the_list_but_cannot_issue_or_withdraw(supervisor_user, attended, staff):
    client = Client()
    client.force_login(supervisor_user)
    assert client.get(reverse("briefings:certificates", args=[attended.pk])).status_code == 200
    assert issue(client, attended).status_code == 403
    issue(staff, attended)
    certificate = Certificate.objects.first()
    response = client.post(
        reverse("briefings:certificate-withdraw", args=[certificate.pk]), {"reason": "x"}
    )
    assert response.status_code == 403
    certificate.refresh_from_db()
    assert certificate.is_valid


def test_a_session_added_later_does_not_change_an_issued_certificate(staff, attended, facilitator):
    issue(staff, attended)
    certificate = Certificate.objects.get(facilitator=facilitator)
    # Years later a session is added to the old bimtek and its title changed.
    BriefingSessionFactory(briefing=attended, date=datetime.date(2026, 12, 8))
    attended.title = "Bimtek Pelaporan (ulang)"
    attended.save(update_fields=["title"])

    page = Client().get(reverse("briefings:certificate-verify", args=[certificate.code]))
    text = page.content.decode()
    assert "20–21 Maret 2019" in text and "2026" not in text
    assert "Bimtek Pelaporan<" in text and "(ulang)" not in text

    own = Client()
    own.force_login(facilitator.user)
    pdf = own.get(reverse("briefings:certificate-pdf", args=[certificate.pk]))
    words = " ".join(
        " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf.content)).pages).split()
    )
    assert "20–21 Maret 2019" in words and "14 jam" in words and "(ulang)" not in words
    assert "2026" not in words.split("Pekalongan,")[-1]  # signed on the last day as issued


def test_the_verification_page_speaks_the_language_the_reader_chose(staff, attended, invitees):
    issue(staff, attended)
    certificate = Certificate.objects.get(facilitator=invitees[0])
    reader = Client()
    reader.post(reverse("set_language"), {"language": "en"})

    page = reader.get(reverse("briefings:certificate-verify", args=[certificate.code]))

    text = page.content.decode()
    assert 'data-testid="verdict">Valid<' in text
    assert "Certificate check" in text and "20–21 March 2019" in text
