"""Postings and deactivations are read in the admin, never written there: every
change goes through the services on the staff pages, which check the rules,
lock the rows and end one posting as the next begins."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import IMPORT_REGISTER
from assignments.models import Assignment
from assignments.resources import NIK, FacilitatorResource
from assignments.selectors import FacilitatorStatus, with_status_filter
from imports.admin import SpreadsheetImportExportMixin
from registry import admin as registry_admin
from registry.admin import HistoryAdmin, ReadOnlyAdminMixin
from registry.models import Deactivation, Disclosure, Facilitator, Kelurahan


class InForceFilter(admin.SimpleListFilter):
    title = _("in force")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("In force today")), ("scheduled", _("Scheduled")), ("no", _("Ended"))]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        match self.value():
            case "yes":
                return queryset.on(today)
            case "scheduled":
                return queryset.starting_after(today)
            case "no":
                return queryset.filter(end_date__lt=today)
        return queryset


@admin.register(Assignment)
class AssignmentAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["facilitator", "kelurahan", "start_date", "end_date", "decree_number"]
    list_filter = [InForceFilter, registry_admin.KelurahanKecamatanFilter]
    list_select_related = ["facilitator", "kelurahan"]
    search_fields = ["facilitator__name", "kelurahan__name", "kelurahan__code", "decree_number"]
    date_hierarchy = "start_date"


@admin.register(Deactivation)
class DeactivationAdmin(ReadOnlyAdminMixin, HistoryAdmin):
    list_display = ["facilitator", "start_date", "end_date", "reason", "decree_number"]
    list_select_related = ["facilitator"]
    search_fields = ["facilitator__name", "reason", "decree_number"]


class PostingHistoryInline(ReadOnlyAdminMixin, admin.TabularInline):
    """Postings shown on the facilitator and kelurahan pages."""

    model = Assignment
    extra = 0
    fields = ["facilitator", "kelurahan", "start_date", "end_date", "decree_number"]
    readonly_fields = fields
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("facilitator", "kelurahan")


class DeactivationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Deactivation
    extra = 0
    fields = ["start_date", "end_date", "reason", "decree_number"]
    readonly_fields = fields


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return FacilitatorStatus.choices

    def queryset(self, request, queryset):
        if self.value() in FacilitatorStatus.values:
            return with_status_filter(queryset, self.value(), timezone.localdate())
        return queryset


class KecamatanOfPostingFilter(registry_admin.KecamatanFilter):
    title = _("kecamatan of current posting")

    def filter_kecamatan(self, queryset, kecamatan):
        postings = Assignment.objects.current().filter(kelurahan__kecamatan__in=kecamatan)
        return queryset.filter(pk__in=postings.values("facilitator"))


# The register's admin pages also show postings and status. The registry app
# does not know about postings, so this app extends its admin classes here.
admin.site.unregister(Facilitator)
admin.site.unregister(Kelurahan)


@admin.register(Facilitator)
class FacilitatorAdmin(SpreadsheetImportExportMixin, registry_admin.FacilitatorAdmin):
    inlines = [PostingHistoryInline, DeactivationInline]
    list_filter = [
        StatusFilter,
        KecamatanOfPostingFilter,
        *registry_admin.FacilitatorAdmin.list_filter,
    ]
    # One spreadsheet: the facilitators with their current postings.
    resource_classes = [FacilitatorResource]
    import_permissions = IMPORT_REGISTER

    def exported(self, request, dataset) -> None:
        """Full NIKs leave the register in an export: each facilitator whose NIK is in
        the file is recorded as a NIK disclosure to the exporting staff member."""
        niks = [nik for nik in dataset[NIK] if nik]
        records = []
        for start in range(0, len(niks), 5000):
            records += [
                Disclosure(facilitator_id=pk, user=request.user)
                for pk in Facilitator.objects.filter(nik__in=niks[start : start + 5000])
                .order_by("pk")
                .values_list("pk", flat=True)
            ]
        Disclosure.objects.bulk_create(records, batch_size=1000)


@admin.register(Kelurahan)
class KelurahanAdmin(registry_admin.KelurahanAdmin):
    inlines = [*registry_admin.KelurahanAdmin.inlines, PostingHistoryInline]
