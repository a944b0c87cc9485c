"""Lineage between actions as the public reads it: all of it, at once. It is the redactie's own record
(acties.opvolging), not a round's input, so no publication stands between recording and showing it."""

from collections.abc import Iterable, Iterator

from django.db.models import Q

from acties.models import Actie, Opvolging


def voeg_opvolging_toe(acties: list[Actie]) -> None:
    """Give each action `voortgekomen_uit` (the links from earlier actions to it) and `gevolgd_door` (the
    links from it to later ones), oldest first, with both actions of each link loaded. One query for any
    number of actions."""
    per_pk = {actie.pk: actie for actie in acties}
    for actie in acties:
        actie.voortgekomen_uit, actie.gevolgd_door = [], []
    if not per_pk:
        return
    links = Opvolging.objects.filter(Q(van__in=list(per_pk)) | Q(naar__in=list(per_pk)))
    for link in links.select_related("van", "naar"):
        if link.naar_id in per_pk:
            per_pk[link.naar_id].voortgekomen_uit.append(link)
        if link.van_id in per_pk:
            per_pk[link.van_id].gevolgd_door.append(link)


def met_opvolging(acties: Iterable[Actie], per: int = 2000) -> Iterator[Actie]:
    """The actions with their lineage (voeg_opvolging_toe), one query per `per` actions, for a list read
    with QuerySet.iterator()."""
    deel = []
    for actie in acties:
        deel.append(actie)
        if len(deel) == per:
            voeg_opvolging_toe(deel)
            yield from deel
            deel = []
    voeg_opvolging_toe(deel)
    yield from deel
