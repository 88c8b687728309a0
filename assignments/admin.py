from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.roles import IMPORT_REGISTER
from assignments.models import Assignment
from assignments.resources import NIK, FacilitatorResource
from assignments.services import facilitator_deactivate
from audit.admin import HistoryAdmin
from imports.admin import SpreadsheetImportExportMixin
from registry import admin as registry_admin
from registry.models import Facilitator, Kelurahan, NikDisclosure


class CurrentFilter(admin.SimpleListFilter):
    title = _("current")
    parameter_name = "current"

    def lookups(self, request, model_admin):
        return [("yes", _("Current")), ("no", _("Ended"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.current()
        if self.value() == "no":
            return queryset.filter(end_date__isnull=False)
        return queryset


@admin.register(Assignment)
class AssignmentAdmin(HistoryAdmin):
    list_display = ["facilitator", "kelurahan", "start_date", "end_date", "decree_number"]
    list_filter = [CurrentFilter, "kelurahan__kecamatan"]
    list_select_related = ["facilitator", "kelurahan"]
    search_fields = ["facilitator__name", "kelurahan__name", "kelurahan__code", "decree_number"]
    autocomplete_fields = ["facilitator", "kelurahan"]
    date_hierarchy = "start_date"
    readonly_fields = ["created_by", "created_at", "updated_at"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class PostingHistoryInline(admin.TabularInline):
    """Postings shown on the facilitator and kelurahan pages; they are changed
    on the posting pages, where each change is checked on its own."""

    model = Assignment
    extra = 0
    fields = ["facilitator", "kelurahan", "start_date", "end_date", "decree_number"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("facilitator", "kelurahan")


# The register's admin pages also show posting history. The registry app does
# not know about postings, so this app extends its admin classes here.
admin.site.unregister(Facilitator)
admin.site.unregister(Kelurahan)


@admin.register(Facilitator)
class FacilitatorAdmin(SpreadsheetImportExportMixin, registry_admin.FacilitatorAdmin):
    inlines = [PostingHistoryInline]
    # One spreadsheet: the facilitators with their current postings.
    resource_classes = [FacilitatorResource]
    import_permissions = IMPORT_REGISTER
    actions = ["deactivate"]

    def exported(self, request, dataset) -> None:
        """Full NIKs leave the register in an export: each facilitator whose NIK is in
        the file is recorded as a NIK disclosure to the exporting staff member."""
        niks = [nik for nik in dataset[NIK] if nik]
        records = []
        for start in range(0, len(niks), 5000):
            records += [
                NikDisclosure(facilitator_id=pk, user=request.user)
                for pk in Facilitator.objects.filter(nik__in=niks[start : start + 5000])
                .order_by("pk")
                .values_list("pk", flat=True)
            ]
        NikDisclosure.objects.bulk_create(records, batch_size=1000)

    @admin.action(description=_("Deactivate (ends the current posting today)"))
    def deactivate(self, request, queryset):
        today = timezone.localdate()
        done = 0
        for facilitator in queryset.filter(is_active=True):
            try:
                facilitator_deactivate(facilitator=facilitator, on=today, by=request.user)
            except ValidationError as error:
                self.message_user(request, "; ".join(error.messages), messages.ERROR)
            else:
                done += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d facilitator deactivated.",
                "%(count)d facilitators deactivated.",
                done,
            )
            % {"count": done},
            messages.SUCCESS,
        )


@admin.register(Kelurahan)
class KelurahanAdmin(registry_admin.KelurahanAdmin):
    inlines = [*registry_admin.KelurahanAdmin.inlines, PostingHistoryInline]
