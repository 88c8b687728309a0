"""What the outbox could not send waits on the staff's dashboard ("Pengingat yang
belum terkirim"), limited to the account's area, with a WhatsApp link for whoever
may see the phone; and the digests to staff and to an area's coordinator name the
facilitators of their area whose report is not in."""

import datetime
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from accounts import roles
from assignments.factories import AssignmentFactory
from outbox.models import Reminder
from tests.conftest import make_user

pytestmark = pytest.mark.django_db

JAKARTA = ZoneInfo("Asia/Jakarta")
BARAT, TIMUR = "99.01.01", "99.01.02"
SINCE = datetime.date(2023, 1, 2)


def remind(day: datetime.date) -> str:
    out = io.StringIO()
    with time_machine.travel(datetime.datetime.combine(day, datetime.time(7), JAKARTA)):
        call_command("send_report_reminders", stdout=out)
    return out.getvalue()


@pytest.fixture
def city(settings, staff_user):
    """Budi (Barat) and Citra (Timur) have not reported February 2024; neither has an
    e-mail address; Budi has a phone. Staff and Barat's coordinator read mail."""
    settings.SITE_URL = "https://faskel.example.id"
    staff_user.email = "siti@dpmppa.example.id"
    staff_user.save(update_fields=["email"])
    AssignmentFactory(
        facilitator__name="Budi Baratsari",
        facilitator__email="",
        facilitator__phone="081234567890",
        kelurahan__kecamatan__code=BARAT,
        start_date=SINCE,
    )
    AssignmentFactory(
        facilitator__name="Citra Timurjaya",
        facilitator__email="",
        facilitator__phone="",
        kelurahan__kecamatan__code=TIMUR,
        start_date=SINCE,
    )
    return {
        "staff": staff_user,
        "coordinator": make_user(
            "koor.barat", roles.AREA_COORDINATOR, area=BARAT, email="koor@contoh.id"
        ),
    }


def test_the_digests_name_the_facilitators_of_each_area(city):
    remind(datetime.date(2024, 3, 2))  # before the deadline: the facilitators only
    assert mail.outbox == []  # neither has an address
    remind(datetime.date(2024, 3, 5))  # the deadline
    by_recipient = {m.to[0]: m for m in mail.outbox}
    assert sorted(by_recipient) == ["koor@contoh.id", "siti@dpmppa.example.id"]
    staff, coordinator = by_recipient["siti@dpmppa.example.id"], by_recipient["koor@contoh.id"]
    assert (
        staff.subject
        == "Batas laporan bulanan Februari 2024 hari ini: 2 fasilitator belum mengirim"
    )
    assert "Budi Baratsari: belum dibuat" in staff.body and "Citra Timurjaya" in staff.body
    assert "Budi Baratsari" in coordinator.body and "Timurjaya" not in coordinator.body
    assert "https://faskel.example.id/activities/?year=2024" in coordinator.body
    mail.outbox.clear()
    remind(datetime.date(2024, 3, 5))
    assert mail.outbox == []
    remind(datetime.date(2024, 3, 6))
    assert sorted(m.subject for m in mail.outbox) == [
        "Laporan bulanan Februari 2024 terlambat: 1 fasilitator",
        "Laporan bulanan Februari 2024 terlambat: 2 fasilitator",
    ]


def test_staff_see_every_unsent_reminder_with_why_and_a_whatsapp_link(city, client_of):
    remind(datetime.date(2024, 3, 2))
    with time_machine.travel(datetime.datetime(2024, 3, 2, 9, tzinfo=JAKARTA)):
        response = client_of(city["staff"]).get(reverse("home:index"))
    card = response.content.decode()
    card = card[card.index('data-testid="unsent-reminders"') :]
    card = card[: card.index("</section>")]
    assert "Pengingat yang belum terkirim" in card
    assert "Budi Baratsari" in card and "Citra Timurjaya" in card
    assert card.count("Tidak ada alamat e-mail") == 2
    # The link carries the reminder's text; the page shows the number masked.
    budi = Reminder.objects.get(facilitator__name="Budi Baratsari")
    assert "https://wa.me/6281234567890?text=Yth.%20Budi%20Baratsari%2C" in card
    assert "Kirim lewat WhatsApp" in card and "0812•••••890" in card
    assert "https%3A//faskel.example.id/me/reports/2024/2/" in card
    assert "081234567890" not in card  # the whole number only inside the wa.me link
    assert budi.body.startswith("Yth. Budi Baratsari,")


def test_an_area_coordinator_sees_the_unsent_reminders_of_the_area_only(city, client_of):
    remind(datetime.date(2024, 3, 2))
    with time_machine.travel(datetime.datetime(2024, 3, 2, 9, tzinfo=JAKARTA)):
        response = client_of(city["coordinator"]).get(reverse("home:index"))
    page = response.content.decode()
    assert 'data-testid="unsent-reminders"' in page
    assert "Budi Baratsari" in page
    assert "Timurjaya" not in page


def test_a_supervisor_gets_no_card(city, client_of, supervisor_user):
    remind(datetime.date(2024, 3, 2))
    response = client_of(supervisor_user).get(reverse("home:index"))
    assert 'data-testid="unsent-reminders"' not in response.content.decode()


def test_once_sent_a_reminder_leaves_the_card(city, client_of):
    remind(datetime.date(2024, 3, 2))
    Reminder.objects.get(facilitator__name="Budi Baratsari").facilitator.__class__.objects.filter(
        name="Budi Baratsari"
    ).update(email="budi@contoh.id")
    remind(datetime.date(2024, 3, 3))
    response = client_of(city["staff"]).get(reverse("home:index"))
    page = response.content.decode()
    assert (
        "Baratsari"
        not in page[page.index('data-testid="unsent-reminders"') :].split("</section>")[0]
    )


def test_the_card_reads_its_rows_in_one_query_however_many(city, django_assert_num_queries):
    from accounts.models import User
    from outbox.selectors import unsent_card

    for number in range(5):
        AssignmentFactory(
            facilitator__name=f"Orang {number}",
            facilitator__email="",
            facilitator__phone=f"08129999000{number}",
            kelurahan__kecamatan__code=BARAT,
            start_date=SINCE,
        )
    remind(datetime.date(2024, 3, 2))
    staff = User.objects.get(pk=city["staff"].pk)
    # The account's permissions (one query, then kept on the user), the rows with
    # their facilitator and account.
    with django_assert_num_queries(2):
        card = unsent_card(staff)
    assert len(card["rows"]) == 7
    links = [row.whatsapp for row in card["rows"] if row.whatsapp]
    assert len(links) == 6  # Citra has no phone
    assert all(link.startswith("https://wa.me/62812") for link in links)
