"""Briefings and attendance are read in the admin, never written there: the
staff pages plan briefings and record attendance through briefings.services,
which keep the rules (a session with attendance stays, only invitees are
recorded, only sessions that are open). Invitation mails, excused-absence
requests and certificates are read here too, written by their services."""

from django.contrib import admin

from briefings.models import (
    AbsenceRequest,
    Attendance,
    Briefing,
    BriefingSession,
    Certificate,
    InvitationMail,
    Speaker,
)
from registry.admin import CheckedModelAdmin, HistoryAdmin, ReadOnlyAdminMixin


class SpeakerInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Speaker
    extra = 0


class SessionInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = BriefingSession
    extra = 0
    show_change_link = True


@admin.register(Briefing)
class BriefingAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["title", "organiser", "created_at"]
    search_fields = ["title", "topics", "speakers__name"]
    inlines = [SessionInline, SpeakerInline]


class AttendanceInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["facilitator", "status", "note", "recorded_by", "recorded_at"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("facilitator", "recorded_by")


@admin.register(BriefingSession)
class BriefingSessionAdmin(ReadOnlyAdminMixin, CheckedModelAdmin):
    list_display = ["briefing", "date", "start_time", "end_time", "venue"]
    list_filter = ["date"]
    list_select_related = ["briefing"]
    search_fields = ["briefing__title", "venue"]
    date_hierarchy = "date"
    inlines = [AttendanceInline]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["facilitator", "session", "status", "recorded_by", "recorded_at"]
    list_filter = ["status", "session__briefing"]
    list_select_related = ["facilitator", "session__briefing", "recorded_by"]
    search_fields = ["facilitator__name", "session__briefing__title"]


@admin.register(Speaker)
class SpeakerAdmin(ReadOnlyAdminMixin, CheckedModelAdmin):
    list_display = ["name", "institution", "topic", "briefing"]
    list_select_related = ["briefing"]
    search_fields = ["name", "institution", "topic"]


@admin.register(InvitationMail)
class InvitationMailAdmin(ReadOnlyAdminMixin, CheckedModelAdmin):
    list_display = ["briefing", "facilitator", "email", "queued_at", "queued_by"]
    list_select_related = ["briefing", "facilitator", "queued_by"]
    search_fields = ["briefing__title", "facilitator__name"]


@admin.register(AbsenceRequest)
class AbsenceRequestAdmin(ReadOnlyAdminMixin, CheckedModelAdmin):
    list_display = ["facilitator", "session", "kind", "state", "submitted_at"]
    list_filter = ["state", "kind"]
    list_select_related = ["facilitator", "session__briefing"]
    search_fields = ["facilitator__name", "session__briefing__title"]
    exclude = ["letter"]  # sent by the application's own view, to whom may see it


@admin.register(Certificate)
class CertificateAdmin(ReadOnlyAdminMixin, CheckedModelAdmin):
    list_display = ["number", "facilitator", "briefing", "issued_at", "withdrawn_at"]
    list_select_related = ["facilitator", "briefing"]
    search_fields = ["number", "facilitator__name", "briefing__title"]
    exclude = ["code"]  # the verification page's address: not a field to browse by
