"""The OpenAPI document describes every answer the API gives.

Every operation answers 400 and 404 as application/problem+json (the Probleem schema), each answer
carries API-Version, `page` and `pageSize` have their bounds, and each filter of the action list lists
the values it accepts: the slugs of the themes, the keys of the motions, the abbreviations of the
ministries and the ids of the closed rounds. Those come from the database when the document is made,
so a value the document offers is never refused with a 400 and one it does not offer never returns
the unfiltered list.
"""

from django.db import DatabaseError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from rest_framework import serializers

from acties.models import Actie, Ministerie, Thema
from indicatoren.models import Indicator
from moties.models import Opdracht
from openbaar import query
from openbaar.paginering import MAX_PAGINA
from openbaar.zoeken import MAX_ZOEKLENGTE

PROBLEEM = "application/problem+json"
# Text without a NUL byte: PostgreSQL cannot store one, and the API refuses it with a 400.
ZONDER_NUL = "^[^\\u0000]*$"


class OngeldigeParameter(serializers.Serializer):
    name = serializers.CharField(help_text="De parameter, bijv. 'status'.")
    code = serializers.CharField(help_text="Soort fout, bijv. 'invalid_choice'.")
    reason = serializers.CharField(help_text="Waarom de waarde ongeldig is (Nederlands).")


# An RFC 9457 problem: what every answer that is not a result looks like (no docstring: it would
# become the schema's English description).
class Probleem(serializers.Serializer):
    type = serializers.CharField(help_text="Altijd 'about:blank'.")
    title = serializers.CharField()
    status = serializers.IntegerField(min_value=400, max_value=599)
    instance = serializers.CharField(help_text="Pad en query van het verzoek.")
    detail = serializers.CharField(required=False)
    invalidParams = OngeldigeParameter(
        many=True, required=False, help_text="Bij een 400: de ongeldige parameters, elk met de reden."
    )


FOUTEN = {
    "400": _("Ongeldige parameter: een onbekende of lege waarde, een herhaalde parameter, een NUL-teken."),
    "404": _("Deze bron of pagina bestaat niet."),
}

KOPPEN = {
    "API-Version": {
        "schema": {"type": "string", "example": "1.0.0"},
        "description": "Volledige versie van de API.",
        "required": True,
    },
}
LIJSTKOPPEN = {
    "X-Total-Count": {"schema": {"type": "integer", "minimum": 0}, "description": "Aantal resultaten."},
    "X-Pagination-Page": {"schema": {"type": "integer", "minimum": 1}, "description": "Deze pagina."},
    "X-Pagination-Limit": {"schema": {"type": "integer", "minimum": 1}, "description": "Paginagrootte."},
}


# The filters of the action list that look an object up; their values come from the database.
OPZOEKFILTERS = ("thema", "subthema", "motie", "ministerie", "rapportage")


def filterwaarden():
    """Per filter of the action list: what it accepts, as the filters in openbaar.filters look it up.
    Without a database (`manage.py spectacular` before migrate) the filters stay plain types."""
    try:
        return _keuzes_uit_database()
    except DatabaseError:
        return {}


def _keuzes_uit_database():
    themas = Thema.objects.order_by("volgorde", "slug")
    rondes = list(query.rondes().order_by("pk").values_list("pk", flat=True))
    keuzes = {
        "thema": list(themas.filter(hoofdthema__isnull=True).values_list("slug", flat=True)),
        "subthema": list(themas.filter(hoofdthema__isnull=False).values_list("slug", flat=True)),
        "motie": [m.sleutel for m in Opdracht.objects.moties().order_by("dossier", "nummer")],
        "ministerie": list(Ministerie.objects.order_by("afkorting").values_list("afkorting", flat=True)),
        "rapportage": rondes,
        # Examples of the path parameters, so a client (and schemathesis) starts from a real resource.
        "nummer": list(Actie.objects.order_by("nummer").values_list("nummer", flat=True)[:1]),
        "sleutel": [m.sleutel for m in Opdracht.objects.moties().order_by("dossier", "nummer")[:1]],
        "slug": list(themas.values_list("slug", flat=True)[:1]),
        "afkorting": list(Ministerie.objects.filter(afkorting="FIN").values_list("afkorting", flat=True)),
        "id": rondes[-1:],
        "indicator": list(Indicator.objects.order_by("pk").values_list("pk", flat=True)[:1]),
    }
    # An enum must have a value; without one (an empty database) the filter stays a plain type.
    return {naam: waarden for naam, waarden in keuzes.items() if waarden}


class OpenDataSchema(AutoSchema):
    """The AutoSchema of every OpenDataView: the answers and bounds above on each operation."""

    def _keuzes(self):
        """The values, once per document: every operation's view has a copy of the same request."""
        verzoek = getattr(getattr(self.view, "request", None), "_request", None)
        if verzoek is None:
            return filterwaarden()
        if not hasattr(verzoek, "_api_keuzes"):
            verzoek._api_keuzes = filterwaarden()
        return verzoek._api_keuzes

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            schema = parameter["schema"]
            naam = parameter["name"]
            if parameter["in"] == "path":
                if schema.get("type") == "string":
                    schema.setdefault("pattern", ZONDER_NUL)
                    schema.setdefault("minLength", 1)
                keuzes = self._keuzes()
                # A view whose path parameter shares its name with another's says whose example it takes.
                sleutel = getattr(self.view, "padvoorbeeld", naam)
                if keuzes.get(sleutel):
                    parameter["example"] = keuzes[sleutel][0]
                continue
            if naam == "page":
                schema |= {"minimum": 1, "maximum": MAX_PAGINA, "default": 1}
                parameter["description"] = str(
                    _("Paginanummer, vanaf 1; een pagina voorbij de laatste is 404.")
                )
            elif naam == "pageSize":
                paginering = self._get_paginator()
                schema |= {"minimum": 1, "maximum": paginering.max_page_size, "default": paginering.page_size}
                parameter["description"] = str(_("Aantal resultaten per pagina."))
            elif naam == "q":
                schema |= {"maxLength": MAX_ZOEKLENGTE, "pattern": ZONDER_NUL}
            elif naam == "dossier":
                # What openbaar.opdrachten reads: at most nine digits.
                schema |= {"minimum": 1, "maximum": 999_999_999}
            elif naam in OPZOEKFILTERS:
                keuzes = self._keuzes()
                if naam in keuzes:
                    schema["enum"] = keuzes[naam]
        return parameters

    def _get_response_bodies(self, direction="response"):
        antwoorden = super()._get_response_bodies(direction)
        for code, beschrijving in FOUTEN.items():
            antwoorden.setdefault(
                code,
                {
                    **self._get_response_for_code(Probleem, code, [PROBLEEM], direction),
                    "description": str(beschrijving),
                },
            )
        for code, antwoord in antwoorden.items():
            koppen = antwoord.setdefault("headers", {})
            koppen |= KOPPEN
            if code == "200" and self._is_list_view() and self._get_paginator():
                koppen |= {naam: {**kop, "required": True} for naam, kop in LIJSTKOPPEN.items()}
        return antwoorden
