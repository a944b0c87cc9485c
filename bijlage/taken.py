"""Annex work that runs in the background (jobs): the stored annex of a closed round (PDF and Word), and
every other PDF or Word file (drafts, extra columns, the changes annex, the public list), made once per
version of its data and kept."""

import os
import uuid
from pathlib import Path

from django.conf import settings
from django.http import QueryDict
from django.urls import reverse
from django.utils.translation import gettext as _

from acties.models import Actie
from jobs.taken import Mislukt, do_start
from openbaar.filters import ActieFilter
from rapportage.models import Publicatie, Rapportage

from . import opmaak, opslag, samenstelling, word

SOORTEN = ("bijlage", "wijzigingen", "lijst")


def _bij_pagina(progress, context):
    geschat = samenstelling.geschatte_paginas(context)

    def bij_pagina(nummer):
        totaal = max(geschat, nummer)
        progress.zet(
            nummer, totaal, _("pagina %(n)s van ongeveer %(totaal)s") % {"n": nummer, "totaal": totaal}
        )

    return bij_pagina


def _vastgestelde(rapportage_id):
    rapportage = Rapportage.objects.filter(pk=rapportage_id).first()
    if rapportage is None or not rapportage.is_vastgesteld:
        raise Mislukt(_("Deze ronde is niet (meer) vastgesteld."))
    return rapportage


def bewaar_bijlage(progress, rapportage_id, formaat="pdf"):
    """Job: render and store the annex of a closed round, once. The PDF job stores the Word file as well;
    the Word job ("docx") only the Word file, for a round closed before there was one."""
    rapportage = _vastgestelde(rapportage_id)
    try:
        if formaat == "docx":
            opslag.bewaar_word(rapportage)
        else:
            context = samenstelling.bijlage_context(rapportage)
            opslag.bewaar_bijlage(rapportage, _bij_pagina(progress, context), context=context)
    except ValueError:
        # Reopened while we rendered: trying again cannot help, and nothing was stored.
        raise Mislukt(_("Deze ronde is heropend terwijl de bijlage gemaakt werd.")) from None
    return reverse("bijlage:docx" if formaat == "docx" else "bijlage:pdf", args=[rapportage.pk])


def start_bewaren(rapportage, formaat="pdf"):
    """The job that stores the annex of a closed round (the one running already, if there is one)."""
    if formaat == "docx":
        return do_start(
            bewaar_bijlage,
            _("Bijlage van %(titel)s als Word-bestand") % {"titel": rapportage.titel},
            sleutel=f"bijlage:{rapportage.pk}:docx",
            rapportage_id=rapportage.pk,
            formaat="docx",
        )
    return do_start(
        bewaar_bijlage,
        _("Bijlage van %(titel)s") % {"titel": rapportage.titel},
        sleutel=f"bijlage:{rapportage.pk}",
        rapportage_id=rapportage.pk,
    )


def download_pad(sleutel, formaat="pdf"):
    """Where a made PDF or Word file is kept (MEDIA_ROOT, shared by all app servers and workers)."""
    return Path(settings.MEDIA_ROOT) / "downloads" / f"{sleutel}.{formaat}"


def _context(soort, rapportage_id, kolommen, query, publicatie_id=None):
    if soort == "lijst":
        filterset = ActieFilter(QueryDict(query), queryset=Actie.objects.all())
        if not filterset.is_valid():
            raise Mislukt(
                _("Een of meer filters zijn ongeldig; pas ze aan op de lijst en probeer het opnieuw.")
            )
        return samenstelling.lijst_context(
            filterset.qs, filterset.gekozen_rapportage, filters=samenstelling.beschrijf_filters(filterset)
        )
    rapportage = Rapportage.objects.filter(pk=rapportage_id).first()
    if rapportage is None:
        raise Mislukt(_("Deze rapportage bestaat niet meer."))
    publicatie = None
    if publicatie_id is not None:
        publicatie = Publicatie.objects.filter(pk=publicatie_id, rapportage=rapportage).first()
        if publicatie is None:
            raise Mislukt(_("Deze versie van de rapportage bestaat niet meer."))
    maak = samenstelling.bijlage_context if soort == "bijlage" else samenstelling.wijzigingen_context
    return maak(rapportage, kolommen, publicatie)


def maak_pdf(
    progress,
    soort,
    sleutel_bestand,
    terug,
    rapportage_id=None,
    kolommen=(),
    query="",
    formaat="pdf",
    publicatie_id=None,
):
    """Job: render one PDF (or with formaat "docx" one Word file) and keep it under its key. The file
    appears whole or not at all (written aside, then renamed), so a worker stopped halfway leaves nothing
    that could be served."""
    context = _context(soort, rapportage_id, list(kolommen), query, publicatie_id)
    if formaat == "docx":
        inhoud = word.render_to_docx(context)
    else:
        bij_pagina = _bij_pagina(progress, context)
        _html, inhoud = opmaak.render_to_pdf(opmaak.BIJLAGE_TEMPLATE, context, bij_pagina)
    doel = download_pad(sleutel_bestand, formaat)
    doel.parent.mkdir(parents=True, exist_ok=True)
    tijdelijk = doel.with_name(f".{doel.name}.{uuid.uuid4().hex}.tmp")
    tijdelijk.write_bytes(inhoud)
    os.replace(tijdelijk, doel)
    return terug
