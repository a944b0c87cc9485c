"""Public pages of the ministries: all of them with their periods and number of actions, and one ministry
with the status of the actions it leads or is involved in, those actions, and its feed."""

from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from acties.models import Actie, ActieMinisterie, Ministerie, Rol, status_verdeling
from openbaar.paginering import pagineer
from openbaar.query import laatste_ronde, met_stand

from .kaarten import voor_kaarten


def ministerie_lijst(request):
    ministeries = Ministerie.objects.met_aantallen().prefetch_related("perioden").order_by("naam")
    return render(request, "ministeries/lijst.html", {"ministeries": ministeries})


def _verdeling_per_rol(ministerie):
    """{rol: status_verdeling} of the actions this ministry leads and is involved in, in one query."""
    per_rol = {}
    for rij in (
        ActieMinisterie.objects.filter(ministerie=ministerie)
        .values("rol", "actie__status")
        .annotate(aantal=Count("pk"))
        .order_by()
    ):
        per_rol.setdefault(rij["rol"], []).append((rij["actie__status"], rij["aantal"]))
    return {rol: status_verdeling(per_rol.get(rol, [])) for rol in Rol.values}


def ministerie_detail(request, afkorting):
    ministerie = get_object_or_404(
        Ministerie.objects.prefetch_related("perioden"), afkorting__iexact=afkorting
    )
    if ministerie.afkorting != afkorting:
        # One address per ministry, in its own spelling (/ministeries/fin/ → /ministeries/FIN/).
        zoekvraag = request.META.get("QUERY_STRING", "")
        return redirect(
            ministerie.get_absolute_url() + (f"?{zoekvraag}" if zoekvraag else ""), permanent=True
        )
    rol = request.GET.get("rol") or Rol.EERSTVERANTWOORDELIJK
    verdeling = _verdeling_per_rol(ministerie)
    context = {
        "ministerie": ministerie,
        "rollen": [
            {"waarde": r.value, "label": r.label, "aantal": verdeling[r.value]["totaal"]} for r in Rol
        ],
        "eerstverantwoordelijk": verdeling[Rol.EERSTVERANTWOORDELIJK],
        "betrokken": verdeling[Rol.BETROKKEN],
        "laatste_rapportage": laatste_ronde(),
        "pagina": None,
        "fout": None,
    }
    if rol not in Rol.values or len(request.GET.getlist("rol")) > 1:
        context["fout"] = _("Kies als rol 'eerstverantwoordelijk' of 'betrokken'.")
        return render(request, "ministeries/ministerie.html", context, status=400)
    acties = Actie.objects.filter(actieministeries__ministerie=ministerie, actieministeries__rol=rol)
    pagina, fout, status = pagineer(request, met_stand(voor_kaarten(acties)).order_by("nummer"))
    context |= {"rol": rol, "rol_label": Rol(rol).label, "pagina": pagina, "fout": fout}
    return render(request, "ministeries/ministerie.html", context, status=status)
