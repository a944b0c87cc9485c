"""The redactie checks closure: the reports that an action is done, and the verdict on each."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from acties.models import Status
from rapportage import afronding, rechten
from rapportage.models import Afronding

from .bewerken import weiger_tenzij
from .forms import AfrondingForm
from .views import _actie_pagina


@rechten.redactie_vereist
@require_safe
def afrondingen(request):
    """Every action published as 'afgerond', reports still to check first."""
    rapporten = (
        rechten.beoordeelbare_afrondingen(request.user)
        .filter(actie__status=Status.AFGEROND)
        .select_related("actie", "publicatie__rapportage", "besloten_door")
    )
    open_, besloten = [], []
    for rapport in afronding.laatste_per_actie(rapporten).values():
        (open_ if rapport.besluit == Afronding.Besluit.OPEN else besloten).append(rapport)
    return render(request, "werk/afrondingen.html", {"open": open_, "besloten": besloten})


@rechten.werk_vereist
@require_POST
def beslis(request, nummer):
    actie = rechten.actie_voor_gebruiker(request, nummer)
    weiger_tenzij(
        rechten.mag_afronding_beoordelen(request.user), _("Alleen de redactie bevestigt een afronding.")
    )
    form = AfrondingForm(request.POST)
    if form.is_valid():
        try:
            uitkomst = afronding.beslis(
                actie, form.cleaned_data["besluit"], form.cleaned_data["reden"], request.user
            )
        except afronding.AfrondingFout as fout:
            form.add_error(None, str(fout))
        else:
            if uitkomst.besluit == Afronding.Besluit.BEVESTIGD:
                messages.success(request, _("De afronding is bevestigd; dat staat nu op de openbare pagina."))
            else:
                messages.success(
                    request, _("De afronding is niet bevestigd; de reden staat op de openbare pagina.")
                )
            return redirect("werk:actie", actie.nummer)
    return _actie_pagina(request, actie, status=400, afronding_form=form)
