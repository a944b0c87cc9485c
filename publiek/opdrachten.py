"""The public register of what was asked or promised: a list per kind (moties, toezeggingen,
aanbevelingen, beloftes) with its filters, and a page per item in three blocks: what was asked, what the
cabinet answered, where it stands with the actions that carry it out."""

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from acties.models import ActieOpdracht, Ministerie
from moties.models import Opdracht, Soort, Stand
from openbaar.opdrachten import lees_filters, opdracht_of_404, reacties


def lijst(request, soort):
    """Every item of one kind with its standing and its actions, filtered as the parameters say; an
    unreadable parameter gives the whole list with a 400 and the reason."""
    filters = lees_filters(request.GET)
    opdrachten = filters.toegepast(
        Opdracht.objects.filter(soort=soort).met_aantallen().select_related("ministerie")
    )
    context = {
        "soort": Soort(soort),
        "feed": reverse(f"feed_{Soort(soort).lijstnaam}"),
        "export": f"{Soort(soort).lijstnaam}_export",
        "opdrachten": opdrachten,
        "filters": filters,
        "standen": Stand.parameters(),
        "reacties": reacties(),
        "ministeries": Ministerie.objects.filter(opdrachten__soort=soort).distinct().order_by("naam"),
        "gekozen": {
            naam: request.GET.get(naam, "") for naam in ("q", "stand", "ministerie", "dossier", "reactie")
        },
        "vandaag": timezone.localdate(),
    }
    return render(request, "opdrachten/lijst.html", context, status=400 if filters.fouten else 200)


def pagina(request, soort, sleutel):
    opdracht = opdracht_of_404(soort, sleutel, Opdracht.objects.select_related("ministerie"))
    koppelingen = (
        ActieOpdracht.objects.filter(opdracht=opdracht)
        .select_related("actie__thema__hoofdthema")
        .order_by("deel", "actie__nummer")
    )
    context = {
        "opdracht": opdracht,
        "soort": Soort(soort),
        "feed": reverse(f"feed_{Soort(soort).lijstnaam}_item", args=[opdracht.sleutel]),
        "onderdelen": opdracht.onderdelen(koppelingen),
        "vandaag": timezone.localdate(),
    }
    return render(request, "opdrachten/opdracht.html", context)
