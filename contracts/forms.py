import datetime

from django import forms
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from activities.forms import MonthField
from contracts.models import Contract, Criterion, Evaluation, PaymentDetails
from registry.dates import validate_register_date
from registry.forms import kecamatan_filter_field
from registry.models import Kecamatan

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
PDF_ONLY = forms.ClearableFileInput(attrs={"accept": "application/pdf"})


class ContractForm(forms.ModelForm):
    """A contract with its scanned document (PDF), which can come along on any save."""

    upload = forms.FileField(
        label=_("Scanned document (PDF)"),
        required=False,
        help_text=_("The signed decree or contract, scanned as PDF (at most 20 MB)."),
        widget=PDF_ONLY,
    )

    class Meta:
        model = Contract
        fields = [
            "kind",
            "number",
            "signed_on",
            "signed_by",
            "start_date",
            "end_date",
            "monthly_honorarium",
            "posting",
            "note",
        ]
        widgets = {
            "signed_on": DATE_WIDGET,
            "start_date": DATE_WIDGET,
            "end_date": DATE_WIDGET,
            "monthly_honorarium": forms.NumberInput(
                attrs={"min": 1, "step": 1, "inputmode": "numeric"}
            ),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, facilitator, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.facilitator = facilitator
        self.fields["posting"].queryset = facilitator.assignments.select_related(
            "kelurahan"
        ).order_by("-start_date")
        self.fields["posting"].label_from_instance = lambda p: f"{p.kelurahan.name} ({p.period})"

    def changes(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RenewForm(forms.Form):
    """The next contract: a new number and date; the period and honorarium proposed."""

    number = forms.CharField(label=_("Number of the new decree"), max_length=100)
    signed_on = forms.DateField(
        label=_("Date signed"), widget=DATE_WIDGET, validators=[validate_register_date]
    )
    signed_by = forms.CharField(label=_("Signed by (position)"), max_length=200)
    start_date = forms.DateField(
        label=_("Start date"), widget=DATE_WIDGET, validators=[validate_register_date]
    )
    end_date = forms.DateField(
        label=_("End date"), widget=DATE_WIDGET, validators=[validate_register_date]
    )
    monthly_honorarium = forms.IntegerField(
        label=_("Monthly honorarium (Rp)"), min_value=1, max_value=2_000_000_000
    )
    upload = forms.FileField(label=_("Scanned document (PDF)"), required=False, widget=PDF_ONLY)
    override_reason = forms.CharField(
        label=_("Why it is renewed against the evaluation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept in the new contract's history."),
    )

    def __init__(self, *args, against: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if against:
            # The service refuses an override without both (services.contract_renew).
            self.fields["upload"].required = True
            self.fields["override_reason"].required = True
        else:
            del self.fields["override_reason"]


class RenewRecommendedForm(forms.Form):
    """The collective decree that renews everyone recommended in a period (served in
    the kecamatan of the evaluations page's filter, when one is chosen)."""

    period_start = forms.DateField(widget=forms.HiddenInput)
    period_end = forms.DateField(widget=forms.HiddenInput)
    # The office's own action (an area never renews): any kecamatan, by its code.
    kecamatan = forms.ModelChoiceField(
        queryset=Kecamatan.objects.all(),
        to_field_name="code",
        required=False,
        widget=forms.HiddenInput,
    )
    number = forms.CharField(label=_("Number of the renewal decree"), max_length=100)
    signed_on = forms.DateField(
        label=_("Date signed"), widget=DATE_WIDGET, validators=[validate_register_date]
    )
    signed_by = forms.CharField(
        label=_("Signed by (position)"), max_length=200, initial="Kepala Dinas"
    )


class PaymentDetailsForm(forms.ModelForm):
    class Meta:
        model = PaymentDetails
        fields = ["bank_name", "account_number", "account_holder", "npwp"]
        widgets = {
            "account_number": forms.TextInput(
                attrs={"inputmode": "numeric", "autocomplete": "off"}
            ),
            "npwp": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        }


class EvaluationForm(forms.Form):
    """A score of 1–100 per criterion in use, the recommendation and a comment."""

    recommendation = forms.ChoiceField(
        label=_("Recommendation"),
        choices=Evaluation.Recommendation.choices,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args, criteria: list[Criterion], **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.IntegerField(
                label=criterion.name,
                min_value=1,
                max_value=100,
                help_text=_("1–100, weight %(weight)s") % {"weight": criterion.weight},
                widget=forms.NumberInput(attrs={"min": 1, "max": 100, "inputmode": "numeric"}),
            )
        # The scores first, as the sheet lists them.
        self.order_fields([f"score_{c.pk}" for c in criteria] + ["recommendation", "comment"])

    def scores(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"score_{c.pk}"] for c in self.criteria}


class ContractFilterForm(forms.Form):
    STATES = [
        ("", _("All")),
        ("current", _("In force today")),
        ("upcoming", _("Starting later")),
        ("ended", _("Ended")),
    ]
    state = forms.ChoiceField(label=_("Contracts"), choices=STATES, required=False)
    ending = forms.TypedChoiceField(
        label=_("Ending within"),
        choices=[("", _("any time")), (30, _("30 days")), (60, _("60 days")), (90, _("90 days"))],
        coerce=int,
        empty_value=None,
        required=False,
    )


class HonorariumFilterForm(forms.Form):
    month = MonthField(label=_("Month"))
    kecamatan = forms.Field(required=False)  # kecamatan_filter_field, set for the user

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"] = kecamatan_filter_field(user)


def this_year() -> tuple[datetime.date, datetime.date]:
    year = timezone.localdate().year
    return datetime.date(year, 1, 1), datetime.date(year, 12, 31)


class PeriodFilterForm(forms.Form):
    """The contracts ending in a period, of one kecamatan or all the user may see: the
    evaluation recap's, the evaluations page's and so the renewal's."""

    start = forms.DateField(
        label=_("Contracts ending from"), widget=DATE_WIDGET, validators=[validate_register_date]
    )
    end = forms.DateField(
        label=pgettext_lazy("end of a period", "to"),
        widget=DATE_WIDGET,
        validators=[validate_register_date],
    )
    kecamatan = forms.Field(required=False)  # kecamatan_filter_field, set for the user

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kecamatan"] = kecamatan_filter_field(user)

    @classmethod
    def of_query(cls, query: QueryDict, *, user) -> "PeriodFilterForm":
        """The form bound to a page's query; this year when it names no period (a page
        number or a kecamatan alone keeps the default period)."""
        if "start" not in query and "end" not in query:
            start, end = this_year()
            query = query.copy()
            query["start"], query["end"] = start.isoformat(), end.isoformat()
        return cls(query, user=user)

    def clean(self):
        data = super().clean()
        if data.get("start") and data.get("end") and data["start"] > data["end"]:
            raise forms.ValidationError(_("The period ends before it starts."))
        return data
