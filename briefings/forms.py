"""Forms of the briefing pages. They validate and convert; the rules are in
briefings.services, whose refusals the views put back on the forms."""

from django import forms
from django.utils.translation import gettext_lazy as _

from briefings.models import AbsenceRequest, Attendance, Briefing, BriefingSession, Speaker
from registry.forms import OneLineTextMixin

# Institutions that usually send speakers, offered as suggestions (any text is fine).
SPEAKER_INSTITUTIONS = ["DPMPPA", "BKD", "Bappeda", "Setda", "Kecamatan"]


# The range of the database's integer keys.
KEY_RANGE = range(-(2**63), 2**63)


class InviteeIdsField(forms.TypedMultipleChoiceField):
    """Facilitator ids ticked on the invitees page: any whole number the database's
    keys can hold (which of them exist and may be changed is the service's word)."""

    def __init__(self, **kwargs):
        super().__init__(coerce=int, required=False, **kwargs)

    def valid_value(self, value):
        text = str(value)
        return text.lstrip("-").isdigit() and int(text) in KEY_RANGE


class ChangedFieldsMixin:
    @property
    def changed_model_fields(self) -> list[str]:
        """The model fields this person changed (with show_hidden_initial on)."""
        return [name for name in self.changed_data if name in self._meta.fields]


class BriefingForm(OneLineTextMixin, ChangedFieldsMixin, forms.ModelForm):
    """The briefing itself. Who is invited is chosen on the invitees page (a
    briefing may invite tens of thousands); a new briefing invites, unless told
    otherwise, every facilitator active on its first day."""

    invite_everyone = forms.BooleanField(
        label=_("Invite every facilitator active on the first day"),
        required=False,
        initial=True,
        help_text=_(
            "Untick to choose the invitees afterwards, by kecamatan, kelurahan or name, "
            "on the briefing's invitees page."
        ),
    )

    class Meta:
        model = Briefing
        fields = [
            "title",
            "topics",
            "organiser",
            "letter_number",
            "letter_date",
            "checkin_opens_minutes",
            "certificate_share",
        ]
        widgets = {
            "topics": forms.Textarea(attrs={"rows": 3}),
            "letter_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            del self.fields["invite_everyone"]
            # The values as this person saw them travel with the form, so only
            # what they changed is saved and a colleague's edit of others stays.
            for name in self._meta.fields:
                self.fields[name].show_hidden_initial = True


class InviteeSearchForm(forms.Form):
    q = forms.CharField(label=_("Find a facilitator by name"), required=False, max_length=100)


class InviteesForm(forms.Form):
    """One change of the invitees page: tick people in or out, a whole area, or
    everyone active on the first day."""

    ADD, REMOVE, AREA, EVERYONE = "add", "remove", "area", "everyone"
    action = forms.ChoiceField(
        choices=[(ADD, ADD), (REMOVE, REMOVE), (AREA, AREA), (EVERYONE, EVERYONE)]
    )
    add = InviteeIdsField(label=_("Invite"))
    remove = InviteeIdsField(label=_("No longer invite"))
    area = forms.CharField(
        label=_("Kecamatan or kelurahan (name or code)"), required=False, max_length=100
    )

    def clean(self):
        data = super().clean()
        action = data.get("action")
        if action == self.ADD and not data.get("add"):
            raise forms.ValidationError(_("Tick the facilitators to invite."))
        if action == self.REMOVE and not data.get("remove"):
            raise forms.ValidationError(_("Tick the invitees to leave out."))
        if action == self.AREA and not data.get("area", "").strip():
            self.add_error("area", _("Type the name or code of a kecamatan or kelurahan."))
        return data


class SessionForm(OneLineTextMixin, ChangedFieldsMixin, forms.ModelForm):
    class Meta:
        model = BriefingSession
        fields = ["date", "start_time", "end_time", "venue"]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "start_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            "end_time": forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        }


class SpeakerForm(OneLineTextMixin, ChangedFieldsMixin, forms.ModelForm):
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


class AbsenceRequestForm(forms.Form):
    """A facilitator's request to be excused (izin) or for sickness (sakit)."""

    session = forms.TypedChoiceField(label=_("Session"), coerce=int)
    kind = forms.ChoiceField(
        label=_("I will be"), choices=AbsenceRequest.Kind.choices, widget=forms.RadioSelect
    )
    reason = forms.CharField(
        label=_("Reason"),
        max_length=AbsenceRequest._meta.get_field("reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    letter = forms.FileField(
        label=_("Letter (optional)"),
        required=False,
        help_text=_("A doctor's note or a letter of assignment: a PDF or a photo."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/*"}),
    )

    def __init__(self, *args, sessions: list[BriefingSession], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["session"].choices = [
            (s.pk, f"{s.date:%d-%m-%Y} {s.start_time:%H:%M}–{s.end_time:%H:%M}, {s.venue}")
            for s in sessions
        ]
        if len(sessions) == 1:
            # One session: no choice to make.
            self.fields["session"].widget = forms.HiddenInput()
            self.initial["session"] = sessions[0].pk


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for the withdrawal"), max_length=200)


class AbsenceDecisionForm(forms.Form):
    """Accept a request to be excused, or refuse it with a reason (the service says
    when a reason is missing)."""

    decision = forms.ChoiceField(
        choices=[("accept", _("Accept")), ("refuse", _("Refuse"))], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        label=_("Reason (told to the facilitator; needed to refuse)"),
        max_length=AbsenceRequest._meta.get_field("decision_reason").max_length,
        required=False,
    )
