"""Read-only open data API under /api/v1/, after the NLGov REST API Design Rules.

No trailing slashes, the major version in the path, the full version in an API-Version header,
Dutch resource names in the plural, HAL links for pagination, errors as application/problem+json,
and the OpenAPI 3 document at /api/v1/openapi.json. Only published data: closed rounds' texts.
"""

from django.db.models import Count, F, Prefetch
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext as _
from django_filters import utils as filter_utils
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, generics
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import exception_handler

from acties.models import Actie, ActieOpdracht, Thema
from lib.invoer import geheel_getal
from moties.models import Opdracht, Stand
from openbaar import query
from openbaar.filters import ActieFilter, motie_of_404
from openbaar.opvolging import voeg_opvolging_toe
from openbaar.paginering import PER_PAGINA, OngeldigePagina, pagina_nummer
from openbaar.query import met_stand, met_verantwoording
from rapportage.afronding import met_afrondingen
from rapportage.models import NIEUWSTE_EERST

from .schema import OpenDataSchema
from .serializers import (
    ActieDetailSerializer,
    ActieSerializer,
    MotieDetailSerializer,
    MotieSerializer,
    RapportageSerializer,
    ThemaSerializer,
)


def probleem_handler(exc, context):
    """Errors as RFC 9457 problem details, with the invalid parameters by name."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    probleem = {
        "type": "about:blank",
        "title": str(getattr(exc, "default_detail", "")) or response.status_text,
        "status": response.status_code,
        "instance": context["request"].get_full_path(),
    }
    if isinstance(exc, exceptions.ValidationError) and isinstance(exc.detail, dict):
        probleem["title"] = _("Een of meer parameters zijn ongeldig.")
        probleem["invalidParams"] = [
            {"name": naam, "code": getattr(fout, "code", "invalid"), "reason": str(fout)}
            for naam, fouten in exc.detail.items()
            for fout in (fouten if isinstance(fouten, list) else [fouten])
        ]
    else:
        probleem["detail"] = str(getattr(exc, "detail", exc))
    response.data = probleem
    response.content_type = "application/problem+json"
    return response


class Paginering(PageNumberPagination):
    page_size = PER_PAGINA
    page_size_query_param = "pageSize"
    max_page_size = 100

    def paginate_queryset(self, queryset, request, view=None):
        try:
            pagina_nummer(request)
        except OngeldigePagina:
            raise exceptions.ValidationError(
                {"page": [_("Gebruik een positief geheel getal.")]}, code="invalid"
            ) from None
        grootte = request.query_params.get(self.page_size_query_param)
        if grootte is not None and not 1 <= (geheel_getal(grootte, max_cijfers=3) or 0) <= self.max_page_size:
            raise exceptions.ValidationError(
                {"pageSize": [_("Gebruik een geheel getal van 1 tot en met 100.")]}, code="invalid"
            )
        return super().paginate_queryset(queryset, request, view)

    def _link(self, nummer):
        if nummer is None:
            return None
        url = self.request.build_absolute_uri()
        return {"href": replace_query_param(url, self.page_query_param, nummer)}

    def get_paginated_response(self, data):
        pagina = self.page
        links = {
            "self": self._link(pagina.number),
            "first": self._link(1),
            "prev": self._link(pagina.previous_page_number() if pagina.has_previous() else None),
            "next": self._link(pagina.next_page_number() if pagina.has_next() else None),
            "last": self._link(pagina.paginator.num_pages),
        }
        response = Response(
            {
                "_links": {k: v for k, v in links.items() if v},
                "totaal": pagina.paginator.count,
                "_embedded": {self.embedded_naam: data},
            }
        )
        response["X-Total-Count"] = pagina.paginator.count
        response["X-Pagination-Page"] = pagina.number
        response["X-Pagination-Limit"] = self.get_page_size(self.request)
        return response

    def get_paginated_response_schema(self, schema):
        link = {"type": "object", "properties": {"href": {"type": "string", "format": "uri"}}}
        return {
            "type": "object",
            "required": ["_links", "totaal", "_embedded"],
            "properties": {
                "_links": {
                    "type": "object",
                    "properties": {n: link for n in ("self", "first", "prev", "next", "last")},
                },
                "totaal": {"type": "integer"},
                "_embedded": {"type": "object", "properties": {self.embedded_naam: schema}},
            },
        }


def paginering(naam):
    """A Paginering whose page sits under _embedded.<naam>, as HAL prescribes."""
    return type(f"Paginering_{naam}", (Paginering,), {"embedded_naam": naam})


class OpenDataView(generics.GenericAPIView):
    """Shared behaviour: problem details, version header, open CORS for reading."""

    pagination_class = None
    schema = OpenDataSchema()
    # Parameters that may be empty (?q= is no search); any other empty value is refused, not ignored.
    mag_leeg = frozenset({"q"})

    def get_exception_handler(self):
        return probleem_handler

    def initial(self, request, *args, **kwargs):
        """A repeated parameter is ambiguous and an empty one says nothing: both are a 400, never a guess."""
        super().initial(request, *args, **kwargs)
        fouten = {}
        for naam, waarden in request.query_params.lists():
            if len(waarden) > 1:
                fouten[naam] = [_("Deze parameter mag maar één keer voorkomen.")]
            elif not waarden[0] and naam not in self.mag_leeg:
                fouten[naam] = [_("Geef een waarde, of laat de parameter weg.")]
        if fouten:
            raise exceptions.ValidationError(fouten, code="invalid")

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        # API-Version: api.middleware, on every answer under /api/.
        # Open data for anyone's browser app; the API has no cookies or credentials to protect.
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = (
            "API-Version, X-Total-Count, X-Pagination-Page, X-Pagination-Limit"
        )
        return response


# Views


@extend_schema(summary="Acties, gefilterd", tags=["acties"])
class ActieLijst(OpenDataView, generics.ListAPIView):
    """Acties met dezelfde filters als de lijst op de website; thema en subthema op naam of slug."""

    serializer_class = ActieSerializer
    filter_backends = [DjangoFilterBackend]
    filterset_class = ActieFilter
    queryset = Actie.objects.all()
    pagination_class = paginering("acties")

    def filter_queryset(self, queryset):
        filterset = DjangoFilterBackend().get_filterset(self.request, queryset, self)
        if not filterset.is_valid():
            raise filter_utils.translate_validation(filterset.errors)
        return met_afrondingen(
            met_verantwoording(met_stand(filterset.qs.met_relaties(), filterset.gekozen_rapportage))
        )

    def paginate_queryset(self, queryset):
        pagina = super().paginate_queryset(queryset)
        voeg_opvolging_toe(pagina)
        return pagina


@extend_schema(summary="Eén actie met de stand van zaken per rapportage", tags=["acties"])
class ActieDetail(OpenDataView, generics.RetrieveAPIView):
    serializer_class = ActieDetailSerializer

    def get_object(self):
        gepubliceerd = (
            query.teksten().select_related("rapportage", "gedeeld_met__actie").order_by(*NIEUWSTE_EERST)
        )
        acties = met_afrondingen(
            met_verantwoording(met_stand(Actie.objects.met_relaties()))
        ).prefetch_related(
            Prefetch("gepubliceerde_teksten", queryset=gepubliceerd, to_attr="gepubliceerde_voortgang")
        )
        try:
            actie = acties.get(nummer=self.kwargs["nummer"])
        except Actie.DoesNotExist:
            raise Http404(_("Deze actie bestaat niet.")) from None
        voeg_opvolging_toe([actie])
        return actie


@extend_schema(
    summary="Moties met hun stand en het aantal (afgeronde) acties",
    tags=["moties"],
    parameters=[
        OpenApiParameter(
            "stand",
            str,
            enum=[waarde for waarde, _label in Stand.parameters()],
            description="Alleen moties met deze stand.",
        ),
        OpenApiParameter(
            "geenActie",
            bool,
            description="true: alleen moties zonder actie, of met een beschreven deel zonder actie.",
        ),
    ],
)
class MotieLijst(OpenDataView, generics.ListAPIView):
    serializer_class = MotieSerializer
    pagination_class = paginering("moties")

    def get_queryset(self):
        parameters = self.request.query_params
        try:
            stand = Stand.uit_parameter(parameters.get("stand"))
        except ValueError:
            raise exceptions.ValidationError({"stand": [_("Onbekende stand.")]}, code="invalid") from None
        geen_actie = parameters.get("geenActie", "false")
        if geen_actie not in ("true", "false"):
            raise exceptions.ValidationError({"geenActie": [_("Geef true of false.")]}, code="invalid")
        return (
            Opdracht.objects.moties()
            .met_aantallen()
            .gefilterd(stand, geen_actie == "true")
            .select_related("kamerdata")
        )


@extend_schema(summary="Eén motie met de acties die haar uitvoeren", tags=["moties"])
class MotieDetail(OpenDataView, generics.RetrieveAPIView):
    serializer_class = MotieDetailSerializer

    def get_object(self):
        motie = motie_of_404(
            self.kwargs["sleutel"],
            Opdracht.objects.moties()
            .met_aantallen()
            .select_related("kamerdata")
            .prefetch_related(
                "kamerdata__stemmen",
                "delen",
                Prefetch(
                    "actieopdrachten",
                    queryset=ActieOpdracht.objects.select_related("actie").order_by("deel", "actie__nummer"),
                    to_attr="koppelingen",
                ),
            ),
        )
        motie.onderdelen_met_acties = motie.onderdelen(motie.koppelingen)
        return motie


def _themas():
    return Thema.objects.select_related("hoofdthema").annotate(
        aantal_acties=Count("acties", distinct=True) + Count("subthemas__acties", distinct=True)
    )


@extend_schema(summary="Thema's en subthema's", tags=["themas"])
class ThemaLijst(OpenDataView, generics.ListAPIView):
    serializer_class = ThemaSerializer
    pagination_class = paginering("themas")

    def get_queryset(self):
        # Annex order: each main theme, directly followed by its subthemes.
        return _themas().order_by(
            Coalesce("hoofdthema__volgorde", "volgorde"), F("hoofdthema").asc(nulls_first=True), "volgorde"
        )


@extend_schema(summary="Eén thema", tags=["themas"])
class ThemaDetail(OpenDataView, generics.RetrieveAPIView):
    serializer_class = ThemaSerializer
    lookup_field = "slug"

    def get_queryset(self):
        return _themas()


@extend_schema(summary="Vastgestelde rapportagerondes", tags=["rapportages"])
class RapportageLijst(OpenDataView, generics.ListAPIView):
    serializer_class = RapportageSerializer
    pagination_class = paginering("rapportages")

    def get_queryset(self):
        return query.rondes_met_gegevens()


@extend_schema(summary="Eén vastgestelde rapportageronde", tags=["rapportages"])
class RapportageDetail(OpenDataView, generics.RetrieveAPIView):
    serializer_class = RapportageSerializer

    def get_queryset(self):
        return query.rondes_met_gegevens()
