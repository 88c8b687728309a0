"""The admin: kinds kept by staff, the deadline by administrators, the work read-only."""

import datetime

import pytest
from django.urls import reverse

from tests.activities.ladder import work_of

pytestmark = pytest.mark.django_db


def test_staff_add_a_kind_of_activity(client, staff_user):
    client.force_login(staff_user)
    response = client.post(
        reverse("admin:activities_activitykind_add"),
        {"name": "Sosialisasi", "position": "75", "active": "on"},
    )
    assert response.status_code == 302
    from activities.models import ActivityKind

    assert ActivityKind.objects.filter(name="Sosialisasi").exists()


def test_entries_and_reports_are_read_only_in_the_admin(client, administrator, posting):
    work = work_of(posting.facilitator)
    client.force_login(administrator)
    for name in ["activityentry", "monthlyreport", "monthopening"]:
        assert client.get(reverse(f"admin:activities_{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:activities_{name}_add")).status_code == 403
    url = reverse("admin:activities_monthlyreport_change", args=[work["report"].pk])
    client.post(url, {"state": "approved"})
    work["report"].refresh_from_db()
    assert work["report"].state == "submitted"


def test_only_an_administrator_sets_the_deadline(client, administrator, staff_user):
    client.force_login(staff_user)
    assert client.get(reverse("admin:activities_reportingsettings_add")).status_code == 403
    client.force_login(administrator)
    response = client.post(
        reverse("admin:activities_reportingsettings_add"),
        {"deadline_day": "29", "submit_days_early": "0", "open_months": "3"},
    )
    assert response.status_code == 200  # refused: not every month has a 29th
    response = client.post(
        reverse("admin:activities_reportingsettings_add"),
        {"deadline_day": "10", "submit_days_early": "0", "open_months": "3"},
    )
    assert response.status_code == 302
    from activities.models import ReportingSettings

    assert ReportingSettings.load().deadline_of(datetime.date(2024, 2, 1)) == datetime.date(
        2024, 3, 10
    )
