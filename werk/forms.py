"""Forms of the coordinators' screens. None has a ministry field: it comes from the logged-in user."""

from django import forms
from django.utils.translation import gettext_lazy as _

from acties.models import Actie, Status
from lib.formulieren import NLDSForm
from lib.vindplaats import controleer_url, normaliseer_kamerstuk
from rapportage.models import Rapportage, StreefdatumWijziging, Vindplaats, Voortgang


def _max(model, veld):
    return model._meta.get_field(veld).max_length


class RondeForm(NLDSForm, forms.ModelForm):
    """Only validates; rapportage.ronde.open_ronde creates the round and its draft texts."""

    class Meta:
        model = Rapportage
        fields = ["titel", "peildatum", "deadline", "kamerstuk", "briefdatum", "inleiding"]
        widgets = {
            "peildatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "briefdatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "inleiding": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].required = True


class RondeGegevensForm(NLDSForm, forms.ModelForm):
    """Only validates; rapportage.ronde.wijzig_gegevens saves."""

    class Meta:
        model = Rapportage
        fields = ["kamerstuk", "briefdatum", "deadline", "bijlage_titel", "inleiding"]
        widgets = RondeForm.Meta.widgets


class VoortgangForm(NLDSForm, forms.Form):
    BEWAAR = "bewaar"
    INDIENEN = "indienen"
    VERSCHIL = "verschil"

    tekst = forms.CharField(
        label=_("Stand van zaken"),
        max_length=_max(Voortgang, "tekst"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("De tekst zoals hij in de bijlage voor de Kamer komt."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    # The version the user started from; a save is refused if someone else saved in between.
    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # Set by the submit button pressed; not rendered as a field.
    actie = forms.ChoiceField(
        choices=[(BEWAAR, BEWAAR), (INDIENEN, INDIENEN), (VERSCHIL, VERSCHIL)], required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("actie") == self.INDIENEN and not data.get("tekst", "").strip():
            self.add_error("tekst", _("Een lege tekst kan niet worden ingediend."))
        return data


class TerugsturenForm(NLDSForm, forms.Form):
    opmerking = forms.CharField(
        label=_("Opmerking voor de coördinator"),
        max_length=_max(Voortgang, "opmerking"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat moet er anders? De coördinator ziet deze opmerking bij de tekst."),
    )


class HeropenenForm(NLDSForm, forms.Form):
    reden = forms.CharField(
        label=_("Reden"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Komt in de geschiedenis van de ronde, met uw naam."),
    )


class StreefdatumForm(NLDSForm, forms.Form):
    """Only validates; rapportage.verantwoording.wijzig_streefdatum saves and logs."""

    streefdatum = forms.DateField(
        label=_("Streefdatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leeg laten haalt de streefdatum weg. Schrijf als jjjj-mm-dd of kies in de kalender."),
    )
    reden = forms.CharField(
        label=_("Reden van de wijziging"),
        max_length=_max(StreefdatumWijziging, "reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Komt openbaar in het logboek van streefdata, met de oude en de nieuwe datum."),
    )


class VindplaatsForm(NLDSForm, forms.Form):
    """A Kamerstuk or an official document; rapportage.verantwoording checks the same again and saves."""

    titel = forms.CharField(
        label=_("Titel"),
        max_length=_max(Vindplaats, "titel"),
        help_text=_("Bijv. 'Zesde voortgangsrapportage hersteloperatie'."),
    )
    kamerstuk = forms.CharField(
        label=_("Kamerstuk"),
        max_length=_max(Vindplaats, "kamerstuk"),
        required=False,
        help_text=_("Dossier- en ondernummer, bijv. 35510-60. Of vul hieronder een adres in."),
    )
    url = forms.CharField(
        label=_("Adres van een ander officieel document"),
        max_length=_max(Vindplaats, "url"),
        required=False,
        help_text=_("Een https-adres bij een officiële bron, bijv. www.rijksoverheid.nl."),
    )

    def clean_kamerstuk(self):
        waarde = self.cleaned_data["kamerstuk"].strip()
        return normaliseer_kamerstuk(waarde) if waarde else ""

    def clean_url(self):
        waarde = self.cleaned_data["url"].strip()
        return controleer_url(waarde) if waarde else ""

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("kamerstuk")) == bool(data.get("url")):
            raise forms.ValidationError(
                _("Geef een Kamerstuk of een adres van een officieel document, niet allebei.")
            )
        return data


class KnelpuntForm(NLDSForm, forms.Form):
    knelpunt = forms.BooleanField(
        label=_("Er is een knelpunt"),
        required=False,
        help_text=_(
            "Los van de status: iets wat de uitvoering hindert. Openbaar zodra de ronde is vastgesteld."
        ),
    )
    toelichting = forms.CharField(
        label=_("Toelichting op het knelpunt"),
        max_length=_max(Voortgang, "knelpunt"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij een knelpunt, bijv. 'vertraging door wetgeving'."),
    )

    def clean(self):
        data = super().clean()
        if data.get("knelpunt") and not data.get("toelichting", "").strip():
            self.add_error("toelichting", _("Beschrijf het knelpunt."))
        return data

    @property
    def tekst(self):
        """What is stored: the explanation, or nothing when there is no knelpunt."""
        return self.cleaned_data["toelichting"].strip() if self.cleaned_data.get("knelpunt") else ""


class SamenvattingForm(NLDSForm, forms.Form):
    samenvatting = forms.CharField(
        label=_("Samenvatting in eenvoudige taal (B1)"),
        max_length=_max(Actie, "samenvatting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Korte zinnen, gewone woorden. Staat bovenaan de openbare pagina van de actie."),
    )
