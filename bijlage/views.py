"""Downloads of the annex: the PDF, its HTML version (the accessible one), the changes annex and the
public action list as PDF.

A closed round serves its stored PDF, made once; drafts are rendered on demand for the redactie only.
Web requests render at most pdf.WEB_MAX_TEKENS characters to PDF; bigger documents are refused with
an explanation and come from `manage.py maak_bijlage`, so no request ties up a worker for minutes.
"""

import logging

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from acties.models import Actie
from publiek.filters import ActieFilter
from rapportage import rechten
from rapportage.models import Rapportage

from . import pdf

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
    return [naam for naam, _kop in pdf.kies_kolommen(namen)]


def _met_kolommen(url, kolommen):
    return f"{url}?kolommen={','.join(kolommen)}" if kolommen else url


def _pdf_response(inhoud, bestandsnaam, concept):
    response = HttpResponse(inhoud, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(False, bestandsnaam)
    if concept:
        response["Cache-Control"] = "private, no-store"
    return response


def _melding(request, kop, regels, status, html_url=None):
    context = {"kop": kop, "regels": regels, "html_url": html_url}
    return render(request, "bijlage/melding.html", context, status=status)


def _te_groot(request, tekens, html_url=None):
    regels = [
        _(
            "Dit document bevat %(tekens)s tekens. Via de website maakt pokvolg PDF's tot %(max)s tekens, "
            "zodat één verzoek de server niet minutenlang bezet houdt."
        )
        % {"tekens": tekens, "max": pdf.WEB_MAX_TEKENS},
        _(
            "Maak de selectie kleiner, lees de HTML-versie, of vraag de beheerder de PDF te maken met "
            "'python manage.py maak_bijlage'."
        ),
    ]
    return _melding(request, _("Te groot om hier als PDF te maken"), regels, 422, html_url)


def bijlage_pdf(request, pk):
    rapportage = _get_rapportage_for_user(request, pk)
    kolommen = _kolommen(request)
    html_url = _met_kolommen(reverse("bijlage:html", args=[pk]), kolommen)
    if rapportage.is_vastgesteld and not kolommen:
        try:
            bestand = pdf.bewaar_bijlage(rapportage, max_tekens=pdf.WEB_MAX_TEKENS)
        except pdf.TeGroot as fout:
            return _te_groot(request, fout.args[0], html_url)
        try:
            return FileResponse(
                bestand.open("rb"), content_type="application/pdf", filename=pdf.bestandsnaam(rapportage)
            )
        except FileNotFoundError:
            # Regenerating would publish a different document than the one sent to the Kamer.
            logger.error("Bewaarde bijlage %s van rapportage %s ontbreekt", bestand.name, rapportage.pk)
            raise Http404(_("De bewaarde bijlage ontbreekt; neem contact op met de beheerder.")) from None
    context = pdf.bijlage_context(rapportage, kolommen)
    try:
        _html, inhoud = pdf.render_to_pdf_begrensd(pdf.BIJLAGE_TEMPLATE, context)
    except pdf.TeGroot as fout:
        return _te_groot(request, fout.args[0], html_url)
    return _pdf_response(inhoud, pdf.bestandsnaam(rapportage), concept=not rapportage.is_vastgesteld)


def bijlage_html(request, pk):
    """The annex as a web page: the same template as the PDF, and the accessible version of it."""
    rapportage = _get_rapportage_for_user(request, pk)
    kolommen = _kolommen(request)
    context = pdf.bijlage_context(rapportage, kolommen)
    context["pdf_url"] = _met_kolommen(reverse("bijlage:pdf", args=[pk]), kolommen)
    return render(request, pdf.BIJLAGE_TEMPLATE, context)


def wijzigingen_pdf(request, pk):
    rapportage = _get_rapportage_for_user(request, pk)
    kolommen = _kolommen(request)
    context = pdf.wijzigingen_context(rapportage, kolommen)
    try:
        _html, inhoud = pdf.render_to_pdf_begrensd(pdf.BIJLAGE_TEMPLATE, context)
    except pdf.TeGroot as fout:
        html_url = _met_kolommen(reverse("bijlage:wijzigingen_html", args=[pk]), kolommen)
        return _te_groot(request, fout.args[0], html_url)
    naam = pdf.bestandsnaam(rapportage, "wijzigingen")
    return _pdf_response(inhoud, naam, concept=not rapportage.is_vastgesteld)


def wijzigingen_html(request, pk):
    rapportage = _get_rapportage_for_user(request, pk)
    kolommen = _kolommen(request)
    context = pdf.wijzigingen_context(rapportage, kolommen)
    context["pdf_url"] = _met_kolommen(reverse("bijlage:wijzigingen", args=[pk]), kolommen)
    return render(request, pdf.BIJLAGE_TEMPLATE, context)


def lijst_pdf(request):
    """The public action list with the visitor's current filters, as PDF."""
    filterset = ActieFilter(request.GET, queryset=Actie.objects.all())
    if not filterset.is_valid():
        regels = [_("Een of meer filters zijn ongeldig; pas ze aan op de lijst en probeer het opnieuw.")]
        return _melding(request, _("Ongeldige filters"), regels, 400)
    context = pdf.lijst_context(filterset.qs, filterset.gekozen_rapportage)
    try:
        _html, inhoud = pdf.render_to_pdf_begrensd(pdf.BIJLAGE_TEMPLATE, context)
    except pdf.TeGroot as fout:
        return _te_groot(request, fout.args[0])
    naam = f"acties-{timezone.localdate():%Y-%m-%d}.pdf"
    return _pdf_response(inhoud, naam, concept=False)
