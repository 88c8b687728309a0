from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from registry.models import Facilitator


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
