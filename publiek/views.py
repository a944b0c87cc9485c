"""Public pages: overview, actions, themes, motions, rounds and the accessibility statement.

Anonymous visitors see published data only: texts of closed (vastgesteld) rounds, never drafts.
"""

from django.conf import settings
from django.db.models import Count, Prefetch, Q
from django.db.models.functions import Coalesce
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from acties.models import Actie, ActieMinisterie, ActieOpdracht, Opvolging, Status, Thema, status_verdeling
from lib.geschiedenis import Herkomst, versies
from lib.tekst import zelfde_tekst
from lib.verschil import woordverschil
from openbaar import query, zoeken
from openbaar.filters import ActieFilter
from openbaar.opvolging import voeg_opvolging_toe
from openbaar.paginering import pagineer
from openbaar.query import met_stand, met_verantwoording
from rapportage import afronding
from rapportage.models import NIEUWSTE_EERST, Afronding, GepubliceerdeTekst, Rapportage

from .kaarten import voor_kaarten


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
        "laatste_rapportage": query.laatste_ronde(),
        "recent": Actie.objects.select_related("thema__hoofdthema").order_by("-gewijzigd_op", "nummer")[:10],
    }
    return render(request, "home.html", context)


def actie_lijst(request):
    filterset = ActieFilter(request.GET, queryset=Actie.objects.all())
    context = {
        "filter": filterset,
        "velden": [(veld, filterset.opties_html(veld)) for veld in filterset.form],
        "pagina": None,
        "fout": None,
        "aantal": 0,
    }
    status = 200
    if not filterset.is_valid():
        context["fout"] = _("Een of meer filters zijn ongeldig; er worden geen acties getoond.")
        status = 400
    else:
        q = filterset.zoekterm

        def met_gegevens(acties):
            acties = met_stand(voor_kaarten(acties), filterset.gekozen_rapportage)
            return zoeken.met_markeringen(acties, q, "stand_tekst") if q else acties

        pagina, fout, status = pagineer(request, filterset.qs, met_gegevens)
        context |= {
            "pagina": pagina,
            "fout": fout,
            "zoekterm": q,
            "rapportage": filterset.gekozen_rapportage,
            "aantal": pagina.paginator.count if pagina else 0,
            # Only with a search: the list without one stays as fast as it was.
            "in_register": zoeken.in_register(q) if q else [],
        }
    return render(request, "acties/lijst.html", context, status=status)


def _tijdlijn(actie):
    gepubliceerd = list(
        query.teksten()
        .filter(actie=actie)
        .select_related("rapportage", "gedeeld_met__actie")
        .prefetch_related(
            Prefetch("delers", queryset=GepubliceerdeTekst.objects.select_related("actie")),
            Prefetch(
                "voortgang__vindplaatsen", queryset=query.vindplaatsen(), to_attr="openbare_vindplaatsen"
            ),
        )
        .order_by(*NIEUWSTE_EERST)
    )
    correcties = query.correcties_van_actie(actie)
    tijdlijn = []
    for i, v in enumerate(gepubliceerd):
        vorige = gepubliceerd[i + 1] if i + 1 < len(gepubliceerd) else None
        verschil = None
        if vorige is not None and not zelfde_tekst(vorige.tekst, v.tekst):
            verschil = woordverschil(vorige.tekst, v.tekst)
        tijdlijn.append(
            {
                "voortgang": v,
                "vorige": vorige,
                "verschil": verschil,
                "vindplaatsen": v.voortgang.openbare_vindplaatsen if v.voortgang else [],
                "correcties": correcties.get(v.rapportage_id, []),
            }
        )
    return tijdlijn


def ronde_herkomst():
    """The round each change came from, for readers who may not see the change reason itself.

    A round's steps write its reason on the round and on every action they change: loading an annex
    ("Geladen uit …") and closing ("Vastgesteld door …") the same reason, reopening its own one on the
    actions (older data: reopening no longer changes actions). The round's newest record says whether it
    is public now: published at least once."""
    stappen, laatste = [], {}
    for record in Rapportage.history.only(
        "id", "titel", "publicatieversie", "history_type", "history_date", "history_change_reason"
    ).order_by("history_date", "history_id"):
        laatste[record.id] = record
        ronde = {"pk": record.id, "titel": record.titel, "heropend": False}
        stappen.append((record.history_change_reason, record.history_date, ronde))
        heropend = _("Ronde %(titel)s heropend") % {"titel": record.titel}
        stappen.append((heropend, record.history_date, {**ronde, "heropend": True}))
    openbaar = {pk for pk, r in laatste.items() if r.history_type != "-" and r.publicatieversie > 0}
    for _reden, _moment, ronde in stappen:
        ronde["url"] = reverse("rapportage", args=[ronde["pk"]]) if ronde["pk"] in openbaar else ""
    return Herkomst(stappen)


def actie_geschiedenis(actie):
    """Every recorded change of the action, of its ministry and motion links and of its lineage, newest
    first, each with the round it came from (see ronde_herkomst).

    `actie` comes with its relations loaded (met_relaties), and the lineage's records with both their
    actions, so naming them costs no query."""
    opvolging = list(
        Opvolging.history.filter(Q(van_id=actie.pk) | Q(naar_id=actie.pk)).select_related(
            "history_user", "van", "naar"
        )
    )
    bekend = [
        actie.thema,
        *(link.ministerie for link in actie.actieministeries.all()),
        *(link.opdracht for link in actie.actieopdrachten.all()),
        *(a for record in opvolging for a in (record.van, record.naar) if a is not None),
    ]
    records = [
        *actie.history.select_related("history_user"),
        *ActieMinisterie.history.filter(actie_id=actie.pk).select_related("history_user"),
        *ActieOpdracht.history.filter(actie_id=actie.pk).select_related("history_user"),
        *opvolging,
        *Afronding.history.filter(actie_id=actie.pk).select_related("history_user"),
    ]
    herkomst = ronde_herkomst() if any(r.history_change_reason for r in records) else None
    return versies(records, bekend, herkomst)


def actie_detail(request, nummer):
    actie = get_object_or_404(met_verantwoording(Actie.objects.met_relaties()), nummer=nummer)
    voeg_opvolging_toe([actie])
    tijdlijn = _tijdlijn(actie)
    context = {
        "actie": actie,
        "vandaag": timezone.localdate(),
        "tijdlijn": tijdlijn,
        "huidig": tijdlijn[0]["voortgang"] if tijdlijn else None,
        "geschiedenis": actie_geschiedenis(actie),
        "afronding": afronding.huidige(actie),
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
        request, met_stand(voor_kaarten(acties)).order_by("thema__volgorde", "nummer")
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


def rapportage_lijst(request):
    rapportages = query.rondes_met_gegevens()
    return render(request, "rapportage/lijst.html", {"rapportages": rapportages})


def rapportage_detail(request, pk):
    # A round under correction keeps its page, texts, statuses and annex as last published.
    rapportage = get_object_or_404(query.rondes(), pk=pk)
    verdeling = status_verdeling(
        query.teksten().filter(rapportage=rapportage).values_list("status").annotate(n=Count("pk")).order_by()
    )
    publicaties = list(
        rapportage.publicaties.select_related("door").prefetch_related("bijlagen").order_by("-versie")
    )
    context = {
        "rapportage": rapportage,
        "publicatie": publicaties[0],
        "eerdere": publicaties[1:],
        "verdeling": verdeling,
        "vorige": rapportage.vorige(),
    }
    return render(request, "rapportage/rapportage.html", context)
