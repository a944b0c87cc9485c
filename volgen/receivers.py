"""Receivers of the round's signals (rapportage.ronde), connected in VolgenConfig.ready().

They run after the commit that closed the round, in the request that closed it; the digests are made by
a background job, so the request waits for none of it, and a failure to queue that job is logged and
never breaks the page or the other receivers (the annex, the mails to the editors)."""

import logging

from . import taken

logger = logging.getLogger(__name__)


def bij_ronde_vastgesteld(sender, rapportage, publicatie, **kwargs):
    try:
        taken.start_overzichten(publicatie)
    except Exception:
        logger.exception("Overzichten voor volgers van ronde %s niet klaargezet", rapportage.pk)
