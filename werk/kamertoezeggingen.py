"""The commitments the daily Tweede Kamer fetch proposes (moties.Kamertoezegging): the redactie accepts one
into the register or rejects it with a reason, after which it is never proposed again."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from moties.models import Kamertoezegging, Voorstelbesluit
from rapportage import rechten, toezeggingen
from rapportage.ronde import RondeFout


@rechten.redactie_vereist
@require_http_methods(["GET", "HEAD"])
def voorstellen(request):
    open_ = Kamertoezegging.objects.filter(besluit=Voorstelbesluit.OPEN).order_by("registernummer")
    return render(request, "werk/kamertoezeggingen.html", {"voorstellen": open_})


@rechten.redactie_vereist
@require_POST
def beslis(request, pk):
    voorstel = get_object_or_404(Kamertoezegging, pk=pk)
    try:
        if request.POST.get("besluit") == "aanvaard":
            opdracht = toezeggingen.neem_aan(voorstel, request.user)
            messages.success(
                request, _("Toezegging %(nummer)s staat nu in het register.") % {"nummer": opdracht.sleutel}
            )
        else:
            toezeggingen.wijs_af(voorstel, request.user, request.POST.get("reden", ""))
            messages.success(
                request, _("Toezegging %(nummer)s wordt niet gevolgd.") % {"nummer": voorstel.registernummer}
            )
    except RondeFout as fout:
        messages.error(request, str(fout))
    return redirect("werk:kamertoezeggingen")
