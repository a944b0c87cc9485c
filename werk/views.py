"""The screens under /werk/: coordinators write their texts, the redactie reviews and closes the round.

Every view gets its objects through rapportage.rechten; the domain steps are in rapportage.ronde.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, F, OuterRef, Prefetch, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from acties.models import ActieMinisterie, ActieMotie
from lib.geschiedenis import versies
from lib.invoer import geheel_getal
from lib.verschil import woordverschil
from openbaar.filters import motie_of_404
from rapportage import rechten, ronde, verantwoording
from rapportage.models import Rapportage, StreefdatumWijziging, Vindplaats, Voortgang

from .forms import (
    CorrectieForm,
    HeropenenForm,
    KnelpuntForm,
    MotieForm,
    RondeForm,
    RondeGegevensForm,
    SamenvattingForm,
    StreefdatumForm,
    TerugsturenForm,
    VindplaatsForm,
    VoortgangForm,
)


def _met_ministeries(qs):
    return qs.select_related("actie__thema", "auteur", "gedeeld_met__actie").prefetch_related(
        Prefetch("actie__actieministeries", queryset=ActieMinisterie.objects.select_related("ministerie"))
    )


def _dagen_tot(deadline):
    return (deadline - timezone.localdate()).days if deadline else None


def _terug(request, voortgang):
    if rechten.is_redactie(request.user):
        return reverse("werk:ronde", args=[voortgang.rapportage_id])
    return reverse("werk:mijn_acties")


@login_required
@require_safe
def start(request):
    """Where a login lands: coordinators on their to-do list, the redactie on the board, others home."""
    if rechten.is_redactie(request.user):
        return redirect("werk:overzicht")
    if rechten.mag_werken(request.user):
        return redirect("werk:mijn_acties")
    return redirect("home")


@rechten.werk_vereist
@require_safe
def mijn_acties(request):
    """The open round's texts for the user's ministries (all texts for the redactie), to-do first."""
    rapportage = Rapportage.objects.lopend().first()
    teksten, bewerkbaar, intrekbaar = [], set(), set()
    if rapportage is not None:
        teksten = list(
            _met_ministeries(rechten.zichtbare_voortgang(request.user).filter(rapportage=rapportage))
        )
        bewerkbaar = set(
            rechten.bewerkbare_voortgang(request.user)
            .filter(rapportage=rapportage)
            .values_list("pk", flat=True)
        )
        intrekbaar = set(
            rechten.intrekbare_voortgang(request.user)
            .filter(rapportage=rapportage)
            .values_list("pk", flat=True)
        )
    for v in teksten:
        v.bewerkbaar = v.pk in bewerkbaar
        v.intrekbaar = v.pk in intrekbaar
    # Returned texts first: the redactie waits for them.
    te_doen = sorted(
        (v for v in teksten if v.toestand in Voortgang.BIJ_COORDINATOR),
        key=lambda v: v.toestand != Voortgang.Toestand.TERUGGESTUURD,
    )
    return render(
        request,
        "werk/mijn_acties.html",
        {
            "rapportage": rapportage,
            "te_doen": te_doen,
            "klaar": [v for v in teksten if v.toestand not in Voortgang.BIJ_COORDINATOR],
            "aantal": len(teksten),
            "ministeries": list(rechten.ministeries_van(request.user)),
            "dagen_tot_deadline": _dagen_tot(rapportage.deadline) if rapportage else None,
            "teruggestuurd": sum(v.toestand == Voortgang.Toestand.TERUGGESTUURD for v in te_doen),
        },
    )


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
        teksten = list(_met_ministeries(teksten))
        for v in teksten:
            v.verschil = woordverschil(v.vorige_tekst, v.tekst) if v.vorige_tekst != v.tekst else ""
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
        context["dagen_tot_deadline"] = _dagen_tot(rapportage.deadline)
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
@require_http_methods(["GET", "POST"])
def ronde_openen(request):
    form = RondeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            rapportage = ronde.open_ronde(
                form.cleaned_data["titel"],
                form.cleaned_data["peildatum"],
                form.cleaned_data["deadline"],
                request.user,
                inleiding=form.cleaned_data["inleiding"],
                kamerstuk=form.cleaned_data["kamerstuk"],
                briefdatum=form.cleaned_data["briefdatum"],
            )
        except ronde.RondeFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(
                request,
                _("Ronde '%(titel)s' is geopend met %(aantal)s concept-teksten.")
                % {"titel": rapportage.titel, "aantal": rapportage.voortgang.count()},
            )
            return redirect("werk:ronde", rapportage.pk)
    return render(
        request, "werk/ronde_openen.html", {"form": form, "lopend": Rapportage.objects.lopend().first()}
    )


def _bewaar_formulier(gebruiker, voortgang, data):
    """Save (and submit, if that button was pressed); returns the text and a message for the user."""
    voortgang, gewijzigd = ronde.bewaar_tekst(
        voortgang, data["tekst"], data["status"], data["versie"], gebruiker
    )
    if data["actie"] == VoortgangForm.INDIENEN:
        voortgang, ingediend = ronde.dien_in(voortgang, gebruiker)
        if ingediend:
            return (
                voortgang,
                messages.SUCCESS,
                _("Actie %(nummer)s is ingediend.") % {"nummer": voortgang.actie.nummer},
            )
    if gewijzigd:
        return voortgang, messages.SUCCESS, _("De tekst is als concept bewaard.")
    return voortgang, messages.INFO, _("Er was niets gewijzigd.")


@rechten.werk_vereist
@require_http_methods(["GET", "POST"])
def bewerk(request, pk):
    """Edit one text beside the previous round's; read-only for whoever may no longer change it."""
    voortgang = rechten.voortgang_voor_gebruiker(request, pk)
    form = VoortgangForm(
        initial={"tekst": voortgang.tekst, "status": voortgang.status, "versie": voortgang.versie}
    )
    conflict, status, getoond = None, 200, voortgang.tekst
    if request.method == "POST":
        form = VoortgangForm(request.POST)
        if not form.is_valid():
            # Someone who may not write here gets a refusal, not validation messages.
            rechten.controleer_bewerken(request.user, voortgang)
            status = 400
        elif form.cleaned_data["actie"] == VoortgangForm.VERSCHIL:
            # "Toon verschil" without JavaScript: nothing is saved, the form keeps the text being written.
            rechten.controleer_bewerken(request.user, voortgang)
            getoond = form.cleaned_data["tekst"]
        else:
            try:
                voortgang, niveau, melding = _bewaar_formulier(request.user, voortgang, form.cleaned_data)
            except ronde.Conflict as fout:
                conflict, status = fout, 409
                # Keep the user's text in the form; saving again now deliberately replaces the other version.
                gegevens = request.POST.copy()
                gegevens["versie"] = fout.opgeslagen.versie
                form = VoortgangForm(gegevens)
            except ronde.RondeFout as fout:
                form.add_error(None, str(fout))
                status = 400
            else:
                messages.add_message(request, niveau, melding)
                return redirect(_terug(request, voortgang))
    return _bewerk_pagina(request, voortgang, form, getoond, conflict=conflict, status=status)


def _bewerk_pagina(request, voortgang, form, getoond, conflict=None, status=200, **formulieren):
    """The edit page of a text; `formulieren` replace the knelpunt or vindplaats form after a refusal."""
    actie = voortgang.actie
    vorige = ronde.vorige_voortgang(voortgang)
    verantwoorden = rechten.mag_tekst_verantwoorden(request.user, voortgang)
    context = {
        "voortgang": voortgang,
        "actie": actie,
        "ministeries": ActieMinisterie.objects.filter(actie=actie).select_related("ministerie"),
        "vorige": vorige,
        "verschil": woordverschil(vorige.tekst, getoond) if vorige and vorige.tekst != getoond else "",
        "mag_intrekken": rechten.mag_intrekken(request.user, voortgang),
        "mag_ontkoppelen": rechten.mag_ontkoppelen(request.user, voortgang),
        "form": form,
        "bewerkbaar": rechten.mag_bewerken(request.user, voortgang),
        "is_redactie": rechten.is_redactie(request.user),
        "conflict": conflict,
        "conflict_verschil": woordverschil(conflict.opgeslagen.tekst, conflict.tekst) if conflict else "",
        "versies": versies(voortgang.history.select_related("history_user").order_by("history_date")),
        "terug": _terug(request, voortgang),
        "verantwoorden": verantwoorden,
        "vindplaatsen": list(voortgang.vindplaatsen.all()),
        "knelpunt_form": formulieren.get("knelpunt_form")
        or KnelpuntForm(initial={"knelpunt": bool(voortgang.knelpunt), "toelichting": voortgang.knelpunt}),
        "vindplaats_form": formulieren.get("vindplaats_form") or VindplaatsForm(),
    }
    return render(request, "werk/bewerk.html", context, status=status)


@rechten.werk_vereist
@require_http_methods(["GET", "POST"])
def indienen(request, pk):
    """Submitting asks for a confirmation first: once submitted, only the redactie acts on the text."""
    voortgang = rechten.voortgang_voor_gebruiker(request, pk)
    if request.method == "GET":
        return render(
            request,
            "werk/indienen.html",
            {
                "voortgang": voortgang,
                "mag": rechten.mag_bewerken(request.user, voortgang) and bool(voortgang.tekst.strip()),
                "terug": _terug(request, voortgang),
            },
        )
    try:
        voortgang, gewijzigd = ronde.dien_in(voortgang, request.user)
    except ronde.RondeFout as fout:
        messages.error(request, str(fout))
    else:
        nummer = {"nummer": voortgang.actie.nummer}
        if gewijzigd:
            messages.success(
                request,
                _(
                    "Actie %(nummer)s is ingediend. U kunt de tekst intrekken zolang de redactie er "
                    "niets mee deed."
                )
                % nummer,
            )
        else:
            messages.info(request, _("Actie %(nummer)s was al ingediend.") % nummer)
    return redirect(_terug(request, voortgang))


@rechten.werk_vereist
@require_POST
def intrekken(request, pk):
    voortgang = rechten.voortgang_voor_gebruiker(request, pk)
    try:
        voortgang, gewijzigd = ronde.trek_in(voortgang, request.user)
    except ronde.RondeFout as fout:
        messages.error(request, str(fout))
    else:
        if gewijzigd:
            messages.success(
                request,
                _("Actie %(nummer)s is ingetrokken en weer een concept.")
                % {"nummer": voortgang.actie.nummer},
            )
    return redirect(_terug(request, voortgang))


@rechten.werk_vereist
@require_POST
def ontkoppelen(request, pk):
    voortgang = rechten.voortgang_voor_gebruiker(request, pk)
    voortgang, gewijzigd = ronde.deel_niet_meer(voortgang, request.user)
    if gewijzigd:
        messages.success(
            request,
            _("Actie %(nummer)s heeft nu een eigen tekst; die begint als kopie van de gedeelde tekst.")
            % {"nummer": voortgang.actie.nummer},
        )
    return redirect("werk:bewerk", voortgang.pk)


@rechten.redactie_vereist
@require_POST
def goedkeuren(request, pk):
    voortgang = rechten.voortgang_voor_gebruiker(request, pk)
    voortgang, gewijzigd = ronde.keur_goed(voortgang, request.user)
    if gewijzigd:
        messages.success(
            request, _("De tekst van actie %(nummer)s is goedgekeurd.") % {"nummer": voortgang.actie.nummer}
        )
    return redirect(_terug(request, voortgang))


@rechten.redactie_vereist
@require_http_methods(["GET", "POST"])
def terugsturen(request, pk):
    voortgang = rechten.bewerkbare_voortgang_voor_gebruiker(request, pk)
    form = TerugsturenForm(request.POST or None, initial={"opmerking": voortgang.opmerking})
    if request.method == "POST" and form.is_valid():
        try:
            voortgang, _gewijzigd = ronde.stuur_terug(voortgang, request.user, form.cleaned_data["opmerking"])
        except ronde.RondeFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(
                request,
                _("De tekst van actie %(nummer)s is teruggestuurd naar de coördinator.")
                % {"nummer": voortgang.actie.nummer},
            )
            return redirect(_terug(request, voortgang))
    return render(request, "werk/terugsturen.html", {"voortgang": voortgang, "form": form})


@rechten.redactie_vereist
@require_http_methods(["GET", "POST"])
def ronde_gegevens(request, pk):
    rapportage = get_object_or_404(Rapportage, pk=pk)
    rechten.controleer_niet_vastgesteld(rapportage)
    form = RondeGegevensForm(request.POST or None, instance=Rapportage.objects.get(pk=pk))
    if request.method == "POST" and form.is_valid():
        velden = {veld: form.cleaned_data[veld] for veld in ronde.GEGEVENS}
        _rapportage, gewijzigd = ronde.wijzig_gegevens(rapportage, request.user, **velden)
        if gewijzigd:
            messages.success(request, _("De gegevens van de ronde zijn bewaard."))
        return redirect("werk:ronde", rapportage.pk)
    return render(request, "werk/ronde_gegevens.html", {"rapportage": rapportage, "form": form})


@rechten.redactie_vereist
@require_POST
def inzending(request, pk):
    """Close submissions ('in redactie') or open them again."""
    rapportage = get_object_or_404(Rapportage, pk=pk)
    stap = ronde.sluit_inzending if request.POST.get("stap") == "sluiten" else ronde.heropen_inzending
    try:
        rapportage, gewijzigd = stap(rapportage, request.user)
    except ronde.RondeFout as fout:
        messages.error(request, str(fout))
    else:
        if gewijzigd and rapportage.is_in_redactie:
            messages.success(request, _("De inzending is gesloten: alleen de redactie wijzigt nog teksten."))
        elif gewijzigd:
            messages.success(request, _("De inzending is weer open: coördinatoren kunnen weer schrijven."))
    return redirect("werk:ronde", rapportage.pk)


@rechten.redactie_vereist
@require_http_methods(["GET", "POST"])
def goedkeuren_meerdere(request, pk):
    """Approve many texts at once: the board's selection (or everything its filter shows) is confirmed here
    first, so a single click never approves a hundred texts."""
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
        aantal = ronde.keur_goed_meerdere(rapportage, [v.pk for v in teksten], request.user)
        messages.success(
            request,
            ngettext("%(n)s tekst is goedgekeurd.", "%(n)s teksten zijn goedgekeurd.", aantal)
            % {"n": aantal},
        )
        return redirect("werk:ronde", rapportage.pk)
    return render(request, "werk/goedkeuren_meerdere.html", {"rapportage": rapportage, "teksten": teksten})


@rechten.redactie_vereist
@require_http_methods(["GET", "POST"])
def vaststellen(request, pk):
    rapportage = get_object_or_404(Rapportage, pk=pk)
    rechten.controleer_niet_vastgesteld(rapportage)
    form = CorrectieForm(request.POST or None) if rapportage.is_in_correctie else None
    if request.method == "POST" and (form is None or form.is_valid()):
        try:
            ronde.stel_vast(rapportage, request.user, form.cleaned_data["reden"] if form else "")
        except ronde.RondeFout as fout:
            messages.error(request, str(fout))
        else:
            messages.success(
                request,
                _("De ronde '%(titel)s' is vastgesteld en gepubliceerd.") % {"titel": rapportage.titel},
            )
            return redirect("werk:ronde", rapportage.pk)
    return render(
        request,
        "werk/vaststellen.html",
        {
            "rapportage": rapportage,
            "form": form,
            "onafgemaakt": list(ronde.onafgemaakt(rapportage)),
            "overgenomen": rapportage.voortgang.onaangeroerd().count(),
        },
    )


@rechten.redactie_vereist
@require_http_methods(["GET", "POST"])
def heropenen(request, pk):
    rapportage = get_object_or_404(Rapportage, pk=pk)
    form = HeropenenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            ronde.heropen(rapportage, request.user, form.cleaned_data["reden"])
        except ronde.RondeFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(request, _("De ronde '%(titel)s' is heropend.") % {"titel": rapportage.titel})
            return redirect("werk:ronde", rapportage.pk)
    return render(request, "werk/heropenen.html", {"rapportage": rapportage, "form": form})


@rechten.werk_vereist
@require_safe
def geschiedenis(request, nummer):
    """Every version of every text of an action, in every round, and of the action itself."""
    actie = rechten.actie_voor_gebruiker(request, nummer)
    teksten = []
    records = (
        Voortgang.history.filter(actie_id=actie.pk)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    rondes = {r.pk: r for r in Rapportage.objects.filter(voortgang__actie=actie)}
    per_ronde = {}
    for record in records:
        per_ronde.setdefault(record.rapportage_id, []).append(record)
    for rapportage_id, reeks in per_ronde.items():
        teksten.append({"rapportage": rondes[rapportage_id], "versies": versies(reeks)})
    teksten.sort(key=lambda t: (t["rapportage"].peildatum, t["rapportage"].pk), reverse=True)

    actie_records = list(actie.history.select_related("history_user"))
    actie_records += ActieMinisterie.history.filter(actie_id=actie.pk).select_related("history_user")
    actie_records += ActieMotie.history.filter(actie_id=actie.pk).select_related("history_user")
    return render(
        request,
        "werk/geschiedenis.html",
        {"actie": actie, "teksten": teksten, "actie_versies": versies(actie_records)},
    )


# Target dates, evidence, knelpunten and the summary (rapportage.verantwoording).


def _actie_pagina(request, actie, status=200, **formulieren):
    """An action's target date with its log, its own evidence and (for the redactie) its summary."""
    context = {
        "actie": actie,
        "bijwerken": rechten.mag_actie_bijwerken(request.user, actie),
        "samenvatting_schrijven": rechten.mag_samenvatting_schrijven(request.user),
        "wijzigingen": list(
            StreefdatumWijziging.objects.filter(actie=actie).select_related("door", "rapportage")
        ),
        "vindplaatsen": list(Vindplaats.objects.filter(actie=actie).select_related("voortgang__rapportage")),
        "streefdatum_form": formulieren.get("streefdatum_form")
        or StreefdatumForm(initial={"streefdatum": verantwoording.werkende_streefdatum(actie)}),
        "vindplaats_form": formulieren.get("vindplaats_form") or VindplaatsForm(),
        "samenvatting_form": formulieren.get("samenvatting_form")
        or SamenvattingForm(initial={"samenvatting": actie.samenvatting}),
        "ronde": Rapportage.objects.lopend().first(),
        "vandaag": timezone.localdate(),
    }
    return render(request, "werk/actie.html", context, status=status)


@rechten.werk_vereist
@require_safe
def actie(request, nummer):
    return _actie_pagina(request, rechten.actie_voor_gebruiker(request, nummer))


def _weiger_tenzij(mag, melding):
    if not mag:
        raise PermissionDenied(melding)


@rechten.werk_vereist
@require_POST
def streefdatum(request, nummer):
    actie = rechten.actie_voor_gebruiker(request, nummer)
    _weiger_tenzij(
        rechten.mag_actie_bijwerken(request.user, actie), _("U mag deze streefdatum nu niet wijzigen.")
    )
    form = StreefdatumForm(request.POST)
    if form.is_valid():
        try:
            _actie, gewijzigd = verantwoording.wijzig_streefdatum(
                actie, form.cleaned_data["streefdatum"], form.cleaned_data["reden"], request.user
            )
        except ronde.RondeFout as fout:
            form.add_error(None, str(fout))
        else:
            if gewijzigd:
                messages.success(request, _("De streefdatum is gewijzigd en staat in het logboek."))
            else:
                messages.info(request, _("De streefdatum was al zo; er is niets gewijzigd."))
            return redirect("werk:actie", actie.nummer)
    return _actie_pagina(request, actie, status=400, streefdatum_form=form)


@rechten.werk_vereist
@require_POST
def samenvatting(request, nummer):
    actie = rechten.actie_voor_gebruiker(request, nummer)
    _weiger_tenzij(
        rechten.mag_samenvatting_schrijven(request.user), _("Alleen de redactie schrijft de samenvatting.")
    )
    form = SamenvattingForm(request.POST)
    if not form.is_valid():
        return _actie_pagina(request, actie, status=400, samenvatting_form=form)
    _actie, gewijzigd = verantwoording.wijzig_samenvatting(
        actie, form.cleaned_data["samenvatting"], request.user
    )
    if gewijzigd:
        messages.success(request, _("De samenvatting is bewaard."))
    return redirect("werk:actie", actie.nummer)


@rechten.werk_vereist
@require_POST
def vindplaats_actie(request, nummer):
    actie = rechten.actie_voor_gebruiker(request, nummer)
    _weiger_tenzij(rechten.mag_actie_bijwerken(request.user, actie), _("U mag nu geen vindplaats toevoegen."))
    form, klaar = _vindplaats_uit(
        request, verantwoording.voeg_vindplaats_toe_aan_actie, actie, _("De vindplaats is toegevoegd.")
    )
    if klaar:
        return redirect("werk:actie", actie.nummer)
    return _actie_pagina(request, actie, status=400, vindplaats_form=form)


def _vindplaats_uit(request, stap, waaraan, gelukt):
    """Add the evidence of the posted VindplaatsForm through `stap` (to an action or a text): (form,
    whether it is done); a form with its errors when not."""
    form = VindplaatsForm(request.POST)
    if not form.is_valid():
        return form, False
    velden = form.cleaned_data
    try:
        _v, nieuw = stap(waaraan, velden["titel"], request.user, velden["kamerstuk"], velden["url"])
    except ronde.RondeFout as fout:
        form.add_error(None, str(fout))
        return form, False
    if nieuw:
        messages.success(request, gelukt)
    else:
        messages.info(request, _("Deze vindplaats stond er al."))
    return form, True


def _bewerk_na_fout(request, voortgang, **formulieren):
    form = VoortgangForm(
        initial={"tekst": voortgang.tekst, "status": voortgang.status, "versie": voortgang.versie}
    )
    return _bewerk_pagina(request, voortgang, form, voortgang.tekst, status=400, **formulieren)


@rechten.werk_vereist
@require_POST
def vindplaats_tekst(request, pk):
    voortgang = rechten.voortgang_voor_gebruiker(request, pk)
    rechten.controleer_niet_vastgesteld(voortgang.rapportage)
    _weiger_tenzij(
        rechten.mag_tekst_verantwoorden(request.user, voortgang), _("U mag nu geen vindplaats toevoegen.")
    )
    form, klaar = _vindplaats_uit(
        request,
        verantwoording.voeg_vindplaats_toe_aan_tekst,
        voortgang,
        _("De vindplaats is bij de tekst gezet."),
    )
    if klaar:
        return redirect("werk:bewerk", voortgang.pk)
    return _bewerk_na_fout(request, voortgang, vindplaats_form=form)


@rechten.werk_vereist
@require_POST
def vindplaats_verwijderen(request, pk):
    vindplaats = rechten.vindplaats_voor_gebruiker(request, pk)
    verantwoording.verwijder_vindplaats(vindplaats, request.user)
    messages.success(request, _("De vindplaats '%(titel)s' is verwijderd.") % {"titel": vindplaats.titel})
    if vindplaats.voortgang_id:
        return redirect("werk:bewerk", vindplaats.voortgang_id)
    return redirect("werk:actie", vindplaats.actie.nummer)


@rechten.werk_vereist
@require_POST
def knelpunt(request, pk):
    voortgang = rechten.voortgang_voor_gebruiker(request, pk)
    rechten.controleer_niet_vastgesteld(voortgang.rapportage)
    _weiger_tenzij(
        rechten.mag_tekst_verantwoorden(request.user, voortgang), _("U mag het knelpunt nu niet wijzigen.")
    )
    form = KnelpuntForm(request.POST)
    if not form.is_valid():
        return _bewerk_na_fout(request, voortgang, knelpunt_form=form)
    voortgang, gewijzigd = verantwoording.zet_knelpunt(voortgang, form.tekst, request.user)
    if gewijzigd and voortgang.knelpunt:
        messages.success(request, _("Het knelpunt is bewaard; de redactie beoordeelt het met de tekst."))
    elif gewijzigd:
        messages.success(request, _("Het knelpunt is weggehaald."))
    return redirect("werk:bewerk", voortgang.pk)


@rechten.redactie_vereist
@require_safe
def moties(request):
    """The motions the redactie keeps: which are written down in full, which parts have no action."""
    lijst = rechten.bewerkbare_moties(request.user).met_aantallen().prefetch_related("delen")
    return render(request, "werk/moties.html", {"moties": lijst})


@rechten.redactie_vereist
@require_http_methods(["GET", "POST"])
def motie(request, sleutel):
    """Title, date, submitters, dictum and the text of each part of one motion."""
    motie = motie_of_404(sleutel, rechten.bewerkbare_moties(request.user))
    koppelingen = list(
        ActieMotie.objects.filter(motie=motie).select_related("actie").order_by("deel", "actie__nummer")
    )
    onderdelen = motie.onderdelen(koppelingen)
    form = MotieForm(request.POST or None, motie=motie, delen=[o.deel for o in onderdelen if o.deel])
    if request.method == "POST" and form.is_valid():
        velden = {veld: form.cleaned_data[veld] for veld in verantwoording.MOTIEVELDEN}
        try:
            _motie, gewijzigd = verantwoording.wijzig_motie(
                motie,
                request.user,
                form.delen(),
                correctiereden=form.cleaned_data["correctiereden"],
                **velden,
            )
        except ronde.RondeFout as fout:
            form.add_error(None, str(fout))
        else:
            if gewijzigd:
                messages.success(request, _("De motie is bewaard."))
            else:
                messages.info(request, _("Er was niets gewijzigd."))
            return redirect("werk:motie", motie.sleutel)
    context = {"motie": motie, "form": form, "onderdelen": onderdelen}
    return render(request, "werk/motie.html", context, status=400 if form.is_bound else 200)
