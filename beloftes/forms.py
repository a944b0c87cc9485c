from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from acties.models import Actie, Ministerie
from indicatoren.models import WAARDE, Indicator
from lib.beloftes.lezen import MAX_BYTES, BriefFout, soort_van
from lib.formulieren import NLDSForm
from lib.vindplaats import normaliseer_kamerstuk

_DATUM = {
    "widget": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    "error_messages": {"invalid": _("Geef een datum, bijv. 29-06-2021.")},
}


class UploadForm(NLDSForm, forms.Form):
    bestand = forms.FileField(
        label=_("Brief"),
        help_text=_(
            "Een Kamerbrief als PDF, Word-document (.docx), platte tekst of de HTML-pagina van "
            "officielebekendmakingen.nl, ten hoogste %(mb)s MB."
        )
        % {"mb": MAX_BYTES // (1024 * 1024)},
        error_messages={"required": _("Kies het bestand van de brief."), "empty": _("Het bestand is leeg.")},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.txt,.html,.htm"}),
    )
    briefdatum = forms.DateField(
        label=_("Briefdatum"),
        required=False,
        help_text=_("Alleen nodig als de brief zelf geen datum noemt ('Den Haag, 29 juni 2021')."),
        **_DATUM,
    )
    kamerstuk = forms.CharField(
        label=_("Kamerstuk"),
        max_length=30,
        required=False,
        help_text=_("Alleen nodig als de brief het niet zelf noemt, bijv. '35 510, nr. 60'."),
    )

    def clean_bestand(self):
        """Only what the first bytes tell (empty, too large, an old or encrypted Word file), in the
        request; reading the letter is the background job's work."""
        bestand = self.cleaned_data["bestand"]
        self.data_bytes = bestand.read()
        bestand.seek(0)
        try:
            soort_van(self.data_bytes)
        except BriefFout as fout:
            raise ValidationError(str(fout)) from None
        return bestand

    def clean_kamerstuk(self):
        tekst = self.cleaned_data["kamerstuk"].strip()
        return normaliseer_kamerstuk(tekst) if tekst else ""


def _indicator_label(indicator):
    return _("Actie %(nummer)s: %(naam)s (%(eenheid)s)") % {
        "nummer": indicator.actie.nummer,
        "naam": indicator.naam,
        "eenheid": indicator.eenheid,
    }


class DoelForm(NLDSForm, forms.Form):
    indicator = forms.ModelChoiceField(
        label=_("Indicator"),
        queryset=Indicator.objects.select_related("actie").order_by("actie__nummer", "naam", "pk"),
        empty_label=_("Kies een indicator"),
        error_messages={"required": _("Kies de indicator waarvan dit een doel is.")},
    )
    waarde = forms.DecimalField(
        label=_("Doelwaarde"),
        help_text=_("De beloofde waarde, in de eenheid van de indicator."),
        error_messages={"required": _("Geef de beloofde waarde."), "invalid": _("Geef een getal.")},
        **WAARDE,
    )
    datum = forms.DateField(
        label=_("Doeldatum"),
        help_text=_("Bij een periode de laatste dag."),
        **{**_DATUM, "error_messages": {**_DATUM["error_messages"], "required": _("Geef de doeldatum.")}},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].label_from_instance = _indicator_label


def _actie_van(nummer):
    actie = Actie.objects.filter(nummer=nummer).first()
    if actie is None:
        raise ValidationError(_("Er is geen actie %(nummer)s.") % {"nummer": nummer})
    return actie


class BelofteForm(NLDSForm, forms.Form):
    """The rest comes from the proposal and its letter (beloftes.voorstellen.do_accepteer_als_belofte)."""

    adressaat = forms.CharField(
        label=_("Wie belooft"),
        max_length=200,
        help_text=_("Zoals in de brief, bijv. 'de staatssecretaris van Financiën'."),
        error_messages={"required": _("Geef aan wie het belooft.")},
    )
    ministerie = forms.ModelChoiceField(
        label=_("Ministerie (niet verplicht)"),
        queryset=Ministerie.objects.order_by("afkorting"),
        required=False,
    )
    titel = forms.CharField(
        label=_("Titel (niet verplicht)"),
        max_length=500,
        required=False,
        help_text=_("Kort, voor lijsten; anders toont pokvolg het nummer."),
    )
    actie = forms.IntegerField(
        label=_("Actienummer (niet verplicht)"),
        min_value=1,
        required=False,
        help_text=_("De actie die de belofte uitvoert."),
        error_messages={"invalid": _("Geef een actienummer.")},
    )

    def clean_actie(self):
        nummer = self.cleaned_data["actie"]
        return None if nummer is None else _actie_van(nummer)


class StreefdatumForm(NLDSForm, forms.Form):
    actie = forms.IntegerField(
        label=_("Actienummer"),
        min_value=1,
        error_messages={
            "required": _("Geef het nummer van de actie."),
            "invalid": _("Geef een actienummer."),
        },
    )
    datum = forms.DateField(
        label=_("Streefdatum"),
        help_text=_("Bij een periode de laatste dag."),
        **{**_DATUM, "error_messages": {**_DATUM["error_messages"], "required": _("Geef de streefdatum.")}},
    )

    def clean_actie(self):
        return _actie_van(self.cleaned_data["actie"])


class AfwijzenForm(NLDSForm, forms.Form):
    reden = forms.CharField(
        label=_("Reden (niet verplicht)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Bijv. 'geen belofte van het kabinet'."),
    )
