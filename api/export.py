"""The current filtered action list as CSV, XLSX or JSON."""

import csv
import io
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from acties.models import Actie, Status
from openbaar.filters import ActieFilter
from openbaar.query import met_stand, met_verantwoording

from .views import ActieSerializer

FORMATEN = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
KOLOMMEN = [
    ("nummer", _l("Nummer")),
    ("thema", _l("Thema")),
    ("subthema", _l("Subthema")),
    ("omschrijving", _l("Omschrijving")),
    ("ministeries", _l("Ministeries")),
    ("moties", _l("Moties")),
    ("status", _l("Status")),
    ("stand_van_zaken", _l("Stand van zaken")),
    ("knelpunt", _l("Knelpunt")),
    ("streefdatum", _l("Streefdatum")),
    ("over_tijd", _l("Over tijd")),
    ("streefdatum_verschoven", _l("Streefdatum verschoven (keer)")),
    ("vindplaatsen", _l("Vindplaatsen")),
    ("samenvatting", _l("Samenvatting")),
    ("gewijzigd_op", _l("Gewijzigd op")),
    ("url", _l("Adres")),
]
# A spreadsheet reads a cell that starts with one of these as a formula (CSV/formula injection).
FORMULE_TEKENS = ("=", "+", "-", "@", "\t", "\r")


def neutraliseer(waarde):
    """Prefix text that a spreadsheet would run as a formula with an apostrophe, so it stays text."""
    if isinstance(waarde, str) and waarde.startswith(FORMULE_TEKENS):
        return "'" + waarde
    return waarde


def _vindplaats(v):
    return f"{v.titel} ({v.kamerstuk}): {v.adres}" if v.kamerstuk else f"{v.titel}: {v.adres}"


def als_rij(request, actie, vandaag=None):
    status = actie.stand_status
    vandaag = vandaag or timezone.localdate()
    wijzigingen = actie.streefdatumwijzigingen.all()
    return {
        "nummer": actie.nummer,
        "thema": actie.hoofdthema.naam,
        "subthema": actie.subthema.naam if actie.subthema else "",
        "omschrijving": actie.omschrijving,
        "ministeries": ", ".join(am.ministerie.afkorting for am in actie.actieministeries.all()),
        "moties": ", ".join(
            am.motie.sleutel + (f" deel {am.deel}" if am.deel else "") for am in actie.actiemoties.all()
        ),
        "status": str(Status.label_van(status)),
        "stand_van_zaken": actie.stand_tekst or "",
        "knelpunt": actie.stand_knelpunt or "",
        "streefdatum": actie.streefdatum.isoformat() if actie.streefdatum else "",
        "over_tijd": _("ja") if actie.is_over_tijd(vandaag) else _("nee"),
        "streefdatum_verschoven": sum(1 for w in wijzigingen if w.van is not None),
        "vindplaatsen": "; ".join(_vindplaats(v) for v in actie.openbare_vindplaatsen),
        "samenvatting": actie.samenvatting,
        "gewijzigd_op": timezone.localtime(actie.gewijzigd_op).isoformat(timespec="seconds"),
        "url": request.build_absolute_uri(actie.get_absolute_url()),
    }


def _csv(rijen):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # lets Excel recognise UTF-8
    schrijver = csv.writer(buffer)
    schrijver.writerow([str(kop) for _sleutel, kop in KOLOMMEN])
    for rij in rijen:
        schrijver.writerow([neutraliseer(rij[sleutel]) for sleutel, _kop in KOLOMMEN])
    return buffer.getvalue().encode("utf-8")


def _xlsx(rijen):
    boek = Workbook(write_only=True)
    blad = boek.create_sheet(_("Acties"))
    blad.append([str(kop) for _sleutel, kop in KOLOMMEN])
    for rij in rijen:
        waarden = []
        for sleutel, _kop in KOLOMMEN:
            waarde = rij[sleutel]
            if isinstance(waarde, str):
                waarde = neutraliseer(ILLEGAL_CHARACTERS_RE.sub("", waarde))
            waarden.append(waarde)
        blad.append(waarden)
    buffer = io.BytesIO()
    boek.save(buffer)
    return buffer.getvalue()


def exporteer(request, formaat):
    if formaat not in FORMATEN:
        raise Http404(_("Onbekend exportformaat."))
    filterset = ActieFilter(request.GET, queryset=Actie.objects.all())
    if not filterset.is_valid():
        fouten = {veld: [str(f) for f in lijst] for veld, lijst in filterset.errors.items()}
        return JsonResponse({"fout": _("Ongeldige filters."), "velden": fouten}, status=400)
    acties = met_verantwoording(met_stand(filterset.qs.met_relaties(), filterset.gekozen_rapportage))
    if formaat == "json":
        # The same representation as the API, so one parser reads both.
        rijen = ActieSerializer(
            acties.iterator(chunk_size=2000), many=True, context={"request": request}
        ).data
        inhoud = json.dumps(
            {"aantal": len(rijen), "bron": request.build_absolute_uri(reverse("acties")), "acties": rijen},
            ensure_ascii=False,
            indent=1,
            cls=DjangoJSONEncoder,
        ).encode("utf-8")
        return _bestand(inhoud, formaat)
    rijen = [als_rij(request, actie) for actie in acties.iterator(chunk_size=2000)]
    if formaat == "csv":
        return _bestand(_csv(rijen), formaat)
    return _bestand(_xlsx(rijen), formaat)


def _bestand(inhoud, formaat):
    response = HttpResponse(inhoud, content_type=FORMATEN[formaat])
    response["Content-Disposition"] = f'attachment; filename="pokvolg-acties.{formaat}"'
    return response
