"""The current filtered action list, and every indicator's figures, as CSV, XLSX or JSON."""

import csv
import datetime
import io
import json
from decimal import Decimal

from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.utils import get_column_letter
from rest_framework.utils.encoders import JSONEncoder as ApiJSONEncoder

from acties.models import Actie, Status
from indicatoren import query as indicator_query
from moties.models import Soort
from openbaar.filters import ActieFilter
from openbaar.opvolging import met_opvolging
from openbaar.query import met_stand, met_verantwoording
from rapportage.afronding import met_afrondingen

from .indicatoren import IndicatorSerializer
from .serializers import ActieSerializer

FORMATEN = {
    "csv": "text/csv; charset=utf-8",
    # Excel with Dutch regional settings splits CSV on ";" (the list separator where "," is the decimal
    # sign) and only reads UTF-8 when the file starts with a byte-order mark.
    "nl.csv": "text/csv; charset=utf-8",
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
# Column widths in characters for the XLSX: long texts get a wide column, the rest fit their header.
BREEDTES = {"omschrijving": 60, "stand_van_zaken": 80, "knelpunt": 40, "vindplaatsen": 50, "url": 40}
DATUM_FORMAAT = "dd-mm-yyyy"
DATUMTIJD_FORMAAT = "dd-mm-yyyy hh:mm"
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
        # A motion by its key as always; another kind with its kind before the key ("toezegging TZ2021-01").
        "moties": ", ".join(
            ("" if am.opdracht.soort == Soort.MOTIE else f"{am.opdracht.soort} ")
            + am.opdracht.sleutel
            + (f" deel {am.deel}" if am.deel else "")
            for am in actie.actieopdrachten.all()
        ),
        "status": str(Status.label_van(status)),
        "stand_van_zaken": actie.stand_tekst or "",
        "knelpunt": actie.stand_knelpunt or "",
        "streefdatum": actie.streefdatum or "",
        "over_tijd": _("ja") if actie.is_over_tijd(vandaag) else _("nee"),
        "streefdatum_verschoven": sum(1 for w in wijzigingen if w.van is not None),
        "vindplaatsen": "; ".join(_vindplaats(v) for v in actie.openbare_vindplaatsen),
        "samenvatting": actie.samenvatting,
        "gewijzigd_op": timezone.localtime(actie.gewijzigd_op),
        "url": request.build_absolute_uri(actie.get_absolute_url()),
    }


def _als_tekst(waarde, excel_nl=False):
    if isinstance(waarde, Decimal):
        # 87.5 and 100, not 87.50 or 1E+2; Excel NL reads a number only with a decimal comma.
        tekst = format(waarde.normalize(), "f")
        return tekst.replace(".", ",") if excel_nl else tekst
    if isinstance(waarde, datetime.datetime):
        # Excel NL reads "2021-06-29 10:00" as a date and time; an ISO offset would keep it text.
        return f"{waarde:%Y-%m-%d %H:%M}" if excel_nl else waarde.isoformat(timespec="seconds")
    if isinstance(waarde, datetime.date):
        return waarde.isoformat()
    return neutraliseer(waarde)


def _csv(rijen, excel_nl=False, kolommen=KOLOMMEN):
    buffer = io.StringIO()
    buffer.write("\ufeff")  # lets Excel recognise UTF-8
    schrijver = csv.writer(buffer, delimiter=";" if excel_nl else ",")
    schrijver.writerow([str(kop) for _sleutel, kop in kolommen])
    for rij in rijen:
        schrijver.writerow([_als_tekst(rij[sleutel], excel_nl) for sleutel, _kop in kolommen])
    return buffer.getvalue().encode("utf-8")


def _xlsx(rijen, kolommen=KOLOMMEN, breedtes=BREEDTES, bladnaam=None):
    """A sheet to work in: the header row stays in view and has filter buttons, columns have a width
    to read, and dates are dates (sortable, filterable by month) shown the Dutch way."""
    boek = Workbook(write_only=True)
    blad = boek.create_sheet(str(bladnaam or _("Acties")))
    # Write-only sheets take their panes, widths and filter before the first row.
    blad.freeze_panes = "A2"
    for kolom, (sleutel, kop) in enumerate(kolommen, start=1):
        blad.column_dimensions[get_column_letter(kolom)].width = breedtes.get(sleutel, max(10, len(kop) + 4))
    blad.auto_filter.ref = f"A1:{get_column_letter(len(kolommen))}{len(rijen) + 1}"
    blad.append([str(kop) for _sleutel, kop in kolommen])
    for rij in rijen:
        waarden = []
        for sleutel, _kop in kolommen:
            waarde = rij[sleutel]
            if isinstance(waarde, datetime.datetime):
                # Excel has no time zones: the Dutch local time, as the site shows it.
                cel = WriteOnlyCell(blad, waarde.replace(tzinfo=None))
                cel.number_format = DATUMTIJD_FORMAAT
                waarde = cel
            elif isinstance(waarde, datetime.date):
                cel = WriteOnlyCell(blad, waarde)
                cel.number_format = DATUM_FORMAAT
                waarde = cel
            elif isinstance(waarde, str):
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
    acties = met_afrondingen(
        met_verantwoording(met_stand(filterset.qs.met_relaties(), filterset.gekozen_rapportage))
    )
    if formaat == "json":
        # The same representation as the API, so one parser reads both.
        rijen = ActieSerializer(
            met_opvolging(acties.iterator(chunk_size=2000)), many=True, context={"request": request}
        ).data
        inhoud = json.dumps(
            {"aantal": len(rijen), "bron": request.build_absolute_uri(reverse("acties")), "acties": rijen},
            ensure_ascii=False,
            indent=1,
            cls=DjangoJSONEncoder,
        ).encode("utf-8")
        return _bestand(inhoud, formaat)
    rijen = [als_rij(request, actie) for actie in acties.iterator(chunk_size=2000)]
    if formaat == "xlsx":
        return _bestand(_xlsx(rijen), formaat)
    return _bestand(_csv(rijen, excel_nl=formaat == "nl.csv"), formaat)


def _bestand(inhoud, formaat, wat="acties"):
    response = HttpResponse(inhoud, content_type=FORMATEN[formaat])
    naam = f"pokvolg-{wat}-excel-nl.csv" if formaat == "nl.csv" else f"pokvolg-{wat}.{formaat}"
    response["Content-Disposition"] = f'attachment; filename="{naam}"'
    return response


# Indicators: one row per figure (baseline, measurement, target, earlier target), so a spreadsheet sorts
# and filters them by date or kind and draws a chart from them; an action with indicators has several
# targets and measurements each, which no column of the action export can hold as numbers.
INDICATORKOLOMMEN = [
    ("indicator", _l("Indicator")),
    ("eenheid", _l("Eenheid")),
    ("actie", _l("Actie")),
    ("soort", _l("Soort")),
    ("datum", _l("Datum")),
    ("waarde", _l("Waarde")),
    ("oordeel", _l("Oordeel")),
    ("prognose", _l("Prognose op de doeldatum")),
    ("bron", _l("Bron")),
    ("kamerstuk", _l("Kamerstuk")),
    ("bronadres", _l("Adres van de bron")),
    ("wat_telt", _l("Wat telt")),
    ("url", _l("Adres")),
]
INDICATORBREEDTES = {"indicator": 40, "oordeel": 60, "bron": 50, "bronadres": 40, "wat_telt": 60, "url": 40}


def _cijfer(waarde):
    """A stored value or a projection as an exact decimal: a number in XLSX, 87,5 in Excel NL."""
    return Decimal(str(round(waarde, 2))) if isinstance(waarde, float) else waarde


def indicator_rijen(request, stand):
    """The rows of one indicator (an indicatoren.query.Stand): baseline, measurements, then targets."""
    indicator = stand.indicator
    gedeeld = {
        "indicator": indicator.naam,
        "eenheid": indicator.eenheid,
        "actie": indicator.actie.nummer,
        "wat_telt": indicator.wat_telt,
        "url": request.build_absolute_uri(indicator.get_absolute_url()),
    }
    leeg = {"oordeel": "", "prognose": "", "kamerstuk": "", "bronadres": ""}
    rijen = []
    if indicator.basis_waarde is not None:
        basis = {"soort": _("basiswaarde"), "datum": indicator.basis_datum, "waarde": indicator.basis_waarde}
        rijen.append(gedeeld | leeg | basis | {"bron": indicator.basis_bron})
    for meting in stand.metingen:
        rijen.append(
            gedeeld
            | leeg
            | {"soort": _("meting"), "datum": meting.meetdatum, "waarde": meting.waarde}
            | _bron(meting)
        )
    for doel in stand.doelen:
        schatting = doel.oordeel.schatting
        rijen.append(
            gedeeld
            | {
                "soort": _("eerder beloofd") if doel.eerder else _("doel"),
                "datum": doel.doel.datum,
                "waarde": doel.doel.waarde,
                "oordeel": doel.oordeel.tekst,
                "prognose": _cijfer(schatting) if schatting is not None else "",
            }
            | _bron(doel.doel)
        )
    return rijen


def _bron(figuur):
    return {"bron": figuur.bron, "kamerstuk": figuur.kamerstuk, "bronadres": figuur.adres}


def exporteer_indicatoren(request, formaat):
    if formaat not in FORMATEN:
        raise Http404(_("Onbekend exportformaat."))
    standen = indicator_query.alle(timezone.localdate())
    if formaat == "json":
        # The same representation as the API, so one parser reads both.
        data = IndicatorSerializer(standen, many=True, context={"request": request}).data
        inhoud = json.dumps(
            {
                "aantal": len(data),
                "bron": request.build_absolute_uri(reverse("indicatoren")),
                "indicatoren": data,
            },
            ensure_ascii=False,
            indent=1,
            # DRF's encoder writes the API's decimals as numbers, as the API does.
            cls=ApiJSONEncoder,
        ).encode("utf-8")
        return _bestand(inhoud, formaat, "indicatoren")
    rijen = [rij for stand in standen for rij in indicator_rijen(request, stand)]
    if formaat == "xlsx":
        inhoud = _xlsx(rijen, INDICATORKOLOMMEN, INDICATORBREEDTES, _("Indicatoren"))
    else:
        inhoud = _csv(rijen, excel_nl=formaat == "nl.csv", kolommen=INDICATORKOLOMMEN)
    return _bestand(inhoud, formaat, "indicatoren")
