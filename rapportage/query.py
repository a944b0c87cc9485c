"""Queries on actions that need the rounds: an action's published text and status."""

from django.db.models import F, OuterRef, Prefetch, Subquery
from django.db.models.functions import Coalesce

from .models import NIEUWSTE_EERST, StreefdatumWijziging, Vindplaats, Voortgang


def met_stand(acties, rapportage=None):
    """Annotate each action's published status text, knelpunt and status (`stand_tekst`, `stand_knelpunt`
    (empty: none), `stand_status`) in one query, never per row.

    Without a round this is the latest published text and the action's current status; with one, that
    round's text and status.
    """
    teksten = Voortgang.objects.gepubliceerd().filter(actie=OuterRef("pk"))
    if rapportage is not None:
        teksten = teksten.filter(rapportage=rapportage)
    teksten = teksten.order_by(*NIEUWSTE_EERST)
    acties = acties.annotate(
        stand_tekst=Subquery(teksten.values("tekst")[:1]),
        stand_knelpunt=Subquery(teksten.values("knelpunt")[:1]),
    )
    if rapportage is None:
        return acties.annotate(stand_status=F("status"))
    return acties.annotate(stand_status=Coalesce(Subquery(teksten.values("status")[:1]), F("status")))


def met_verantwoording(acties):
    """With the target-date log (`streefdatumwijzigingen`, oldest first, with its round) and the public
    evidence (`openbare_vindplaatsen`: of the action, or of texts of closed rounds): two queries in all."""
    return acties.prefetch_related(
        Prefetch(
            "streefdatumwijzigingen",
            queryset=StreefdatumWijziging.objects.select_related("rapportage").order_by("op", "pk"),
        ),
        Prefetch(
            "vindplaatsen",
            queryset=Vindplaats.objects.openbaar().select_related("voortgang__rapportage"),
            to_attr="openbare_vindplaatsen",
        ),
    )
