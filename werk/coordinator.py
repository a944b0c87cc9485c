"""A coordinator's round: Mijn acties with its filters and search, submitting many texts at once, and
between rounds their actions with target dates and evidence.

Every step goes through rapportage.ronde; who may do what is decided in rapportage.rechten.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import BooleanField, ExpressionWrapper, Prefetch, Q
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from acties.models import Actie, Status, Thema
from lib.invoer import geheel_getal
from rapportage import rechten, tekststappen
from rapportage.models import Rapportage, Rondeplanning, Vindplaats, Voortgang

from .algemeen import dagen_tot, met_ministeries

GEWIJZIGD = {"ja": _l("gewijzigd"), "nee": _l("ongewijzigd (overgenomen uit de vorige ronde)")}


def filter_uit(params, themas):
    """The filters of Mijn acties as chosen in the query string; anything unknown is ignored."""
    gekozen = {"q": (params.get("q") or "").strip()[:100], "status": "", "toestand": "", "gewijzigd": ""}
    gekozen["thema"] = params.get("thema", "") if params.get("thema", "") in themas else ""
    gekozen["over_tijd"] = "ja" if params.get("over_tijd") == "ja" else ""
    if params.get("status", "") in Status.values:
        gekozen["status"] = params["status"]
    if params.get("toestand", "") in Voortgang.Toestand.values:
        gekozen["toestand"] = params["toestand"]
    if params.get("gewijzigd", "") in GEWIJZIGD:
        gekozen["gewijzigd"] = params["gewijzigd"]
    return gekozen


def _zoek(gekozen, veld="", tekst=False):
    """The search and the theme filter on an action (`veld` is the path to it) as one Q; with `tekst` the
    search also looks in the round's text."""
    q = Q()
    if gekozen["q"]:
        woord = gekozen["q"]
        gevonden = Q(**{f"{veld}omschrijving__icontains": woord}) | Q(
            **{f"{veld}thema__naam__icontains": woord}
        )
        if tekst:
            gevonden |= Q(tekst__icontains=woord)
        if (nummer := geheel_getal(woord)) is not None:
            gevonden |= Q(**{f"{veld}nummer": nummer})
        q &= gevonden
    if gekozen["thema"]:
        slug = gekozen["thema"]
        q &= Q(**{f"{veld}thema__slug": slug}) | Q(**{f"{veld}thema__hoofdthema__slug": slug})
    return q


def filter_teksten(teksten, gekozen):
    """A round's texts as the filters of Mijn acties choose them."""
    teksten = teksten.filter(_zoek(gekozen, "actie__", tekst=True))
    if gekozen["status"]:
        teksten = teksten.filter(status=gekozen["status"])
    if gekozen["toestand"]:
        teksten = teksten.filter(toestand=gekozen["toestand"])
    if gekozen["gewijzigd"] == "ja":
        teksten = teksten.exclude(Voortgang.ONAANGEROERD)
    elif gekozen["gewijzigd"] == "nee":
        teksten = teksten.onaangeroerd()
    if gekozen["over_tijd"]:
        teksten = teksten.filter(actie__in=Actie.objects.over_tijd(timezone.localdate()))
    return teksten


def _themas():
    return {t.slug: t.naam for t in Thema.objects.filter(hoofdthema__isnull=True).order_by("volgorde")}


def _filtercontext(gekozen, themas):
    return {
        "gekozen": gekozen,
        "gefilterd": any(gekozen.values()),
        "filter_query": urlencode({k: v for k, v in gekozen.items() if v}),
        "themas": list(themas.items()),
        "statussen": Status.choices,
        "toestanden": Voortgang.Toestand.choices,
        "gewijzigd_keuzes": list(GEWIJZIGD.items()),
    }


@rechten.werk_vereist
@require_safe
def mijn_acties(request):
    """The open round's texts for the user's ministries (all texts for the redactie), to-do first, with
    filters and search; between rounds the user's actions with their target dates and evidence."""
    rapportage = Rapportage.objects.lopend().first()
    themas = _themas()
    gekozen = filter_uit(request.GET, themas)
    context = {
        "rapportage": rapportage,
        "ministeries": list(rechten.ministeries_van(request.user)),
        "rappel_open": rechten.te_beantwoorden_rappelpunten(request.user).count(),
        **_filtercontext(gekozen, themas),
    }
    if rapportage is None:
        return _tussen_rondes(request, gekozen, context)
    alle = rechten.zichtbare_voortgang(request.user).filter(rapportage=rapportage)
    teksten = list(met_ministeries(filter_teksten(alle, gekozen)))
    bewerkbaar = set(
        rechten.bewerkbare_voortgang(request.user).filter(rapportage=rapportage).values_list("pk", flat=True)
    )
    intrekbaar = set(
        rechten.intrekbare_voortgang(request.user).filter(rapportage=rapportage).values_list("pk", flat=True)
    )
    # One query for both: which texts may be submitted, and which of those are unchanged.
    indienbaar = dict(
        rechten.indienbare_voortgang(request.user)
        .filter(rapportage=rapportage)
        .annotate(ongewijzigd=ExpressionWrapper(Voortgang.ONAANGEROERD, output_field=BooleanField()))
        .values_list("pk", "ongewijzigd")
    )
    for v in teksten:
        v.bewerkbaar = v.pk in bewerkbaar
        v.intrekbaar = v.pk in intrekbaar
        v.indienbaar = v.pk in indienbaar
    # Returned texts first: the redactie waits for them.
    te_doen = sorted(
        (v for v in teksten if v.toestand in Voortgang.BIJ_COORDINATOR),
        key=lambda v: v.toestand != Voortgang.Toestand.TERUGGESTUURD,
    )
    context |= {
        "te_doen": te_doen,
        "klaar": [v for v in teksten if v.toestand not in Voortgang.BIJ_COORDINATOR],
        "aantal": alle.count() if context["gefilterd"] else len(teksten),
        "getoond": len(teksten),
        "dagen_tot_deadline": dagen_tot(rapportage.deadline),
        "teruggestuurd": sum(v.toestand == Voortgang.Toestand.TERUGGESTUURD for v in te_doen),
        "indienbaar": sum(v.indienbaar for v in te_doen),
        "ongewijzigd_indienbaar": sum(indienbaar.values()),
    }
    return render(request, "werk/mijn_acties.html", context)


def _tussen_rondes(request, gekozen, context):
    """No round running: the user's actions with their target dates and evidence, and the latest round."""
    acties = rechten.zichtbare_acties(request.user).filter(_zoek(gekozen))
    if gekozen["status"]:
        acties = acties.filter(status=gekozen["status"])
    if gekozen["over_tijd"]:
        acties = acties.over_tijd(timezone.localdate())
    acties = acties.met_relaties().prefetch_related(
        Prefetch("vindplaatsen", queryset=Vindplaats.objects.order_by("pk"), to_attr="alle_vindplaatsen")
    )
    context |= {
        "acties": list(acties.order_by("nummer")),
        "vorige_ronde": Rapportage.objects.filter(toestand=Rapportage.Toestand.VASTGESTELD)
        .order_by("-peildatum", "-pk")
        .first(),
        "planning": Rondeplanning.objects.first(),
        "vandaag": timezone.localdate(),
    }
    return render(request, "werk/mijn_acties.html", context)


@rechten.werk_vereist
@require_http_methods(["GET", "POST"])
def indienen_meerdere(request):
    """Submit many texts at once: the ticked ones, or all unchanged ones. One confirmation page lists
    them first; submitting goes through rapportage.tekststappen.dien_in_meerdere."""
    rapportage = Rapportage.objects.lopend().first()
    gegevens = request.POST if request.method == "POST" else request.GET
    kandidaten = rechten.indienbare_voortgang(request.user).filter(rapportage=rapportage)
    if gegevens.get("ongewijzigd"):
        kandidaten = kandidaten.onaangeroerd()
    else:
        gekozen = [pk for pk in map(geheel_getal, gegevens.getlist("tekst")) if pk is not None]
        kandidaten = kandidaten.filter(pk__in=gekozen)
    teksten = list(kandidaten.select_related("actie").order_by("actie__nummer"))
    if request.method == "POST" and teksten:
        ingediend = tekststappen.dien_in_meerdere(rapportage, [v.pk for v in teksten], request.user)
        messages.success(
            request,
            ngettext(
                "%(n)s tekst is ingediend: actie %(nummers)s.",
                "%(n)s teksten zijn ingediend: acties %(nummers)s.",
                len(ingediend),
            )
            % {"n": len(ingediend), "nummers": ", ".join(str(v.actie.nummer) for v in ingediend)},
        )
        return redirect("werk:mijn_acties")
    if request.method == "POST":
        messages.info(request, _("Er waren geen teksten om in te dienen."))
        return redirect("werk:mijn_acties")
    return render(
        request,
        "werk/indienen_meerdere.html",
        {"rapportage": rapportage, "teksten": teksten, "ongewijzigd": bool(gegevens.get("ongewijzigd"))},
    )
