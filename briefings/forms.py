"""Forms of the briefing pages. They validate and convert; the rules are in
briefings.services, whose refusals the views put back on the forms."""

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from assignments.selectors import with_posting_on
from briefings.models import Attendance, Briefing, BriefingSession, Speaker
from registry.models import Facilitator, active_condition

# Institutions that usually send speakers, offered as suggestions (any text is fine).
SPEAKER_INSTITUTIONS = ["DPMPPA", "BKD", "Bappeda", "Setda", "Kecamatan"]


# The range of the database's integer keys.
KEY_RANGE = range(-(2**63), 2**63)


class InviteeField(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def _check_values(self, value):
        # A number beyond the database's integers is refused here: in an IN (...)
        # lookup it would reach the database driver and fail there.
        for pk in value:
            if str(pk).lstrip("-").isdigit() and int(pk) not in KEY_RANGE:
                raise forms.ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)

    def label_from_instance(self, facilitator):
        if facilitator.kelurahan_name:
            return f"{facilitator.name} — {facilitator.kelurahan_name}"
        return facilitator.name


def invitee_choices(briefing: Briefing | None):
    """Facilitators active today, and whoever is already invited, with their
    kelurahan today."""
    today = timezone.localdate()
    people = Facilitator.objects.filter(active_condition(today))
    if briefing is not None and briefing.pk:
        people = Facilitator.objects.filter(
            active_condition(today) | Q(pk__in=briefing.invitees.values("pk"))
        )
    return with_posting_on(people, today).order_by("name", "pk")


class ChangedFieldsMixin:
    @property
    def changed_model_fields(self) -> list[str]:
        """The model fields this person changed (with show_hidden_initial on)."""
        return [name for name in self.changed_data if name in self._meta.fields]


class BriefingForm(ChangedFieldsMixin, forms.ModelForm):
    invitees = InviteeField(
        label=_("Invited facilitators"),
        queryset=Facilitator.objects.none(),
        required=False,
        help_text=_("Every active facilitator is invited unless you untick them."),
    )

    class Meta:
        model = Briefing
        fields = ["title", "topics", "organiser"]
        widgets = {"topics": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["invitees"].queryset = invitee_choices(self.instance)
        if self.instance.pk:
            self.initial["invitees"] = [f.pk for f in self.instance.invitees.all()]
            # The values as this person saw them travel with the form, so only
            # what they changed is saved and a colleague's edit of others stays.
            for name in [*self._meta.fields, "invitees"]:
                self.fields[name].show_hidden_initial = True
        else:
            self.initial["invitees"] = [f.pk for f in self.fields["invitees"].queryset]

    def invitee_changes(self) -> tuple[list[Facilitator], list[Facilitator]]:
        """(invite, uninvite): the ticks this person added and removed.

        Compared with the invitees as the form showed them, so a colleague who
        invited someone meanwhile is not undone.
        """
        chosen = {facilitator.pk: facilitator for facilitator in self.cleaned_data["invitees"]}
        shown_key = self.add_initial_prefix("invitees")
        if shown_key in self.data:
            shown = {int(v) for v in self.data.getlist(shown_key) if str(v).isdigit()}
        else:
            shown = set(self.initial["invitees"])
        invite = [f for pk, f in chosen.items() if pk not in shown]
        uninvite = list(Facilitator.objects.filter(pk__in=shown - set(chosen)))
        return invite, uninvite


class SessionForm(ChangedFieldsMixin, forms.ModelForm):
    class Meta:
        model = BriefingSession
        fields = ["date", "start_time", "end_time", "venue"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class SpeakerForm(ChangedFieldsMixin, forms.ModelForm):
    class Meta:
        model = Speaker
        fields = ["name", "institution", "topic"]
        widgets = {"institution": forms.TextInput(attrs={"list": "speaker-institutions"})}
        help_texts = {"institution": ""}  # said once above the rows, not on each


class RowsFormSet(forms.BaseInlineFormSet):
    """Inline rows whose changed fields, as this person changed them, are known."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for form in self.initial_forms:
            for name in form._meta.fields:
                form.fields[name].show_hidden_initial = True

    def kept_forms(self):
        """Filled-in rows that are not marked for removal."""
        return [
            form
            for form in self.forms
            if (form.instance.pk or form.has_changed()) and not self._removing(form)
        ]

    def removed(self):
        return [form.instance for form in self.initial_forms if self._removing(form)]

    def _removing(self, form) -> bool:
        return self.can_delete and self._should_delete_form(form)


# Extra empty rows a form offers: a one-session briefing shows one session; the
# further rows of a bimtek wait, folded, below it.
NEW_SESSION_ROWS = 3
MORE_SESSION_ROWS = 2
NEW_SPEAKER_ROWS = 3
MORE_SPEAKER_ROWS = 2
# No briefing needs more rows than these; a form claiming more is refused at
# once, before any row is built (a hand-made TOTAL_FORMS of 99,999 included).
MAX_SESSIONS = 20
MAX_SPEAKERS = 30


def session_formset(data, briefing: Briefing, *, new: bool) -> RowsFormSet:
    formset_class = forms.inlineformset_factory(
        Briefing,
        BriefingSession,
        form=SessionForm,
        formset=RowsFormSet,
        extra=NEW_SESSION_ROWS if new else MORE_SESSION_ROWS,
        can_delete=not new,
        max_num=MAX_SESSIONS,
        absolute_max=MAX_SESSIONS,
        validate_max=True,
    )
    return formset_class(data, instance=briefing, prefix="sessions")


def speaker_formset(data, briefing: Briefing, *, new: bool) -> RowsFormSet:
    formset_class = forms.inlineformset_factory(
        Briefing,
        Speaker,
        form=SpeakerForm,
        formset=RowsFormSet,
        extra=NEW_SPEAKER_ROWS if new else MORE_SPEAKER_ROWS,
        can_delete=not new,
        max_num=MAX_SPEAKERS,
        absolute_max=MAX_SPEAKERS,
        validate_max=True,
    )
    return formset_class(data, instance=briefing, prefix="speakers")


class AttendanceRowForm(forms.Form):
    """One invitee's row. Which facilitator it is travels in a hidden field; the
    service checks that they are invited, once, before anything is saved."""

    facilitator = forms.IntegerField(
        widget=forms.HiddenInput, min_value=1, max_value=KEY_RANGE.stop - 1
    )
    status = forms.ChoiceField(
        label=_("Attendance"),
        choices=Attendance.Status.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Unknown attendance status “%(value)s”.")},
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=Attendance._meta.get_field("note").max_length,
    )


class BaseAttendanceFormSet(forms.BaseFormSet):
    def clean(self):
        if any(self.errors):
            return
        if not any(form.cleaned_data.get("status") for form in self.forms):
            raise forms.ValidationError(_("Choose the attendance of at least one facilitator."))


# The attendance form comes in pages of this many rows, each saved on its own.
ATTENDANCE_ROWS_PER_PAGE = 50

AttendanceFormSet = forms.formset_factory(
    AttendanceRowForm,
    formset=BaseAttendanceFormSet,
    extra=0,
    max_num=ATTENDANCE_ROWS_PER_PAGE,
    absolute_max=ATTENDANCE_ROWS_PER_PAGE,
    validate_max=True,
)
