"""The stored annex of a closed round: made once after closing, then frozen."""

import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rapportage.models import Rapportage

from . import pdf

logger = logging.getLogger(__name__)


def bestandsnaam(rapportage, soort="bijlage", extensie="pdf"):
    return f"{soort}-{slugify(rapportage.titel) or rapportage.pk}.{extensie}"


def bewaar_bijlage(rapportage, bij_pagina=None):
    """The stored annex of a closed round: rendered and saved the first time, never again after.

    Returns the FieldFile. Of two simultaneous first renders, the row lock lets only one be stored.
    """
    if not rapportage.is_vastgesteld:
        raise ValueError("Alleen een vastgestelde rapportage heeft een bewaarde bijlage.")
    if rapportage.bijlage_pdf:
        return rapportage.bijlage_pdf
    # Rendered before the lock is taken: a render takes seconds, and other steps on rounds must not wait.
    context = pdf.bijlage_context(rapportage)
    _html, inhoud = pdf.render_to_pdf(pdf.BIJLAGE_TEMPLATE, context, bij_pagina)
    with transaction.atomic():
        vast = Rapportage.objects.select_for_update().get(pk=rapportage.pk)
        if not vast.is_vastgesteld:
            raise ValueError("De rapportage is heropend terwijl haar bijlage gemaakt werd.")
        if not vast.bijlage_pdf:
            vast.bijlage_pdf.save(bestandsnaam(vast), ContentFile(inhoud), save=False)
            vast._change_reason = _("Bijlage (PDF) gemaakt en bewaard")
            vast.save(update_fields=["bijlage_pdf"])
            logger.info("Bijlage van rapportage %s bewaard als %s", vast.pk, vast.bijlage_pdf.name)
    rapportage.bijlage_pdf = vast.bijlage_pdf
    return rapportage.bijlage_pdf
