import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from activities.models import ActivityEntry, ActivityKind, MonthlyReport

# Files one save may carry: photos of a meeting, its minutes, the attendance list.
FILES_PER_SAVE = 10
TOO_MANY_FILES = _("Send at most %(limit)s files at a time.")


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input (Django's documented way): a list, maybe empty."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        files = [file for file in (data if isinstance(data, list | tuple) else [data]) if file]
        if len(files) > FILES_PER_SAVE:
            raise forms.ValidationError(
                TOO_MANY_FILES, code="too_many_files", params={"limit": FILES_PER_SAVE}
            )
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [super(MultipleFileField, self).clean(file, initial) for file in files]


def upload_field(*, required: bool) -> MultipleFileField:
    return MultipleFileField(
        label=_("Photos or documents"),
        required=required,
        help_text=_(
            "Photos (JPEG, PNG) or PDFs such as the minutes or a signed attendance list; "
            "several may be chosen at once."
        ),
        widget=MultipleFileInput(attrs={"accept": "image/*,application/pdf"}),
    )


class EntryForm(forms.ModelForm):
    """An activity, with photos or documents that can come along on any save."""

    upload = upload_field(required=False)
    caption = forms.CharField(
        label=_("Caption"),
        max_length=200,
        required=False,
        help_text=_("Said of every file of this save."),
    )

    class Meta:
        model = ActivityEntry
        fields = [
            "date",
            "kind",
            "accompanied",
            "accompanied_detail",
            "description",
            "result",
            "participants",
            "hours",
        ]
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "accompanied": forms.RadioSelect,
            "description": forms.Textarea(attrs={"rows": 4}),
            "result": forms.Textarea(attrs={"rows": 3}),
            "participants": forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"}),
            "hours": forms.NumberInput(attrs={"min": 0, "max": 24, "step": "0.5"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A kind the office no longer offers stays selectable on the entries that use it.
        kinds = ActivityKind.objects.filter(active=True)
        if self.instance.pk:
            kinds = kinds | ActivityKind.objects.filter(pk=self.instance.kind_id)
        self.fields["kind"].queryset = kinds
        self.fields["kind"].empty_label = None
        self.fields["accompanied"].choices = ActivityEntry.Accompanied.choices

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ReportTextsForm(forms.ModelForm):
    class Meta:
        model = MonthlyReport
        fields = ["summary", "problems", "plan"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs to change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("The facilitator reads this in the report and in an e-mail."),
    )


class VerifyForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class MonthField(forms.DateField):
    """A month as 2024-03 (the input type="month" sends that)."""

    input_formats = ["%Y-%m"]
    widget = forms.DateInput(attrs={"type": "month"}, format="%Y-%m")

    def to_python(self, value):
        day = super().to_python(value)
        return day.replace(day=1) if isinstance(day, datetime.date) else day


class MonthForm(forms.Form):
    month = MonthField(label=_("Month"))


class OpenMonthForm(forms.Form):
    month = MonthField(label=_("Month"))
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the report's history, for example a letter of the lurah."),
    )
