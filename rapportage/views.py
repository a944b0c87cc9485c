"""Public pages of reporting rounds; only closed (vastgesteld) rounds are public."""

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render

from acties.views import status_verdeling

from .models import Rapportage, Voortgang


def rapportage_lijst(request):
    rapportages = (
        Rapportage.objects.vastgesteld()
        .annotate(aantal_teksten=Count("voortgang"))
        .order_by("-peildatum", "-pk")
    )
    return render(request, "rapportage/lijst.html", {"rapportages": rapportages})


def rapportage_detail(request, pk):
    rapportage = get_object_or_404(Rapportage.objects.vastgesteld(), pk=pk)
    verdeling = status_verdeling(
        Voortgang.objects.filter(rapportage=rapportage)
        .values_list("status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    vorige = (
        Rapportage.objects.vastgesteld()
        .filter(
            Q(peildatum__lt=rapportage.peildatum) | Q(peildatum=rapportage.peildatum, pk__lt=rapportage.pk)
        )
        .first()
    )
    context = {"rapportage": rapportage, "verdeling": verdeling, "vorige": vorige}
    return render(request, "rapportage/rapportage.html", context)
