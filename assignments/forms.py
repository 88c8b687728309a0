"""Forms of the posting workflow. They validate and convert; the rules are in
assignments.services, whose refusals the views put back on the form.

Choice lists show only the sensible options (a reserve facilitator, a kelurahan
without one), but any record the user may see is accepted on submission so that
a stale page or a colleague's simultaneous change gets the service's clear
message, not a bare "invalid choice". An account limited to an area sees, and
may choose, only the kelurahan of its area and the facilitators posted there.
"""

import datetime
import re

from django import forms
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from assignments import services
from assignments.models import Assignment
from assignments.selectors import facilitators_visible_to, free_from
from registry import validators
from registry.dates import RANGE_HELP, validate_register_date
from registry.models import Deactivation, Facilitator, Kelurahan


class AreaForm(forms.Form):
    """A workflow form for one user: its choices are limited to what they may see."""

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        today = timezone.localdate()
        for field in self.fields.values():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            model = field.queryset.model
            if model is Facilitator:
                field.queryset = field.queryset & facilitators_visible_to(user, today)
            elif model in (Kelurahan, Assignment):
                field.queryset = field.queryset.visible_to(user)


class PostingForm(AreaForm):
    """The fields every workflow shares: the date, the decree and a note."""

    decree_number = forms.CharField(label=_("Decree number (nomor SK)"), max_length=100)
    note = forms.CharField(
        label=_("Note"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )


def _date_field(label):
    return forms.DateField(
        label=label,
        initial=timezone.localdate,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        validators=[validate_register_date],
        help_text=RANGE_HELP,
    )


# A select of more options than this helps nobody (a national register has tens
# of thousands); the field then takes a typed code or number instead.
CHOICES_SHOWN = 200
TYPED_FACILITATOR = _(
    "The facilitator's register number, shown on their page; "
    "the links on the roster and the facilitator's page fill it in."
)
TYPED_KELURAHAN = _("The kelurahan's code, for example 33.75.01.1002.")


def _offer(field, rows, key, label, typed_help) -> None:
    rows = list(rows[: CHOICES_SHOWN + 1])
    if len(rows) > CHOICES_SHOWN:
        field.widget = forms.TextInput(attrs={"autocomplete": "off"})
        field.help_text = typed_help
    else:
        field.choices = [("", "---------")] + [(key(row), label(row)) for row in rows]


FREE_FROM = _("%(name)s (free from %(day)s)")


def _free_later(rows, today: datetime.date):
    """Rows without an open-ended posting, each with `busy_until`: the last day
    of a posting that is in force today or scheduled (None when free today)."""
    ahead = Assignment.objects.from_day_on(today).filter(
        **{rows.model._meta.model_name: OuterRef("pk")}
    )
    return rows.exclude(Exists(ahead.open_ended())).annotate(
        busy_until=Subquery(ahead.order_by("-end_date").values("end_date")[:1])
    )


def _free_label(name: str, busy_until: datetime.date | None) -> str:
    if busy_until is None:
        return name
    day = date_format(busy_until + datetime.timedelta(days=1), "j M Y")
    return FREE_FROM % {"name": name, "day": day}


def _offer_reserve(field, start: datetime.date) -> None:
    """Facilitators active on the start day, in reserve today or whose release is
    scheduled."""
    today = timezone.localdate()
    _offer(
        field,
        _free_later(Facilitator.objects.active_on(start), today).by_name(),
        key=lambda f: f.pk,
        label=lambda f: _free_label(f.name, f.busy_until),
        typed_help=TYPED_FACILITATOR,
    )


def _offer_posted(field, user) -> None:
    postings = Assignment.objects.current().visible_to(user)
    postings = postings.select_related("facilitator", "kelurahan")
    _offer(
        field,
        postings.order_by("facilitator__sort_name", "facilitator_id"),
        key=lambda p: p.facilitator_id,
        label=lambda p: f"{p.facilitator.name} — {p.kelurahan.name}",
        typed_help=TYPED_FACILITATOR,
    )


def _offer_free_kelurahan(field, user) -> None:
    """Kelurahan without a facilitator today, or whose facilitator's release is scheduled."""
    today = timezone.localdate()
    _offer(
        field,
        _free_later(Kelurahan.objects.visible_to(user), today).order_by("code"),
        key=lambda k: k.code,
        label=lambda k: _free_label(f"{k.name} ({k.code})", k.busy_until),
        typed_help=TYPED_KELURAHAN,
    )


def _first_free_day(form, field: str, lookup: str) -> None:
    """A link that preselects a kelurahan or facilitator also proposes the first
    day it is free (the day after a scheduled release), not a day it is taken."""
    value = str(form.initial.get(field) or "")
    well_formed = (
        re.fullmatch(validators.KELURAHAN_CODE, value)
        if lookup == "code"
        else value.isdigit() and int(value) < 2**63
    )
    if form.is_bound or not well_formed:
        return
    row = form.fields[field].queryset.filter(**{lookup: value}).first()
    if row is None:
        return
    day = free_from(row, timezone.localdate())
    if day is not None:
        form.initial.setdefault("start_date", day)


def _start_day(form) -> datetime.date:
    """The start day the form knows: the one typed (a form sent back), the one a
    link proposes, else today."""
    field = form.fields["start_date"]
    value = form.data.get("start_date") if form.is_bound else form.initial.get("start_date")
    try:
        day = field.clean(value) if isinstance(value, str) else value
    except forms.ValidationError:
        day = None
    return day if isinstance(day, datetime.date) else timezone.localdate()


def _refuse_inactive(form, field: str) -> None:
    """The service's rule, asked before the confirmation step: one who is not
    active on the start day is refused on the form, with its message."""
    facilitator, start = form.cleaned_data.get(field), form.cleaned_data.get("start_date")
    if facilitator is not None and start is not None:
        try:
            services.check_active_on(facilitator, start)
        except forms.ValidationError as error:
            form.add_error(field, error)


class PostForm(PostingForm):
    facilitator = forms.ModelChoiceField(
        label=_("Facilitator in reserve"), queryset=Facilitator.objects.all()
    )
    kelurahan = forms.ModelChoiceField(
        label=_("Kelurahan"), queryset=Kelurahan.objects.all(), to_field_name="code"
    )
    start_date = _date_field(_("Posted from"))
    field_order = ["facilitator", "kelurahan", "start_date", "decree_number", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _first_free_day(self, "kelurahan", "code")
        _first_free_day(self, "facilitator", "pk")
        _offer_reserve(self.fields["facilitator"], _start_day(self))
        _offer_free_kelurahan(self.fields["kelurahan"], self.user)

    def clean(self):
        cleaned = super().clean()
        _refuse_inactive(self, "facilitator")
        return cleaned


class MoveForm(PostingForm):
    facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=Facilitator.objects.all())
    to_kelurahan = forms.ModelChoiceField(
        label=_("New kelurahan"), queryset=Kelurahan.objects.all(), to_field_name="code"
    )
    start_date = _date_field(_("Posted there from"))
    field_order = ["facilitator", "to_kelurahan", "start_date", "decree_number", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_posted(self.fields["facilitator"], self.user)
        _offer_free_kelurahan(self.fields["to_kelurahan"], self.user)
        _first_free_day(self, "to_kelurahan", "code")
        self.fields["start_date"].help_text = _("The current posting ends the day before.")

    def clean(self):
        cleaned = super().clean()
        _refuse_inactive(self, "facilitator")
        return cleaned


class SwapForm(PostingForm):
    first = forms.ModelChoiceField(label=_("First facilitator"), queryset=Facilitator.objects.all())
    second = forms.ModelChoiceField(
        label=_("Second facilitator"), queryset=Facilitator.objects.all()
    )
    start_date = _date_field(_("Swapped from"))
    field_order = ["first", "second", "start_date", "decree_number", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_posted(self.fields["first"], self.user)
        _offer_posted(self.fields["second"], self.user)


class ReleaseForm(PostingForm):
    facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=Facilitator.objects.all())
    end_date = _date_field(_("Last day of the posting"))
    field_order = ["facilitator", "end_date", "decree_number", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_posted(self.fields["facilitator"], self.user)


class CancelForm(AreaForm):
    """A scheduled posting, chosen by the link on the roster or a record's page."""

    assignment = forms.ModelChoiceField(
        label=_("Scheduled posting"), queryset=Assignment.objects.all(), widget=forms.HiddenInput
    )

    def summary_data(self) -> dict:
        posting = self.cleaned_data["assignment"]
        return {
            "facilitator": posting.facilitator.name,
            "kelurahan": posting.kelurahan.name,
            "start_date": posting.start_date,
            "end_date": posting.end_date,
        }


class CancelReleaseForm(CancelForm):
    assignment = forms.ModelChoiceField(
        label=_("Posting"), queryset=Assignment.objects.all(), widget=forms.HiddenInput
    )


class DeactivateForm(AreaForm):
    facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=Facilitator.objects.all())
    start_date = _date_field(_("Inactive from"))
    reason = forms.CharField(label=_("Reason"), max_length=255)
    decree_number = forms.CharField(
        label=_("Decree number (nomor SK)"), max_length=100, required=False
    )
    field_order = ["facilitator", "start_date", "reason", "decree_number"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["start_date"].help_text = _(
            "The first inactive day; a posting in force then ends the day before."
        )
        today = timezone.localdate()
        _offer(
            self.fields["facilitator"],
            Facilitator.objects.active_on(today).by_name(),
            key=lambda f: f.pk,
            label=lambda f: f.name,
            typed_help=TYPED_FACILITATOR,
        )


class ReactivateForm(AreaForm):
    facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=Facilitator.objects.all())
    start_date = _date_field(_("Active again from"))
    note = forms.CharField(label=_("Note"), max_length=255, required=False)
    field_order = ["facilitator", "start_date", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer(
            self.fields["facilitator"],
            Facilitator.objects.filter(
                pk__in=Deactivation.objects.open_ended().values("facilitator")
            ).by_name(),
            key=lambda f: f.pk,
            label=lambda f: f.name,
            typed_help=TYPED_FACILITATOR,
        )
