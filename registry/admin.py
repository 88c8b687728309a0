import re

from django import forms
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import PAGE_VAR, ChangeList
from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models.constants import LOOKUP_SEP
from django.http import QueryDict
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from registry import services, validators
from registry.masking import MASKED_FIELDS
from registry.models import (
    Disclosure,
    Facilitator,
    Institution,
    Kecamatan,
    Kelurahan,
    NumberSearch,
    ReportSettings,
)

# The admin plumbing every app's admin builds on ----------------------------


class CheckedChangeList(ChangeList):
    """A change list whose filters from the URL are checked before any query runs.

    A date hierarchy or a lookup with a year the calendar does not have
    (`?at__year=99999`, `?date__year=9999&date__month=12&date__day=31`) fails
    while the dates are computed or the SQL is built, after the admin's own
    checks; here it becomes the admin's "invalid filter" answer instead of a 500.
    """

    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error

    def get_queryset(self, request, exclude_parameters=None):
        queryset = super().get_queryset(request, exclude_parameters)
        try:
            queryset.query.get_compiler(queryset.db).as_sql()
        except (ValueError, OverflowError) as error:
            raise IncorrectLookupParameters(error) from error
        return queryset


class CheckedAutocompleteSelect(AutocompleteSelect):
    """The admin's autocomplete box, with a posted value that is no key shown empty.

    Django's widget looks the posted value up as it is when the refused form is
    shown again: a word posted where an id belongs (`abc`, a line break) failed
    the page with a 500 instead of showing the form's "select a valid choice".
    """

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        keys = []
        for typed in value:
            try:
                target.to_python(typed)
            except ValidationError:
                continue
            keys.append(typed)
        return super().optgroups(name, keys, attr)


class CheckedModelAdmin(admin.ModelAdmin):
    def get_changelist(self, request, **kwargs):
        return CheckedChangeList

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        widget = getattr(formfield, "widget", None)
        inner = getattr(widget, "widget", widget)  # inside the add/change related wrapper
        if type(inner) is AutocompleteSelect:
            inner.__class__ = CheckedAutocompleteSelect
        return formfield


class MaskedHistoryContextHelper(HistoricalRecordContextHelper):
    """The admin's list of versions shows personal data masked, as lists do."""

    def prepare_delta_change_value(self, change, value):
        if mask := MASKED_FIELDS.get(change.field):
            return mask(value or "")
        return super().prepare_delta_change_value(change, value)


class HistoryAdmin(SimpleHistoryAdmin, CheckedModelAdmin):
    """The admin of a model with history: "Riwayat" lists every version with its
    changes. Old versions are read, never restored: restoring would skip the
    rules that a change through the admin form or a service goes through."""

    def get_historical_record_context_helper(self, request, historical_record):
        return MaskedHistoryContextHelper(self.model, historical_record)

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


class KecamatanFilter(admin.SimpleListFilter):
    """Filter by kecamatan: a link per kecamatan while they are few (a city has
    four), a typed name or code beyond (a national register has thousands, and
    7,000 links made a 562 KB page). `field_path` leads from the listed model to
    its kecamatan; subclasses with another way in override `filter_kecamatan`."""

    title = _("kecamatan")
    parameter_name = "kecamatan"
    field_path = "kecamatan"
    LISTED_AT_MOST = 100
    typed_template = "admin/typed_filter.html"

    def lookups(self, request, model_admin):
        # One query either way: the kecamatan, or one more than are listed.
        kecamatan = list(Kecamatan.objects.order_by("code")[: self.LISTED_AT_MOST + 1])
        self.typed = len(kecamatan) > self.LISTED_AT_MOST
        if self.typed:
            self.template = self.typed_template
        return [(k.code, k.name) for k in kecamatan]

    def has_output(self):
        return True

    def queryset(self, request, queryset):
        value = (self.value() or "").strip()
        if not value:
            return queryset
        # Checked first: a value like "\x00" is refused by PostgreSQL's driver.
        if "\x00" in value or len(value) > 100:
            raise IncorrectLookupParameters(value)
        if re.match(validators.KECAMATAN_CODE, value):
            kecamatan = Kecamatan.objects.filter(code=value)
        elif self.typed:
            kecamatan = Kecamatan.objects.filter(name__iexact=value)
        else:
            raise IncorrectLookupParameters(value)
        return self.filter_kecamatan(queryset, kecamatan)

    def filter_kecamatan(self, queryset, kecamatan):
        return queryset.filter(**{f"{self.field_path}__in": kecamatan})

    def choices(self, changelist):
        if not self.typed:
            yield from super().choices(changelist)
            return
        # The other filters and the search stay as they are; the page starts again.
        others = QueryDict(
            changelist.get_query_string(remove=[self.parameter_name, PAGE_VAR]).lstrip("?")
        )
        yield {
            "parameter_name": self.parameter_name,
            "value": self.value() or "",
            "hidden": [(name, value) for name, values in others.lists() for value in values],
            "clear": changelist.get_query_string(remove=[self.parameter_name, PAGE_VAR]),
            "help_text": _("Name or code"),
        }


class KelurahanKecamatanFilter(KecamatanFilter):
    """The kecamatan of the record's kelurahan."""

    field_path = "kelurahan__kecamatan"


# The register ---------------------------------------------------------------


@admin.register(Kecamatan)
class KecamatanAdmin(CheckedModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["code", "name"]


class InstitutionInline(admin.TabularInline):
    model = Institution
    extra = 0
    fields = ["kind", "name", "chair", "phone", "email"]


@admin.register(Kelurahan)
class KelurahanAdmin(HistoryAdmin):
    list_display = ["code", "name", "kecamatan", "postal_code"]
    list_filter = [KecamatanFilter]
    list_select_related = ["kecamatan"]
    search_fields = ["code", "name", "kecamatan__name"]
    autocomplete_fields = ["kecamatan"]
    inlines = [InstitutionInline]


@admin.register(Institution)
class InstitutionAdmin(HistoryAdmin):
    list_display = ["name", "kind", "kelurahan", "chair"]
    list_filter = ["kind", KelurahanKecamatanFilter]
    list_select_related = ["kelurahan"]
    search_fields = ["name", "chair", "kelurahan__name"]
    autocomplete_fields = ["kelurahan"]


# Fields whose values may never be filtered on from a URL.
PERSONAL_NUMBERS = {"nik", "phone"}


@admin.register(Facilitator)
class FacilitatorAdmin(HistoryAdmin):
    list_display = ["name", "masked_nik", "sex", "education"]
    list_filter = ["sex", "education"]
    # By name only: the admin searches by GET, and a NIK or phone number in a URL
    # stays in access logs and browser histories. The register's own search takes
    # a whole NIK or phone number by POST (registry/search.py).
    search_fields = ["name"]
    search_help_text = _("Name. To find a NIK or phone number, use the facilitator register.")
    # Logins are given on the facilitator's page, by the facilitator-login service
    # only: linking an existing account here would hand it to whoever manages logins.
    readonly_fields = ["user"]
    fieldsets = [
        (None, {"fields": ["name", "nik", "sex", "education", "joined_on"]}),
        (_("Contact"), {"fields": ["phone", "email", "address"]}),
        (_("Login"), {"fields": ["user"]}),
    ]

    @admin.display(description=_("NIK"))
    def masked_nik(self, obj):
        return obj.masked_nik

    def lookup_allowed(self, lookup, value, request=None):
        # No filtering by parts of a number in the URL (?nik__startswith=...):
        # that would rebuild the masked NIK digit by digit.
        if PERSONAL_NUMBERS & set(lookup.split(LOOKUP_SEP)):
            return False
        return super().lookup_allowed(lookup, value, request)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The form shows the NIK in full: that is seeing it, and it is recorded.
        if obj is not None and obj.nik:
            services.disclosure_record(
                facilitators=[obj], by=request.user, via=Disclosure.Via.ADMIN_FORM
            )
        form = context["adminform"].form
        if form.is_bound:  # "another facilitator already has this NIK" reveals that it exists
            services.nik_duplicate_disclosure_record(
                nik=form.instance.nik, by=request.user, editing=obj
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        response = super().history_form_view(request, object_id, version_id, extra_context)
        version = self.model.history.filter(id=object_id, history_id=version_id).first()
        facilitator = self.get_object(request, object_id)
        if response.status_code == 200 and version and version.nik and facilitator:
            services.disclosure_record(
                facilitators=[facilitator], by=request.user, via=Disclosure.Via.ADMIN_HISTORY
            )
        return response


@admin.register(Disclosure)
class DisclosureAdmin(CheckedModelAdmin):
    """Who saw a full NIK or payment details, and when: an audit trail nobody edits."""

    list_display = ["at", "user", "facilitator", "data", "via"]
    list_filter = ["at", "data", "via"]
    list_select_related = ["user", "facilitator"]
    search_fields = ["user__username", "facilitator__name"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NumberSearch)
class NumberSearchAdmin(CheckedModelAdmin):
    """Every search of the register by a whole NIK or phone number, found or not
    (never the number): an audit trail nobody edits."""

    list_display = ["at", "user", "kind", "found", "refused"]
    list_filter = ["at", "kind", "refused"]
    list_select_related = ["user"]
    search_fields = ["user__username"]
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
