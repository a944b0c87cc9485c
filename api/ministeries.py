"""The ministries in the open data API: /api/v1/ministeries and /api/v1/ministeries/{afkorting}.

Each with its full name, the periods it existed (so a client can list the ministries of a round's time,
also with ?geldigOp=2021-06-29), how many actions it leads and is involved in, and its links."""

import datetime
import re

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, generics, serializers

from acties.models import Ministerie

from .serializers import _absoluut
from .views import OpenDataView, paginering


class PeriodeSerializer(serializers.Serializer):
    van = serializers.DateField(allow_null=True, help_text="Eerste dag van de periode; null: vóór 2021.")
    tot = serializers.DateField(
        allow_null=True,
        help_text="Eerste dag waarop het niet meer bestond (de dag van de opvolger); null: bestaat nog.",
    )


class MinisterieSerializer(serializers.Serializer):
    afkorting = serializers.CharField()
    naam = serializers.CharField(help_text="Volledige naam, bijv. 'Ministerie van Financiën'.")
    # From before ministries could have several periods; `perioden` says it all.
    geldigVan = serializers.DateField(
        source="eerste_van",
        allow_null=True,
        help_text="Eerste dag van de eerste periode; null: vóór 2021. Zie ook perioden.",
    )
    geldigTot = serializers.DateField(
        source="laatste_tot",
        allow_null=True,
        help_text=(
            "Einde van de laatste periode: de eerste dag waarop het niet meer bestond (de dag van de "
            "opvolger); null: bestaat nog. Zie ook perioden: tussen geldigVan en geldigTot kan het een "
            "tijd niet hebben bestaan."
        ),
    )
    perioden = PeriodeSerializer(
        many=True,
        help_text="Wanneer het ministerie onder deze naam bestond, de oudste eerst; leeg: altijd.",
    )
    aantalEerstverantwoordelijk = serializers.IntegerField(source="aantal_eerstverantwoordelijk")
    aantalBetrokken = serializers.IntegerField(source="aantal_betrokken")
    _links = serializers.SerializerMethodField()

    @extend_schema_field(
        {
            "type": "object",
            "properties": {n: {"type": "object"} for n in ("self", "html", "acties", "feed")},
        }
    )
    def get__links(self, ministerie):
        return {
            "self": {"href": _absoluut(self, reverse("api-ministerie", args=[ministerie.afkorting]))},
            "html": {"href": _absoluut(self, ministerie.get_absolute_url())},
            "acties": {
                "href": _absoluut(self, reverse("api-acties") + f"?ministerie={ministerie.afkorting}")
            },
            "feed": {"href": _absoluut(self, reverse("feed_ministerie", args=[ministerie.afkorting]))},
        }


GELDIG_OP = OpenApiParameter(
    "geldigOp",
    OpenApiTypes.DATE,
    description=(
        "Alleen de ministeries die op deze datum bestonden (JJJJ-MM-DD), bijv. de peildatum van een ronde."
    ),
)


@extend_schema(
    summary="Ministeries, met hun perioden en aantal acties", tags=["ministeries"], parameters=[GELDIG_OP]
)
class MinisterieLijst(OpenDataView, generics.ListAPIView):
    serializer_class = MinisterieSerializer
    pagination_class = paginering("ministeries")

    def get_queryset(self):
        ministeries = Ministerie.objects.met_aantallen().prefetch_related("perioden")
        waarden = self.request.query_params.getlist("geldigOp")
        if not waarden:
            return ministeries
        try:
            # JJJJ-MM-DD only: fromisoformat also takes 20210629 and 2021-W26-2, which format: date does not.
            if len(waarden) > 1 or not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", waarden[0]):
                raise ValueError(waarden)
            datum = datetime.date.fromisoformat(waarden[0])
        except ValueError:
            raise exceptions.ValidationError(
                {"geldigOp": [_("Gebruik één datum als JJJJ-MM-DD.")]}, code="invalid"
            ) from None
        return ministeries.geldig_op(datum)


@extend_schema(summary="Eén ministerie", tags=["ministeries"])
class MinisterieDetail(OpenDataView, generics.RetrieveAPIView):
    serializer_class = MinisterieSerializer

    def get_object(self):
        try:
            return (
                Ministerie.objects.met_aantallen()
                .prefetch_related("perioden")
                .get(afkorting__iexact=self.kwargs["afkorting"])
            )
        except Ministerie.DoesNotExist:
            raise Http404(_("Dit ministerie bestaat niet.")) from None
