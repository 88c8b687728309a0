from django import forms
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from registry.models import (
    Facilitator,
    Institution,
    Kecamatan,
    Kelurahan,
    NikDisclosure,
    ReportSettings,
)


class HistoryAdmin(SimpleHistoryAdmin):
    """The admin of a model with history: "Riwayat" lists every version with its
    changes. Old versions are read, never restored: restoring would skip the
    rules that a change through the admin form or a service goes through."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class ReadOnlyAdminMixin:
    """Viewable, never added, changed or deleted in the admin: the records whose
    rules live in a service the staff pages call."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


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


@admin.register(Facilitator)
class FacilitatorAdmin(HistoryAdmin):
    list_display = ["name", "masked_nik", "sex", "education"]
    list_filter = ["sex", "education"]
    search_fields = ["name", "nik", "phone", "email"]
    autocomplete_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["name", "nik", "sex", "education", "joined_on"]}),
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


class ReportSettingsForm(forms.ModelForm):
    """The settings with the logo as an upload, kept in the database row."""

    logo_file = forms.ImageField(
        label=_("new logo"),
        required=False,
        help_text=_("PNG or JPEG, at most 512 KB; printed at the left of the letterhead."),
    )
    remove_logo = forms.BooleanField(label=_("remove the logo"), required=False)

    class Meta:
        model = ReportSettings
        fields = [
            "government",
            "office",
            "address",
            "contact",
            "signature_place",
            "signature_position",
            "signer_name",
            "signer_nip",
        ]

    def clean_logo_file(self):
        upload = self.cleaned_data["logo_file"]
        if upload is None:
            return None
        kind = getattr(upload, "image", None) and upload.image.format
        if kind not in ReportSettings.LOGO_TYPES:
            raise forms.ValidationError(_("The logo must be a PNG or JPEG image."))
        if upload.size > ReportSettings.LOGO_MAX_BYTES:
            raise forms.ValidationError(_("The logo is larger than 512 KB."))
        return upload

    def save(self, commit=True):
        settings_row = super().save(commit=False)
        if upload := self.cleaned_data.get("logo_file"):
            upload.seek(0)
            settings_row.logo = upload.read()
            settings_row.logo_type = ReportSettings.LOGO_TYPES[upload.image.format]
        elif self.cleaned_data.get("remove_logo"):
            settings_row.logo, settings_row.logo_type = b"", ""
        if commit:
            settings_row.save()
        return settings_row


@admin.register(ReportSettings)
class ReportSettingsAdmin(admin.ModelAdmin):
    """One row: it can be changed, never added twice nor deleted."""

    form = ReportSettingsForm
    list_display = ["__str__", "government", "signer_name"]
    readonly_fields = ["logo_preview"]
    fieldsets = [
        (
            _("Letterhead (kop)"),
            {
                "fields": [
                    "government",
                    "office",
                    "address",
                    "contact",
                    "logo_preview",
                    "logo_file",
                    "remove_logo",
                ]
            },
        ),
        (
            _("Signature block"),
            {"fields": ["signature_place", "signature_position", "signer_name", "signer_nip"]},
        ),
    ]

    def has_add_permission(self, request):
        return super().has_add_permission(request) and not ReportSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("current logo"))
    def logo_preview(self, obj):
        if not obj.logo:
            return _("No logo: the letterhead prints text only.")
        return format_html('<img src="{}" alt="" height="80">', obj.logo_data_uri)
