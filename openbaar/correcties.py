"""The public corrections log: each publication after a round's first, with its reason and what it
changed (per action: text, status and knelpunt before and after, and a word diff of the text)."""

from dataclasses import dataclass, field

from django.db.models import Q

from acties.models import Status
from lib.verschil import woordverschil
from rapportage.models import GepubliceerdeTekst, Publicatie, stand

from .query import correcties

MAX_CORRECTIES = 50


@dataclass
class Gecorrigeerd:
    """One action's text as a correction changed it."""

    nummer: int
    oud: GepubliceerdeTekst | None
    nieuw: GepubliceerdeTekst | None

    @property
    def verschil(self):
        return woordverschil(self.oud.tekst if self.oud else "", self.nieuw.tekst if self.nieuw else "")

    @property
    def tekst_gewijzigd(self):
        return (self.oud.tekst if self.oud else "") != (self.nieuw.tekst if self.nieuw else "")

    @property
    def status_oud(self):
        return Status.label_van(self.oud.status) if self.oud else ""

    @property
    def status_nieuw(self):
        return Status.label_van(self.nieuw.status) if self.nieuw else ""


@dataclass
class Correctie:
    publicatie: Publicatie
    acties: list[Gecorrigeerd] = field(default_factory=list)


def log(rapportage=None, aantal=MAX_CORRECTIES) -> list[Correctie]:
    """The newest corrections (of one round, or of all), each with the actions it changed: two queries."""
    publicaties = correcties()
    if rapportage is not None:
        publicaties = publicaties.filter(rapportage=rapportage)
    publicaties = list(publicaties.order_by("-op", "-pk")[:aantal])
    if not publicaties:
        return []
    nodig = Q()
    for p in publicaties:
        nodig |= Q(rapportage_id=p.rapportage_id, publicatie__versie__in=(p.versie - 1, p.versie))
    teksten = {}
    for t in (
        GepubliceerdeTekst.objects.filter(nodig)
        .select_related("actie")
        .only("rapportage_id", "actie__nummer", "tekst", "status", "knelpunt", "publicatie__versie")
        .select_related("publicatie")
    ):
        teksten[(t.rapportage_id, t.publicatie.versie, t.actie.nummer)] = t
    uitkomst = []
    for p in publicaties:
        nummers = sorted(
            {n for (r, v, n) in teksten if r == p.rapportage_id and v in (p.versie - 1, p.versie)}
        )
        correctie = Correctie(p)
        for nummer in nummers:
            oud = teksten.get((p.rapportage_id, p.versie - 1, nummer))
            nieuw = teksten.get((p.rapportage_id, p.versie, nummer))
            if stand(oud) != stand(nieuw):
                correctie.acties.append(Gecorrigeerd(nummer, oud, nieuw))
        uitkomst.append(correctie)
    return uitkomst
