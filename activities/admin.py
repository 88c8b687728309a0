"""The admin: kinds and the deadline are kept here; the logbook and
the reports are shown read-only, since every change to them goes through the
services on the facilitator's and the staff pages."""

from django.contrib import admin

from activities.models import (
    ActivityEntry,
    ActivityKind,
    Attachment,
    MonthlyReport,
    MonthOpening,
    ReportingSettings,
    ReportTransition,
)
from registry.admin import KelurahanKecamatanFilter


@admin.register(ActivityKind)
class ActivityKindAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):
        # Kinds in use are kept (PROTECT); one no longer offered is switched off instead.
        return False


@admin.register(ReportingSettings)
class ReportingSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "deadline_day", "submit_days_early", "open_months"]

    def has_add_permission(self, request):
        return request.user.is_superuser and not ReportingSettings.objects.exists()

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["kind", "caption", "content_type", "size", "taken_at", "uploaded_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(ActivityEntry)
class ActivityEntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "facilitator", "kelurahan", "kind", "is_draft"]
    list_filter = ["kind", "is_draft", KelurahanKecamatanFilter]
    search_fields = ["facilitator__name", "kelurahan__name", "description"]
    list_select_related = ["facilitator", "kelurahan", "kind"]
    date_hierarchy = "date"
    inlines = [AttachmentInline]


class TransitionInline(admin.TabularInline):
    model = ReportTransition
    fields = ["at", "by", "from_state", "to_state", "comment"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(MonthlyReport)
class MonthlyReportAdmin(ReadOnlyAdmin):
    list_display = ["month", "facilitator", "kelurahan", "state", "late", "submitted_at"]
    list_filter = ["state", "late", "month", KelurahanKecamatanFilter]
    search_fields = ["facilitator__name", "kelurahan__name"]
    list_select_related = ["facilitator", "kelurahan"]
    inlines = [TransitionInline]


@admin.register(MonthOpening)
class MonthOpeningAdmin(ReadOnlyAdmin):
    """Opened on the staff pages (services.month_open checks the area and the reason)."""

    list_display = ["month", "facilitator", "opened_by", "opened_at"]
    list_filter = ["month"]
    search_fields = ["facilitator__name", "reason"]
    list_select_related = ["facilitator", "opened_by"]
