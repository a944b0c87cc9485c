"""Public pages: overview, action list, action page, theme pages and the accessibility statement.

Anonymous visitors see published data only: texts of closed (vastgesteld) rounds, never drafts.
"""

import re

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Count, Prefetch, Q, Window
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from pokvolg.verschil import woordverschil
from rapportage.models import NIEUWSTE_EERST, Rapportage, Voortgang

from . import zoeken
from .filters import ActieFilter, met_stand
from .models import Actie, ActieMinisterie, ActieMotie, Rol, Status, Thema

PER_PAGINA = 50
MAX_PAGINA = 1_000_000


class OngeldigePagina(ValueError):
    pass


def pagina_nummer(request):
    """The requested page number; anything but one positive whole number is refused, not guessed."""
    waarden = request.GET.getlist("page")
    if not waarden:
        return 1
    if len(set(waarden)) > 1 or not re.fullmatch(r"[0-9]{1,7}", waarden[0]):
        raise OngeldigePagina(waarden[0])
    nummer = int(waarden[0])
    if not 1 <= nummer <= MAX_PAGINA:
        raise OngeldigePagina(waarden[0])
    return nummer


def pagineer(request, queryset):
    """(page, error message, http status): a page of the queryset, or an empty result with a reason.

    The total comes along with the rows as a window count, so a page costs one query instead of a
    count that repeats the whole filter (and search) and then the query for the rows.
    """
    try:
        nummer = pagina_nummer(request)
    except OngeldigePagina:
        return None, _("Het paginanummer is ongeldig: gebruik een positief geheel getal."), 400
    begin = (nummer - 1) * PER_PAGINA
    rijen = list(queryset.annotate(totaal_aantal=Window(Count("pk")))[begin : begin + PER_PAGINA])
    paginator = Paginator(queryset, PER_PAGINA)
    if rijen:
        paginator.count = rijen[0].totaal_aantal
    elif nummer == 1:
        paginator.count = 0
    if not rijen and nummer > 1:
        return None, _("Pagina %(nummer)s bestaat niet; er zijn %(aantal)s pagina's.") % {
            "nummer": nummer,
            "aantal": paginator.num_pages,
        }, 404
    return Page(rijen, nummer, paginator), None, 200


def status_verdeling(rijen):
    """Segments of a stacked bar from (status, count) pairs, in the fixed order of Status."""
    aantallen = dict(rijen)
    totaal = sum(aantallen.values())
    segmenten, begin = [], 0.0
    for status in Status:
        aantal = aantallen.get(status.value, 0)
        procent = 100 * aantal / totaal if totaal else 0
        segmenten.append(
            {
                "status": status.value,
                "label": status.label,
                "aantal": aantal,
                "procent": procent,
                "begin": begin,
            }
        )
        begin += procent
    return {"totaal": totaal, "segmenten": segmenten}


def _verdeling_per_hoofdthema(acties):
    hoofdthemas = list(Thema.objects.filter(hoofdthema__isnull=True))
    per_thema = {}
    for rij in (
        acties.annotate(hoofd=Coalesce("thema__hoofdthema_id", "thema_id"))
        .values("hoofd", "status")
        .annotate(aantal=Count("pk"))
        .order_by()
    ):
        per_thema.setdefault(rij["hoofd"], []).append((rij["status"], rij["aantal"]))
    return [{"thema": t, **status_verdeling(per_thema.get(t.pk, []))} for t in hoofdthemas]


def home(request):
    per_thema = _verdeling_per_hoofdthema(Actie.objects.all())
    totaal = status_verdeling(Actie.objects.values_list("status").annotate(aantal=Count("pk")).order_by())
    context = {
        "per_thema": per_thema,
        "totaal": totaal,
        "statussen": Status,
        "laatste_rapportage": Rapportage.objects.vastgesteld().first(),
        "recent": Actie.objects.select_related("thema__hoofdthema").order_by("-gewijzigd_op", "nummer")[:10],
    }
    return render(request, "home.html", context)


def actie_lijst(request):
    filterset = ActieFilter(request.GET, queryset=Actie.objects.all())
    context = {"filter": filterset, "pagina": None, "fout": None, "aantal": 0}
    status = 200
    if not filterset.is_valid():
        context["fout"] = _("Een of meer filters zijn ongeldig; er worden geen acties getoond.")
        status = 400
    else:
        q = filterset.zoekterm
        acties = met_stand(filterset.qs.met_relaties(), filterset.gekozen_rapportage)
        if q:
            acties = zoeken.met_markeringen(acties, q, "stand_tekst")
        pagina, fout, status = pagineer(request, acties)
        context |= {
            "pagina": pagina,
            "fout": fout,
            "zoekterm": q,
            "rapportage": filterset.gekozen_rapportage,
            "aantal": pagina.paginator.count if pagina else 0,
        }
    return render(request, "acties/lijst.html", context, status=status)


def _tijdlijn(actie):
    voortgang = list(
        Voortgang.objects.gepubliceerd()
        .filter(actie=actie)
        .select_related("rapportage", "gedeeld_met__actie")
        .prefetch_related(Prefetch("delers", queryset=Voortgang.objects.select_related("actie")))
        .order_by(*NIEUWSTE_EERST)
    )
    tijdlijn = []
    for i, v in enumerate(voortgang):
        vorige = voortgang[i + 1] if i + 1 < len(voortgang) else None
        verschil = None
        if vorige is not None and vorige.tekst != v.tekst:
            verschil = woordverschil(vorige.tekst, v.tekst)
        tijdlijn.append({"voortgang": v, "vorige": vorige, "verschil": verschil})
    return tijdlijn


def _gebeurtenis(record, wat, wijzigingen=()):
    return {
        "datum": record.history_date,
        "wie": record.history_user,
        "reden": record.history_change_reason or "",
        "wat": wat,
        "wijzigingen": list(wijzigingen),
    }


def _actie_wijzigingen(actie):
    themas = dict(Thema.objects.values_list("pk", "naam"))
    labels = {
        "omschrijving": _("Omschrijving"),
        "thema": _("Thema"),
        "status": _("Status"),
        "nummer": _("Nummer"),
    }
    waarde = {
        "thema": lambda pk: themas.get(pk, "?"),
        "status": lambda s: Status(s).label if s in Status.values else s,
    }
    gebeurtenissen, vorige = [], None
    for record in actie.history.select_related("history_user").order_by("history_date", "history_id"):
        if vorige is None:
            gebeurtenissen.append(_gebeurtenis(record, _("Actie opgenomen")))
        else:
            wijzigingen = []
            delta = record.diff_against(vorige, excluded_fields=["gewijzigd_op"])
            for change in delta.changes:
                if change.field not in labels:
                    continue
                omzetten = waarde.get(change.field, str)
                oud, nieuw = omzetten(change.old), omzetten(change.new)
                wijzigingen.append(
                    {
                        "veld": labels[change.field],
                        "oud": oud,
                        "nieuw": nieuw,
                        "verschil": woordverschil(oud, nieuw) if change.field == "omschrijving" else None,
                    }
                )
            if wijzigingen:
                gebeurtenissen.append(_gebeurtenis(record, _("Actie gewijzigd"), wijzigingen))
        vorige = record
    return gebeurtenissen


def _koppeling_wijzigingen(records, beschrijf):
    """Events for link records (ministries, motions); `beschrijf(record, vorige)` says what happened."""
    gebeurtenissen, vorige_per_link = [], {}
    for record in records:
        vorige = vorige_per_link.get(record.id)
        wat = beschrijf(record, vorige)
        if wat:
            gebeurtenissen.append(_gebeurtenis(record, wat))
        vorige_per_link[record.id] = record
    return gebeurtenissen


def _ministerie_wijziging(record, vorige):
    naam = record.ministerie.afkorting if record.ministerie else "?"
    rol = Rol(record.rol).label
    if record.history_type == "+":
        return _("Ministerie %(naam)s toegevoegd (%(rol)s)") % {"naam": naam, "rol": rol}
    if record.history_type == "-":
        return _("Ministerie %(naam)s verwijderd") % {"naam": naam}
    if vorige is not None and vorige.rol != record.rol:
        return _("Rol van %(naam)s: %(oud)s → %(nieuw)s") % {
            "naam": naam,
            "oud": Rol(vorige.rol).label,
            "nieuw": rol,
        }
    return ""


def _motie_wijziging(record, vorige):
    motie = record.motie.sleutel if record.motie else "?"
    deel = record.deel or _("geheel")
    if record.history_type == "+":
        return _("Motie %(motie)s gekoppeld (deel: %(deel)s)") % {"motie": motie, "deel": deel}
    if record.history_type == "-":
        return _("Motie %(motie)s ontkoppeld") % {"motie": motie}
    if vorige is not None and vorige.deel != record.deel:
        return _("Deel van motie %(motie)s: %(oud)s → %(nieuw)s") % {
            "motie": motie,
            "oud": vorige.deel or _("geheel"),
            "nieuw": deel,
        }
    return ""


def actie_geschiedenis(actie):
    """Every recorded change of the action and its ministry and motion links, newest first."""
    gebeurtenissen = _actie_wijzigingen(actie)
    gebeurtenissen += _koppeling_wijzigingen(
        ActieMinisterie.history.filter(actie_id=actie.pk)
        .select_related("ministerie", "history_user")
        .order_by("history_date", "history_id"),
        _ministerie_wijziging,
    )
    gebeurtenissen += _koppeling_wijzigingen(
        ActieMotie.history.filter(actie_id=actie.pk)
        .select_related("motie", "history_user")
        .order_by("history_date", "history_id"),
        _motie_wijziging,
    )
    return sorted(gebeurtenissen, key=lambda g: g["datum"], reverse=True)


def actie_detail(request, nummer):
    actie = get_object_or_404(Actie.objects.met_relaties(), nummer=nummer)
    tijdlijn = _tijdlijn(actie)
    context = {
        "actie": actie,
        "tijdlijn": tijdlijn,
        "huidig": tijdlijn[0]["voortgang"] if tijdlijn else None,
        "geschiedenis": actie_geschiedenis(actie),
    }
    return render(request, "acties/actie.html", context)


def thema_lijst(request):
    context = {
        "per_thema": _verdeling_per_hoofdthema(Actie.objects.all()),
        "subthemas": Thema.objects.filter(hoofdthema__isnull=False).annotate(aantal=Count("acties")),
    }
    return render(request, "themas/lijst.html", context)


def thema_detail(request, slug):
    thema = get_object_or_404(Thema.objects.select_related("hoofdthema"), slug=slug)
    acties = Actie.objects.filter(Q(thema=thema) | Q(thema__hoofdthema=thema))
    verdeling = status_verdeling(acties.values_list("status").annotate(aantal=Count("pk")).order_by())
    pagina, fout, status = pagineer(
        request, met_stand(acties.met_relaties()).order_by("thema__volgorde", "nummer")
    )
    if status == 404:
        raise Http404(fout)
    context = {
        "thema": thema,
        "subthemas": thema.subthemas.annotate(aantal=Count("acties")),
        "verdeling": verdeling,
        "pagina": pagina,
        "fout": fout,
    }
    return render(request, "themas/thema.html", context, status=status)


def toegankelijkheid(request):
    return render(request, "toegankelijkheid.html", {"contact": settings.CONTACT_EMAIL})
