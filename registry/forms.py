from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from registry.models import Facilitator, Kecamatan


class FacilitatorForm(forms.ModelForm):
    class Meta:
        model = Facilitator
        fields = ["name", "nik", "sex", "phone", "email", "address", "education", "joined_on"]
        widgets = {
            "joined_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "nik": forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The values as this person saw them travel with the form, so only what
            # they changed is saved and a colleague's edit of other fields stays.
            for field in self.fields.values():
                field.show_hidden_initial = True


class FacilitatorFilterForm(forms.Form):
    """Search, filters and sorting of the facilitator register (all optional)."""

    STATUS_CHOICES = [
        ("", _("All")),
        ("current", _("Posted now")),
        ("reserve", _("In reserve")),
        ("inactive", _("Inactive")),
    ]
    SORT_CHOICES = [
        ("name", _("Name (A–Z)")),
        ("-name", _("Name (Z–A)")),
        ("kelurahan", _("Kelurahan")),
        ("-joined_on", _("Newest first")),
        ("joined_on", _("Longest serving first")),
    ]

    q = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=100,
        help_text=_("Name, NIK or phone number"),
    )
    kecamatan = forms.ModelChoiceField(
        label=_("Kecamatan"),
        queryset=Kecamatan.objects.all(),
        required=False,
        empty_label=_("All"),
        to_field_name="code",
    )
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_CHOICES, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), choices=SORT_CHOICES, required=False)

    # A select while the kecamatan are few (a city has four); a national register
    # has thousands, and there the field takes a name or code instead.
    KECAMATAN_CHOICES_LIMIT = 100

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # One query either way: the choices, or one too many of them.
        kecamatan = list(Kecamatan.objects.all()[: self.KECAMATAN_CHOICES_LIMIT + 1])
        if len(kecamatan) > self.KECAMATAN_CHOICES_LIMIT:
            self.fields["kecamatan"] = forms.CharField(
                label=_("Kecamatan"),
                required=False,
                max_length=100,
                help_text=_("Name or code"),
            )
        else:
            self.fields["kecamatan"].choices = [("", _("All"))] + [
                (k.code, k.name) for k in kecamatan
            ]


class KelurahanFilterForm(forms.Form):
    q = forms.CharField(
        label=_("Kelurahan or kecamatan"),
        required=False,
        max_length=100,
        help_text=_("Name or code"),
    )
    uncovered = forms.BooleanField(label=_("Only those without a facilitator"), required=False)


class FacilitatorAccountForm(forms.Form):
    """The login staff create for a facilitator: a username and how the
    facilitator gets their password."""

    HOW_CHOICES = [
        ("password", _("An initial password, shown once on the next page")),
        ("link", _("A link with which they set their own password")),
    ]

    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("Letters, digits and . _ - only, for example ahmad.fauzi."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "none"}),
    )
    how = forms.ChoiceField(
        label=_("Password"), choices=HOW_CHOICES, initial="password", widget=forms.RadioSelect
    )


class AccountResetForm(forms.Form):
    how = forms.ChoiceField(
        label=_("New password"),
        choices=FacilitatorAccountForm.HOW_CHOICES,
        initial="password",
        widget=forms.RadioSelect,
    )
