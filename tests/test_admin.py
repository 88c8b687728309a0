"""Every admin page answers for the administrator, in constant queries."""

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from assignments.factories import AssignmentFactory
from briefings.factories import AttendanceFactory, SpeakerFactory
from registry.factories import InstitutionFactory
from registry.models import NikDisclosure, ReportSettings

pytestmark = pytest.mark.django_db

OUR_APPS = {"accounts", "registry", "assignments", "briefings"}
MODELS = sorted(
    (m for m in admin.site._registry if m._meta.app_label in OUR_APPS),
    key=lambda m: m._meta.label,
)


def add_rows(count: int) -> None:
    for _ in range(count):
        posting = AssignmentFactory()
        InstitutionFactory(kelurahan=posting.kelurahan)
        attendance = AttendanceFactory(facilitator=posting.facilitator)
        SpeakerFactory(briefing=attendance.session.briefing)
        NikDisclosure.objects.create(
            facilitator=posting.facilitator, user=User.objects.filter(is_superuser=True).first()
        )


def changelist_queries(client, model) -> int:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_the_changelist_runs_a_constant_number_of_queries(client, administrator, model):
    client.force_login(administrator)
    add_rows(2)
    few = changelist_queries(client, model)
    add_rows(20)
    many = changelist_queries(client, model)
    assert many == few


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m._meta.label)
def test_add_and_change_pages_answer(client, administrator, model):
    client.force_login(administrator)
    add_rows(1)
    prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
    # Audit trails cannot be added by hand, and the report settings are one row made
    # by a migration; everything else can be added.
    expected_add = 403 if model in {NikDisclosure, ReportSettings} else 200
    assert client.get(reverse(f"{prefix}_add")).status_code == expected_add
    obj = model._default_manager.first()
    response = client.get(reverse(f"{prefix}_change", args=[obj.pk]))
    assert response.status_code == 200


def test_the_admin_speaks_indonesian(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("admin:registry_facilitator_changelist"))
    assert "Fasilitator" in response.content.decode()
    assert "Cari" in response.content.decode()


def test_deleting_a_posted_facilitator_is_refused(client, administrator):
    client.force_login(administrator)
    posting = AssignmentFactory()
    url = reverse("admin:registry_facilitator_delete", args=[posting.facilitator.pk])
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert "Tidak dapat menghapus fasilitator" in response.content.decode()
    assert type(posting.facilitator).objects.filter(pk=posting.facilitator.pk).exists()


def test_the_deactivate_action_ends_postings(client, administrator):
    client.force_login(administrator)
    posting = AssignmentFactory()
    response = client.post(
        reverse("admin:registry_facilitator_changelist"),
        {"action": "deactivate", "_selected_action": [posting.facilitator.pk]},
        follow=True,
    )
    assert response.status_code == 200
    posting.refresh_from_db()
    posting.facilitator.refresh_from_db()
    assert posting.end_date is not None
    assert not posting.facilitator.is_active
    assert "1 fasilitator dinonaktifkan" in response.content.decode()
