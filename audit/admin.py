from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import PermissionDenied
from simple_history.admin import SimpleHistoryAdmin
from simple_history.template_utils import HistoricalRecordContextHelper

from audit.changes import MASKED_FIELDS


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


class CheckedModelAdmin(admin.ModelAdmin):
    def get_changelist(self, request, **kwargs):
        return CheckedChangeList


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
