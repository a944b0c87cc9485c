"""Indicators in the open data API: /api/v1/indicatoren and /api/v1/indicatoren/{id}.

Each with its baseline, every target a letter promised (a moved one stays, as eerderBeloofd, beside the
target that replaced it), the measurements, and per target the verdict in plain words with the value the
last measurements lead to by its date, as the indicator's page shows them. All read through
indicatoren.query, so a page of 1 or 50 indicators costs the same queries."""

from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import generics, serializers

from indicatoren import query
from indicatoren.models import WAARDE
from lib.prognose import Soort

from .serializers import ThemaVerwijzing, _absoluut
from .views import OpenDataView, paginering

SOORTEN = [waarde for naam, waarde in vars(Soort).items() if not naam.startswith("_")]
SOORT_UITLEG = (
    "Het oordeel als sleutel: 'op-schema', 'achter' (bij dit tempo niet op tijd), 'gehaald', "
    "'te-laat-gehaald', 'niet-gehaald' (doeldatum voorbij, doel niet bereikt), 'verstreken' (doeldatum "
    "voorbij zonder meting erna), 'verschoven' (een latere brief verving dit doel) of 'onbekend' (te "
    "weinig metingen voor een prognose)."
)


def _waarde(**extra):
    return serializers.DecimalField(**WAARDE, coerce_to_string=False, **extra)


def _bron(pad=""):
    """The fields of a figure's source (indicatoren.models.MetBron), on the object at `pad`."""
    return (
        # DRF refuses a source equal to the field's name.
        serializers.CharField(
            **({"source": f"{pad}bron"} if pad else {}), help_text="Het document, zoals een lezer het vindt."
        ),
        serializers.CharField(
            **({"source": f"{pad}kamerstuk"} if pad else {}),
            allow_null=True,
            help_text="Dossier- en ondernummer met een streepje; null: geen (of een adres).",
        ),
        serializers.URLField(
            source=f"{pad}adres", allow_null=True, help_text="Waar het document staat (https); null: geen."
        ),
    )


class MetBron(serializers.Serializer):
    def to_representation(self, instance):
        data = super().to_representation(instance)
        # The models keep "none" as an empty string; JSON says null.
        return {**data, "kamerstuk": data["kamerstuk"] or None, "url": data["url"] or None}


class OordeelSerializer(serializers.Serializer):
    soort = serializers.ChoiceField(choices=SOORTEN, help_text=SOORT_UITLEG)
    tekst = serializers.CharField(
        help_text="Het oordeel in gewone woorden, bijv. 'achter op schema: bij dit tempo 80% op 31 maart "
        "2025'."
    )
    prognose = serializers.FloatField(
        source="schatting",
        allow_null=True,
        help_text="De waarde op de doeldatum volgens de rechte lijn door de laatste drie metingen (kleinste "
        "kwadraten), afgerond op twee decimalen; null als het oordeel er niet op rust.",
    )

    def to_representation(self, oordeel):
        data = super().to_representation(oordeel)
        if data["prognose"] is not None:
            data["prognose"] = round(data["prognose"], 2)
        return data


class DoelSerializer(MetBron):
    id = serializers.IntegerField(source="doel.pk")
    waarde = _waarde(source="doel.waarde", help_text="De beloofde waarde, in de eenheid van de indicator.")
    datum = serializers.DateField(
        source="doel.datum", help_text="Wanneer de waarde bereikt moet zijn; bij een periode de laatste dag."
    )
    bron, kamerstuk, url = _bron("doel.")
    toelichting = serializers.CharField(
        source="doel.toelichting", help_text="Wat de bron er verder over zegt, letterlijk; leeg: niets."
    )
    vervangt = serializers.IntegerField(
        source="doel.vervangt_id",
        allow_null=True,
        help_text="Id van het eerdere doel dat deze belofte verschoof; null: geen.",
    )
    eerderBeloofd = serializers.BooleanField(
        source="eerder", help_text="Een latere brief verving dit doel; het blijft zichtbaar, met zijn bron."
    )
    oordeel = OordeelSerializer(help_text="Het oordeel over dit doel.")


class MetingSerializer(MetBron):
    waarde = _waarde(help_text="Wat gemeten is, in de eenheid van de indicator.")
    meetdatum = serializers.DateField(help_text="Tot wanneer de cijfers lopen.")
    bron, kamerstuk, url = _bron()


class BasisSerializer(serializers.Serializer):
    waarde = _waarde(source="basis_waarde")
    datum = serializers.DateField(source="basis_datum")
    bron = serializers.CharField(source="basis_bron", help_text="Het document dat de basiswaarde noemt.")


class ActieKoppeling(serializers.Serializer):
    nummer = serializers.IntegerField(help_text="De actie waarvan de indicator de voortgang volgt.")
    _links = serializers.SerializerMethodField()

    @extend_schema_field(
        {"type": "object", "properties": {"self": {"type": "object"}, "html": {"type": "object"}}}
    )
    def get__links(self, actie):
        return {
            "self": {"href": _absoluut(self, reverse("api-actie", args=[actie.nummer]))},
            "html": {"href": _absoluut(self, actie.get_absolute_url())},
        }


class IndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="indicator.pk")
    naam = serializers.CharField(source="indicator.naam")
    eenheid = serializers.CharField(source="indicator.eenheid", help_text="'%' of een woord als 'ouders'.")
    watTelt = serializers.CharField(
        source="indicator.wat_telt", help_text="Wat precies geteld wordt en waartegen."
    )
    actie = ActieKoppeling(source="indicator.actie")
    thema = ThemaVerwijzing(
        source="indicator.thema",
        allow_null=True,
        help_text="Het thema, alleen als de indicator een heel thema volgt; null: hij hoort bij de actie.",
    )
    basis = serializers.SerializerMethodField(
        help_text="De waarde bij de start; null: de bronnen noemen haar niet."
    )
    doelen = DoelSerializer(
        many=True,
        help_text="Elk beloofd doel op datum, ook de verschoven doelen (eerderBeloofd), met het oordeel.",
    )
    metingen = MetingSerializer(many=True, help_text="De metingen, oudste eerst.")
    oordeel = OordeelSerializer(
        allow_null=True,
        help_text="Het oordeel dat bovenaan staat: over het eerstvolgende huidige doel dat nog niet gehaald "
        "is, anders over het laatste; null: geen doel.",
    )
    _links = serializers.SerializerMethodField()

    @extend_schema_field(BasisSerializer(allow_null=True))
    def get_basis(self, stand):
        indicator = stand.indicator
        return BasisSerializer(indicator).data if indicator.basis_waarde is not None else None

    @extend_schema_field(
        {"type": "object", "properties": {"self": {"type": "object"}, "html": {"type": "object"}}}
    )
    def get__links(self, stand):
        return {
            "self": {"href": _absoluut(self, reverse("api-indicator", args=[stand.indicator.pk]))},
            "html": {"href": _absoluut(self, stand.indicator.get_absolute_url())},
        }


@extend_schema(summary="Indicatoren met doelen, metingen en oordeel", tags=["indicatoren"])
class IndicatorLijst(OpenDataView, generics.ListAPIView):
    serializer_class = IndicatorSerializer
    pagination_class = paginering("indicatoren")

    def get_queryset(self):
        return query.met_cijfers()

    def paginate_queryset(self, queryset):
        vandaag = timezone.localdate()
        return [query.stand(indicator, vandaag) for indicator in super().paginate_queryset(queryset)]


@extend_schema(summary="Eén indicator met doelen, metingen en oordeel", tags=["indicatoren"])
class IndicatorDetail(OpenDataView, generics.RetrieveAPIView):
    serializer_class = IndicatorSerializer
    # The example of the path parameter id (api.schema): an indicator, not a round.
    padvoorbeeld = "indicator"

    def get_object(self):
        stand = query.een(self.kwargs["pk"], timezone.localdate())
        if stand is None:
            raise Http404(_("Deze indicator bestaat niet."))
        return stand
