"""The edit page of one text, and what is added to the text from it: evidence, a knelpunt, a target date.

Nothing typed is lost. The page is one form (#tekstformulier): the buttons of the evidence, knelpunt and
target-date parts post the text and status being written along with their own fields, so those steps save
the text as a draft too; a refusal shows the page again with everything as it was typed.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from acties.models import ActieMinisterie
from lib.geschiedenis import versies
from lib.verschil import woordverschil
from rapportage import rechten, ronde, tekststappen, verantwoording

from .algemeen import terug
from .forms import KnelpuntForm, StreefdatumForm, VindplaatsForm, VoortgangForm

# The id of the edit page's one form; the fields of its other parts name it (bewerk.html).
TEKSTFORMULIER = "tekstformulier"


def _bewaar_formulier(gebruiker, voortgang, data):
    """Save (and submit, if that button was pressed); returns the text and a message for the user."""
    voortgang, gewijzigd = tekststappen.bewaar_tekst(
        voortgang, data["tekst"], data["status"], data["versie"], gebruiker
    )
    if data["actie"] == VoortgangForm.INDIENEN:
        voortgang, ingediend = tekststappen.dien_in(voortgang, gebruiker)
        if ingediend:
            return (
                voortgang,
                messages.SUCCESS,
                _("Actie %(nummer)s is ingediend.") % {"nummer": voortgang.actie.nummer},
            )
    if gewijzigd:
        return (
            voortgang,
            messages.SUCCESS,
            _(
                "De tekst is als concept bewaard. Hij ligt nog niet bij de redactie: dien hem in als hij "
                "klaar is."
            ),
        )
    return voortgang, messages.INFO, _("Er was niets gewijzigd.")


def _terug_gevraagd(request, voortgang):
    """The return address the page was opened with (the board with its filter, page and next text), when
    terug() accepts it as local; else "". The page posts it along with every step, so saving, a refusal
    or a part's step keeps the way back."""
    gevraagd = request.POST.get("terug") or request.GET.get("terug") or ""
    return gevraagd if gevraagd and terug(request, voortgang) == gevraagd else ""


def _hier(request, voortgang, anker="deze-kop"):
    adres = reverse("werk:bewerk", args=[voortgang.pk])
    if gevraagd := _terug_gevraagd(request, voortgang):
        adres += "?" + urlencode({"terug": gevraagd})
    return adres + "#" + anker


@rechten.werk_vereist
@require_http_methods(["GET", "POST"])
def bewerk(request, pk):
    """Edit one text, the previous round's folded below it; read-only for whoever may no longer change it.
    Saving a draft stays on the text; submitting returns to the list."""
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
            except tekststappen.Conflict as fout:
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
                if form.cleaned_data["actie"] == VoortgangForm.INDIENEN:
                    return redirect(terug(request, voortgang))
                return redirect(_hier(request, voortgang))
    return bewerk_pagina(request, voortgang, form, getoond, conflict=conflict, status=status)


def bewerk_pagina(request, voortgang, form, getoond, conflict=None, status=200, **formulieren):
    """The edit page of a text; `formulieren` replace the knelpunt, vindplaats or target-date form after a
    refusal."""
    actie = voortgang.actie
    vorige = tekststappen.vorige_voortgang(voortgang)
    bewerkbaar = rechten.mag_bewerken(request.user, voortgang)
    context = {
        "voortgang": voortgang,
        "actie": actie,
        "ministeries": ActieMinisterie.objects.filter(actie=actie).select_related("ministerie"),
        "vorige": vorige,
        "verschil": woordverschil(vorige.tekst, getoond) if vorige and vorige.tekst != getoond else "",
        "mag_intrekken": rechten.mag_intrekken(request.user, voortgang),
        "mag_ontkoppelen": rechten.mag_ontkoppelen(request.user, voortgang),
        "form": form,
        "bewerkbaar": bewerkbaar,
        "is_redactie": rechten.is_redactie(request.user),
        "conflict": conflict,
        "conflict_verschil": woordverschil(conflict.opgeslagen.tekst, conflict.tekst) if conflict else "",
        "versies": versies(voortgang.history.select_related("history_user").order_by("history_date")),
        "terug": terug(request, voortgang),
        "terug_gevraagd": _terug_gevraagd(request, voortgang),
        "verantwoorden": rechten.mag_tekst_verantwoorden(request.user, voortgang),
        # The target date is set here only beside a text being written; otherwise on the action's page.
        "streefdatum_hier": bewerkbaar and rechten.mag_actie_bijwerken(request.user, actie),
        "werkende_streefdatum": verantwoording.werkende_streefdatum(actie),
        "vindplaatsen": list(voortgang.vindplaatsen.all()),
        "knelpunt_form": formulieren.get("knelpunt_form")
        or KnelpuntForm(initial={"knelpunt": bool(voortgang.knelpunt), "toelichting": voortgang.knelpunt}),
        "vindplaats_form": formulieren.get("vindplaats_form") or VindplaatsForm(),
        "streefdatum_form": formulieren.get("streefdatum_form")
        or StreefdatumForm(initial={"streefdatum": verantwoording.werkende_streefdatum(actie)}),
    }
    for naam in ("knelpunt_form", "vindplaats_form", "streefdatum_form"):
        for veld in context[naam].fields.values():
            veld.widget.attrs["form"] = TEKSTFORMULIER
    return render(request, "werk/bewerk.html", context, status=status)


def _meegestuurde_tekst(request, voortgang):
    """The text form as it was posted along with another part's button, or the stored text when nothing
    came along (an older page, or a client posting only that part)."""
    if "versie" in request.POST:
        return VoortgangForm(request.POST)
    return VoortgangForm(
        initial={"tekst": voortgang.tekst, "status": voortgang.status, "versie": voortgang.versie}
    )


def _opnieuw(request, voortgang, tekstform, **formulieren):
    """The edit page again after a refused part, with the text exactly as typed."""
    getoond = tekstform.data.get("tekst", voortgang.tekst) if tekstform.is_bound else voortgang.tekst
    return bewerk_pagina(request, voortgang, tekstform, getoond, status=400, **formulieren)


def _bewaar_meegestuurd(request, versie_ervoor, voortgang, tekstform):
    """After a part's step, save the text that came along as a draft. `versie_ervoor` is the text's version
    before that step: the step itself counts as a change (rapportage.verantwoording), so a form that
    started from that version continues from the new one; a form from an older version still meets
    tekststappen.Conflict. Returns None when all is saved, else the page to show instead."""
    if not tekstform.is_bound:
        return None
    if not tekstform.is_valid():
        return _opnieuw(request, voortgang, tekstform)
    data = tekstform.cleaned_data
    versie = voortgang.versie if data["versie"] == versie_ervoor else data["versie"]
    try:
        _voortgang, gewijzigd = tekststappen.bewaar_tekst(
            voortgang, data["tekst"], data["status"], versie, request.user
        )
    except tekststappen.Conflict as fout:
        gegevens = request.POST.copy()
        gegevens["versie"] = fout.opgeslagen.versie
        return bewerk_pagina(
            request, fout.opgeslagen, VoortgangForm(gegevens), data["tekst"], conflict=fout, status=409
        )
    except ronde.RondeFout as fout:
        tekstform.add_error(None, str(fout))
        return _opnieuw(request, voortgang, tekstform)
    if gewijzigd:
        messages.success(request, _("Uw tekst is ook als concept bewaard."))
    return None


def weiger_tenzij(mag, melding):
    if not mag:
        raise PermissionDenied(melding)


def vindplaats_uit(request, stap, waaraan, gelukt):
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


@rechten.werk_vereist
@require_POST
def vindplaats_tekst(request, pk):
    """Evidence for the text, added first so that the 'afgerond' typed beside it can then be saved."""
    voortgang = rechten.voortgang_voor_gebruiker(request, pk)
    rechten.controleer_niet_vastgesteld(voortgang.rapportage)
    weiger_tenzij(
        rechten.mag_tekst_verantwoorden(request.user, voortgang), _("U mag nu geen vindplaats toevoegen.")
    )
    tekstform = _meegestuurde_tekst(request, voortgang)
    versie = voortgang.versie
    form, klaar = vindplaats_uit(
        request,
        verantwoording.voeg_vindplaats_toe_aan_tekst,
        voortgang,
        _("De vindplaats is bij de tekst gezet."),
    )
    if not klaar:
        return _opnieuw(request, voortgang, tekstform, vindplaats_form=form)
    voortgang.refresh_from_db()
    pagina = _bewaar_meegestuurd(request, versie, voortgang, tekstform)
    return pagina or redirect(_hier(request, voortgang, "tekst-vindplaatsen-kop"))


@rechten.werk_vereist
@require_POST
def vindplaats_verwijderen(request, pk):
    vindplaats = rechten.vindplaats_voor_gebruiker(request, pk)
    voortgang = vindplaats.voortgang
    if voortgang is not None:
        tekstform, versie = _meegestuurde_tekst(request, voortgang), voortgang.versie
    verantwoording.verwijder_vindplaats(vindplaats, request.user)
    messages.success(request, _("De vindplaats '%(titel)s' is verwijderd.") % {"titel": vindplaats.titel})
    if voortgang is None:
        return redirect("werk:actie", vindplaats.actie.nummer)
    voortgang.refresh_from_db()
    pagina = _bewaar_meegestuurd(request, versie, voortgang, tekstform)
    return pagina or redirect(_hier(request, voortgang, "tekst-vindplaatsen-kop"))


@rechten.werk_vereist
@require_POST
def knelpunt(request, pk):
    voortgang = rechten.voortgang_voor_gebruiker(request, pk)
    rechten.controleer_niet_vastgesteld(voortgang.rapportage)
    weiger_tenzij(
        rechten.mag_tekst_verantwoorden(request.user, voortgang), _("U mag het knelpunt nu niet wijzigen.")
    )
    tekstform = _meegestuurde_tekst(request, voortgang)
    form = KnelpuntForm(request.POST)
    if not form.is_valid():
        return _opnieuw(request, voortgang, tekstform, knelpunt_form=form)
    versie = voortgang.versie
    voortgang, gewijzigd = verantwoording.zet_knelpunt(voortgang, form.tekst, request.user)
    if gewijzigd and voortgang.knelpunt:
        messages.success(request, _("Het knelpunt is bewaard; de redactie beoordeelt het met de tekst."))
    elif gewijzigd:
        messages.success(request, _("Het knelpunt is weggehaald."))
    pagina = _bewaar_meegestuurd(request, versie, voortgang, tekstform)
    return pagina or redirect(_hier(request, voortgang, "knelpunt-kop"))


@rechten.werk_vereist
@require_POST
def streefdatum_tekst(request, pk):
    """The action's target date, set from the edit page of one of its texts, which then returns there."""
    voortgang = rechten.voortgang_voor_gebruiker(request, pk)
    weiger_tenzij(
        rechten.mag_actie_bijwerken(request.user, voortgang.actie),
        _("U mag deze streefdatum nu niet wijzigen."),
    )
    tekstform = _meegestuurde_tekst(request, voortgang)
    form = StreefdatumForm(request.POST)
    if form.is_valid():
        try:
            _actie, gewijzigd = verantwoording.wijzig_streefdatum(
                voortgang.actie, form.cleaned_data["streefdatum"], form.cleaned_data["reden"], request.user
            )
        except ronde.RondeFout as fout:
            form.add_error(None, str(fout))
    if form.errors:
        return _opnieuw(request, voortgang, tekstform, streefdatum_form=form)
    if gewijzigd:
        messages.success(request, _("De streefdatum is gewijzigd en staat in het logboek."))
    else:
        messages.info(request, _("De streefdatum was al zo; er is niets gewijzigd."))
    pagina = _bewaar_meegestuurd(request, voortgang.versie, voortgang, tekstform)
    return pagina or redirect(_hier(request, voortgang, "streefdatum-kop"))
