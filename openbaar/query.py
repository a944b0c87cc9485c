"""The public's data: the texts of each round's latest publication, the rounds that were published, and
the evidence and target-date changes that are public. Everything public reads these, never the working
texts (Voortgang) or the rounds' state."""

from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, Subquery
from django.db.models.functions import Coalesce

from rapportage.models import (
    NIEUWSTE_EERST,
    Correctie,
    GepubliceerdeTekst,
    Publicatie,
    Rapportage,
    StreefdatumWijziging,
    Vindplaats,
    stand,
)


def teksten():
    """Every round's published texts as its latest publication has them."""
    return GepubliceerdeTekst.objects.actueel()


def nieuwste_teksten():
    """Each action's latest published text (by the round's reference date), as a set: a text with no
    newer one of the same action. Filtering this set costs one pass, where asking every action for its
    latest text with a subquery sorts each action's texts."""
    nieuwer = teksten().filter(
        Q(rapportage__peildatum__gt=OuterRef("rapportage__peildatum"))
        | Q(
            rapportage__peildatum=OuterRef("rapportage__peildatum"),
            rapportage_id__gt=OuterRef("rapportage_id"),
        ),
        actie=OuterRef("actie"),
    )
    return teksten().exclude(Exists(nieuwer))


def rondes():
    """The rounds the public sees: published at least once (also while a correction is under way)."""
    return Rapportage.objects.gepubliceerd()


def rondes_met_gegevens():
    """The public rounds with what their latest publication says: `aantal_teksten` and
    `openbaar_kamerstuk` (the Kamerstuk as published, also while a correction changes it)."""
    laatste = Publicatie.objects.filter(rapportage=OuterRef("pk"), versie=OuterRef("publicatieversie"))
    return (
        rondes()
        .annotate(
            aantal_teksten=Count(
                "gepubliceerde_teksten", filter=Q(gepubliceerde_teksten__versie=F("publicatieversie"))
            ),
            openbaar_kamerstuk=Subquery(laatste.values("kamerstuk")[:1]),
        )
        .order_by(*Rapportage._meta.ordering)
    )


def laatste_ronde():
    """The latest published round, with what its latest publication says (see rondes_met_gegevens)."""
    return rondes_met_gegevens().first()


def vindplaatsen():
    # Removed while a round runs: public until that round is published.
    return Vindplaats.alle.openbaar()


def streefdatumwijzigingen():
    """Target-date changes made outside a round, and those of a round once that round published after
    them. Marked public is not enough: a publication of another round (an import while this one runs)
    marks every waiting change, and changes from before publications existed were all marked."""
    na_de_wijziging = Publicatie.objects.filter(rapportage=OuterRef("rapportage"), op__gte=OuterRef("op"))
    return StreefdatumWijziging.objects.openbaar().filter(
        Q(rapportage__isnull=True) | Exists(na_de_wijziging)
    )


def correcties():
    """Publications after the first: each a correction of a published round, newest first."""
    return Publicatie.objects.filter(versie__gt=1).select_related("rapportage")


def correcties_buiten_ronde():
    """What the redactie corrected outside a round (descriptions, ministries, dicta): public at once."""
    return Correctie.objects.select_related("actie", "opdracht")


def met_stand(acties, rapportage=None):
    """Annotate each action's published status text, knelpunt and status (`stand_tekst`, `stand_knelpunt`
    (empty: none), `stand_status`) in one query, never per row.

    Without a round this is the latest published text and the action's current status; with one, that
    round's text and status.
    """
    gepubliceerd = teksten().filter(actie=OuterRef("pk"))
    if rapportage is not None:
        gepubliceerd = gepubliceerd.filter(rapportage=rapportage)
    gepubliceerd = gepubliceerd.order_by(*NIEUWSTE_EERST)
    acties = acties.annotate(
        stand_tekst=Subquery(gepubliceerd.values("tekst")[:1]),
        stand_knelpunt=Subquery(gepubliceerd.values("knelpunt")[:1]),
    )
    if rapportage is None:
        return acties.annotate(stand_status=F("status"))
    return acties.annotate(stand_status=Coalesce(Subquery(gepubliceerd.values("status")[:1]), F("status")))


def met_verantwoording(acties):
    """With the public target-date log (`streefdatumwijzigingen`, oldest first, with its round) and the
    public evidence (`openbare_vindplaatsen`): two queries in all."""
    return acties.prefetch_related(
        Prefetch(
            "streefdatumwijzigingen",
            queryset=streefdatumwijzigingen().select_related("rapportage").order_by("op", "pk"),
        ),
        Prefetch(
            "vindplaatsen",
            queryset=vindplaatsen().select_related("voortgang__rapportage"),
            to_attr="openbare_vindplaatsen",
        ),
    )


def correcties_van_actie(actie):
    """{round id: [the publications that changed this action's text, status or knelpunt, oldest first]}:
    what the action page marks as "gecorrigeerd op <datum>: <reden>". One query."""
    per_ronde = {}
    for tekst in (
        GepubliceerdeTekst.objects.filter(actie=actie)
        .select_related("publicatie")
        .order_by("rapportage_id", "publicatie__versie")
    ):
        per_ronde.setdefault(tekst.rapportage_id, []).append(tekst)
    correcties = {}
    for ronde, versies in per_ronde.items():
        for eerder, later in zip(versies, versies[1:], strict=False):
            if stand(eerder) != stand(later):
                correcties.setdefault(ronde, []).append(later.publicatie)
    return correcties
