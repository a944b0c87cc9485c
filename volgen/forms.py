from django import forms
from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lib.formulieren import NLDSForm

from .onderwerp import OnbekendOnderwerp, keuzes, uit_code


class AanmeldFormulier(NLDSForm, forms.Form):
    """Follow one thing by e-mail. With `vast` (a Volg) the thing is fixed by the link that led here and
    travels as a hidden field; without, the visitor picks a theme, ministry or motion."""

    volg = forms.CharField(
        label=_("Wat wilt u volgen?"),
        max_length=1100,
        error_messages={
            "required": _("Kies bij ‘Wat wilt u volgen?’ een thema, ministerie of motie."),
            "max_length": _("Wat u wilt volgen bestaat niet (meer)."),
        },
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        max_length=254,
        help_text=_("Hierheen sturen we de link om te bevestigen, en daarna de overzichten."),
        error_messages={
            "required": _("Vul bij ‘E-mailadres’ uw e-mailadres in."),
            "invalid": _("Vul bij ‘E-mailadres’ een geldig e-mailadres in, zoals naam@voorbeeld.nl."),
            "max_length": _("Het e-mailadres is te lang (hoogstens 254 tekens)."),
        },
        widget=forms.EmailInput(
            attrs={"class": "utrecht-textbox utrecht-textbox--html-input", "autocomplete": "email"}
        ),
    )

    def __init__(self, *args, vast=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.vast = vast
        if vast is not None:
            self.fields["volg"].widget = forms.HiddenInput()
            self.fields["volg"].initial = vast.code
        else:
            self.fields["volg"].widget = forms.Select(
                choices=keuzes(), attrs={"class": "utrecht-select utrecht-select--html-select"}
            )

    def clean_volg(self):
        try:
            return uit_code(self.cleaned_data["volg"])
        except OnbekendOnderwerp as fout:
            raise ValidationError(str(fout), code="onbekend") from None

    def clean_email(self):
        return BaseUserManager.normalize_email(self.cleaned_data["email"].strip())
