from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from acties.filters import MotieVeld
from acties.models import ActieMotie, Status

from .models import Motie


def motie_lijst(request):
    moties = Motie.objects.annotate(
        aantal_acties=Count("actiemoties", distinct=True),
        aantal_afgerond=Count(
            "actiemoties", filter=Q(actiemoties__actie__status=Status.AFGEROND), distinct=True
        ),
    ).order_by("dossier", "nummer")
    return render(request, "moties/lijst.html", {"moties": moties})


def _get_motie(sleutel):
    try:
        return MotieVeld(queryset=Motie.objects.all()).zoek(sleutel)
    except (ValueError, Motie.DoesNotExist):
        raise Http404(_("Deze motie bestaat niet.")) from None


def motie_detail(request, sleutel):
    motie = _get_motie(sleutel)
    koppelingen = (
        ActieMotie.objects.filter(motie=motie)
        .select_related("actie__thema__hoofdthema")
        .order_by("deel", "actie__nummer")
    )
    return render(request, "moties/motie.html", {"motie": motie, "koppelingen": koppelingen})
