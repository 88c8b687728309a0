from django import forms
from django.utils.translation import gettext_lazy as _

from registry.models import Facilitator


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
