"""Measurements of an action's indicators from its work page: the coordinator of its lead ministry while a
round is open, or the redactie; public with the round (indicatoren.models.Meting.objects.openbaar)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from indicatoren import beheer
from rapportage import rechten

from .bewerken import weiger_tenzij
from .forms import MetingForm
from .views import _actie_pagina


@rechten.werk_vereist
@require_POST
def meting(request, nummer):
    actie = rechten.actie_voor_gebruiker(request, nummer)
    weiger_tenzij(rechten.mag_actie_bijwerken(request.user, actie), _("U mag nu geen meting invoeren."))
    form = MetingForm(request.POST, actie=actie)
    if form.is_valid():
        gegevens = form.cleaned_data
        try:
            beheer.meet(
                gegevens["indicator"],
                gegevens["waarde"],
                gegevens["meetdatum"],
                request.user,
                gegevens["bron"],
                kamerstuk=gegevens["kamerstuk"],
                url=gegevens["url"],
            )
        except ValidationError as fout:
            form.add_error(None, " ".join(fout.messages))
        else:
            messages.success(
                request,
                _("De meting is vastgelegd; ze is openbaar zodra de ronde waarin ze viel gepubliceerd is."),
            )
            return redirect("werk:actie", actie.nummer)
    return _actie_pagina(request, actie, status=400, meting_form=form)
