"""The certificates issued before they kept their own days are filled from their
briefing's sessions as they are when migrating."""

import datetime
import importlib

import pytest
from django.apps import apps

from briefings.factories import BriefingFactory, BriefingSessionFactory
from briefings.models import Certificate
from registry.factories import FacilitatorFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("briefings.migrations.0007_certificate_as_issued")


def test_issued_certificates_take_the_title_days_and_length_of_the_sessions():
    bimtek = BriefingFactory(title="Bimtek Pelaporan", organiser="DPMPPA Kota Pekalongan")
    for day in (21, 20):  # stored out of order
        BriefingSessionFactory(
            briefing=bimtek,
            date=datetime.date(2019, 3, day),
            start_time=datetime.time(8),
            end_time=datetime.time(15),
        )
    certificate = Certificate.objects.create(
        briefing=bimtek,
        facilitator=FacilitatorFactory(),
        number="001/SERT-PBK/DPMPPA/2019",
        code="kode-lama",
        title="",
        first_day=datetime.date(2000, 1, 1),
        last_day=datetime.date(2000, 1, 1),
        minutes=0,
    )

    migration.fill_from_sessions(apps, None)

    certificate.refresh_from_db()
    assert certificate.title == "Bimtek Pelaporan"
    assert certificate.organiser == "DPMPPA Kota Pekalongan"
    assert (certificate.first_day, certificate.last_day) == (
        datetime.date(2019, 3, 20),
        datetime.date(2019, 3, 21),
    )
    assert certificate.minutes == 14 * 60
