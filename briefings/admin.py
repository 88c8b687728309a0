from django.contrib import admin

from audit.admin import CheckedModelAdmin, HistoryAdmin
from briefings.models import Attendance, Briefing, BriefingSession, Speaker


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0


class SessionInline(admin.TabularInline):
    model = BriefingSession
    extra = 0
    show_change_link = True


@admin.register(Briefing)
class BriefingAdmin(HistoryAdmin):
    list_display = ["title", "organiser", "created_at"]
    search_fields = ["title", "topics", "speakers__name"]
    autocomplete_fields = ["invitees"]
    inlines = [SessionInline, SpeakerInline]


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    fields = ["facilitator", "status", "note", "recorded_by", "recorded_at"]
    readonly_fields = ["recorded_by", "recorded_at"]
    autocomplete_fields = ["facilitator"]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("facilitator", "recorded_by")


@admin.register(BriefingSession)
class BriefingSessionAdmin(CheckedModelAdmin):
    list_display = ["briefing", "date", "start_time", "end_time", "venue"]
    list_filter = ["date"]
    list_select_related = ["briefing"]
    search_fields = ["briefing__title", "venue"]
    autocomplete_fields = ["briefing"]
    date_hierarchy = "date"
    inlines = [AttendanceInline]

    def save_formset(self, request, form, formset, change):
        for attendance in formset.save(commit=False):
            attendance.recorded_by = request.user
            attendance.save()
        formset.save_m2m()
        for obj in formset.deleted_objects:
            obj.delete()


@admin.register(Attendance)
class AttendanceAdmin(HistoryAdmin):
    list_display = ["facilitator", "session", "status", "recorded_by", "recorded_at"]
    list_filter = ["status", "session__briefing"]
    list_select_related = ["facilitator", "session__briefing", "recorded_by"]
    search_fields = ["facilitator__name", "session__briefing__title"]
    autocomplete_fields = ["facilitator", "session"]
    readonly_fields = ["recorded_by", "recorded_at"]

    def save_model(self, request, obj, form, change):
        obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Speaker)
class SpeakerAdmin(CheckedModelAdmin):
    list_display = ["name", "institution", "topic", "briefing"]
    list_select_related = ["briefing"]
    search_fields = ["name", "institution", "topic"]
    autocomplete_fields = ["briefing"]
