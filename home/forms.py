from django import forms
from django.utils.translation import gettext_lazy as _

from assignments.selectors import FacilitatorStatus
from registry.models import Facilitator, Kecamatan


class ContactForm(forms.ModelForm):
    """A facilitator keeps their own phone and e-mail current; the model decides
    what is a valid number and address, and stores the number in its one form."""

    class Meta:
        model = Facilitator
        fields = ["phone", "email"]
        widgets = {
            "phone": forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
        }
        help_texts = {
            "phone": _("An Indonesian mobile number, for example 0812 3456 7890."),
            "email": _("For example nama@gmail.com."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Only what this person changed is saved; an edit by staff meanwhile stays.
        for field in self.fields.values():
            field.show_hidden_initial = True

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class FacilitatorFilterForm(forms.Form):
    """Search, filters and sorting of the facilitator register (all optional)."""

    STATUS_CHOICES = [("", _("All")), *FacilitatorStatus.choices]
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

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        # One query either way: the choices, or one too many of them; of the user's area.
        visible = Kecamatan.objects.visible_to(user)
        self.fields["kecamatan"].queryset = visible
        kecamatan = list(visible[: self.KECAMATAN_CHOICES_LIMIT + 1])
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
