"""Downloads of the annex: the PDF and the Word file, its HTML version (the accessible one), the changes
annex, the public action list as PDF, and the earlier versions of a round's annex.

No PDF or Word file is rendered in a web request. A closed round's annex is stored once (bijlage.taken,
started when the round is closed); every other file is made by a background job once per version of its
data and kept under a key. Until it is there, the visitor waits on the job's page, which shows progress
and then sends them to the download. Public files waiting in the queue are bounded (PDF_WACHTRIJ_MAX):
beyond it the answer is 429 with Retry-After, never a stalled site.

A published round that is reopened for a correction keeps publishing its latest annex at the same
addresses, to everyone, until the correction is published; its draft is at concept.pdf / concept.docx,
for the redactie. Every published version stays at an address of its own.
"""

import hashlib
import logging
from urllib.parse import urlencode

from django.conf import settings
from django.forms import ModelChoiceField
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from acties.models import Actie
from jobs.models import Job
from jobs.taken import do_start
from lib import paginacache
from openbaar.filters import ActieFilter
from openbaar.versie import versie as openbare_versie
from rapportage import rechten
from rapportage.models import BijlageVersie, Rapportage

from . import gegevens, opmaak, opslag, samenstelling, taken, word

logger = logging.getLogger(__name__)


def _get_rapportage_for_user(request, pk):
    """A round whose annex the user may read (rapportage.rechten.mag_bijlage_lezen); 404 otherwise."""
    rapportage = get_object_or_404(Rapportage, pk=pk)
    if not rechten.mag_bijlage_lezen(request.user, rapportage):
        raise Http404(_("Deze rapportage bestaat niet of is nog niet openbaar."))
    return rapportage


def _kolommen(request):
    namen = []
    for waarde in request.GET.getlist("kolommen"):
        namen += waarde.split(",")
    return samenstelling.kies(namen)


def _met_kolommen(url, kolommen):
    return f"{url}?kolommen={','.join(kolommen)}" if kolommen else url


def _melding(request, kop, regels, status, html_url=None, rapportage=None):
    context = {"kop": kop, "regels": regels, "html_url": html_url, "rapportage": rapportage}
    return render(request, "bijlage/melding.html", context, status=status)


SOORT = {"pdf": "application/pdf", "docx": word.DOCX_TYPE}


def _bestand(pad, bestandsnaam, concept, formaat="pdf"):
    # A PDF opens in the browser; a Word file is saved, as a browser cannot show it.
    response = FileResponse(
        pad.open("rb"), content_type=SOORT[formaat], filename=bestandsnaam, as_attachment=formaat == "docx"
    )
    if concept:
        response["Cache-Control"] = "private, no-store"
    return response


def _bewaard(veldbestand, bestandsnaam, formaat, rapportage):
    """A stored (frozen) file of a round or of an earlier version."""
    try:
        bestand = veldbestand.open("rb")
    except FileNotFoundError:
        # Regenerating would publish a different document than the one sent to the Kamer.
        logger.error("Bewaarde bijlage %s van rapportage %s ontbreekt", veldbestand.name, rapportage.pk)
        raise Http404(_("De bewaarde bijlage ontbreekt; neem contact op met de beheerder.")) from None
    return FileResponse(
        bestand, content_type=SOORT[formaat], filename=bestandsnaam, as_attachment=formaat == "docx"
    )


def _vol(request):
    response = _melding(
        request,
        _("Even geduld"),
        [_("Er worden nu veel PDF's gemaakt. Probeer het over een halve minuut opnieuw.")],
        429,
    )
    response["Retry-After"] = "30"
    return response


def _via_job(
    request,
    soort,
    bestandsnaam,
    omschrijving,
    rapportage=None,
    kolommen=(),
    html_url=None,
    formaat="pdf",
    publicatie=None,
    query="",
):
    """The file if it was made already; otherwise a job that makes it, and its waiting page. With a
    ``publicatie``: of that publication of the round, not of its current data."""
    concept = rapportage is not None and not rapportage.is_vastgesteld and publicatie is None
    # A draft changes with every save of its round (its details, texts, evidence); every other file shows
    # what is public, whose version changes only with that (openbaar.versie): a draft save renders none.
    versie = paginacache.versie() if concept else openbare_versie()
    delen = [soort, str(rapportage.pk if rapportage else ""), ",".join(kolommen), query, versie]
    if formaat != "pdf":
        delen.append(formaat)
    if publicatie is not None:
        delen.append(f"versie {publicatie.versie}")
    if concept:
        delen.append(str(request.user.pk))
    sleutel = hashlib.sha256("|".join(delen).encode()).hexdigest()
    pad = taken.download_pad(sleutel, formaat)
    if pad.is_file():
        return _bestand(pad, bestandsnaam, concept, formaat)
    eigenaar = request.user if concept else None
    openbaar = Job.objects.lopend().filter(taak=f"{taken.__name__}.maak_pdf", eigenaar=None)
    if eigenaar is None and not openbaar.filter(sleutel=f"pdf:{sleutel}").exists():
        if openbaar.count() >= settings.PDF_WACHTRIJ_MAX:
            logger.warning(
                "Wachtrij voor openbare PDF's vol (%s); verzoek om %s geweigerd", openbaar.count(), soort
            )
            return _vol(request)
    job = do_start(
        taken.maak_pdf,
        omschrijving,
        sleutel=f"pdf:{sleutel}",
        eigenaar=eigenaar,
        # The public's files share one worker at most (JOBS_TEGELIJK); a draft is the redactie's own work.
        groep="" if concept else "publiek",
        soort=soort,
        sleutel_bestand=sleutel,
        terug=request.get_full_path(),
        rapportage_id=rapportage.pk if rapportage else None,
        kolommen=list(kolommen),
        query=query,
        formaat=formaat,
        publicatie_id=publicatie.pk if publicatie else None,
    )
    return redirect("jobs:job", job.pk)


def _bijlage(request, pk, formaat):
    rapportage = get_object_or_404(Rapportage, pk=pk)
    kolommen = _kolommen(request)
    if not kolommen:
        veld = getattr(rapportage, opslag.VELD[formaat])
        if veld and (rapportage.is_gepubliceerd or rapportage.is_vastgesteld):
            # The latest publication's file, also while a correction is prepared.
            return _bewaard(veld, opslag.bestandsnaam(rapportage, extensie=formaat), formaat, rapportage)
        if rapportage.is_vastgesteld:
            return redirect("jobs:job", taken.start_bewaren(rapportage, formaat).pk)
        versie = opslag.in_herziening(rapportage)
        if versie is not None:
            # Published once, so public until the round is closed again, to everyone; the redactie
            # finds the draft at concept.pdf.
            return _versiebestand(request, versie, formaat)
    return _gemaakt(request, rapportage, kolommen, formaat, gegevens.publicatie_in_correctie(rapportage))


def _gemaakt(request, rapportage, kolommen, formaat, publicatie=None):
    """The annex made by a job from the round's current data (a draft, or a closed round's with extra
    columns), or from ``publicatie`` of a round being corrected (with extra columns)."""
    if publicatie is None and not rechten.mag_concept_lezen(request.user, rapportage):
        raise Http404(_("Deze rapportage bestaat niet of is nog niet openbaar."))
    omschrijving = _("Bijlage van %(titel)s") % {"titel": rapportage.titel}
    if not rapportage.is_vastgesteld and publicatie is None:
        omschrijving = _("Conceptbijlage van %(titel)s") % {"titel": rapportage.titel}
    if formaat == "docx":
        omschrijving = _("%(document)s als Word-bestand") % {"document": omschrijving}
    naam = opslag.bestandsnaam(rapportage, extensie=formaat)
    return _via_job(
        request, "bijlage", naam, omschrijving, rapportage, kolommen, formaat=formaat, publicatie=publicatie
    )


def bijlage_pdf(request, pk):
    return _bijlage(request, pk, "pdf")


def bijlage_docx(request, pk):
    """The annex as Word: the same table, for those who edit and send it on."""
    return _bijlage(request, pk, "docx")


def _concept_van_lopende(request, pk, formaat):
    rapportage = _get_rapportage_for_user(request, pk)
    if rapportage.is_vastgesteld:
        # A closed round has no draft any more; its annex is the published one.
        return redirect("bijlage:docx" if formaat == "docx" else "bijlage:pdf", rapportage.pk)
    return _gemaakt(request, rapportage, _kolommen(request), formaat)


def concept_pdf(request, pk):
    """The draft of a running round, also while its previous version is published (reopened)."""
    return _concept_van_lopende(request, pk, "pdf")


def concept_docx(request, pk):
    return _concept_van_lopende(request, pk, "docx")


def _versiebestand(request, versie, formaat):
    veld = getattr(versie, opslag.VELD[formaat])
    if not veld:
        # Published before pokvolg made Word files (or reopened before one of the two was stored).
        if formaat == "docx":
            kop, regels = (
                _("Geen Word-bestand"),
                [_("Van deze versie van de bijlage is alleen de PDF bewaard.")],
            )
        else:
            kop, regels = (
                _("Geen PDF"),
                [_("Van deze versie van de bijlage is alleen het Word-bestand bewaard.")],
            )
        return _melding(request, kop, regels, 404, rapportage=versie.rapportage)
    return _bewaard(veld, opslag.versienaam(versie, formaat), formaat, versie.rapportage)


def versie_pdf(request, pk, versie):
    """An earlier published version of a round's annex: public, as it was published."""
    versie = get_object_or_404(BijlageVersie.objects.select_related("rapportage"), pk=versie, rapportage=pk)
    return _versiebestand(request, versie, "pdf")


def versie_docx(request, pk, versie):
    versie = get_object_or_404(BijlageVersie.objects.select_related("rapportage"), pk=versie, rapportage=pk)
    return _versiebestand(request, versie, "docx")


def bijlage_html(request, pk):
    """The annex as a web page: the same template as the PDF, and the accessible version of it."""
    rapportage = _get_rapportage_for_user(request, pk)
    kolommen = _kolommen(request)
    context = samenstelling.bijlage_context(
        rapportage, kolommen, gegevens.publicatie_in_correctie(rapportage)
    )
    context["pdf_url"] = _met_kolommen(reverse("bijlage:pdf", args=[pk]), kolommen)
    return render(request, opmaak.BIJLAGE_TEMPLATE, context)


def _wijzigingen(request, pk, formaat):
    rapportage = _get_rapportage_for_user(request, pk)
    omschrijving = _("Wijzigingen in %(titel)s") % {"titel": rapportage.titel}
    if formaat == "docx":
        omschrijving = _("%(document)s als Word-bestand") % {"document": omschrijving}
    naam = opslag.bestandsnaam(rapportage, "wijzigingen", extensie=formaat)
    publicatie = gegevens.publicatie_in_correctie(rapportage)
    return _via_job(
        request,
        "wijzigingen",
        naam,
        omschrijving,
        rapportage,
        _kolommen(request),
        formaat=formaat,
        publicatie=publicatie,
    )


def wijzigingen_pdf(request, pk):
    return _wijzigingen(request, pk, "pdf")


def wijzigingen_docx(request, pk):
    """The changes annex as Word, for those who edit and send it on, like the annex itself."""
    return _wijzigingen(request, pk, "docx")


def wijzigingen_html(request, pk):
    rapportage = _get_rapportage_for_user(request, pk)
    kolommen = _kolommen(request)
    context = samenstelling.wijzigingen_context(
        rapportage, kolommen, gegevens.publicatie_in_correctie(rapportage)
    )
    context["pdf_url"] = _met_kolommen(reverse("bijlage:wijzigingen", args=[pk]), kolommen)
    return render(request, opmaak.BIJLAGE_TEMPLATE, context)


def _filters(filterset):
    """The chosen filters in one spelling: each once, in the form's order, an object by its key (a theme
    by its slug, a ministry by its abbreviation), so that a list has one PDF however its link is written."""
    paren = []
    for naam, veld in filterset.form.fields.items():
        waarde = filterset.form.cleaned_data.get(naam)
        if waarde in (None, ""):
            continue
        if isinstance(veld, ModelChoiceField):
            waarde = getattr(waarde, veld.to_field_name or "pk")
        paren.append((naam, str(waarde)))
    return urlencode(paren)


def lijst_pdf(request):
    """The public action list with the visitor's current filters, as PDF: one per list and version of the
    public data. A parameter that is no filter is refused like an invalid one: it would ask for another
    render of the same list."""
    filterset = ActieFilter(request.GET, queryset=Actie.objects.all())
    if set(request.GET) - set(filterset.form.fields) or not filterset.is_valid():
        regels = [_("Een of meer filters zijn ongeldig; pas ze aan op de lijst en probeer het opnieuw.")]
        return _melding(request, _("Ongeldige filters"), regels, 400)
    naam = f"acties-{timezone.localdate():%Y-%m-%d}.pdf"
    return _via_job(request, "lijst", naam, _("De lijst van acties als PDF"), query=_filters(filterset))
