"""The outbox: every reminder the application mails, each one once.

A reminder is known by its key (kind, person, period, stage): the facilitator or
the account it is for, the month (or the contract's end) it is about, and the
step of the reminding (before the deadline, on it, after it; 60, 30, 7 days). The
database keeps one row per key, so a reminder is planned once however often the
daily commands run. It is sent only when the mail server accepted it for at least
one recipient; until then it waits, with why, on the staff's dashboard, and the
next run tries it again.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registry.models import Facilitator


class ReminderQuerySet(models.QuerySet):
    def unsent(self):
        return self.filter(state=Reminder.State.PENDING)


class Reminder(models.Model):
    class Kind(models.TextChoices):
        REPORT = "report", _("Monthly report")
        REPORT_DIGEST = "report_digest", _("Monthly reports of the area")
        CONTRACT = "contract", _("Contract ending")

    class Stage(models.TextChoices):
        BEFORE = "before", _("before the deadline")
        DUE = "due", _("on the deadline")
        OVERDUE = "overdue", _("after the deadline")
        DAYS_60 = "60", _("60 days before the end")
        DAYS_30 = "30", _("30 days before the end")
        DAYS_7 = "7", _("7 days before the end")

    class State(models.TextChoices):
        PENDING = "pending", _("Not sent yet")
        SENT = "sent", _("Sent")
        DROPPED = "dropped", _("No longer needed")

    class Reason(models.TextChoices):
        NO_ADDRESS = "no_address", _("No e-mail address")
        NOBODY = "nobody", _("The mail server accepted it for no recipient")
        FAILED = "failed", _("Sending failed")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    facilitator = models.ForeignKey(
        Facilitator,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("facilitator"),
        help_text=_("The facilitator the reminder is for, or about (a contract's)."),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("account"),
        help_text=_("The account a digest goes to."),
    )
    period = models.DateField(
        _("period"), help_text=_("The month reported on (its first day), or a contract's end.")
    )
    stage = models.CharField(_("stage"), max_length=10, choices=Stage)
    link = models.CharField(_("link"), max_length=300, help_text=_("The page it is about."))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.PENDING)
    reason = models.CharField(
        _("why not sent"), max_length=10, choices=Reason, blank=True, default=""
    )
    error = models.CharField(
        _("error"),
        max_length=500,
        blank=True,
        default="",
        help_text=_("What the mail server said."),
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    subject = models.CharField(_("subject"), max_length=300, blank=True, default="")
    body = models.TextField(_("text"), blank=True, default="")
    created_at = models.DateTimeField(_("planned"), auto_now_add=True)
    tried_at = models.DateTimeField(_("last tried"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    objects = ReminderQuerySet.as_manager()

    class Meta:
        ordering = ["-period", "kind", "pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [
            models.Index(
                fields=["kind", "id"], condition=Q(state="pending"), name="reminder_unsent"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(facilitator__isnull=True, user__isnull=False)
                | Q(facilitator__isnull=False, user__isnull=True),
                name="reminder_for_one_person",
                violation_error_message=_("A reminder is for a facilitator or for an account."),
            ),
            # The key: a reminder is planned (and so sent) once.
            models.UniqueConstraint(
                fields=["kind", "facilitator", "period", "stage"],
                condition=Q(user__isnull=True),
                name="one_reminder_per_facilitator_period_stage",
            ),
            models.UniqueConstraint(
                fields=["kind", "user", "period", "stage"],
                condition=Q(facilitator__isnull=True),
                name="one_reminder_per_account_period_stage",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.person} ({self.period}, {self.stage})"

    @property
    def person(self):
        return self.facilitator if self.facilitator_id else self.user
