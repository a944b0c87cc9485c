"""Figures over time at /cijfers/: the status per theme and per lead ministry, how many actions are over
tijd today per theme and per lead ministry, and how many were afgerond in each closed round, overall, per
theme and per lead ministry. Every chart is an inline SVG above a table with the same numbers;
lib.grafiek does the arithmetic. Below them, the motions per standing and how many have a part no action
carries out, and the indicators per verdict. Eleven queries (thirteen once there are indicators), however
many actions, motions, indicators and rounds there are.

"Over tijd" is counted on today (timezone.localdate()), not on the round's peildatum: a target date
passes whether or not a round has been closed since. The rule itself is ActieQuerySet.over_tijd. The
annex of June 2021 names no target dates; until one is set the page says so rather than show zeros.
"""

from django.db.models import Count, F, FilteredRelation, Q
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from acties.models import Actie, ActieMinisterie, Ministerie, Rol, Status, Thema
from indicatoren import query as indicatorquery
from lib import prognose
from lib.grafiek import BREEDTE, gestapelde_balken, kolommen
from moties.models import Opdracht, Stand
from openbaar import opdrachten, query

# The small column chart in each row of a trend table: no labels, the row's cells carry the numbers.
KLEIN = {"hoogte": 24, "slot": 12, "met_labels": False}
EERST = Rol.EERSTVERANTWOORDELIJK


def _status_per_groep():
    """{(main theme pk, status): n} and {(lead ministry pk or None, status): n} of the actions now."""
    per_thema = {
        (r["hoofd"], r["status"]): r["aantal"]
        for r in Actie.objects.annotate(hoofd=Coalesce("thema__hoofdthema_id", "thema_id"))
        .values("hoofd", "status")
        .annotate(aantal=Count("pk"))
        .order_by()
    }
    per_ministerie = {
        (r["ministerie_id"], r["actie__status"]): r["aantal"]
        for r in ActieMinisterie.objects.filter(rol=EERST)
        .values("ministerie_id", "actie__status")
        .annotate(aantal=Count("pk"))
        .order_by()
    }
    # An action has at most one lead ministry: what is left of each status has none.
    for s in Status:
        rest = sum(n for (_t, st), n in per_thema.items() if st == s) - sum(
            n for (_m, st), n in per_ministerie.items() if st == s
        )
        if rest:
            per_ministerie[(None, s.value)] = rest
    return per_thema, per_ministerie


def _over_tijd_per_groep(vandaag):
    """{main theme pk: (over tijd, with a target date)} and the same per lead ministry pk (None: none).

    One query: grouped by theme and lead ministry together, which an action has at most one of, so
    each action is counted once in each table. Only actions with a target date can be over tijd, and
    their number says whether there is anything to count at all."""
    rijen = (
        Actie.objects.met_streefdatum()
        .annotate(
            hoofd=Coalesce("thema__hoofdthema_id", "thema_id"),
            eerst=FilteredRelation("actieministeries", condition=Q(actieministeries__rol=EERST)),
        )
        .values("hoofd", ministerie=F("eerst__ministerie_id"))
        .annotate(
            met=Count("pk"),
            over=Count("pk", filter=Q(pk__in=Actie.objects.over_tijd(vandaag).values("pk"))),
        )
        .order_by()
    )
    per_thema, per_ministerie = {}, {}
    for r in rijen:
        for per, sleutel in ((per_thema, r["hoofd"]), (per_ministerie, r["ministerie"])):
            over, met = per.get(sleutel, (0, 0))
            per[sleutel] = (over + r["over"], met + r["met"])
    return per_thema, per_ministerie


def _afgerond_per_ronde(rondes):
    """Per closed round its number of texts and of texts afgerond; and the latter per main theme and per
    lead ministry (by today's links: {(group pk or None, round pk): n})."""
    teksten = query.teksten()
    per_thema_rijen = list(
        teksten.values("rapportage_id", hoofd=Coalesce("actie__thema__hoofdthema_id", "actie__thema_id"))
        .annotate(aantal=Count("pk"), afgerond=Count("pk", filter=Q(status=Status.AFGEROND)))
        .order_by()
    )
    per_ministerie = {
        (r["ministerie"], r["rapportage_id"]): r["aantal"]
        for r in teksten.filter(status=Status.AFGEROND, actie__actieministeries__rol=EERST)
        .values("rapportage_id", ministerie=F("actie__actieministeries__ministerie_id"))
        .annotate(aantal=Count("pk"))
        .order_by()
    }
    per_ronde = {r.pk: {"teksten": 0, "afgerond": 0} for r in rondes}
    per_thema = {}
    for r in per_thema_rijen:
        per_ronde[r["rapportage_id"]]["teksten"] += r["aantal"]
        per_ronde[r["rapportage_id"]]["afgerond"] += r["afgerond"]
        per_thema[(r["hoofd"], r["rapportage_id"])] = r["afgerond"]
    for ronde in rondes:
        rest = per_ronde[ronde.pk]["afgerond"] - sum(
            n for (_m, pk), n in per_ministerie.items() if pk == ronde.pk
        )
        if rest:
            per_ministerie[(None, ronde.pk)] = rest
    return per_ronde, per_thema, per_ministerie


def _statustabel(groepen, aantallen):
    """Rows of a status table, (label, url, a cell per status, total), and the stacked bars of the same."""
    rijen = []
    for sleutel, label, url in groepen:
        cellen = [{"status": s, "aantal": aantallen.get((sleutel, s.value), 0)} for s in Status]
        rijen.append(
            {"label": label, "url": url, "cellen": cellen, "totaal": sum(c["aantal"] for c in cellen)}
        )
    balken = gestapelde_balken(
        (r["label"], [(c["status"].value, c["status"].label, c["aantal"]) for c in r["cellen"]])
        for r in rijen
    )
    return {"rijen": rijen, "grafiek": balken}


def _over_tijd_tabel(groepen, aantallen, **teksten):
    """Rows of an over-tijd table, (label, url, over tijd, with a target date), and bars of the first.

    The bars have one part: their length and the number after them are the count, so no colour
    has to say what is over tijd."""
    rijen = []
    for sleutel, label, url in groepen:
        over, met = aantallen.get(sleutel, (0, 0))
        rijen.append({"label": label, "url": url, "over_tijd": over, "met_streefdatum": met})
    balken = gestapelde_balken((r["label"], [("over tijd", _("over tijd"), r["over_tijd"])]) for r in rijen)
    return {"rijen": rijen, "grafiek": balken, **teksten}


def _trendtabel(groepen, afgerond, rondes):
    """Rows of a trend table: per group the number afgerond in each round, and a small chart of it."""
    rijen = []
    for sleutel, label, url in groepen:
        waarden = [afgerond.get((sleutel, r.pk), 0) for r in rondes]
        reeks = [(r.titel, w) for r, w in zip(rondes, waarden, strict=True)]
        rijen.append({"label": label, "url": url, "waarden": waarden, "grafiek": kolommen(reeks, **KLEIN)})
    return rijen


def _moties():
    """The motions per standing, each with the link to that selection of /moties/, and how many have a
    part no action carries out."""
    per_stand = dict(Opdracht.objects.moties().values_list("stand").annotate(n=Count("pk")).order_by())
    lijst = reverse("moties")
    rijen = [
        {
            "label": label,
            "aantal": per_stand.get(Stand.uit_parameter(waarde), 0),
            "url": f"{lijst}?stand={waarde}",
        }
        for waarde, label in Stand.parameters()
    ]
    return {
        "rijen": rijen,
        "totaal": sum(per_stand.values()),
        "zonder_actie": Opdracht.objects.moties().met_aantallen().zonder_actie().count(),
        "zonder_actie_url": f"{lijst}?geen_actie=1",
    }


# How the verdicts on indicators read in the summary, in the order a reader asks: behind, on schedule, done.
OORDELEN = [
    (prognose.Soort.ACHTER, _lazy("achter op schema")),
    (prognose.Soort.NIET_GEHAALD, _lazy("doel niet gehaald")),
    (prognose.Soort.VERSTREKEN, _lazy("doeldatum verstreken zonder meting")),
    (prognose.Soort.OP_SCHEMA, _lazy("op schema")),
    (prognose.Soort.GEHAALD, _lazy("doel gehaald")),
    (prognose.Soort.TE_LAAT_GEHAALD, _lazy("doel te laat gehaald")),
    (prognose.Soort.VERSCHOVEN, _lazy("doel verschoven")),
    (prognose.Soort.ONBEKEND, _lazy("te weinig metingen voor een oordeel")),
]


def _indicatoren(vandaag):
    """How many indicators have each verdict (on their nearest target not yet reached), as on
    /indicatoren/; three queries."""
    standen = indicatorquery.alle(vandaag)
    per_soort = {}
    for stand in standen:
        soort = stand.oordeel.soort if stand.oordeel else None
        per_soort[soort] = per_soort.get(soort, 0) + 1
    rijen = [
        {"label": label, "aantal": per_soort[soort]} for soort, label in OORDELEN if per_soort.get(soort)
    ]
    if per_soort.get(None):
        rijen.append({"label": _("zonder doel"), "aantal": per_soort[None]})
    return {"totaal": len(standen), "rijen": rijen}


def cijfers(request):
    rondes = list(query.rondes().order_by("peildatum", "pk"))
    themas = [(t.pk, t.naam, t.get_absolute_url()) for t in Thema.objects.filter(hoofdthema__isnull=True)]
    ministeries = [
        (m.pk, m.keuzelabel, m.get_absolute_url())
        for m in Ministerie.objects.filter(actieministeries__rol=EERST).distinct().order_by("naam")
    ]
    status_thema, status_ministerie = _status_per_groep()
    vandaag = timezone.localdate()
    over_tijd_thema, over_tijd_ministerie = _over_tijd_per_groep(vandaag)
    per_ronde, afgerond_thema, afgerond_ministerie = _afgerond_per_ronde(rondes)
    if any(m is None for m, _s in status_ministerie) or any(m is None for m, _r in afgerond_ministerie):
        ministeries.append((None, _("Zonder eerstverantwoordelijk ministerie"), ""))
    ronderijen = [
        {"ronde": r, "label": date_format(r.peildatum, "YEAR_MONTH_FORMAT"), **per_ronde[r.pk]}
        for r in rondes
    ]
    context = {
        "laatste_rapportage": rondes[-1] if rondes else None,
        "statussen": Status,
        "per_thema": _statustabel(themas, status_thema),
        "per_ministerie": _statustabel(ministeries, status_ministerie),
        "over_tijd": {
            "peildatum": vandaag,
            "totaal": sum(over for over, _met in over_tijd_thema.values()),
            "met_streefdatum": sum(met for _over, met in over_tijd_thema.values()),
            # Two tables of the same shape, drawn by one loop in the template.
            "tabellen": [
                _over_tijd_tabel(
                    themas,
                    over_tijd_thema,
                    id="over-tijd-thema",
                    kop=_("Over tijd per thema"),
                    groep=_("Thema"),
                    titel=_("Acties over tijd per thema"),
                    grafiektitel=_(
                        "Grafiek: aantal acties over tijd per thema. De cijfers staan in de tabel eronder."
                    ),
                ),
                _over_tijd_tabel(
                    ministeries,
                    over_tijd_ministerie,
                    id="over-tijd-ministerie",
                    kop=_("Over tijd per ministerie"),
                    toelichting=_(
                        "Elke actie telt één keer mee: bij het ministerie dat er nu eerstverantwoordelijk "
                        "voor is."
                    ),
                    groep=_("Ministerie"),
                    titel=_("Acties over tijd per eerstverantwoordelijk ministerie"),
                    grafiektitel=_(
                        "Grafiek: aantal acties over tijd per eerstverantwoordelijk ministerie. De cijfers "
                        "staan in de tabel eronder."
                    ),
                ),
            ],
        },
        "rondes": ronderijen,
        "trend": kolommen(((r["label"], r["afgerond"]) for r in ronderijen), min_breedte=BREEDTE),
        "trend_per_thema": _trendtabel(themas, afgerond_thema, rondes),
        "trend_per_ministerie": _trendtabel(ministeries, afgerond_ministerie, rondes),
        "moties": _moties(),
        "register": opdrachten.tellingen(vandaag),
        "indicatoren": _indicatoren(vandaag),
    }
    return render(request, "cijfers/cijfers.html", context)
