"""The screens under /werk/: coordinators write their texts, the redactie reviews and closes the round.

Every view gets its objects through rapportage.rechten; the domain steps are in rapportage.ronde.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from acties.models import ActieMinisterie, ActieOpdracht
from indicatoren.models import Indicator, Meting
from lib.geschiedenis import versies
from openbaar.filters import motie_of_404
from rapportage import afronding, rechten, ronde, tekststappen, verantwoording
from rapportage.models import Rapportage, Rondeplanning, StreefdatumWijziging, Vindplaats, Voortgang

from .algemeen import terug
from .bewerken import vindplaats_uit, weiger_tenzij
from .forms import (
    AfrondingForm,
    CorrectieForm,
    HeropenenForm,
    MetingForm,
    MotieForm,
    RondeForm,
    RondeGegevensForm,
    RondeplanningForm,
    SamenvattingForm,
    StreefdatumForm,
    VindplaatsForm,
)
from .opdrachten import nieuwe_actie_voor


@login_required
@require_safe
def start(request):
    """Where a login lands: coordinators on their to-do list, the redactie on the board, others home."""
    if rechten.is_redactie(request.user):
        return redirect("werk:overzicht")
    if rechten.mag_werken(request.user):
        return redirect("werk:mijn_acties")
    return redirect("home")


@rechten.redactie_vereist
@require_http_methods(["GET", "POST"])
def ronde_openen(request):
    planning = Rondeplanning.objects.first()
    begin = {"titel": planning.titel, "deadline": planning.deadline} if planning else {}
    form = RondeForm(request.POST or None, initial=begin)
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
                "terug": terug(request, voortgang),
            },
        )
    try:
        voortgang, gewijzigd = tekststappen.dien_in(voortgang, request.user)
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
    return redirect(terug(request, voortgang))


@rechten.werk_vereist
@require_POST
def intrekken(request, pk):
    voortgang = rechten.voortgang_voor_gebruiker(request, pk)
    try:
        voortgang, gewijzigd = tekststappen.trek_in(voortgang, request.user)
    except ronde.RondeFout as fout:
        messages.error(request, str(fout))
    else:
        if gewijzigd:
            messages.success(
                request,
                _("Actie %(nummer)s is ingetrokken en weer een concept.")
                % {"nummer": voortgang.actie.nummer},
            )
    return redirect(terug(request, voortgang))


@rechten.werk_vereist
@require_POST
def ontkoppelen(request, pk):
    voortgang = rechten.voortgang_voor_gebruiker(request, pk)
    voortgang, gewijzigd = tekststappen.deel_niet_meer(voortgang, request.user)
    if gewijzigd:
        messages.success(
            request,
            _("Actie %(nummer)s heeft nu een eigen tekst; die begint als kopie van de gedeelde tekst.")
            % {"nummer": voortgang.actie.nummer},
        )
    return redirect("werk:bewerk", voortgang.pk)


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
    actie_records += ActieOpdracht.history.filter(actie_id=actie.pk).select_related("history_user")
    return render(
        request,
        "werk/geschiedenis.html",
        {"actie": actie, "teksten": teksten, "actie_versies": versies(actie_records)},
    )


# Target dates, evidence, knelpunten and the summary (rapportage.verantwoording).


def _indicatoren_van(actie) -> list[Indicator]:
    """The action's indicators with every measurement, those still waiting for their round included."""
    metingen = Meting.objects.select_related("rapportage").order_by("meetdatum", "pk")
    return list(
        Indicator.objects.filter(actie=actie).prefetch_related(Prefetch("metingen", queryset=metingen))
    )


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
        "afronding": afronding.huidige(actie),
        "afronding_beoordelen": rechten.mag_afronding_beoordelen(request.user),
        "afronding_form": formulieren.get("afronding_form") or AfrondingForm(),
        "indicatoren": _indicatoren_van(actie),
        "meting_form": formulieren.get("meting_form") or MetingForm(actie=actie),
    }
    return render(request, "werk/actie.html", context, status=status)


@rechten.werk_vereist
@require_safe
def actie(request, nummer):
    return _actie_pagina(request, rechten.actie_voor_gebruiker(request, nummer))


@rechten.werk_vereist
@require_POST
def streefdatum(request, nummer):
    actie = rechten.actie_voor_gebruiker(request, nummer)
    weiger_tenzij(
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
    weiger_tenzij(
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
    weiger_tenzij(rechten.mag_actie_bijwerken(request.user, actie), _("U mag nu geen vindplaats toevoegen."))
    form, klaar = vindplaats_uit(
        request, verantwoording.voeg_vindplaats_toe_aan_actie, actie, _("De vindplaats is toegevoegd.")
    )
    if klaar:
        return redirect("werk:actie", actie.nummer)
    return _actie_pagina(request, actie, status=400, vindplaats_form=form)


@rechten.redactie_vereist
@require_safe
def opdrachten(request):
    """The register the redactie keeps: which motions are written down in full, which parts have no action,
    and the other kinds beside them."""
    lijst = rechten.beheerde_opdrachten(request.user).met_aantallen().prefetch_related("delen")
    return render(request, "werk/opdrachten.html", {"opdrachten": lijst})


@rechten.redactie_vereist
@require_http_methods(["GET", "POST"])
def motie(request, sleutel):
    """Title, date, submitters, dictum and the text of each part of one motion."""
    motie = motie_of_404(sleutel, rechten.bewerkbare_moties(request.user))
    koppelingen = list(
        ActieOpdracht.objects.filter(opdracht=motie).select_related("actie").order_by("deel", "actie__nummer")
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


@rechten.redactie_vereist
@require_http_methods(["GET", "HEAD", "POST"])
def ronde_plannen(request):
    """When the next round is expected, for the coordinators between rounds; or no plan at all."""
    planning = Rondeplanning.objects.first()
    form = RondeplanningForm(request.POST or None, instance=planning)
    if request.method == "POST" and request.POST.get("stap") == "schrappen":
        ronde.schrap_planning(request.user)
        messages.success(request, _("De planning van de volgende ronde is geschrapt."))
        return redirect("werk:overzicht")
    if request.method == "POST" and form.is_valid():
        try:
            ronde.plan_volgende_ronde(
                form.cleaned_data["opent_op"],
                form.cleaned_data["deadline"],
                request.user,
                form.cleaned_data["titel"],
            )
        except ronde.RondeFout as fout:
            form.add_error(None, str(fout))
        else:
            messages.success(
                request, _("De volgende ronde is gepland; coördinatoren zien de datums bij Mijn acties.")
            )
            return redirect("werk:overzicht")
    context = {"form": form, "planning": planning}
    return render(request, "werk/ronde_plannen.html", context, status=400 if form.is_bound else 200)


@rechten.redactie_vereist
@require_http_methods(["GET", "HEAD", "POST"])
def nieuwe_actie(request, sleutel):
    """The motion's own address for opdrachten.nieuwe_actie_voor (?deel=N for a part)."""
    return nieuwe_actie_voor(request, motie_of_404(sleutel, rechten.bewerkbare_moties(request.user)))
