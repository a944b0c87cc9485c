import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from rapportage.models import Rapportage

from .formaat import BijlageFout
from .veilig import controleer


class UploadForm(forms.Form):
    bestand = forms.FileField(
        label=_("Bijlage (PDF)"),
        help_text=_("De stand-van-zakenbijlage als PDF, ten hoogste %(mb)s MB.")
        % {"mb": settings.BIJLAGE_MAX_BYTES // (1024 * 1024)},
    )
    rapportage_titel = forms.CharField(
        label=_("Rapportage"), max_length=200, help_text=_("Bijv. 'Stand van zaken juni 2021'.")
    )
    peildatum = forms.DateField(
        label=_("Peildatum"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=datetime.date.today,
    )
    kamerstuk = forms.CharField(
        label=_("Kamerstuk"), max_length=100, required=False, help_text=_("Bijv. '35 510, nr. 60'.")
    )

    def clean_bestand(self):
        """The cheap checks, in the request; the parsing itself happens in the background job."""
        bestand = self.cleaned_data["bestand"]
        data = bestand.read()
        bestand.seek(0)
        try:
            controleer(data, settings.BIJLAGE_MAX_BYTES)
        except BijlageFout as fout:
            raise forms.ValidationError(str(fout)) from None
        return bestand

    def clean_rapportage_titel(self):
        titel = self.cleaned_data["rapportage_titel"].strip()
        if Rapportage.objects.lopend().filter(titel=titel).exists():
            raise forms.ValidationError(
                _("Ronde '%(titel)s' is nog niet vastgesteld; een import zou lopend werk overschrijven.")
                % {"titel": titel}
            )
        return titel
