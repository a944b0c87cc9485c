"""The stored annex of a closed round, as PDF and as Word: made once after closing, then frozen.

A round keeps its published files while a correction is prepared; publishing the correction keeps them
as a BijlageVersie of the version they belonged to (rapportage.ronde._publiceer).
"""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rapportage.models import Rapportage

from . import opmaak, samenstelling, word

logger = logging.getLogger(__name__)

FORMATEN = ("pdf", "docx")
VELD = {"pdf": "bijlage_pdf", "docx": "bijlage_docx"}


def _reden(formaat):
    if formaat == "pdf":
        return _("Bijlage (PDF) gemaakt en bewaard")
    return _("Bijlage (Word) gemaakt en bewaard")


def bestandsnaam(rapportage, soort="bijlage", extensie="pdf"):
    return f"{soort}-{slugify(rapportage.titel) or rapportage.pk}.{extensie}"


def versienaam(versie, extensie="pdf"):
    """The file name of an earlier version: the round's, with the day that version was closed."""
    rapportage, dag = versie.rapportage, timezone.localtime(versie.vastgesteld_op)
    return f"bijlage-{slugify(rapportage.titel) or rapportage.pk}-{dag:%Y-%m-%d}.{extensie}"


def _render(context, formaat, bij_pagina):
    if formaat == "pdf":
        return opmaak.render_to_pdf(opmaak.BIJLAGE_TEMPLATE, context, bij_pagina)[1]
    return word.render_to_docx(context)


def bewaar_bijlage(rapportage, bij_pagina=None, formaten=FORMATEN, context=None):
    """The stored annex of a closed round: rendered and saved the first time, never again after.

    Stores each of ``formaten`` ("pdf", "docx") the round does not have yet and returns the PDF's FieldFile.
    ``context`` is the round's bijlage_context() if the caller has built it already. Of two simultaneous
    first renders, the row lock lets only one be stored.
    """
    if not rapportage.is_vastgesteld:
        raise ValueError("Alleen een vastgestelde rapportage heeft een bewaarde bijlage.")
    ontbreekt = [f for f in formaten if not getattr(rapportage, VELD[f])]
    if not ontbreekt:
        return rapportage.bijlage_pdf
    # Rendered before the lock is taken: a render takes seconds, and other steps on rounds must not wait.
    if context is None:
        context = samenstelling.bijlage_context(rapportage)
    inhoud = {f: _render(context, f, bij_pagina) for f in ontbreekt}
    with transaction.atomic():
        vast = Rapportage.objects.select_for_update().get(pk=rapportage.pk)
        # Reopened, or reopened and closed again, while we rendered: what we made is not what it publishes.
        if not vast.is_vastgesteld or vast.vastgesteld_op != rapportage.vastgesteld_op:
            raise ValueError("De rapportage is heropend terwijl haar bijlage gemaakt werd.")
        # Word first: each file gets its own history entry, and the PDF's stays the latest, as before.
        for formaat in ("docx", "pdf"):
            if formaat not in ontbreekt:
                continue
            veld = getattr(vast, VELD[formaat])
            if veld:  # the other render was first
                continue
            veld.save(bestandsnaam(vast, extensie=formaat), ContentFile(inhoud[formaat]), save=False)
            vast._change_reason = _reden(formaat)
            vast.save(update_fields=[VELD[formaat]])
            logger.info("Bijlage van rapportage %s bewaard als %s", vast.pk, veld.name)
    rapportage.bijlage_pdf, rapportage.bijlage_docx = vast.bijlage_pdf, vast.bijlage_docx
    return rapportage.bijlage_pdf


def bewaar_word(rapportage):
    """The stored Word annex of a closed round (made now if the round has none yet: closed before Word)."""
    bewaar_bijlage(rapportage, formaten=("docx",))
    return rapportage.bijlage_docx


def in_herziening(rapportage):
    """For a round reopened before publications existed (its files moved to a BijlageVersie then): the
    version it publishes until it is closed again, or None."""
    if rapportage.is_vastgesteld or rapportage.bijlage_pdf:
        return None
    return rapportage.bijlageversies.first()
