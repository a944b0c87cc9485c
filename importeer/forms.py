import datetime

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from lib.formulieren import NLDSForm
from rapportage.models import Rapportage
from rapportage.ronde import LOPENDE_RONDE_BIJ_IMPORT

from .formaat import BijlageFout
from .veilig import PDF, WORD, controleer

# What an upload is stored as: named after its kind, which its bytes tell (controleer), never its name.
OPSLAGNAAM = {PDF: "bijlage.pdf", WORD: "bijlage.docx"}


class UploadForm(NLDSForm, forms.Form):
    bestand = forms.FileField(
        label=_("Bijlage (PDF of Word)"),
        help_text=_("De stand-van-zakenbijlage als PDF of als Word-document (.docx), ten hoogste %(mb)s MB.")
        % {"mb": settings.BIJLAGE_MAX_BYTES // (1024 * 1024)},
        # Only a hint for the browser's file picker; what the file is, the bytes decide (veilig.controleer).
        error_messages={"required": _("Kies het bestand van de bijlage.")},
        widget=forms.ClearableFileInput(
            attrs={
                "accept": ".pdf,.docx,application/pdf,"
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        ),
    )
    rapportage_titel = forms.CharField(
        label=_("Rapportage"),
        max_length=200,
        help_text=_("Bijv. 'Stand van zaken juni 2021'."),
        error_messages={"required": _("Geef de titel van de rapportage op.")},
    )
    peildatum = forms.DateField(
        label=_("Peildatum"),
        widget=forms.DateInput(attrs={"type": "date"}),
        initial=datetime.date.today,
        error_messages={
            "required": _("Geef de peildatum op."),
            "invalid": _("Geef de peildatum op als datum, bijv. 29-06-2021."),
        },
    )
    kamerstuk = forms.CharField(
        label=_("Kamerstuk"), max_length=100, required=False, help_text=_("Bijv. '35 510, nr. 60'.")
    )

    def clean_bestand(self):
        """The cheap checks (empty, too large, neither PDF nor Word), in the request; the parsing itself, and
        the checks that need the zip directory of a Word file, happen in the background job."""
        bestand = self.cleaned_data["bestand"]
        data = bestand.read()
        bestand.seek(0)
        try:
            self.soort = controleer(data, settings.BIJLAGE_MAX_BYTES)
        except BijlageFout as fout:
            raise forms.ValidationError(str(fout)) from None
        return bestand

    def clean_rapportage_titel(self):
        titel = self.cleaned_data["rapportage_titel"].strip()
        lopend = Rapportage.objects.lopend().filter(titel=titel).first()
        if lopend is not None:
            # The domain refuses it too (ronde.publiceer_import); here it is said before the upload.
            raise forms.ValidationError(
                LOPENDE_RONDE_BIJ_IMPORT % {"titel": titel, "toestand": lopend.get_toestand_display()}
            )
        return titel
