"""The models of rounds: the round and its texts, what it published, and the accountability beside them."""

from .afronding import Afronding
from .publicatie import BijlageVersie, GepubliceerdeTekst, Publicatie, stand
from .rappel import Rappel, RappelPunt, UitersteDatumWijziging
from .ronde import NIEUWSTE_EERST, Rapportage, Rondeplanning, Voortgang
from .verantwoording import Correctie, StreefdatumWijziging, Vindplaats

__all__ = [
    "NIEUWSTE_EERST",
    "Afronding",
    "BijlageVersie",
    "Correctie",
    "GepubliceerdeTekst",
    "Publicatie",
    "Rapportage",
    "Rappel",
    "RappelPunt",
    "Rondeplanning",
    "StreefdatumWijziging",
    "UitersteDatumWijziging",
    "Vindplaats",
    "Voortgang",
    "stand",
]
