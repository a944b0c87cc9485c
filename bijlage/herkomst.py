"""What the annex says of the register (moties.Opdracht): the Herkomst column (the items each action
carries out, as cited) and the table of motions and commitments no action carries out, both as they stood
at the annex's moment. Our importer reads the citations back (importeer.notatie.lees_herkomst); a citation
changed here must change there too.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from acties.models import ActieOpdracht
from moties.enquete import dossier_als_kamerstuk
from moties.models import Opdracht, OpdrachtDeel, Soort

HARDE_SPATIE = "\u00a0"

# The order in which the Herkomst column cites the kinds: the Kamer's own items first.
_VOLGORDE = (Soort.MOTIE, Soort.TOEZEGGING, Soort.AANBEVELING, Soort.BELOFTE)


@dataclass(frozen=True)
class ZonderActie:
    """A row of the table of items no action carries out: a whole motion or commitment, or one described
    part of it."""

    opdracht: str  # 'Motie Wilders', 'Toezegging TZ202103-011, deel 2'
    kamerstuk: str  # its Kamerstuk, or where it was promised
    tekst: str


def motie_kamerstuk(opdracht: Opdracht) -> str:
    """'35 510, nr. 21', with no-break spaces so that a narrow column never breaks it."""
    dossier = dossier_als_kamerstuk(opdracht.dossier).replace(" ", HARDE_SPATIE)
    return f"{dossier}, nr.{HARDE_SPATIE}{opdracht.nummer}"


def _met_deel(aanhaling: str, deel: int | None) -> str:
    return aanhaling + (_(", deel %(deel)s") % {"deel": deel} if deel else "")


def motie_aanhaling(
    motie: Opdracht, deel: int | None = None, indieners: str = "", kamerstuk: bool = True
) -> str:
    """A motion as the Herkomst column cites it: 'Motie Marijnissen c.s. (35 510, nr. 21), deel 1';
    ``indieners`` as the action names them, else the motion's own; without ``kamerstuk`` for a table that
    has it in a column of its own."""
    waarden = {"indieners": indieners or motie.indieners, "kamerstuk": motie_kamerstuk(motie)}
    aanhaling = (
        _("Motie %(indieners)s (%(kamerstuk)s)") if kamerstuk else _("Motie %(indieners)s")
    ) % waarden
    return _met_deel(aanhaling, deel)


def _heeft_kamerstuk(opdracht: Opdracht) -> bool:
    return opdracht.dossier is not None and opdracht.nummer is not None


def aanhaling(
    opdracht: Opdracht, deel: int | None = None, indieners: str = "", kamerstuk: bool = True
) -> str:
    """Any item as the annex cites it. A motion: motie_aanhaling. A commitment by its register number,
    'Toezegging TZ202103-011' (by its title when it has none); a recommendation by its title,
    'Aanbeveling: <titel>'; a promise by its title and, where it has one, Kamerstuk, 'Belofte: <titel>
    (Kamerstuk 31 066, nr. 1071)'. The importer finds the item again by exactly these."""
    if opdracht.soort == Soort.MOTIE:
        return motie_aanhaling(opdracht, deel, indieners, kamerstuk)
    soort = Soort(opdracht.soort).label.capitalize()
    if opdracht.soort == Soort.TOEZEGGING and opdracht.registernummer:
        tekst = f"{soort} {opdracht.registernummer}"
    else:
        tekst = f"{soort}: {opdracht.titel}"
    if opdracht.soort == Soort.BELOFTE and kamerstuk and _heeft_kamerstuk(opdracht):
        tekst += " (" + _("Kamerstuk %(kamerstuk)s") % {"kamerstuk": motie_kamerstuk(opdracht)} + ")"
    return _met_deel(tekst, deel)


def _volgorde(opdracht: Opdracht):
    """Motions by dossier and number, the other kinds by register number, then title."""
    soort = _VOLGORDE.index(opdracht.soort) if opdracht.soort in _VOLGORDE else len(_VOLGORDE)
    if opdracht.soort == Soort.MOTIE:
        return (soort, opdracht.dossier or 0, opdracht.nummer or 0, "", "", opdracht.pk)
    return (soort, 0, 0, opdracht.registernummer, opdracht.titel, opdracht.pk)


def _zoals_toen(model, moment: datetime | None) -> list:
    """The rows of ``model`` standing at ``moment`` (now, for a draft), from its history: an item added,
    changed or removed later is not in a closed round's annex."""
    return list(model.objects.all() if moment is None else model.history.as_of(moment))


def herkomst_per_actie(moment: datetime | None) -> dict[int, list[str]]:
    """{action pk: [citation]}: the items each action carried out at ``moment``, motions first by dossier
    and number, then commitments, recommendations and promises. A closed round prints the links it was
    published with, as it prints the words."""
    opdrachten = {o.pk: o for o in _zoals_toen(Opdracht, moment)}
    koppelingen = [k for k in _zoals_toen(ActieOpdracht, moment) if k.opdracht_id in opdrachten]
    per_actie = defaultdict(list)
    for k in sorted(koppelingen, key=lambda k: (_volgorde(opdrachten[k.opdracht_id]), k.deel or 0)):
        per_actie[k.actie_id].append(aanhaling(opdrachten[k.opdracht_id], k.deel, k.vermelding))
    return dict(per_actie)


def _bron(opdracht: Opdracht) -> str:
    """The second column: a Kamerstuk where there is one, else where it was promised, else its number."""
    if _heeft_kamerstuk(opdracht):
        return motie_kamerstuk(opdracht)
    return opdracht.bron or opdracht.registernummer


def zonder_actie(moment: datetime | None) -> list[ZonderActie]:
    """Every motion and commitment no action carried out at ``moment`` (with its text), and every described
    part no action names (with its text): motions by dossier and number, then commitments by register
    number. What moties.OpdrachtQuerySet.zonder_actie shows on the site, read from the history as the
    Herkomst column is."""
    koppelingen = _zoals_toen(ActieOpdracht, moment)
    gekoppeld = {k.opdracht_id for k in koppelingen}
    genoemd = {(k.opdracht_id, k.deel) for k in koppelingen}
    delen_per_opdracht = defaultdict(list)
    for deel in sorted(_zoals_toen(OpdrachtDeel, moment), key=lambda d: d.nummer):
        delen_per_opdracht[deel.opdracht_id].append(deel)
    opdrachten = [o for o in _zoals_toen(Opdracht, moment) if o.soort in (Soort.MOTIE, Soort.TOEZEGGING)]
    rijen = []
    for opdracht in sorted(opdrachten, key=_volgorde):
        if opdracht.pk not in gekoppeld:
            rijen.append(ZonderActie(aanhaling(opdracht, kamerstuk=False), _bron(opdracht), opdracht.dictum))
        rijen += [
            ZonderActie(aanhaling(opdracht, deel.nummer, kamerstuk=False), _bron(opdracht), deel.tekst)
            for deel in delen_per_opdracht[opdracht.pk]
            if (opdracht.pk, deel.nummer) not in genoemd
        ]
    return rijen
