import re

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from registry import validators
from registry.models import Facilitator, Kecamatan


class OneLineTextMixin:
    """Every one-line text field of the form (a CharField not shown as a text area)
    refuses control characters, line breaks first among them: a title, a name or a
    venue is printed on one line, goes into mail headers and calendar lines, where
    a line break failed the sending or would add a header. Text areas keep theirs."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            if (
                isinstance(field, forms.CharField)
                and not isinstance(field.widget, forms.Textarea)
                and validators.validate_no_control_characters not in field.validators
            ):
                field.validators.append(validators.validate_no_control_characters)


# A select while the kecamatan are few (a city has four); a national register has
# thousands (7,000 options made every report form a 1–2 s page), and there the
# field takes a typed name or code.
KECAMATAN_CHOICES_LIMIT = 100


class TypedKecamatanField(forms.CharField):
    """One kecamatan of `queryset`, typed by its code or its whole name."""

    default_error_messages = {
        "unknown": _("No kecamatan %(typed)s in your area: type its code or its whole name."),
        "ambiguous": _("More than one kecamatan is called %(typed)s: type its code."),
    }

    def __init__(self, *, queryset, **kwargs):
        kwargs.setdefault("max_length", 100)
        kwargs.setdefault("help_text", _("Name or code, for example 33.75.01"))
        super().__init__(**kwargs)
        self.queryset = queryset

    def prepare_value(self, value):
        return value.code if isinstance(value, Kecamatan) else value

    def clean(self, value):
        typed = super().clean(value)
        if not typed:
            return None
        if re.match(validators.KECAMATAN_CODE, typed):
            found = list(self.queryset.filter(code=typed)[:2])
        else:
            found = list(self.queryset.filter(name__iexact=typed)[:2])
        if not found:
            raise forms.ValidationError(self.error_messages["unknown"] % {"typed": typed})
        if len(found) > 1:
            raise forms.ValidationError(self.error_messages["ambiguous"] % {"typed": typed})
        return found[0]


def kecamatan_filter_field(user) -> forms.Field:
    """The kecamatan filter of a report or list, of the kecamatan the user may see:
    a select of them while they are at most KECAMATAN_CHOICES_LIMIT, a typed code
    or name beyond. Either way it cleans to a Kecamatan, or None when empty (the
    whole of what the user may see). One query to build, whichever it is."""
    visible = Kecamatan.objects.visible_to(user)
    kecamatan = list(visible[: KECAMATAN_CHOICES_LIMIT + 1])
    if len(kecamatan) > KECAMATAN_CHOICES_LIMIT:
        return TypedKecamatanField(queryset=visible, label=_("Kecamatan"), required=False)
    field = forms.ModelChoiceField(
        label=_("Kecamatan"), queryset=visible, required=False, to_field_name="code"
    )
    # The options from the list just read: rendering them asks nothing more.
    field.choices = [("", _("All")), *((k.code, k.name) for k in kecamatan)]
    return field


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
