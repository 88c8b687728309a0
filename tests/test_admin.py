"""Every admin page answers for the administrator, in constant queries."""

import datetime

import pytest
from django.contrib import admin
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.models import User
from assignments.factories import AssignmentFactory
from assignments.models import Assignment
from briefings.factories import AttendanceFactory, SpeakerFactory
from briefings.models import (
    AbsenceRequest,
    Attendance,
    Briefing,
    BriefingSession,
    Certificate,
    InvitationMail,
    Speaker,
)
from registry.factories import FacilitatorFactory, InstitutionFactory
from registry.models import Deactivation, Disclosure, NumberSearch, ReportSettings

pytestmark = pytest.mark.django_db

OUR_APPS = {"accounts", "registry", "assignments", "briefings"}
MODELS = sorted(
    (m for m in admin.site._registry if m._meta.app_label in OUR_APPS),
    key=lambda m: m._meta.label,
)


READ_ONLY = {
    Disclosure,
    NumberSearch,
    ReportSettings,
    Assignment,
    Deactivation,
    Briefing,
    BriefingSession,
    Speaker,
    Attendance,
    # Written by their services: invitations sent, requests made on /me/, certificates issued.
    InvitationMail,
    AbsenceRequest,
    Certificate,
}


def add_rows(count: int) -> None:
    for _ in range(count):
        posting = AssignmentFactory()
        InstitutionFactory(kelurahan=posting.kelurahan)
        attendance = AttendanceFactory(facilitator=posting.facilitator)
        SpeakerFactory(briefing=attendance.session.briefing)
        briefing, facilitator = attendance.session.briefing, posting.facilitator
        InvitationMail.objects.create(briefing=briefing, facilitator=facilitator, email="a@b.id")
        AbsenceRequest.objects.create(
            session=attendance.session, facilitator=facilitator, kind="izin", reason="Dinas"
        )
        Certificate.objects.create(
            briefing=briefing,
            facilitator=facilitator,
            number=f"{facilitator.pk}/SERT",
            code=f"kode-{facilitator.pk}",
            title=briefing.title,
            first_day=attendance.session.date,
            last_day=attendance.session.date,
            minutes=180,
        )
        Disclosure.objects.create(
            facilitator=posting.facilitator, user=User.objects.filter(is_superuser=True).first()
        )
        NumberSearch.objects.create(
            user=User.objects.filter(is_superuser=True).first(), kind="phone", found=0
        )
        FacilitatorFactory(is_active=False)


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
    # Audit trails cannot be added by hand, the report settings are one row made by
    # a migration, and postings, deactivations, briefings and attendance change
    # only through their services on the staff pages.
    expected_add = 403 if model in READ_ONLY else 200
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


def test_an_admin_change_that_would_break_a_posting_rule_is_refused(client, administrator):
    """A posting of an inactive facilitator, once saved through the admin: now the
    admin refuses every write to postings, so the rule cannot be bypassed there."""
    client.force_login(administrator)
    posting = AssignmentFactory(start_date=datetime.date(2024, 1, 2))
    inactive = FacilitatorFactory(is_active=False)
    change = reverse("admin:assignments_assignment_change", args=[posting.pk])
    response = client.post(
        change,
        {
            "facilitator": inactive.pk,
            "kelurahan": posting.kelurahan.pk,
            "start_date": "2024-01-02",
            "decree_number": "SK-1",
        },
    )
    assert response.status_code == 403
    added = client.post(
        reverse("admin:assignments_assignment_add"),
        {"facilitator": inactive.pk, "kelurahan": posting.kelurahan.pk, "start_date": "2024-01-02"},
    )
    assert added.status_code == 403
    posting.refresh_from_db()
    assert posting.facilitator != inactive
    assert Assignment.objects.count() == 1
    # The page still shows the posting, read-only, without a save button.
    page = client.get(change).content.decode()
    assert posting.facilitator.name in page
    assert 'name="_save"' not in page


def test_an_admin_change_that_would_break_an_attendance_rule_is_refused(client, administrator):
    client.force_login(administrator)
    attendance = AttendanceFactory()
    stranger = FacilitatorFactory()  # not invited to the briefing
    session_change = reverse("admin:briefings_briefingsession_change", args=[attendance.session.pk])
    response = client.post(
        session_change,
        {
            "attendances-TOTAL_FORMS": "1",
            "attendances-INITIAL_FORMS": "0",
            "attendances-0-facilitator": stranger.pk,
            "attendances-0-status": "hadir",
        },
    )
    assert response.status_code == 403
    assert not Attendance.objects.filter(facilitator=stranger).exists()
    assert (
        client.post(
            reverse("admin:briefings_attendance_change", args=[attendance.pk]),
            {"facilitator": stranger.pk, "session": attendance.session.pk, "status": "hadir"},
        ).status_code
        == 403
    )
    attendance.refresh_from_db()
    assert attendance.facilitator != stranger
