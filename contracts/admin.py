"""The admin: criteria, weights, the dated tax rates and signers are kept here by
the administrator (rates and signers through their services); contracts, payment
details, evaluations and issued honorarium lists are shown read-only, since every
change goes through the services on the staff pages. Payment
details appear masked only (their old versions are not offered: they would
show the numbers whole)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from contracts import services
from contracts.models import (
    Contract,
    Criterion,
    Evaluation,
    HonorariumListDownload,
    HonorariumSigners,
    IssuedHonorariumList,
    PaymentDetails,
    TaxRate,
)
from registry.admin import CheckedModelAdmin, HistoryAdmin


class ReadOnly:
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Contract)
class ContractAdmin(ReadOnly, HistoryAdmin):
    list_display = ["number", "facilitator", "start_date", "end_date", "monthly_honorarium"]
    list_filter = ["kind", "end_date"]
    search_fields = ["number", "facilitator__name"]
    list_select_related = ["facilitator"]
    exclude = ["document"]


@admin.register(PaymentDetails)
class PaymentDetailsAdmin(ReadOnly, CheckedModelAdmin):
    list_display = ["facilitator", "bank_name", "masked_account", "masked_npwp"]
    search_fields = ["facilitator__name"]  # by name only: no number in a URL
    list_select_related = ["facilitator"]
    fields = ["facilitator", "bank_name", "masked_account", "account_holder", "masked_npwp"]
    readonly_fields = fields

    @admin.display(description=_("account number"))
    def masked_account(self, obj):
        return obj.masked_account

    @admin.display(description=_("NPWP"))
    def masked_npwp(self, obj):
        return obj.masked_npwp

    def lookup_allowed(self, lookup, value, request=None):
        if "account_number" in lookup or "npwp" in lookup:
            return False
        return super().lookup_allowed(lookup, value, request)


@admin.register(Evaluation)
class EvaluationAdmin(ReadOnly, HistoryAdmin):
    list_display = ["contract", "evaluated_on", "final_score", "recommendation"]
    list_filter = ["recommendation", "evaluated_on"]
    search_fields = ["contract__facilitator__name", "contract__number"]
    list_select_related = ["contract__facilitator"]


@admin.register(Criterion)
class CriterionAdmin(admin.ModelAdmin):
    list_display = ["name", "weight", "position", "active"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False  # in use on evaluations (PROTECT); switched off instead


class DatedAdmin(admin.ModelAdmin):
    """A dated row of the honorarium list, kept by the administrator through its
    service (which refuses what would change an issued list); never deleted."""

    save = None  # the service that checks and saves a row

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False  # history: a later row replaces it from its day

    def save_model(self, request, obj, form, change):
        # The form ran the model's validation (an issued month refused with its
        # message); the service runs it again under its lock and records who.
        type(self).save(row=obj, by=request.user)


@admin.register(TaxRate)
class TaxRateAdmin(DatedAdmin):
    list_display = ["valid_from", "rate_with_npwp", "rate_without_npwp"]
    fields = ["valid_from", "rate_with_npwp", "rate_without_npwp"]
    save = staticmethod(services.tax_rate_save)


@admin.register(HonorariumSigners)
class HonorariumSignersAdmin(DatedAdmin):
    list_display = ["valid_from", "head_name", "commitment_officer_name", "treasurer_name"]
    fieldsets = [
        (None, {"fields": ["valid_from"]}),
        (
            _("Signers of the honorarium list"),
            {
                "fields": [
                    "head_position",
                    "head_name",
                    "head_nip",
                    "commitment_officer_position",
                    "commitment_officer_name",
                    "commitment_officer_nip",
                    "treasurer_position",
                    "treasurer_name",
                    "treasurer_nip",
                ]
            },
        ),
    ]
    save = staticmethod(services.honorarium_signers_save)


@admin.register(IssuedHonorariumList)
class IssuedHonorariumListAdmin(ReadOnly, CheckedModelAdmin):
    """The issued lists: who issued which month when, and the fingerprint (the lines,
    with account numbers, are not shown here)."""

    list_display = ["month", "issued_at", "issued_by", "digest"]
    list_select_related = ["issued_by"]
    fields = ["month", "issued_at", "issued_by", "digest"]


@admin.register(HonorariumListDownload)
class HonorariumListDownloadAdmin(ReadOnly, CheckedModelAdmin):
    """Who opened the honorarium list of which month: an audit trail nobody edits."""

    list_display = ["at", "user", "month", "form"]
    list_filter = ["at", "form"]
    list_select_related = ["user"]
