"""The admin: criteria, weights, tax rates and signers are kept here by the
administrator; contracts, payment details and evaluations are shown read-only,
since every change goes through the services on the staff pages. Payment
details appear masked only (their old versions are not offered: they would
show the numbers whole)."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from contracts.models import (
    Contract,
    Criterion,
    Evaluation,
    HonorariumListDownload,
    HonorariumSettings,
    PaymentDetails,
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


@admin.register(HonorariumSettings)
class HonorariumSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "tax_rate", "tax_rate_without_npwp"]
    fieldsets = [
        (_("Tax (PPh 21)"), {"fields": ["tax_rate", "tax_rate_without_npwp"]}),
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

    def has_add_permission(self, request):
        return request.user.is_superuser and not HonorariumSettings.objects.exists()

    def has_change_permission(self, request, obj=None):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(HonorariumListDownload)
class HonorariumListDownloadAdmin(ReadOnly, CheckedModelAdmin):
    """Who opened the honorarium list of which month: an audit trail nobody edits."""

    list_display = ["at", "user", "month", "form"]
    list_filter = ["at", "form"]
    list_select_related = ["user"]
