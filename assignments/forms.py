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

from assignments.models import Assignment
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
    )


def _reserve_choices():
    return [("", "---------")] + [(f.pk, f.name) for f in Facilitator.objects.in_reserve()]


def _posted_choices():
    postings = Assignment.objects.current().select_related("facilitator", "kelurahan")
    postings = postings.order_by("facilitator__name")
    return [("", "---------")] + [
        (p.facilitator_id, f"{p.facilitator.name} — {p.kelurahan.name}") for p in postings
    ]


def _free_kelurahan_choices():
    free = Kelurahan.objects.exclude(pk__in=Assignment.objects.current().values("kelurahan"))
    return [("", "---------")] + [(k.code, f"{k.name} ({k.code})") for k in free]


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
        self.fields["facilitator"].choices = _reserve_choices()
        self.fields["kelurahan"].choices = _free_kelurahan_choices()


class MoveForm(PostingForm):
    facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=Facilitator.objects.all())
    to_kelurahan = forms.ModelChoiceField(
        label=_("New kelurahan"), queryset=Kelurahan.objects.all(), to_field_name="code"
    )
    start_date = _date_field(_("Posted there from"))
    field_order = ["facilitator", "to_kelurahan", "start_date", "decree_number", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].choices = _posted_choices()
        self.fields["to_kelurahan"].choices = _free_kelurahan_choices()
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
        choices = _posted_choices()
        self.fields["first"].choices = choices
        self.fields["second"].choices = choices


class ReleaseForm(PostingForm):
    facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=Facilitator.objects.all())
    end_date = _date_field(_("Last day of the posting"))
    field_order = ["facilitator", "end_date", "decree_number", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].choices = _posted_choices()
