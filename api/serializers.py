"""The representations of the open data API (api.views serves them): actions with their evidence, target
dates, lineage and closure; motions with their parts, standing, response and the Tweede Kamer's data;
themes and rounds. camelCase field names, HAL links, nullable where the data may lack a value."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from acties.models import Soort
from moties.models import Reactie, Stand, Stemsoort
from rapportage.afronding import huidige as huidige_afronding


def _absoluut(serializer, url):
    request = serializer.context.get("request")
    return request.build_absolute_uri(url) if request else url


class ThemaVerwijzing(serializers.Serializer):
    naam = serializers.CharField()
    slug = serializers.SlugField()


class MinisterieVerwijzing(serializers.Serializer):
    afkorting = serializers.CharField(source="ministerie.afkorting")
    naam = serializers.CharField(source="ministerie.naam")
    rol = serializers.CharField()


class MotieVerwijzing(serializers.Serializer):
    motie = serializers.CharField(
        source="opdracht.sleutel",
        help_text="Kamerstukdossier en ondernummer met een streepje: dossier-nummer.",
    )
    indieners = serializers.CharField(source="opdracht.indieners")
    deel = serializers.IntegerField(allow_null=True)
    publicatie = serializers.URLField(source="opdracht.publicatie_url")


class StreefdatumWijzigingSerializer(serializers.Serializer):
    van = serializers.DateField(allow_null=True, help_text="De oude streefdatum; null: er was er geen.")
    naar = serializers.DateField(allow_null=True, help_text="De nieuwe streefdatum; null: vervallen.")
    reden = serializers.CharField(help_text="Waarom de streefdatum veranderde.")
    datum = serializers.DateTimeField(source="op", help_text="Wanneer de streefdatum veranderde.")
    rapportage = serializers.CharField(
        source="rapportage.titel",
        allow_null=True,
        default=None,
        help_text="Titel van de ronde die toen liep; null als er geen liep.",
    )


class VindplaatsSerializer(serializers.Serializer):
    kamerstuk = serializers.CharField(
        allow_null=True, help_text="Dossier- en ondernummer met een streepje; null bij een ander document."
    )
    url = serializers.URLField(source="adres", help_text="Waar het document staat (https).")
    titel = serializers.CharField()

    def to_representation(self, vindplaats):
        data = super().to_representation(vindplaats)
        data["kamerstuk"] = data["kamerstuk"] or None
        return data


SOORT_UITLEG = (
    "Hoe de eerdere actie in de latere overging: 'gesplitst' (gesplitst in), 'samengevoegd' (samengevoegd "
    "in) of 'opgevolgd' (opgevolgd door)."
)


class VoortgekomenUit(serializers.Serializer):
    nummer = serializers.IntegerField(source="van.nummer", help_text="De eerdere actie.")
    soort = serializers.ChoiceField(choices=Soort.choices, help_text=SOORT_UITLEG)
    reden = serializers.CharField(help_text="Waarom, zoals de redactie het vastlegde.")
    datum = serializers.DateField(help_text="Wanneer de ene actie in de andere overging.")


class GevolgdDoor(VoortgekomenUit):
    nummer = serializers.IntegerField(source="naar.nummer", help_text="De latere actie.")


class ActieSerializer(serializers.Serializer):
    nummer = serializers.IntegerField()
    omschrijving = serializers.CharField()
    thema = ThemaVerwijzing(source="hoofdthema")
    subthema = ThemaVerwijzing(allow_null=True)
    ministeries = MinisterieVerwijzing(source="actieministeries.all", many=True)
    moties = MotieVerwijzing(source="actieopdrachten.all", many=True)
    status = serializers.SerializerMethodField()
    standVanZaken = serializers.CharField(source="stand_tekst", allow_null=True)
    gewijzigdOp = serializers.DateTimeField(source="gewijzigd_op")
    samenvatting = serializers.CharField(
        allow_null=True, help_text="Samenvatting in eenvoudige taal (B1) van de redactie; null: nog geen."
    )
    streefdatum = serializers.DateField(
        allow_null=True, help_text="Wanneer de actie klaar moet zijn; null: geen."
    )
    streefdatumWijzigingen = StreefdatumWijzigingSerializer(
        source="streefdatumwijzigingen.all",
        many=True,
        help_text="Elke wijziging van de streefdatum, oudste eerst.",
    )
    vindplaatsen = VindplaatsSerializer(
        source="openbare_vindplaatsen",
        many=True,
        help_text="Kamerstukken en officiële documenten bij de actie en bij teksten van vastgestelde rondes.",
    )
    knelpunt = serializers.SerializerMethodField()
    voortgekomenUit = VoortgekomenUit(
        source="voortgekomen_uit",
        many=True,
        help_text="De acties waaruit deze actie voortkwam, oudste eerst; leeg: geen. Openbaar zodra de "
        "redactie ze vastlegt.",
    )
    gevolgdDoor = GevolgdDoor(
        source="gevolgd_door",
        many=True,
        help_text="De acties die uit deze actie voortkwamen, oudste eerst; leeg: geen.",
    )
    afronding = serializers.SerializerMethodField()
    _links = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.STR)
    def get_status(self, actie):
        return actie.stand_status

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "required": ["toelichting"],
            "properties": {"toelichting": {"type": "string"}},
            "description": "Het knelpunt in de getoonde (vastgestelde) stand van zaken; null: geen.",
        }
    )
    def get_knelpunt(self, actie):
        return {"toelichting": actie.stand_knelpunt} if actie.stand_knelpunt else None

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "required": ["besluit", "gemeldOp", "beslotenOp", "toelichting"],
            "properties": {
                "besluit": {"type": "string", "enum": ["open", "bevestigd", "geweigerd"]},
                "gemeldOp": {"type": "string", "format": "date-time"},
                "beslotenOp": {"type": "string", "format": "date-time", "nullable": True},
                "toelichting": {"type": "string", "nullable": True},
            },
            "description": "Of de redactie de afronding bevestigde, zolang de actie nu 'afgerond' is: 'open' "
            "(afgerond volgens het ministerie, nog niet bevestigd), 'bevestigd' of 'geweigerd' (niet "
            "bevestigd, met de reden in toelichting); null: de actie is nu niet afgerond.",
        }
    )
    def get_afronding(self, actie):
        gemeld = huidige_afronding(actie)
        if gemeld is None:
            return None
        return {
            "besluit": gemeld.besluit or "open",
            "gemeldOp": gemeld.gemeld_op.isoformat(),
            "beslotenOp": gemeld.besloten_op.isoformat() if gemeld.besloten_op else None,
            "toelichting": gemeld.reden or None,
        }

    def to_representation(self, actie):
        data = super().to_representation(actie)
        data["samenvatting"] = data["samenvatting"] or None
        return data

    @extend_schema_field(
        {"type": "object", "properties": {"self": {"type": "object"}, "html": {"type": "object"}}}
    )
    def get__links(self, actie):
        return {
            "self": {"href": _absoluut(self, reverse("api-actie", args=[actie.nummer]))},
            "html": {"href": _absoluut(self, actie.get_absolute_url())},
        }


class RapportageVerwijzing(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    titel = serializers.CharField()
    peildatum = serializers.DateField()


class VoortgangSerializer(serializers.Serializer):
    rapportage = RapportageVerwijzing()
    status = serializers.CharField()
    tekst = serializers.CharField()
    gedeeldMet = serializers.IntegerField(
        source="gedeeld_met.actie.nummer",
        allow_null=True,
        default=None,
        help_text="Nummer van de actie waarvan deze actie de tekst deelt.",
    )


class ActieDetailSerializer(ActieSerializer):
    voortgang = VoortgangSerializer(source="gepubliceerde_voortgang", many=True)


class FractiestemSerializer(serializers.Serializer):
    fractie = serializers.CharField(
        help_text="De fractie (ActorFractie in het Gegevensmagazijn), bijv. 'SP'."
    )
    naam = serializers.CharField(
        help_text="Wie stemde (ActorNaam): de fractie, of bij een hoofdelijke stemming het Kamerlid."
    )
    stem = serializers.ChoiceField(
        source="soort", choices=Stemsoort.choices, help_text="De stem (Soort in het Gegevensmagazijn)."
    )
    zetels = serializers.IntegerField(
        min_value=0,
        max_value=150,
        help_text="Zetels van de fractie (FractieGrootte); 1 bij een hoofdelijke stemming.",
    )
    vergissing = serializers.BooleanField(
        help_text="De fractie verklaarde zich bij deze stem te hebben vergist."
    )


class KamerdataSerializer(serializers.Serializer):
    zaak = serializers.CharField(source="zaaknummer", help_text="Nummer van de Zaak, bijv. 2021Z00920.")
    zaakId = serializers.CharField(
        source="zaak_id", help_text="Id (GUID) van de Zaak in het Gegevensmagazijn."
    )
    titel = serializers.CharField(help_text="Titel van de Zaak.")
    onderwerp = serializers.CharField(help_text="Onderwerp van de Zaak: waar de motie over gaat.")
    datum = serializers.DateField(allow_null=True, help_text="Begindatum van de Zaak: de dag van indienen.")
    besluit = serializers.CharField(
        source="besluitsoort",
        help_text="Het besluit (BesluitSoort), bijv. 'Stemmen - aangenomen'; leeg: nog geen.",
    )
    besluitTekst = serializers.CharField(
        source="besluittekst", help_text="Tekst van het besluit, bijv. 'Aangenomen.'."
    )
    stemmingssoort = serializers.CharField(help_text="Hoe er gestemd is, bijv. 'Met handopsteken'.")
    kabinetsappreciatie = serializers.CharField(
        help_text="Het oordeel van het kabinet, bijv. 'Oordeel Kamer'."
    )
    afgedaan = serializers.BooleanField(
        allow_null=True, help_text="Of de Kamer de Zaak als afgedaan markeerde."
    )
    zetelsVoor = serializers.IntegerField(
        source="zetels_voor",
        allow_null=True,
        min_value=0,
        max_value=150,
        help_text="Zetels voor; null zonder stemming.",
    )
    zetelsTegen = serializers.IntegerField(
        source="zetels_tegen",
        allow_null=True,
        min_value=0,
        max_value=150,
        help_text="Zetels tegen; null zonder stemming.",
    )
    opgehaaldOp = serializers.DateTimeField(
        source="opgehaald_op",
        help_text="Wanneer deze gegevens voor het laatst bij de Tweede Kamer zijn opgehaald.",
    )


class KamerdataDetailSerializer(KamerdataSerializer):
    stemmen = FractiestemSerializer(source="stemmen.all", many=True, help_text="De stemming per fractie.")


class MotieSerializer(serializers.Serializer):
    id = serializers.CharField(
        source="sleutel", help_text="Kamerstukdossier en ondernummer met een streepje: dossier-nummer."
    )
    dossier = serializers.IntegerField()
    nummer = serializers.IntegerField()
    kamerstuk = serializers.CharField()
    indieners = serializers.CharField()
    titel = serializers.CharField()
    datum = serializers.DateField(allow_null=True)
    besluit = serializers.CharField()
    dictum = serializers.CharField(
        help_text="Wat de motie vraagt, woordelijk ('verzoekt de regering …'); leeg: niet ingevoerd."
    )
    publicatie = serializers.URLField(source="publicatie_url")
    aantalActies = serializers.IntegerField(source="aantal_acties")
    aantalAfgerond = serializers.IntegerField(source="aantal_afgerond")
    aantalDelenZonderActie = serializers.IntegerField(
        source="delen_zonder_actie",
        help_text="Hoeveel delen die de redactie van de motie beschreef geen actie uitvoert.",
    )
    stand = serializers.SerializerMethodField()
    kabinetsreactie = serializers.SerializerMethodField()
    tweedeKamer = KamerdataSerializer(
        source="kamerdata",
        allow_null=True,
        read_only=True,
        help_text="Gegevens van de Tweede Kamer over de motie (besluit, stemming); null: nog niet opgehaald.",
    )

    @extend_schema_field(
        {
            "type": "object",
            "required": ["waarde", "sinds", "document", "reden"],
            "properties": {
                "waarde": {"type": "string", "enum": ["open", *(s for s in Stand.values if s)]},
                "sinds": {"type": "string", "format": "date", "nullable": True},
                "document": {
                    "type": "object",
                    "nullable": True,
                    "required": ["titel", "kamerstuk", "url"],
                    "properties": {
                        "titel": {"type": "string"},
                        "kamerstuk": {"type": "string", "nullable": True},
                        "url": {"type": "string", "format": "uri"},
                    },
                },
                "reden": {"type": "string", "nullable": True},
            },
            "description": "Waar de motie staat zoals de Kamer het ziet: 'voldaan' en 'deels_voldaan' "
            "alleen met het document dat haar uitvoert, 'vervallen' alleen met een reden.",
        }
    )
    def get_stand(self, motie):
        document = None
        if motie.vervuld_door:
            document = {
                "titel": motie.vervuld_door,
                "kamerstuk": motie.vervuld_kamerstuk or None,
                "url": motie.vervuld_adres,
            }
        return {
            "waarde": motie.stand or "open",
            "sinds": motie.stand_datum.isoformat() if motie.stand_datum else None,
            "document": document,
            "reden": motie.stand_reden or None,
        }

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "required": ["reactie", "toelichting", "bron"],
            "properties": {
                "reactie": {"type": "string", "enum": [r for r in Reactie.values if r]},
                "toelichting": {"type": "string", "nullable": True},
                "bron": {"type": "string", "nullable": True},
            },
            "description": "Wat het kabinet op de motie antwoordde, los van de uitvoering; null: geen bron "
            "noemt een reactie (de appreciatie bij de stemming staat onder tweedeKamer).",
        }
    )
    def get_kabinetsreactie(self, motie):
        if not motie.reactie:
            return None
        return {
            "reactie": motie.reactie,
            "toelichting": motie.reactie_toelichting or None,
            "bron": motie.reactie_bron or None,
        }


class MotieActie(serializers.Serializer):
    nummer = serializers.IntegerField(source="actie.nummer")
    deel = serializers.IntegerField(allow_null=True)
    status = serializers.CharField(source="actie.status")


class MotieDeelActie(serializers.Serializer):
    nummer = serializers.IntegerField(source="actie.nummer")
    status = serializers.CharField(source="actie.status")


class MotieOnderdeel(serializers.Serializer):
    deel = serializers.IntegerField(
        allow_null=True, help_text="Het nummer van het deel; null: de motie als geheel."
    )
    tekst = serializers.CharField(
        help_text="Wat dit deel vraagt (bij de hele motie: het dictum); leeg: niet ingevoerd."
    )
    acties = MotieDeelActie(
        source="koppelingen", many=True, help_text="De acties die dit deel uitvoeren; leeg: geen."
    )


class MotieDetailSerializer(MotieSerializer):
    acties = MotieActie(source="koppelingen", many=True)
    delen = MotieOnderdeel(
        source="onderdelen_met_acties",
        many=True,
        help_text=(
            "De motie per deel met de acties die het uitvoeren; een deel dat de redactie beschreef "
            "maar dat geen actie uitvoert, staat er met een lege lijst."
        ),
    )
    tweedeKamer = KamerdataDetailSerializer(
        source="kamerdata",
        allow_null=True,
        read_only=True,
        help_text=(
            "Gegevens van de Tweede Kamer over de motie, met de stemming per fractie; "
            "null: nog niet opgehaald."
        ),
    )


class ThemaSerializer(serializers.Serializer):
    naam = serializers.CharField()
    slug = serializers.SlugField()
    hoofdthema = serializers.CharField(source="hoofdthema.slug", read_only=True, allow_null=True)
    aantalActies = serializers.IntegerField(source="aantal_acties")


class RapportageSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="pk")
    titel = serializers.CharField()
    peildatum = serializers.DateField()
    kamerstuk = serializers.CharField(
        source="openbaar_kamerstuk", help_text="Het Kamerstuk zoals gepubliceerd."
    )
    vastgesteldOp = serializers.DateTimeField(
        source="vastgesteld_op", allow_null=True, help_text="Wanneer de laatste versie werd gepubliceerd."
    )
    versie = serializers.IntegerField(
        source="publicatieversie",
        help_text="De versie die hier staat: 1 bij de eerste publicatie, hoger na elke correctie "
        "(zie /correcties/ voor de reden en wat er veranderde).",
    )
    aantalTeksten = serializers.IntegerField(source="aantal_teksten")
