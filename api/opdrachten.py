"""The API of the register's other kinds: toezeggingen, aanbevelingen and beloftes (motions keep their
own resource, /api/v1/moties, with their votes). The same standing, response and actions as a motion,
read through the same filters as the public lists (openbaar.opdrachten)."""

from django.db.models import Prefetch
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics, serializers

from acties.models import ActieOpdracht
from moties.models import Opdracht, Reactie, Stand
from openbaar.opdrachten import lees_filters, opdracht_of_404

from .serializers import MotieActie, MotieOnderdeel, MotieSerializer
from .views import OpenDataView, paginering


class OpdrachtSerializer(MotieSerializer):
    id = serializers.CharField(
        source="sleutel", help_text="Het registernummer van een toezegging, anders het volgnummer."
    )
    soort = serializers.CharField()
    dossier = serializers.IntegerField(allow_null=True, help_text="Het Kamerstukdossier, als er een is.")
    nummer = serializers.IntegerField(allow_null=True)
    registernummer = serializers.CharField(help_text="Nummer in het toezeggingenregister; leeg: geen.")
    bron = serializers.CharField(help_text="Waar het gevraagd of beloofd werd.")
    bronUrl = serializers.CharField(source="bron_url", help_text="Waar de bron te lezen is; leeg: onbekend.")
    aanWie = serializers.CharField(source="adressaat", help_text="De bewindspersoon, zoals geschreven.")
    ministerie = serializers.CharField(source="ministerie.afkorting", allow_null=True, default=None)
    uitersteDatum = serializers.DateField(source="uiterste_datum", allow_null=True)
    dictum = serializers.CharField(
        help_text="Wat gevraagd of beloofd werd, woordelijk; leeg: niet ingevoerd."
    )
    publicatie = serializers.CharField(
        source="publicatie_url", help_text="Het Kamerstuk of de bron; leeg: geen."
    )
    indieners = None
    besluit = None
    tweedeKamer = None


class OpdrachtDetailSerializer(OpdrachtSerializer):
    acties = MotieActie(source="koppelingen", many=True)
    delen = MotieOnderdeel(source="onderdelen_met_acties", many=True)


FILTERS = [
    OpenApiParameter("q", str, description="Woorden in titel, tekst, bron, indieners of registernummer."),
    OpenApiParameter("stand", str, enum=[waarde for waarde, _label in Stand.parameters()]),
    OpenApiParameter("reactie", str, enum=[r for r in Reactie.values if r]),
    OpenApiParameter("ministerie", str, description="Afkorting van het ministerie, bijv. FIN."),
    OpenApiParameter("dossier", int, description="Kamerstukdossier, bijv. 31066."),
    OpenApiParameter("geenActie", bool, description="true: alleen wat geen actie (geheel) uitvoert."),
]


@extend_schema(
    summary="Toezeggingen, aanbevelingen of beloftes met hun stand", tags=["opdrachten"], parameters=FILTERS
)
class OpdrachtLijst(OpenDataView, generics.ListAPIView):
    serializer_class = OpdrachtSerializer
    pagination_class = paginering("opdrachten")
    soort = None

    def get_queryset(self):
        parameters = self.request.query_params
        data = {**parameters.dict(), "geen_actie": parameters.get("geenActie", "false")}
        if data["geen_actie"] not in ("true", "false"):
            raise exceptions.ValidationError({"geenActie": ["Geef true of false."]}, code="invalid")
        filters = lees_filters(data, geen_actie_waar="true")
        if filters.fouten:
            raise exceptions.ValidationError(
                {naam: [str(fout)] for naam, fout in filters.fouten.items()}, code="invalid"
            )
        return filters.toegepast(
            Opdracht.objects.filter(soort=self.soort).met_aantallen().select_related("ministerie")
        )


@extend_schema(
    summary="Eén toezegging, aanbeveling of belofte met de acties die haar uitvoeren", tags=["opdrachten"]
)
class OpdrachtDetail(OpenDataView, generics.RetrieveAPIView):
    serializer_class = OpdrachtDetailSerializer
    soort = None

    def get_object(self):
        opdracht = opdracht_of_404(
            self.soort,
            self.kwargs["sleutel"],
            Opdracht.objects.met_aantallen()
            .select_related("ministerie")
            .prefetch_related(
                "delen",
                Prefetch(
                    "actieopdrachten",
                    queryset=ActieOpdracht.objects.select_related("actie").order_by("deel", "actie__nummer"),
                    to_attr="koppelingen",
                ),
            ),
        )
        opdracht.onderdelen_met_acties = opdracht.onderdelen(opdracht.koppelingen)
        return opdracht
