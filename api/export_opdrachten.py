"""The list of one kind of the register (moties, toezeggingen, aanbevelingen, beloftes) as CSV, XLSX or
JSON, filtered as the list on the site is (openbaar.opdrachten.lees_filters)."""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from acties.models import ActieOpdracht
from moties.models import Opdracht, Soort
from openbaar.opdrachten import lees_filters

from .export import FORMATEN, _bestand, _csv, _xlsx
from .opdrachten import OpdrachtSerializer
from .serializers import MotieSerializer

KOLOMMEN = [
    ("kenmerk", _l("Kenmerk")),
    ("soort", _l("Soort")),
    ("kamerstuk", _l("Kamerstuk")),
    ("registernummer", _l("Registernummer")),
    ("titel", _l("Titel")),
    ("tekst", _l("Tekst")),
    ("bron", _l("Bron")),
    ("indieners", _l("Indieners")),
    ("aan_wie", _l("Aan wie")),
    ("ministerie", _l("Ministerie")),
    ("datum", _l("Datum")),
    ("uiterste_datum", _l("Uiterste datum")),
    ("over_tijd", _l("Over tijd")),
    ("stand", _l("Stand")),
    ("stand_sinds", _l("Stand sinds")),
    ("uitgevoerd_met", _l("Uitgevoerd met")),
    ("document", _l("Adres van dat document")),
    ("reden", _l("Reden")),
    ("reactie", _l("Reactie van het kabinet")),
    ("toelichting", _l("Toelichting op de reactie")),
    ("reactie_bron", _l("Bron van de reactie")),
    ("acties", _l("Acties")),
    ("afgerond", _l("Acties afgerond")),
    ("delen_zonder_actie", _l("Delen zonder actie")),
    ("url", _l("Adres")),
]
BREEDTES = {
    "titel": 50,
    "tekst": 80,
    "bron": 40,
    "uitgevoerd_met": 40,
    "reden": 40,
    "toelichting": 60,
    "url": 40,
}
# Rows are read from the database in chunks of this size, each with its actions in one more query.
PORTIE = 2000


def als_rij(request, opdracht, vandaag):
    return {
        "kenmerk": opdracht.sleutel,
        "soort": str(Soort(opdracht.soort).label),
        "kamerstuk": opdracht.kamerstuk,
        "registernummer": opdracht.registernummer,
        "titel": opdracht.titel,
        "tekst": opdracht.dictum,
        "bron": opdracht.bron,
        "indieners": opdracht.indieners,
        "aan_wie": opdracht.adressaat,
        "ministerie": opdracht.ministerie.afkorting if opdracht.ministerie else "",
        "datum": opdracht.datum or "",
        "uiterste_datum": opdracht.uiterste_datum or "",
        "over_tijd": _("ja") if opdracht.is_over_tijd(vandaag) else _("nee"),
        "stand": opdracht.get_stand_display(),
        "stand_sinds": opdracht.stand_datum or "",
        "uitgevoerd_met": opdracht.vervuld_door,
        "document": opdracht.vervuld_adres,
        "reden": opdracht.stand_reden,
        "reactie": opdracht.get_reactie_display() if opdracht.reactie else "",
        "toelichting": opdracht.reactie_toelichting,
        "reactie_bron": opdracht.reactie_bron,
        "acties": ", ".join(
            str(k.actie.nummer) + (f" deel {k.deel}" if k.deel else "") for k in opdracht.koppelingen
        ),
        "afgerond": opdracht.aantal_afgerond,
        "delen_zonder_actie": opdracht.delen_zonder_actie,
        "url": request.build_absolute_uri(opdracht.get_absolute_url()),
    }


def exporteer(request, soort, formaat):
    if formaat not in FORMATEN:
        raise Http404(_("Onbekend exportformaat."))
    soort = Soort(soort)
    filters = lees_filters(request.GET)
    if filters.fouten:
        return JsonResponse(
            {
                "fout": _("Ongeldige filters."),
                "velden": {naam: [str(f)] for naam, f in filters.fouten.items()},
            },
            status=400,
        )
    opdrachten = filters.toegepast(
        Opdracht.objects.filter(soort=soort).met_aantallen().select_related("ministerie")
    )
    if formaat == "json":
        # The same representation as the API's list of this kind, so one parser reads both.
        serializer = MotieSerializer if soort == Soort.MOTIE else OpdrachtSerializer
        rijen = serializer(
            opdrachten.select_related("kamerdata").iterator(chunk_size=PORTIE),
            many=True,
            context={"request": request},
        ).data
        inhoud = json.dumps(
            {
                "aantal": len(rijen),
                "bron": request.build_absolute_uri(reverse(soort.lijstnaam)),
                soort.lijstnaam: rijen,
            },
            ensure_ascii=False,
            indent=1,
            cls=DjangoJSONEncoder,
        ).encode("utf-8")
        return _bestand(inhoud, formaat, soort.lijstnaam)
    koppelingen = Prefetch(
        "actieopdrachten",
        queryset=ActieOpdracht.objects.select_related("actie").order_by("actie__nummer", "deel"),
        to_attr="koppelingen",
    )
    vandaag = timezone.localdate()
    rijen = [
        als_rij(request, opdracht, vandaag)
        for opdracht in opdrachten.prefetch_related(koppelingen).iterator(chunk_size=PORTIE)
    ]
    if formaat == "xlsx":
        inhoud = _xlsx(rijen, KOLOMMEN, BREEDTES, soort.meervoud.capitalize())
    else:
        inhoud = _csv(rijen, excel_nl=formaat == "nl.csv", kolommen=KOLOMMEN)
    return _bestand(inhoud, formaat, soort.lijstnaam)
