"""Figures over time at /cijfers/: the status per theme and per lead ministry, and how many actions were
afgerond in each closed round, overall, per theme and per lead ministry. Every chart is an inline SVG
beside a table with the same numbers; lib.grafiek does the arithmetic. Seven queries, however many
actions and rounds there are.

Not here (yet): how many actions are past their target date. Actions have no target date (streefdatum)
yet; once they have, an "over tijd" count belongs beside the status figures.
"""

from django.db.models import Count, F, Q
from django.db.models.functions import Coalesce
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from acties.models import Actie, ActieMinisterie, Ministerie, Rol, Status, Thema
from lib.grafiek import BREEDTE, gestapelde_balken, kolommen
from rapportage.models import Rapportage, Voortgang

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


def _afgerond_per_ronde(rondes):
    """Per closed round its number of texts and of texts afgerond; and the latter per main theme and per
    lead ministry (by today's links: {(group pk or None, round pk): n})."""
    teksten = Voortgang.objects.gepubliceerd()
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


def _trendtabel(groepen, afgerond, rondes):
    """Rows of a trend table: per group the number afgerond in each round, and a small chart of it."""
    rijen = []
    for sleutel, label, url in groepen:
        waarden = [afgerond.get((sleutel, r.pk), 0) for r in rondes]
        reeks = [(r.titel, w) for r, w in zip(rondes, waarden, strict=True)]
        rijen.append({"label": label, "url": url, "waarden": waarden, "grafiek": kolommen(reeks, **KLEIN)})
    return rijen


def cijfers(request):
    rondes = list(Rapportage.objects.vastgesteld().order_by("peildatum", "pk"))
    themas = [(t.pk, t.naam, t.get_absolute_url()) for t in Thema.objects.filter(hoofdthema__isnull=True)]
    ministeries = [
        (m.pk, m.keuzelabel, m.get_absolute_url())
        for m in Ministerie.objects.filter(actieministeries__rol=EERST).distinct().order_by("naam")
    ]
    status_thema, status_ministerie = _status_per_groep()
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
        "rondes": ronderijen,
        "trend": kolommen(((r["label"], r["afgerond"]) for r in ronderijen), min_breedte=BREEDTE),
        "trend_per_thema": _trendtabel(themas, afgerond_thema, rondes),
        "trend_per_ministerie": _trendtabel(ministeries, afgerond_ministerie, rondes),
    }
    return render(request, "cijfers/cijfers.html", context)
