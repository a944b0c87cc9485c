"""Receivers of the round's signals (rapportage.ronde), connected in MeldingenConfig.ready().

They run after the step's commit, in the request that made the step. The step has happened by then,
so a mail that cannot be prepared is logged and never breaks the page, nor the other receivers (the
annex of a closed round)."""

import logging

from . import mails

logger = logging.getLogger(__name__)


def _veilig(maak, **argumenten):
    try:
        maak(**argumenten)
    except Exception:
        logger.exception("E-mail bij %s niet klaargezet", maak.__name__)


def bij_ronde_geopend(sender, rapportage, **kwargs):
    _veilig(mails.ronde_geopend, rapportage=rapportage)


def bij_tekst_teruggestuurd(sender, voortgang, door=None, **kwargs):
    _veilig(mails.tekst_teruggestuurd, voortgang=voortgang, door=door)


def bij_tekst_ingediend(sender, voortgang, door=None, **kwargs):
    _veilig(mails.tekst_ingediend, voortgang=voortgang, door=door)


def bij_ronde_vastgesteld(sender, rapportage, **kwargs):
    _veilig(mails.ronde_vastgesteld, rapportage=rapportage)
