"""The redactie's board of a round: completeness per ministry, the texts as its filters choose them, and
reviewing them (approve, send back, approve many). Every review step returns to the board as it was: the
same filter, at the next text.

The steps are in rapportage.ronde; who may do them is decided in rapportage.rechten.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from acties.models import ActieMinisterie, Status
from lib.invoer import geheel_getal
from lib.verschil import woordverschil
from rapportage import rechten, ronde, tekststappen
from rapportage.models import Rapportage, Voortgang

from .algemeen import dagen_tot, met_ministeries, terug
from .forms import TerugsturenForm


def _volledigheid(rapportage):
    """Per ministry (lead or involved, as its coordinators see them) the count of texts in each state."""
    te_laat = (
        not rapportage.is_vastgesteld
        and rapportage.deadline is not None
        and rapportage.deadline < timezone.localdate()
    )
    tellingen = (
        Voortgang.objects.filter(rapportage=rapportage)
        .values("actie__actieministeries__ministerie__afkorting")
        .annotate(
            totaal=Count("pk"),
            **{t.value: Count("pk", filter=Q(toestand=t.value)) for t in Voortgang.Toestand},
        )
        .order_by("actie__actieministeries__ministerie__afkorting")
    )
    rijen = []
    for rij in tellingen:
        achter = sum(rij[t] for t in Voortgang.BIJ_COORDINATOR)
        rijen.append(
            {
                "ministerie": rij["actie__actieministeries__ministerie__afkorting"] or _("(geen ministerie)"),
                "totaal": rij["totaal"],
                "concept": rij[Voortgang.Toestand.CONCEPT],
                "ingediend": rij[Voortgang.Toestand.INGEDIEND],
                "teruggestuurd": rij[Voortgang.Toestand.TERUGGESTUURD],
                "goedgekeurd": rij[Voortgang.Toestand.GOEDGEKEURD],
                "te_laat": achter if te_laat else 0,
            }
        )
    return rijen, te_laat


GEWIJZIGD = {"ja": _l("gewijzigd"), "nee": _l("ongewijzigd")}


def _met_vorige(teksten, rapportage):
    """Each text with the text and status of its action in the previous closed round (None if new)."""
    oud = Voortgang.objects.filter(rapportage=rapportage.vorige(), actie=OuterRef("actie"))
    return teksten.annotate(
        vorige_tekst=Subquery(oud.values("tekst")[:1]), vorige_status=Subquery(oud.values("status")[:1])
    )


def _ministeries_in_ronde(rapportage):
    return set(
        ActieMinisterie.objects.filter(actie__voortgang__rapportage=rapportage).values_list(
            "ministerie__afkorting", flat=True
        )
    )


def _bordfilter(params, rapportage, ministeries):
    """The board's texts as its filters choose them (state, ministry, changed since the previous round)."""
    teksten = _met_vorige(rapportage.voortgang.all(), rapportage)
    gekozen = {"toestand": "", "ministerie": "", "gewijzigd": ""}
    if params.get("toestand", "") in Voortgang.Toestand.values:
        gekozen["toestand"] = params["toestand"]
        teksten = teksten.filter(toestand=gekozen["toestand"])
    if params.get("ministerie", "") in ministeries:
        gekozen["ministerie"] = params["ministerie"]
        teksten = teksten.filter(actie__actieministeries__ministerie__afkorting=gekozen["ministerie"])
    anders = Q(vorige_tekst__isnull=True) | ~Q(tekst=F("vorige_tekst")) | ~Q(status=F("vorige_status"))
    if params.get("gewijzigd") == "ja":
        gekozen["gewijzigd"] = "ja"
        teksten = teksten.filter(anders)
    elif params.get("gewijzigd") == "nee":
        gekozen["gewijzigd"] = "nee"
        teksten = teksten.exclude(anders)
    return teksten.distinct(), gekozen


def _bord(request, rondes, rapportage):
    context = {"rondes": rondes, "rapportage": rapportage, "is_redactie": True}
    if rapportage is not None:
        ministeries = _ministeries_in_ronde(rapportage)
        teksten, gekozen = _bordfilter(request.GET, rapportage, ministeries)
        teksten = list(met_ministeries(teksten).prefetch_related("vindplaatsen"))
        # Each review step comes back to this very board (filter and all) at the text after its own.
        pad = request.get_full_path()
        for i, v in enumerate(teksten):
            volgende = teksten[i + 1] if i + 1 < len(teksten) else None
            v.verschil = woordverschil(v.vorige_tekst, v.tekst) if v.vorige_tekst != v.tekst else ""
            v.vorige_status_label = Status(v.vorige_status).label if v.vorige_status else ""
            v.terug = f"{pad}#tekst-{volgende.pk}" if volgende else f"{pad}#teksten"
        context["rijen"], context["te_laat"] = _volledigheid(rapportage)
        context["teksten"] = teksten
        context["gekozen"] = gekozen
        context["filter_query"] = urlencode({k: v for k, v in gekozen.items() if v})
        context["filter_toestand"] = gekozen["toestand"]
        context["toestanden"] = Voortgang.Toestand.choices
        context["ministeries"] = sorted(ministeries)
        context["gewijzigd_keuzes"] = list(GEWIJZIGD.items())
        context["goed_te_keuren"] = sum(
            v.toestand != Voortgang.Toestand.GOEDGEKEURD and not v.gedeeld_met_id for v in teksten
        )
        context["dagen_tot_deadline"] = dagen_tot(rapportage.deadline)
    context["heeft_lopende_ronde"] = any(not r.is_vastgesteld for r in rondes)
    return render(request, "werk/overzicht.html", context)


@rechten.werk_vereist
@require_safe
def overzicht(request):
    """All rounds; for the redactie also the completeness board of the running (or latest) round."""
    rondes = list(Rapportage.objects.all())
    if not rechten.is_redactie(request.user):
        return render(request, "werk/overzicht.html", {"rondes": rondes})
    return _bord(
        request, rondes, next((r for r in rondes if not r.is_vastgesteld), rondes[0] if rondes else None)
    )


@rechten.redactie_vereist
@require_safe
def ronde_bord(request, pk):
    """The completeness board of one round."""
    rapportage = get_object_or_404(Rapportage, pk=pk)
    return _bord(request, list(Rapportage.objects.all()), rapportage)


@rechten.redactie_vereist
@require_POST
def goedkeuren(request, pk):
    voortgang = rechten.voortgang_voor_gebruiker(request, pk)
    voortgang, gewijzigd = tekststappen.keur_goed(voortgang, request.user)
    if gewijzigd:
        messages.success(
            request, _("De tekst van actie %(nummer)s is goedgekeurd.") % {"nummer": voortgang.actie.nummer}
        )
    return redirect(terug(request, voortgang))


@rechten.redactie_vereist
@require_http_methods(["GET", "POST"])
def terugsturen(request, pk):
    voortgang = rechten.bewerkbare_voortgang_voor_gebruiker(request, pk)
    form = TerugsturenForm(request.POST or None, initial={"opmerking": voortgang.opmerking})
    if request.method == "POST" and form.is_valid():
        try:
            voortgang, _gewijzigd = tekststappen.stuur_terug(
                voortgang, request.user, form.cleaned_data["opmerking"]
            )
        except ronde.RondeFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(
                request,
                _("De tekst van actie %(nummer)s is teruggestuurd naar de coördinator.")
                % {"nummer": voortgang.actie.nummer},
            )
            return redirect(terug(request, voortgang))
    return render(
        request,
        "werk/terugsturen.html",
        {"voortgang": voortgang, "form": form, "terug": terug(request, voortgang)},
    )


def _bord_adres(rapportage, params) -> str:
    """The board at its list of texts, with the filters `params` carry (the board itself ignores a value
    it does not know)."""
    filters = {k: params[k] for k in ("toestand", "ministerie", "gewijzigd") if params.get(k)}
    return (
        reverse("werk:ronde", args=[rapportage.pk])
        + (f"?{urlencode(filters)}" if filters else "")
        + "#teksten"
    )


@rechten.redactie_vereist
@require_http_methods(["GET", "POST"])
def goedkeuren_meerdere(request, pk):
    """Approve many texts at once: the board's selection (or everything its filter shows) is confirmed here
    first, so a single click never approves a hundred texts. The board's filter comes along in the query
    string, and the step returns to it."""
    rapportage = get_object_or_404(Rapportage, pk=pk)
    rechten.controleer_niet_vastgesteld(rapportage)
    gegevens = request.POST if request.method == "POST" else request.GET
    gekozen = [pk for pk in map(geheel_getal, gegevens.getlist("tekst")) if pk is not None]
    if gegevens.get("alle"):
        gefilterd, _gekozen = _bordfilter(request.GET, rapportage, _ministeries_in_ronde(rapportage))
        gekozen = list(gefilterd.values_list("pk", flat=True))
    teksten = list(
        rapportage.voortgang.filter(pk__in=gekozen, gedeeld_met__isnull=True)
        .exclude(toestand=Voortgang.Toestand.GOEDGEKEURD)
        .select_related("actie")
        .order_by("actie__nummer")
    )
    if request.method == "POST" and teksten:
        aantal = tekststappen.keur_goed_meerdere(rapportage, [v.pk for v in teksten], request.user)
        messages.success(
            request,
            ngettext("%(n)s tekst is goedgekeurd.", "%(n)s teksten zijn goedgekeurd.", aantal)
            % {"n": aantal},
        )
        return redirect(_bord_adres(rapportage, request.GET))
    return render(
        request,
        "werk/goedkeuren_meerdere.html",
        {"rapportage": rapportage, "teksten": teksten, "terug": _bord_adres(rapportage, request.GET)},
    )
