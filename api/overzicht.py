"""/api/v1/: what the API offers, for people (an HTML page) and for programs (JSON links).

A browser gets the page: the resources, the filters of the action list with the values they take,
examples to click. A client that prefers JSON (Accept: application/json, or application/hal+json) gets
the HAL links of the resources and of the OpenAPI document instead; until now /api/v1/ answered 404, so
no client depends on anything else there. Server-rendered, no script: the CSP allows none inline.

Not in the OpenAPI document (it is not a resource), and not in the page cache: that keys on the
address alone, and this address has two answers.
"""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext_lazy as _
from django_filters import ChoiceFilter

from acties.models import Actie, Ministerie, Thema
from moties.enquete import hoofddossier
from moties.models import Opdracht
from openbaar.filters import ActieFilter
from openbaar.paginering import MAX_PAGINA, PER_PAGINA
from openbaar.zoeken import MAX_ZOEKLENGTE

from .schema import OPZOEKFILTERS, filterwaarden

JSON_SOORTEN = ("application/json", "application/hal+json")

# (URL name, which example it takes, the path pattern shown when there is none yet, what it gives). The
# examples are the instance's own data (see _voorbeelden), so another inquiry's page names its dossier.
BRONNEN = [
    ("api-acties", None, "", _("Acties, met de filters hieronder; 50 per pagina.")),
    (
        "api-actie",
        "actie",
        "/api/v1/acties/{nummer}",
        _("Eén actie met voortgang: alle gepubliceerde teksten per vastgestelde ronde."),
    ),
    (
        "api-moties",
        None,
        "",
        _("Moties met hun stand, het aantal (afgeronde) acties en de gegevens van de Tweede Kamer."),
    ),
    (
        "api-motie",
        "motie",
        "/api/v1/moties/{dossier-nummer}",
        _("Eén motie met de acties die haar uitvoeren, per deel, en de stemming."),
    ),
    ("api-themas", None, "", _("Thema's en subthema's in de volgorde van de bijlage.")),
    ("api-thema", "thema", "/api/v1/themas/{slug}", _("Eén thema of subthema.")),
    ("api-rapportages", None, "", _("Vastgestelde rapportagerondes.")),
    (
        "api-ministeries",
        None,
        "",
        _("Ministeries met hun periode; ?geldigOp=2021-06-29 voor die van één dag."),
    ),
    (
        "api-ministerie",
        "ministerie",
        "/api/v1/ministeries/{afkorting}",
        _("Eén ministerie met het aantal acties."),
    ),
    (
        "api-indicatoren",
        None,
        "",
        _(
            "Indicatoren met hun basiswaarde, metingen en elk beloofd doel (ook de verschoven), met per doel "
            "het oordeel en de prognose; /api/v1/indicatoren/{id} voor één."
        ),
    ),
]

# What each filter of the action list takes; a filter added later shows its own label and help text.
FILTERUITLEG = {
    "q": _("Zoekterm in omschrijvingen en teksten (ten hoogste %(n)s tekens); leeg: niet zoeken."),
    "thema": _(
        "Hoofdthema: de slug of de naam zoals gedrukt (hoofdletterongevoelig), bijv. hersteloperatie."
    ),
    "subthema": _("Subthema: de slug of de naam, bijv. signalen."),
    "motie": _(
        "Motie: dossier en nummer (%(dossier)s-21), of kort alleen het nummer voor dossier %(dossier)s."
    ),
    "ministerie": _(
        "Afkorting van een ministerie (hoofdletterongevoelig), bijv. FIN; ook van vóór een herindeling."
    ),
    "rapportage": _(
        "Id van een vastgestelde ronde: alleen acties met een tekst daarin, met de status en tekst daarvan."
    ),
}

VOORBEELDEN = [("?page=2&pageSize=20", _("de tweede pagina van 20 acties"))]


def _voorbeelden() -> dict:
    """An existing action, motion, theme and ministry to click, or None where the instance has none yet."""
    motie = Opdracht.objects.moties().order_by("dossier", "nummer").first()
    return {
        "actie": Actie.objects.order_by("nummer").values_list("nummer", flat=True).first(),
        "motie": motie.sleutel if motie else None,
        "thema": Thema.objects.filter(hoofdthema__isnull=True).values_list("slug", flat=True).first(),
        "ministerie": Ministerie.objects.order_by("afkorting").values_list("afkorting", flat=True).first(),
    }


def _filters():
    # The same values the OpenAPI document lists for the filters that look objects up.
    keuzes = filterwaarden()
    rijen = []
    for naam, filter_ in ActieFilter.base_filters.items():
        if naam in OPZOEKFILTERS:
            waarden = [str(waarde) for waarde in keuzes.get(naam, [])]
        elif isinstance(filter_, ChoiceFilter):
            waarden = [str(waarde) for waarde, _label in filter_.extra.get("choices", [])]
        else:
            waarden = []
        uitleg = FILTERUITLEG.get(naam) or filter_.extra.get("help_text") or filter_.label
        if naam == "q":
            uitleg = uitleg % {"n": MAX_ZOEKLENGTE}
        if naam == "motie":
            uitleg = uitleg % {"dossier": hoofddossier()}
        rijen.append({"naam": naam, "label": filter_.label, "uitleg": uitleg, "waarden": waarden})
    rijen.append(
        {
            "naam": "page",
            "label": _("Pagina"),
            "uitleg": _("Paginanummer, 1 tot en met %(max)s; voorbij de laatste pagina: 404.")
            % {"max": MAX_PAGINA},
            "waarden": [],
        }
    )
    rijen.append(
        {
            "naam": "pageSize",
            "label": _("Paginagrootte"),
            "uitleg": _("Aantal per pagina, 1 tot en met 100 (standaard %(n)s).") % {"n": PER_PAGINA},
            "waarden": [],
        }
    )
    return rijen


def _links(request):
    links = {"self": {"href": request.build_absolute_uri(reverse("api-overzicht"))}}
    links["openapi"] = {"href": request.build_absolute_uri(reverse("api-openapi"))}
    for naam, voorbeeld, _patroon, _uitleg in BRONNEN:
        if voorbeeld is None:
            links[naam.removeprefix("api-")] = {"href": request.build_absolute_uri(reverse(naam))}
    return links


def overzicht(request):
    if request.get_preferred_type(["text/html", *JSON_SOORTEN]) in JSON_SOORTEN:
        response = JsonResponse(
            {"versie": settings.SPECTACULAR_SETTINGS["VERSION"], "_links": _links(request)}
        )
    else:
        waarden = _voorbeelden()
        bronnen = []
        for naam, voorbeeld, patroon, uitleg in BRONNEN:
            waarde = waarden.get(voorbeeld)
            pad = reverse(naam, args=[waarde]) if waarde is not None else patroon or reverse(naam)
            bronnen.append(
                {
                    "pad": pad,
                    "voorbeeld": waarde is not None,
                    "link": not patroon or waarde is not None,
                    "uitleg": uitleg,
                }
            )
        voorbeelden = [(reverse("api-acties") + query, uitleg) for query, uitleg in VOORBEELDEN]
        lijst = reverse("api-acties")
        if waarden["motie"]:
            uitleg = _("de acties die motie %(motie)s uitvoeren") % {"motie": waarden["motie"]}
            voorbeelden.insert(0, (f"{lijst}?motie={waarden['motie']}", uitleg))
        if waarden["thema"]:
            uitleg = _("vertraagde acties in het thema %(thema)s") % {"thema": waarden["thema"]}
            voorbeelden.insert(1, (f"{lijst}?thema={waarden['thema']}&status=vertraagd", uitleg))
        if waarden["ministerie"]:
            uitleg = _("acties van %(ministerie)s, op relevantie voor 'brief'") % {
                "ministerie": waarden["ministerie"]
            }
            voorbeelden.insert(
                2, (f"{lijst}?ministerie={waarden['ministerie']}&q=brief&sorteer=relevantie", uitleg)
            )
        response = render(
            request,
            "api/overzicht.html",
            {
                "bronnen": bronnen,
                "filters": _filters(),
                "voorbeelden": voorbeelden,
                "motie": waarden["motie"],
                "openapi": reverse("api-openapi"),
                "basis": request.build_absolute_uri(reverse("api-overzicht")).rstrip("/"),
                "versie": settings.SPECTACULAR_SETTINGS["VERSION"],
            },
        )
    patch_vary_headers(response, ["Accept"])
    return response
