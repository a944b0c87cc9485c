"""Forms of the /werk/ screens. No form a coordinator posts has a ministry field: it comes from the logged-in
user (only the redactie's new-action form names a lead ministry)."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from acties.models import Actie, Ministerie, Status, Thema
from indicatoren.models import Indicator
from lib.formulieren import NLDSForm
from lib.tekst import RegelInvoer, TekstInvoer
from lib.vindplaats import controleer_url, normaliseer_kamerstuk
from moties.models import Opdracht, OpdrachtDeel, Reactie, Stand
from rapportage.models import (
    Afronding,
    Rapportage,
    Rondeplanning,
    StreefdatumWijziging,
    Vindplaats,
    Voortgang,
)
from rapportage.verantwoording import MOTIEVELDEN


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
        fields = [
            "kamerstuk",
            "briefdatum",
            "deadline",
            "bijlage_titel",
            "inleiding",
            "bijlage_met_vindplaatsen",
        ]
        widgets = {
            **RondeForm.Meta.widgets,
            # NLDSForm has no class for a checkbox; the mail preferences give theirs the same one.
            "bijlage_met_vindplaatsen": forms.CheckboxInput(
                attrs={"class": "utrecht-checkbox utrecht-checkbox--html-input"}
            ),
        }


class VoortgangForm(NLDSForm, forms.Form):
    BEWAAR = "bewaar"
    INDIENEN = "indienen"
    VERSCHIL = "verschil"

    tekst = TekstInvoer(
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
    opmerking = TekstInvoer(
        label=_("Opmerking voor de coördinator"),
        max_length=_max(Voortgang, "opmerking"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat moet er anders? De coördinator ziet deze opmerking bij de tekst."),
    )


class HeropenenForm(NLDSForm, forms.Form):
    reden = TekstInvoer(
        label=_("Reden"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Komt in de geschiedenis van de ronde, met uw naam."),
    )


class CorrectieForm(NLDSForm, forms.Form):
    """The reason a published round is published again; only asked when the round is under correction."""

    reden = TekstInvoer(
        label=_("Reden van de correctie"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Komt in het openbare correctielog, bij de nieuwe versie van deze ronde."),
    )


class StreefdatumForm(NLDSForm, forms.Form):
    """Only validates; rapportage.verantwoording.wijzig_streefdatum saves and logs."""

    streefdatum = forms.DateField(
        label=_("Streefdatum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Leeg laten haalt de streefdatum weg. Schrijf als jjjj-mm-dd of kies in de kalender."),
    )
    reden = TekstInvoer(
        label=_("Reden van de wijziging"),
        max_length=_max(StreefdatumWijziging, "reden"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Komt openbaar in het logboek van streefdata, met de oude en de nieuwe datum."),
    )


class VindplaatsForm(NLDSForm, forms.Form):
    """A Kamerstuk or an official document; rapportage.verantwoording checks the same again and saves."""

    titel = RegelInvoer(
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
    toelichting = TekstInvoer(
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
    samenvatting = TekstInvoer(
        label=_("Samenvatting in eenvoudige taal (B1)"),
        max_length=_max(Actie, "samenvatting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Korte zinnen, gewone woorden. Staat bovenaan de openbare pagina van de actie."),
    )


_TEKSTVAK = "utrecht-textarea utrecht-textarea--html-textarea"


class StandForm(forms.Form):
    """Where an item of the register stands as the Kamer sees it, with the document that carries it out or
    the reason it lapsed: the same fields on a motion's page and on every other kind's
    (werk.opdrachten.OpdrachtBewerkenForm)."""

    stand = forms.ChoiceField(
        label=_("Stand"),
        choices=Stand.choices,
        required=False,
        help_text=_("Zoals de Kamer het ziet. (Deels) voldaan vraagt het document dat het uitvoert."),
    )
    stand_datum = forms.DateField(
        label=_("Sinds"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("De datum van de brief of het besluit. Schrijf als jjjj-mm-dd of kies in de kalender."),
    )
    vervuld_door = RegelInvoer(
        label=_("Uitgevoerd met (titel van het document)"),
        max_length=_max(Opdracht, "vervuld_door"),
        required=False,
        help_text=_("Bijv. 'Voortgangsbrief hersteloperatie kinderopvangtoeslag'."),
    )
    vervuld_kamerstuk = forms.CharField(
        label=_("Kamerstuk van dat document"),
        max_length=_max(Opdracht, "vervuld_kamerstuk"),
        required=False,
        help_text=_("Bijv. 31066-1071. Of vul hieronder een adres in, niet allebei."),
    )
    vervuld_url = forms.CharField(
        label=_("Adres van dat document"),
        max_length=_max(Opdracht, "vervuld_url"),
        required=False,
        help_text=_("Alleen als het geen Kamerstuk is; een https-adres van de overheid."),
    )
    stand_reden = TekstInvoer(
        label=_("Reden of wat nog openstaat"),
        max_length=_max(Opdracht, "stand_reden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Verplicht bij vervallen. Openbaar op de pagina."),
    )


class MotieForm(NLDSForm, StandForm):
    """A motion in full, with a text field per part that exists (described, or named by an action) and
    room for one new part. Only validates; rapportage.verantwoording.wijzig_motie saves and logs."""

    indieners = RegelInvoer(
        label=_("Indieners"),
        max_length=_max(Opdracht, "indieners"),
        help_text=_("Zoals op de motie, bijv. 'Marijnissen c.s.'."),
    )
    titel = RegelInvoer(
        label=_("Titel"),
        max_length=_max(Opdracht, "titel"),
        required=False,
        help_text=_("De titel van de motie, bijv. 'Motie van het lid Marijnissen c.s. over …'."),
    )
    datum = forms.DateField(
        label=_("Datum"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("De dag van indienen. Schrijf als jjjj-mm-dd of kies in de kalender."),
    )
    dictum = TekstInvoer(
        label=_("Dictum"),
        max_length=_max(Opdracht, "dictum"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Wat de motie vraagt, woordelijk ('verzoekt de regering …')."),
    )
    nieuw_deel = forms.IntegerField(
        label=_("Nummer van een nieuw deel"),
        required=False,
        min_value=1,
        max_value=99,
        help_text=_("Alleen invullen om een deel toe te voegen dat nog niet hierboven staat."),
    )
    nieuw_deel_tekst = TekstInvoer(
        label=_("Wat dit nieuwe deel vraagt"),
        max_length=_max(OpdrachtDeel, "tekst"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reactie = forms.ChoiceField(
        label=_("Kabinetsreactie"),
        choices=Reactie.choices,
        required=False,
        help_text=_(
            "Alleen invullen als een bron het zegt; anders toont de pagina dat er geen is vastgelegd."
        ),
    )
    reactie_toelichting = TekstInvoer(
        label=_("Toelichting op de reactie"),
        max_length=_max(Opdracht, "reactie_toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reactie_bron = RegelInvoer(
        label=_("Bron van de reactie"),
        max_length=_max(Opdracht, "reactie_bron"),
        required=False,
        help_text=_("Bijv. 'Kamerstuk 35 510, nr. 62' of 'debat van 19 januari 2021'."),
    )
    correctiereden = TekstInvoer(
        label=_("Reden van de correctie"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Alleen nodig als u een dictum of de tekst van een deel wijzigt die al openbaar is: de reden "
            "komt in het openbare correctielog."
        ),
    )

    def __init__(self, *args, motie, delen, **kwargs):
        teksten = {d.nummer: d.tekst for d in motie.delen.all()}
        initial = {veld: getattr(motie, veld) for veld in MOTIEVELDEN}
        initial |= {f"deel_{n}": teksten.get(n, "") for n in delen}
        super().__init__(*args, initial=initial, **kwargs)
        self.nummers = list(delen)
        nieuw = {naam: self.fields.pop(naam) for naam in ("nieuw_deel", "nieuw_deel_tekst", "correctiereden")}
        for n in self.nummers:
            self.fields[f"deel_{n}"] = TekstInvoer(
                label=_("Deel %(deel)s") % {"deel": n},
                max_length=_max(OpdrachtDeel, "tekst"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 3, "class": _TEKSTVAK}),
                help_text=_("Leeg laten haalt de tekst van dit deel weg; acties blijven het deel noemen."),
            )
        for naam, veld in nieuw.items():
            self.fields[naam] = veld

    def deelvelden(self):
        return [self[f"deel_{n}"] for n in self.nummers]

    def clean(self):
        data = super().clean()
        nummer, tekst = data.get("nieuw_deel"), (data.get("nieuw_deel_tekst") or "").strip()
        if nummer in self.nummers:
            self.add_error(
                "nieuw_deel", _("Deel %(deel)s staat hierboven al; vul daar de tekst in.") % {"deel": nummer}
            )
        elif nummer and not tekst:
            self.add_error("nieuw_deel_tekst", _("Schrijf op wat dit deel van de motie vraagt."))
        elif tekst and not nummer:
            self.add_error("nieuw_deel", _("Geef het nieuwe deel een nummer."))
        return data

    def delen(self):
        """{part number: text} as wijzig_motie takes it."""
        uit = {n: self.cleaned_data.get(f"deel_{n}", "") for n in self.nummers}
        if self.cleaned_data.get("nieuw_deel"):
            uit[self.cleaned_data["nieuw_deel"]] = self.cleaned_data["nieuw_deel_tekst"]
        return uit


class AfrondingForm(NLDSForm, forms.Form):
    """The redactie's verdict on a reported closure; the two submit buttons give `besluit`. Only validates;
    rapportage.afronding.beslis checks the same again and saves."""

    besluit = forms.ChoiceField(
        choices=[
            (Afronding.Besluit.BEVESTIGD, _("bevestigen")),
            (Afronding.Besluit.GEWEIGERD, _("niet bevestigen")),
        ],
        error_messages={"required": _("Kies bevestigen of niet bevestigen.")},
    )
    reden = TekstInvoer(
        label=_("Toelichting"),
        max_length=_max(Afronding, "reden"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Openbaar op de pagina van de actie. Verplicht als u niet bevestigt: zeg wat er nog ontbreekt."
        ),
    )

    def clean(self):
        gegevens = super().clean()
        if gegevens.get("besluit") == Afronding.Besluit.GEWEIGERD and not gegevens.get("reden"):
            self.add_error("reden", _("Geef een reden op waarom de afronding niet wordt bevestigd."))
        return gegevens


class NieuweActieForm(NLDSForm, forms.Form):
    """A new action for a motion's part; only validates, rapportage.nieuwe_actie.start_actie creates it."""

    omschrijving = TekstInvoer(
        label=_("Omschrijving van de nieuwe actie"),
        max_length=_max(Actie, "omschrijving"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat het kabinet gaat doen, zoals het in de bijlage komt te staan."),
    )
    thema = forms.ModelChoiceField(
        label=_("Thema"),
        queryset=Thema.objects.select_related("hoofdthema"),
        help_text=_("Het thema of subthema waaronder de actie in de bijlage staat."),
    )
    ministerie = forms.ModelChoiceField(
        label=_("Eerstverantwoordelijk ministerie"),
        queryset=Ministerie.objects.none(),
        help_text=_("Dit ministerie rapporteert over de actie, vanaf de lopende ronde als die er is."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ministerie"].queryset = Ministerie.objects.geldig_op(timezone.localdate()).order_by(
            "afkorting"
        )
        self.fields["thema"].label_from_instance = lambda t: (
            f"{t.hoofdthema} › {t}" if t.hoofdthema_id else str(t)
        )


class RondeplanningForm(NLDSForm, forms.ModelForm):
    """Only validates; rapportage.ronde.plan_volgende_ronde checks the dates again and saves."""

    class Meta:
        model = Rondeplanning
        fields = ["opent_op", "deadline", "titel"]
        widgets = {
            "opent_op": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class MetingForm(NLDSForm, forms.Form):
    """A measurement of one of the action's indicators; only validates, indicatoren.beheer.meet checks the
    permission and the source again and saves."""

    indicator = forms.ModelChoiceField(label=_("Indicator"), queryset=Indicator.objects.none())
    waarde = forms.DecimalField(
        label=_("Waarde"), max_digits=14, decimal_places=2, help_text=_("In de eenheid van de indicator.")
    )
    meetdatum = forms.DateField(
        label=_("Meetdatum"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Tot wanneer de cijfers lopen. Schrijf als jjjj-mm-dd of kies in de kalender."),
    )
    bron = RegelInvoer(
        label=_("Bron"),
        max_length=300,
        help_text=_("Het document waar het getal in staat, zoals een lezer het vindt."),
    )
    kamerstuk = forms.CharField(
        label=_("Kamerstuk"),
        max_length=30,
        required=False,
        help_text=_("Bijv. 31066-1188; of een adres, niet allebei."),
    )
    url = forms.CharField(label=_("Adres"), max_length=500, required=False)

    def __init__(self, *args, actie, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = Indicator.objects.filter(actie=actie)
