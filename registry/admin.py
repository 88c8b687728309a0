from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from audit.admin import HistoryAdmin
from registry.models import Facilitator, Institution, Kecamatan, Kelurahan, NikDisclosure


@admin.register(Kecamatan)
class KecamatanAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class InstitutionInline(admin.TabularInline):
    model = Institution
    extra = 0
    fields = ["kind", "name", "chair", "phone", "email"]


@admin.register(Kelurahan)
class KelurahanAdmin(HistoryAdmin):
    list_display = ["code", "name", "kecamatan", "postal_code"]
    list_filter = ["kecamatan"]
    list_select_related = ["kecamatan"]
    search_fields = ["code", "name", "kecamatan__name"]
    autocomplete_fields = ["kecamatan"]
    inlines = [InstitutionInline]


@admin.register(Institution)
class InstitutionAdmin(HistoryAdmin):
    list_display = ["name", "kind", "kelurahan", "chair"]
    list_filter = ["kind", "kelurahan__kecamatan"]
    list_select_related = ["kelurahan"]
    search_fields = ["name", "chair", "kelurahan__name"]
    autocomplete_fields = ["kelurahan"]


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            ("current", _("Posted now")),
            ("reserve", _("In reserve")),
            ("inactive", _("Inactive")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "current":
                return queryset.posted()
            case "reserve":
                return queryset.in_reserve()
            case "inactive":
                return queryset.filter(is_active=False)
        return queryset


class KecamatanOfPostingFilter(admin.SimpleListFilter):
    title = _("kecamatan of current posting")
    parameter_name = "kecamatan"

    def lookups(self, request, model_admin):
        return [(k.code, k.name) for k in Kecamatan.objects.all()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(
                Q(assignments__end_date__isnull=True)
                & Q(assignments__kelurahan__kecamatan__code=self.value())
            )
        return queryset


@admin.register(Facilitator)
class FacilitatorAdmin(HistoryAdmin):
    list_display = ["name", "masked_nik", "sex", "education", "is_active"]
    list_filter = [StatusFilter, KecamatanOfPostingFilter, "sex", "education"]
    search_fields = ["name", "nik", "phone", "email"]
    autocomplete_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["name", "nik", "sex", "education", "joined_on", "is_active"]}),
        (_("Contact"), {"fields": ["phone", "email", "address"]}),
        (_("Login"), {"fields": ["user"]}),
    ]

    @admin.display(description=_("NIK"))
    def masked_nik(self, obj):
        return obj.masked_nik


@admin.register(NikDisclosure)
class NikDisclosureAdmin(admin.ModelAdmin):
    """Who saw a full NIK, and when: an audit trail nobody edits."""

    list_display = ["at", "user", "facilitator"]
    list_filter = ["at"]
    list_select_related = ["user", "facilitator"]
    search_fields = ["user__username", "facilitator__name"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
