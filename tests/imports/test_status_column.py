"""The "Aktif" column changes a facilitator's dated status through the status
services, like the deactivation page, and the history says who did it."""

import datetime

import pytest
from django.utils import timezone

from registry.factories import FacilitatorFactory
from registry.models import Deactivation, Facilitator
from tests.imports.helpers import csv_file, import_file, person

pytestmark = pytest.mark.django_db

IN_RESERVE = {"KELURAHAN_CODE": "", "KELURAHAN": "", "START": "", "DECREE": ""}


def test_marking_a_reserve_facilitator_inactive_deactivates_them_from_today(staff, staff_user):
    FacilitatorFactory(nik="3375010101900001", name="Siti Aminah", phone="081234560001")

    import_file(staff, csv_file([person(ACTIVE="Tidak", **IN_RESERVE)]))

    siti = Facilitator.objects.get(nik="3375010101900001")
    deactivation = Deactivation.objects.get(facilitator=siti)
    assert deactivation.start_date == timezone.localdate()
    assert deactivation.reason == "Ditandai tidak aktif lewat impor spreadsheet"
    assert deactivation.history.get().history_user == staff_user
    assert not siti.is_active_on(timezone.localdate())


def test_marking_an_inactive_facilitator_active_reactivates_them(staff):
    FacilitatorFactory(
        nik="3375010101900001", name="Siti Aminah", phone="081234560001", is_active=False
    )

    import_file(staff, csv_file([person(ACTIVE="Ya", **IN_RESERVE)]))

    siti = Facilitator.objects.get(nik="3375010101900001")
    assert siti.is_active_on(timezone.localdate())
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    assert Deactivation.objects.get(facilitator=siti).end_date == yesterday


def test_the_same_status_again_changes_nothing(staff):
    FacilitatorFactory(nik="3375010101900001", name="Siti Aminah", phone="081234560001")

    import_file(staff, csv_file([person(ACTIVE="Ya", **IN_RESERVE)]))

    assert not Deactivation.objects.exists()
