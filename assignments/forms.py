"""Forms of the posting workflow. They validate and convert; the rules are in
assignments.services, whose refusals the views put back on the form.

Choice lists show only the sensible options (a reserve facilitator, a kelurahan
without one), but any record is accepted on submission so that a stale page or a
colleague's simultaneous change gets the service's clear message, not a bare
"invalid choice".
"""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignments.models import Assignment, without_facilitator
from registry.dates import RANGE_HELP, validate_register_date
from registry.models import Facilitator, Kelurahan


class PostingForm(forms.Form):
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


def _offer_reserve(field) -> None:
    _offer(
        field,
        Facilitator.objects.in_reserve().order_by("name", "pk"),
        key=lambda f: f.pk,
        label=lambda f: f.name,
        typed_help=TYPED_FACILITATOR,
    )


def _offer_posted(field) -> None:
    postings = Assignment.objects.current().select_related("facilitator", "kelurahan")
    _offer(
        field,
        postings.order_by("facilitator__name", "facilitator_id"),
        key=lambda p: p.facilitator_id,
        label=lambda p: f"{p.facilitator.name} — {p.kelurahan.name}",
        typed_help=TYPED_FACILITATOR,
    )


def _offer_free_kelurahan(field) -> None:
    _offer(
        field,
        without_facilitator(Kelurahan.objects.order_by("code")),
        key=lambda k: k.code,
        label=lambda k: f"{k.name} ({k.code})",
        typed_help=TYPED_KELURAHAN,
    )


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
        _offer_reserve(self.fields["facilitator"])
        _offer_free_kelurahan(self.fields["kelurahan"])


class MoveForm(PostingForm):
    facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=Facilitator.objects.all())
    to_kelurahan = forms.ModelChoiceField(
        label=_("New kelurahan"), queryset=Kelurahan.objects.all(), to_field_name="code"
    )
    start_date = _date_field(_("Posted there from"))
    field_order = ["facilitator", "to_kelurahan", "start_date", "decree_number", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_posted(self.fields["facilitator"])
        _offer_free_kelurahan(self.fields["to_kelurahan"])
        self.fields["start_date"].help_text = _("The current posting ends the day before.")


class SwapForm(PostingForm):
    first = forms.ModelChoiceField(label=_("First facilitator"), queryset=Facilitator.objects.all())
    second = forms.ModelChoiceField(
        label=_("Second facilitator"), queryset=Facilitator.objects.all()
    )
    start_date = _date_field(_("Swapped from"))
    field_order = ["first", "second", "start_date", "decree_number", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_posted(self.fields["first"])
        _offer_posted(self.fields["second"])


class ReleaseForm(PostingForm):
    facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=Facilitator.objects.all())
    end_date = _date_field(_("Last day of the posting"))
    field_order = ["facilitator", "end_date", "decree_number", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        _offer_posted(self.fields["facilitator"])
