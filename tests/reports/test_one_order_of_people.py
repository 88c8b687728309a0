"""One order of people everywhere: by name, without regard to case or accents,
on the attendance form and on the daftar hadir (HTML, PDF, XLSX, CSV), on both
databases. Titles are kept as typed: "dr. Belinda" sorts under d."""

import datetime
import re

import pytest
from django.urls import reverse

from briefings.factories import BriefingFactory, BriefingSessionFactory
from registry.factories import FacilitatorFactory
from registry.fields import name_sort_key
from registry.models import Facilitator
from tests.reports.read import csv_table, pdf_text, rows_after_header, xlsx_sheet

pytestmark = pytest.mark.django_db

TYPED = ["Zaki", "dr. Belinda", "Élan", "budi", "Ani"]
ORDER = ["Ani", "budi", "dr. Belinda", "Élan", "Zaki"]


@pytest.fixture
def briefing(db):
    briefing = BriefingFactory(title="Pembekalan Pemberdayaan Masyarakat")
    BriefingSessionFactory(briefing=briefing, date=datetime.date(2024, 7, 10))
    briefing.invitees.set([FacilitatorFactory(name=name) for name in TYPED])
    return briefing


def sheet_url(briefing, fmt=""):
    name = "reports:attendance-sheet" + (f"-{fmt}" if fmt else "")
    return reverse(name, kwargs={"pk": briefing.pk})


def test_the_sort_key_ignores_case_and_accents_and_keeps_titles():
    assert name_sort_key("Élan") == "elan"
    assert name_sort_key("dr. Belinda") == "dr. belinda"
    assert name_sort_key("  BUDI ") == "budi"


def test_the_sort_key_follows_every_rename(db):
    person = FacilitatorFactory(name="Zaki")
    person.name = "Ánita"
    person.save(update_fields=["name"])
    assert Facilitator.objects.get(pk=person.pk).sort_name == "anita"
    assert list(Facilitator.objects.by_name().values_list("name", flat=True)) == ["Ánita"]


def test_the_attendance_form_and_the_daftar_hadir_number_people_alike(
    client, staff_user, supervisor_user, briefing
):
    client.force_login(staff_user)
    form = client.get(reverse("briefings:briefing-attendance", args=[briefing.pk]))
    assert [(row.number, row.person.name) for row in form.context["rows"]] == list(
        enumerate(ORDER, start=1)
    )

    client.force_login(supervisor_user)
    page = client.get(sheet_url(briefing))
    assert [line.name for line in page.context["lines"]] == ORDER

    text = pdf_text(client.get(sheet_url(briefing, "pdf")))
    numbered = [re.search(rf"(\d+) {re.escape(name)}", text).group(1) for name in ORDER]
    assert numbered == ["1", "2", "3", "4", "5"]

    sheet = xlsx_sheet(client.get(sheet_url(briefing, "xlsx")))
    names = [row[1] for row in rows_after_header(sheet) if row[1] in ORDER]
    assert names == ORDER

    table = csv_table(client.get(sheet_url(briefing, "csv")))
    assert [row[1] for row in table if len(row) > 1 and row[1] in ORDER] == ORDER
