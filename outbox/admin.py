"""The outbox in the admin, read-only: reminders are planned and sent by the daily
commands; a reminder edited here would skip the rule that each is sent once."""

from django.contrib import admin

from outbox.models import Reminder
from registry.admin import CheckedModelAdmin, ReadOnlyAdminMixin


@admin.register(Reminder)
class ReminderAdmin(ReadOnlyAdminMixin, CheckedModelAdmin):
    list_display = ["kind", "facilitator", "user", "period", "stage", "state", "reason", "sent_at"]
    list_filter = ["kind", "state", "reason", "period"]
    list_select_related = ["facilitator", "user"]
    search_fields = ["facilitator__name", "user__username"]
    # The letter as last written: the phone is never in it.
    fields = [*list_display, "link", "error", "attempts", "subject", "body", "tried_at"]
