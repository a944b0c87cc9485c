"""The rappel's work that needs the indicators (a layer above rapportage): finding the targets that are off
track, sending a rappel with them, taking over a ministry's new date for a target as a moved target, its
mails, the daily planner and the overview's PDF.

The steps themselves (plan, send, answer) are rapportage.rappel's; this module gathers what they need and
queues the background work: one mail job per rappel, a PDF job per request of the redactie.
"""

import logging

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from acties.models import ActieMinisterie, Rol
from indicatoren import beheer, query
from jobs import mail
from jobs.models import Job
from jobs.taken import Mislukt, do_start
from lib import prognose
from rapportage import rappel, rechten
from rapportage.models import Rappel, RappelPunt
from rapportage.ronde import RondeFout

logger = logging.getLogger(__name__)

# A target in one of these states asks for an answer: it will not be, or was not, reached in time.
NIET_OP_SCHEMA = (prognose.Soort.ACHTER, prognose.Soort.VERSTREKEN, prognose.Soort.NIET_GEHAALD)


def doelpunten(datum):
    """Unsaved items: per lead ministry of the indicator's action, its current targets that are off track
    on `datum` and dated before six months after it. Four queries."""
    grens = rappel.zes_maanden_na(datum)
    standen = query.alle(datum)
    leiders = {}
    for actie_id, ministerie_id in ActieMinisterie.objects.filter(
        rol=Rol.EERSTVERANTWOORDELIJK, actie_id__in={s.indicator.actie_id for s in standen}
    ).values_list("actie_id", "ministerie_id"):
        leiders.setdefault(actie_id, []).append(ministerie_id)
    punten = []
    for stand in standen:
        for doelstand in stand.actueel:
            if doelstand.oordeel.soort not in NIET_OP_SCHEMA or doelstand.doel.datum > grens:
                continue
            for ministerie_id in sorted(leiders.get(stand.indicator.actie_id, [])):
                punten.append(rappel.doelpunt(ministerie_id, doelstand.doel, doelstand.oordeel.tekst, datum))
    return punten


def verstuur(item, gebruiker):
    """Send `item` (a Rappel) now with the items as they stand on its date, and queue its mails in the
    same transaction: a rappel is sent with its mails or not at all. None if it was sent already."""
    datum = rappel.peildatum(item)
    punten = [*rappel.actiepunten(datum), *doelpunten(datum), *rappel.opdrachtpunten(datum)]
    with transaction.atomic():
        verstuurd = rappel.verstuur(item, gebruiker, punten)
        if verstuurd is not None:
            do_start(
                stuur_mails,
                _("Rappel van %(datum)s versturen") % {"datum": verstuurd.datum.isoformat()},
                sleutel=f"rappel:{verstuurd.pk}:mails",
                rappel_id=verstuurd.pk,
            )
    return verstuurd


def neem_over(punt: RappelPunt, gebruiker) -> RappelPunt:
    """The redactie takes over a ministry's proposal in its answer (rapportage.rappel.neem_over); a new date
    for an indicator target becomes a moved target in the indicator's own way (indicatoren.beheer): a new
    target with the answer as its source, the earlier one kept as 'eerder beloofd'. One transaction."""
    with transaction.atomic():
        vast = rappel.neem_over(punt, gebruiker)
        if vast.doel_id:
            bron = _("Antwoord van %(ministerie)s op de rappel van %(datum)s") % {
                "ministerie": vast.ministerie.afkorting,
                "datum": formats.date_format(vast.rappel.datum, "j F Y"),
            }
            try:
                beheer.verschuif_doel(
                    vast.doel, vast.doel.waarde, vast.nieuwe_datum, gebruiker, bron, toelichting=vast.reden
                )
            except ValidationError as fout:
                raise RondeFout(" ".join(fout.messages)) from None
    return vast


def start_dagelijks():
    """The daily planner (JOBS_DAGELIJKS): send every planned rappel whose date has come."""
    for item in Rappel.objects.gepland().filter(datum__lte=timezone.localdate()).order_by("datum"):
        verstuur(item, None)


def _url(pad):
    return settings.SITE_URL.rstrip("/") + pad


def coordinatoren_van(ministerie_ids):
    """Active coordinators with an address, of these ministries, one row each."""
    return (
        get_user_model()
        .objects.filter(is_active=True, groups__name=rechten.COORDINATOR, ministeries__in=ministerie_ids)
        .exclude(email="")
        .distinct()
        .order_by("username")
    )


def berichten(item):
    """One message per coordinator: the items of the ministries they coordinate, each register item with
    the address of its public page, and the answer page. Items without a ministry go to nobody."""
    punten = list(
        item.punten.filter(ministerie__isnull=False)
        .select_related("ministerie", "opdracht")
        .order_by("ministerie__afkorting", "streefdatum", "pk")
    )
    per_ministerie = {}
    for punt in punten:
        per_ministerie.setdefault(punt.ministerie_id, []).append(punt)
    uit = []
    for gebruiker in coordinatoren_van(list(per_ministerie)).prefetch_related("ministeries"):
        eigen = [p for m in gebruiker.ministeries.all() for p in per_ministerie.get(m.pk, [])]
        if not eigen:
            continue
        context = {
            "gebruiker": gebruiker,
            "rappel": item,
            "te_laat": [p for p in eigen if p.soort == p.Soort.TE_LAAT and not p.opdracht_id],
            "binnenkort": [p for p in eigen if p.soort == p.Soort.BINNENKORT and not p.opdracht_id],
            "opdrachten_te_laat": [
                (p, _url(p.opdracht.get_absolute_url()))
                for p in eigen
                if p.opdracht_id and p.soort == p.Soort.TE_LAAT
            ],
            "opdrachten_binnenkort": [
                (p, _url(p.opdracht.get_absolute_url()))
                for p in eigen
                if p.opdracht_id and p.soort == p.Soort.BINNENKORT
            ],
            "grens": rappel.zes_maanden_na(item.datum),
            "url": _url(reverse("werk:rappel_antwoord")),
            "afzender": _("De redactie"),
            "voorkeuren_url": "",
        }
        with translation.override(settings.LANGUAGE_CODE):
            onderwerp = render_to_string("meldingen/rappel_onderwerp.txt", context)
            tekst = render_to_string("meldingen/rappel.txt", context)
        uit.append(
            {
                "onderwerp": " ".join(onderwerp.split()),
                "tekst": tekst.strip() + "\n",
                "aan": [gebruiker.email],
                "headers": {"Auto-Submitted": "auto-generated", "X-Pokvolg-Melding": "rappel"},
            }
        )
    return uit


def stuur_mails(progress, rappel_id):
    """Job: the rappel's mails, handed to one mail job (jobs.mail sends them without doubles on retry)."""
    item = Rappel.objects.filter(pk=rappel_id).first()
    if item is None:
        raise Mislukt(_("Deze rappel bestaat niet meer."))
    sleutel = f"rappel:{item.pk}:mail"
    lijst = berichten(item)
    if lijst and not Job.objects.filter(sleutel=sleutel).exists():
        mail.do_mail(
            lijst, _("E-mail: rappel van %(datum)s") % {"datum": item.datum.isoformat()}, sleutel=sleutel
        )
    progress.zet(1, 1, _("%(n)s e-mail(s) klaargezet") % {"n": len(lijst)})
    return ""


def _geen_bronnen():
    """A fetcher that refuses every address: the overview embeds nothing, so a link in an answer can never
    make the PDF read a file or a site."""
    from weasyprint.urls import URLFetcher

    class GeenBronnen(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"Bron geweigerd: {url[:200]}")

    return GeenBronnen()


def maak_pdf(progress, rappel_id):
    """Job: the overview as a PDF ("Rappel <datum>"), as it stands now; kept on the rappel, made anew on
    request. Rendered before the row lock is taken: a render takes seconds."""
    from weasyprint import HTML

    item = Rappel.objects.filter(pk=rappel_id).first()
    if item is None or not item.is_verstuurd:
        raise Mislukt(_("Deze rappel is (nog) niet verstuurd."))
    progress.zet(0, 1, _("PDF wordt gemaakt"))
    gemaakt_op = timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        html = render_to_string(
            "werk/rappel_pdf.html",
            {"rappel": item, "ministeries": rappel.overzicht(item), "gemaakt_op": gemaakt_op},
        )
    inhoud = HTML(string=html, url_fetcher=_geen_bronnen()).write_pdf(pdf_variant="pdf/ua-1")
    with transaction.atomic():
        vast = Rappel.objects.select_for_update().get(pk=item.pk)
        oud = vast.pdf.name
        vast.pdf.save(f"rappel-{vast.datum.isoformat()}.pdf", ContentFile(inhoud), save=False)
        vast.pdf_gemaakt_op = gemaakt_op
        vast._change_reason = _("Overzicht (PDF) gemaakt")
        vast.save(update_fields=["pdf", "pdf_gemaakt_op"])
    if oud and oud != vast.pdf.name:
        vast.pdf.storage.delete(oud)
    progress.zet(1, 1, _("PDF gemaakt"))
    return reverse("werk:rappels") + f"?rappel={item.pk}"


def start_pdf(item, gebruiker):
    return do_start(
        maak_pdf,
        _("Rappel van %(datum)s als PDF") % {"datum": item.datum.isoformat()},
        sleutel=f"rappel:{item.pk}:pdf",
        eigenaar=gebruiker,
        rappel_id=item.pk,
    )
