"""Briefings to record: invitees posted to kelurahan, and the form's POST data."""

import datetime
from html.parser import HTMLParser

import pytest

from assignments.factories import AssignmentFactory
from briefings.factories import BriefingFactory, BriefingSessionFactory
from registry.factories import FacilitatorFactory


@pytest.fixture
def staff(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def invitees(db):
    """Three posted facilitators and one in reserve, by name."""
    posted = [
        AssignmentFactory(facilitator__name=name, kelurahan__name=place).facilitator
        for name, place in [("Ani", "Medono"), ("Bayu", "Kauman"), ("Citra", "Klego")]
    ]
    return [*posted, FacilitatorFactory(name="Dodi")]


@pytest.fixture
def briefing(invitees):
    """The briefing of 13 February 2019: one session, four invitees."""
    briefing = BriefingFactory(title="Pembekalan Pemberdayaan Masyarakat")
    BriefingSessionFactory(briefing=briefing, date=datetime.date(2019, 2, 13))
    briefing.invitees.set(invitees)
    return briefing


@pytest.fixture
def bimtek(invitees):
    """A two-day bimtek with the same invitees."""
    bimtek = BriefingFactory(title="Bimtek Pelaporan")
    for day in (20, 21):
        BriefingSessionFactory(briefing=bimtek, date=datetime.date(2019, 3, day))
    bimtek.invitees.set(invitees)
    return bimtek


def rows_data(rows) -> dict:
    """POST data of the attendance form: rows of (facilitator id, status, note)."""
    data = {
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": str(len(rows)),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for number, (facilitator, status, note) in enumerate(rows):
        data[f"rows-{number}-facilitator"] = str(facilitator)
        data[f"rows-{number}-status"] = status
        data[f"rows-{number}-note"] = note
    return data


class _FormReader(HTMLParser):
    """The fields a browser would send for the page's form with the given class."""

    def __init__(self, form_class: str):
        super().__init__(convert_charrefs=True)
        self.form_class = form_class
        self.inside = False
        self.fields: dict[str, list[str]] = {}
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and self.form_class in (attrs.get("class") or "").split():
            self.inside = True
        if not self.inside or "name" not in attrs and tag != "option":
            return
        if tag == "input":
            if attrs.get("type") in {"checkbox", "radio"} and "checked" not in attrs:
                return
            if attrs.get("type") in {"submit", "button"}:
                return
            default = "on" if attrs.get("type") == "checkbox" else ""
            self.fields.setdefault(attrs["name"], []).append(attrs.get("value", default))
        elif tag == "textarea":
            self._textarea = attrs["name"]
            self.fields.setdefault(self._textarea, []).append("")
        elif tag == "select":
            self._select = attrs["name"]
        elif tag == "option" and self._select and "selected" in attrs:
            self.fields.setdefault(self._select, []).append(attrs.get("value", ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None

    def handle_data(self, data):
        if self._textarea:
            self.fields[self._textarea][-1] += data.removeprefix("\n")


def form_fields(response, form_class: str) -> dict[str, list[str]]:
    reader = _FormReader(form_class)
    reader.feed(response.content.decode())
    return reader.fields


# The briefing day: 2 May 2024, 09:00–12:00 in Pekalongan (attendance opens 08:45).
JAKARTA = datetime.timezone(datetime.timedelta(hours=7))
DAY = datetime.date(2024, 5, 2)


def at(hour: int, minute: int = 0, second: int = 0) -> datetime.datetime:
    return datetime.datetime(2024, 5, 2, hour, minute, second, tzinfo=JAKARTA)


@pytest.fixture
def day_briefing(invitees, facilitator):
    """ "Rapat Koordinasi" on 2 May 2024 with the four invitees and Ahmad (who has a login)."""
    briefing = BriefingFactory(
        title="Rapat Koordinasi Fasilitator", letter_number="005/123/DPMPPA/2024"
    )
    BriefingSessionFactory(
        briefing=briefing,
        date=DAY,
        start_time=datetime.time(9),
        end_time=datetime.time(12),
        venue="Aula DPMPPA",
    )
    briefing.invitees.set([*invitees, facilitator])
    return briefing
