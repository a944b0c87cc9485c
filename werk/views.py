"""The screens under /werk/: coordinators write their texts, the redactie reviews and closes the round.

Every view gets its objects through rapportage.rechten; the domain steps are in rapportage.ronde.
"""

from django.contrib import messages
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from acties.models import ActieMinisterie, ActieMotie
from lib.geschiedenis import versies
from lib.verschil import woordverschil
from rapportage import rechten, ronde
from rapportage.models import Rapportage, Voortgang

from .forms import HeropenenForm, RondeForm, TerugsturenForm, VoortgangForm


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


@rechten.werk_vereist
@require_safe
def mijn_acties(request):
    """The open round's texts for the user's ministries (all texts for the redactie), to-do first."""
    rapportage = Rapportage.objects.lopend().first()
    teksten, bewerkbaar = [], set()
    if rapportage is not None:
        teksten = list(
            _met_ministeries(rechten.zichtbare_voortgang(request.user).filter(rapportage=rapportage))
        )
        bewerkbaar = set(
            rechten.bewerkbare_voortgang(request.user)
            .filter(rapportage=rapportage)
            .values_list("pk", flat=True)
        )
    for v in teksten:
        v.bewerkbaar = v.pk in bewerkbaar
    te_doen = [v for v in teksten if v.toestand in Voortgang.BIJ_COORDINATOR]
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


def _bord(request, rondes, rapportage):
    context = {"rondes": rondes, "rapportage": rapportage, "is_redactie": True}
    if rapportage is not None:
        teksten = _met_ministeries(rapportage.voortgang.all())
        filter_toestand = request.GET.get("toestand", "")
        if filter_toestand in Voortgang.Toestand.values:
            teksten = teksten.filter(toestand=filter_toestand)
        else:
            filter_toestand = ""
        context["rijen"], context["te_laat"] = _volledigheid(rapportage)
        context["teksten"] = teksten
        context["filter_toestand"] = filter_toestand
        context["toestanden"] = Voortgang.Toestand.choices
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
    conflict, status = None, 200
    if request.method == "POST":
        form = VoortgangForm(request.POST)
        if not form.is_valid():
            # Someone who may not write here gets a refusal, not validation messages.
            rechten.controleer_bewerken(request.user, voortgang)
            status = 400
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
    actie = voortgang.actie
    context = {
        "voortgang": voortgang,
        "actie": actie,
        "ministeries": ActieMinisterie.objects.filter(actie=actie).select_related("ministerie"),
        "vorige": ronde.vorige_voortgang(voortgang),
        "form": form,
        "bewerkbaar": rechten.mag_bewerken(request.user, voortgang),
        "is_redactie": rechten.is_redactie(request.user),
        "conflict": conflict,
        "conflict_verschil": woordverschil(conflict.opgeslagen.tekst, conflict.tekst) if conflict else "",
        "versies": versies(voortgang.history.select_related("history_user").order_by("history_date")),
        "terug": _terug(request, voortgang),
    }
    return render(request, "werk/bewerk.html", context, status=status)


@rechten.werk_vereist
@require_POST
def indienen(request, pk):
    voortgang = rechten.voortgang_voor_gebruiker(request, pk)
    try:
        voortgang, gewijzigd = ronde.dien_in(voortgang, request.user)
    except ronde.RondeFout as fout:
        messages.error(request, str(fout))
    else:
        nummer = {"nummer": voortgang.actie.nummer}
        if gewijzigd:
            messages.success(request, _("Actie %(nummer)s is ingediend.") % nummer)
        else:
            messages.info(request, _("Actie %(nummer)s was al ingediend.") % nummer)
    return redirect(_terug(request, voortgang))


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
def vaststellen(request, pk):
    rapportage = get_object_or_404(Rapportage, pk=pk)
    rechten.controleer_niet_vastgesteld(rapportage)
    if request.method == "POST":
        try:
            ronde.stel_vast(rapportage, request.user)
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
