"""The models of rounds: the round and its texts, what it published, and the accountability beside them."""

from .publicatie import BijlageVersie, GepubliceerdeTekst, GepubliceerdeTekstQuerySet, Publicatie
from .ronde import (
    NIEUWSTE_EERST,
    OVERGANGEN,
    Rapportage,
    RapportageQuerySet,
    Voortgang,
    VoortgangQuerySet,
)
from .verantwoording import OpenbaarQuerySet, StreefdatumWijziging, Vindplaats

__all__ = [
    "NIEUWSTE_EERST",
    "OVERGANGEN",
    "BijlageVersie",
    "GepubliceerdeTekst",
    "GepubliceerdeTekstQuerySet",
    "OpenbaarQuerySet",
    "Publicatie",
    "Rapportage",
    "RapportageQuerySet",
    "StreefdatumWijziging",
    "Vindplaats",
    "Voortgang",
    "VoortgangQuerySet",
]
