"""The stand-van-zaken annex: gathering its data and rendering it to PDF with WeasyPrint.

One template serves both the PDF and the HTML preview (the accessible version).
WeasyPrint is imported only when a PDF is made, so pages that never render one
do not pay for loading it.
"""

from __future__ import annotations

import io
import logging
import mimetypes
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from acties.models import Actie, ActieMinisterie, Status, Thema
from rapportage.models import Voortgang

logger = logging.getLogger(__name__)

BIJLAGE_TEMPLATE = "bijlage/bijlage.html"
BIJLAGE_CSS = "bijlage/bijlage.css"
AUTEUR = "Rijksoverheid"
# Extra columns a reader may ask for, in the order they appear after "Stand van Zaken".
KOLOMMEN = ("ministerie", "status")

# ---------------------------------------------------------------- rendering


def _toegestane_mappen():
    return [Path(map_).resolve() for map_ in settings.STATICFILES_DIRS]


def _statisch_bestand(url):
    """The file under the project's static directories that ``url`` names, or None."""
    delen = urlsplit(url)
    if delen.scheme != "file" or delen.netloc not in ("", "localhost"):
        return None
    pad = Path(unquote(delen.path)).resolve()
    for map_ in _toegestane_mappen():
        if pad.is_relative_to(map_) and pad.is_file():
            return pad
    return None


def _url_fetcher():
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StatischeURLFetcher(URLFetcher):
        """Serves only files under static/; refuses file: elsewhere, http(s), data: and the rest.

        The default fetcher follows every protocol, so a <link rel=attachment href=file:///etc/passwd>
        in the HTML would embed that file in the PDF.
        """

        def __init__(self):
            super().__init__(allowed_protocols={"file"}, allow_redirects=False)

        def fetch(self, url, headers=None):
            pad = _statisch_bestand(url)
            if pad is None:
                raise ValueError(f"Bron geweigerd: {url[:200]}")
            soort = mimetypes.guess_type(pad.name)[0] or "application/octet-stream"
            return URLFetcherResponse(pad.as_uri(), pad.read_bytes(), {"Content-Type": soort})

    return StatischeURLFetcher()


def _css_paginanummer():
    # Margin boxes do not inherit the body font, so the font is set here again.
    pagina, van = (_("Pagina"), _("van"))
    return (
        "@page { @bottom-right { "
        f'content: "{_css_tekst(pagina)} " counter(page) " {_css_tekst(van)} " counter(pages); '
        'font-family: "Liberation Sans", "DejaVu Sans", sans-serif; font-size: 8pt; } }'
    )


def _css_tekst(tekst):
    return tekst.replace("\\", "\\\\").replace('"', '\\"').replace("\n", " ")


def lees_css():
    return Path(finders.find(BIJLAGE_CSS)).read_text(encoding="utf-8")


# WeasyPrint reports every layout step at INFO; one line per page would drown the server log, so its
# progress goes only to a render that asked for it (bij_pagina).
_VOORTGANG = logging.getLogger("weasyprint.progress")
_VOORTGANG.propagate = False
_VOORTGANG.setLevel(logging.INFO)


class _Paginateller(logging.Handler):
    def __init__(self, bij_pagina):
        super().__init__(logging.INFO)
        self.bij_pagina = bij_pagina

    def emit(self, record):
        if str(record.msg).startswith("Step 5 - Creating layout - Page"):
            self.bij_pagina(record.args[0])


def html_to_pdf(html, bij_pagina=None):
    """PDF bytes for an HTML document that is already rendered: tagged (PDF/UA-1), no attachments.
    `bij_pagina(n)` is called as page n is laid out."""
    from weasyprint import CSS, HTML

    teller = _Paginateller(bij_pagina) if bij_pagina else None
    if teller:
        _VOORTGANG.addHandler(teller)
    try:
        fetcher = _url_fetcher()
        map_ = _toegestane_mappen()[0]
        stylesheets = [CSS(string=css, url_fetcher=fetcher) for css in (lees_css(), _css_paginanummer())]
        document = HTML(string=html, base_url=map_.as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=stylesheets, pdf_variant="pdf/ua-1"
        )
    finally:
        if teller:
            _VOORTGANG.removeHandler(teller)
    # An annex never carries files; even if a <link rel=attachment> slipped in, nothing is embedded.
    document.metadata.attachments = []
    return document.write_pdf(pdf_variant="pdf/ua-1")


def render_to_pdf(template_name, context, bij_pagina=None):
    """Render a template to HTML and to PDF; returns (html, pdf bytes)."""
    html = render_to_string(template_name, {**context, "voor_pdf": True})
    return html, html_to_pdf(html, bij_pagina)


def render_zelfstandige_html(template_name, context):
    """The HTML version as one file with its stylesheet inside, to keep next to the PDF."""
    return render_to_string(template_name, {**context, "voor_pdf": True, "css_inline": lees_css()})


def tel_paginas(pdf):
    import pdfplumber

    with pdfplumber.open(io.BytesIO(pdf)) as document:
        return len(document.pages)


def tel_tekens(context):
    return sum(len(r.omschrijving) + len(r.tekst) for b in context["blokken"] for r in b.rijen)


# About this many characters of descriptions and texts fill a landscape page (the June 2021 annex: 84,000
# on 24 pages); only for telling someone who waits how far a render is.
TEKENS_PER_PAGINA = 3500


def geschatte_paginas(context):
    return max(1, round(tel_tekens(context) / TEKENS_PER_PAGINA))


# ---------------------------------------------------------------- data


@dataclass
class Rij:
    """One action in the table."""

    nummer: int
    omschrijving: str
    tekst: str
    status: str = ""
    ministeries: str = ""
    wijziging: str = ""
    # Rows of the Stand van Zaken cell: 2 when the next action shares this text, 0 when covered.
    rijen: int = 1
    # Set for a row that may not fit on one page; see _markeer_lange_rijen.
    splitsbaar: bool = False
    voortgang_id: int | None = None
    gedeeld_met_id: int | None = None

    @property
    def omschrijving_regels(self):
        return [_houd_bij_elkaar(r) for r in _regels(self.omschrijving)]

    @property
    def tekst_regels(self):
        return [_houd_bij_elkaar(r) for r in _regels(self.tekst)]


@dataclass
class Blok:
    """A theme or sub-theme row and the actions under it."""

    naam: str
    subthema: bool
    rijen: list[Rij] = field(default_factory=list)


def _regels(tekst):
    return [r for r in tekst.splitlines() if r.strip()]


# Line breaks a reader of the printed annex (and our importer) would misread: a break after "/"
# or an en dash inside a word reads as two words, a line that starts with a dash reads as a bullet,
# and a break after "Wet-" reads as one hyphenated word. A word joiner (invisible, not copied into
# the PDF text) or a no-break space prevents exactly those breaks.
WOORDVERBINDER = "\u2060"
HARDE_SPATIE = "\u00a0"
_BREEKPUNT = re.compile(r"[/–—](?=.)|(?<!\w)-(?=.)")
_LOS_STREEPJE = re.compile(r"^[-–—•*▪]$")
_AFBREEKSTREEPJE = re.compile(r"\w-$")
_MAX_HEEL = 60  # longer words (long web addresses) may break after a "/" again


def _houd_bij_elkaar(regel):
    woorden = []
    for woord in regel.split(" "):
        if len(woord) <= _MAX_HEEL:
            woord = _BREEKPUNT.sub(lambda m: m.group(0) + WOORDVERBINDER, woord)
        if woorden and (_LOS_STREEPJE.match(woord) or _AFBREEKSTREEPJE.search(woorden[-1])):
            woorden[-1] += HARDE_SPATIE + woord
        else:
            woorden.append(woord)
    return " ".join(woorden)


def _voeg_gedeelde_samen(rijen):
    """Give a shared status text one cell across consecutive actions, as the annexes do (3 and 4)."""
    eigenaar = None
    for rij in rijen:
        if eigenaar is not None and rij.gedeeld_met_id and rij.gedeeld_met_id == eigenaar.voortgang_id:
            eigenaar.rijen += 1
            rij.rijen = 0
            rij.tekst = eigenaar.tekst
        else:
            eigenaar = rij


def maak_blokken(rijen_per_thema):
    """Theme and sub-theme blocks in annex order: themes, then sub-themes, by volgorde; actions by number.

    ``rijen_per_thema`` maps a Thema pk to its rows. Themes without actions are left out.
    """
    themas = list(Thema.objects.all())
    subthemas = defaultdict(list)
    for thema in themas:
        if thema.hoofdthema_id:
            subthemas[thema.hoofdthema_id].append(thema)
    blokken = []
    for hoofd in (t for t in themas if t.hoofdthema_id is None):
        groep = [Blok(hoofd.naam, False, rijen_per_thema.get(hoofd.pk, []))]
        groep += [
            Blok(sub.naam, True, rijen_per_thema[sub.pk])
            for sub in subthemas[hoofd.pk]
            if sub.pk in rijen_per_thema
        ]
        if any(b.rijen for b in groep):
            blokken += groep
    for blok in blokken:
        blok.rijen.sort(key=lambda r: r.nummer)
        _voeg_gedeelde_samen(blok.rijen)
    return blokken


# Rows are kept whole on a page (the importer reads a row split over two pages less reliably), but
# WeasyPrint cannot keep a row taller than a page whole and then may leave out the repeated header
# row. So a row that is probably taller than a page may split; the estimate is calibrated on the
# demo annex (4.1 pt per character on full lines of 9 pt Liberation Sans).
# Column widths as in static/bijlage/bijlage.css (.kol-*), as a fraction of the table width.
_KOLOMBREEDTE = {"nummer": 0.05, "omschrijving": 0.29, "ministerie": 0.09, "status": 0.09, "wijziging": 0.08}
_TABELBREEDTE = 762  # pt: A4 landscape minus two 14 mm margins
_CELMARGE = 8  # pt of padding left and right
_TEKENBREEDTE = 4.3  # pt per character, a little wider than measured
_AFBREEKVERLIES = 3  # characters lost at the end of a wrapped line
_REGELHOOGTE = 9 * 1.3
_ALINEA = 3  # pt between paragraphs
_MAX_RIJHOOGTE = 480  # pt: the page body (510) minus the header row and the cell padding


def _geschatte_hoogte(tekst, breedte):
    tekens_per_regel = max(1, int((breedte * _TABELBREEDTE - _CELMARGE) / _TEKENBREEDTE) - _AFBREEKVERLIES)
    alineas = _regels(tekst)
    regels = sum(-(-len(alinea) // tekens_per_regel) for alinea in alineas)
    return regels * _REGELHOOGTE + max(0, len(alineas) - 1) * _ALINEA


def _markeer_lange_rijen(blokken, kolommen):
    extra = sum(_KOLOMBREEDTE[naam] for naam, _kop in kolommen)
    stand = 1 - _KOLOMBREEDTE["nummer"] - _KOLOMBREEDTE["omschrijving"] - extra
    for blok in blokken:
        for rij in blok.rijen:
            hoogte = max(
                _geschatte_hoogte(rij.omschrijving, _KOLOMBREEDTE["omschrijving"]),
                _geschatte_hoogte(rij.tekst, stand) if rij.rijen else 0,
            )
            rij.splitsbaar = hoogte > _MAX_RIJHOOGTE
    return blokken


def kies_kolommen(namen):
    """The known extra columns among ``namen``, in table order, with their headers."""
    koppen = {"ministerie": _("Ministerie"), "status": _("Status")}
    gekozen = {n.strip().lower() for n in namen}
    return [(naam, koppen[naam]) for naam in KOLOMMEN if naam in gekozen]


def _acties(met_ministeries):
    acties = Actie.objects.all()
    if met_ministeries:
        acties = acties.prefetch_related(
            Prefetch("actieministeries", queryset=ActieMinisterie.objects.select_related("ministerie"))
        )
    return acties


def _ministeries(actie, met_ministeries):
    if not met_ministeries:
        return ""
    return ", ".join(link.ministerie.afkorting for link in actie.actieministeries.all())


def _zoals_vastgesteld(rapportage, voortgang):
    """(description, theme id) per action pk as they were when the round was closed.

    A later round may reword an action; the annex of a closed round keeps the published words.
    The moment is the closing time or the last change to one of the round's texts, whichever is
    later: the importer marks a round closed before it adds the actions, in the same transaction.
    """
    if not rapportage.is_vastgesteld:
        return {}
    momenten = [rapportage.vastgesteld_op, *(v.gewijzigd_op for v in voortgang)]
    moment = max((m for m in momenten if m is not None), default=None)
    if moment is None:
        return {}
    return {a.pk: (a.omschrijving, a.thema_id) for a in Actie.history.as_of(moment)}


@dataclass
class _Actieregel:
    actie: Actie
    thema_id: int
    rij: Rij
    voortgang: Voortgang | None


def _regels_van_rapportage(rapportage, met_ministeries):
    """A _Actieregel for every action in the round; a draft shows every action, with a text or not."""
    voortgang = {v.actie_id: v for v in Voortgang.objects.filter(rapportage=rapportage)}
    toen = _zoals_vastgesteld(rapportage, voortgang.values())
    acties = _acties(met_ministeries)
    if rapportage.is_vastgesteld:
        acties = acties.filter(voortgang__rapportage=rapportage)
    regels = []
    for actie in acties:
        v = voortgang.get(actie.pk)
        omschrijving, thema_id = toen.get(actie.pk, (actie.omschrijving, actie.thema_id))
        rij = Rij(
            nummer=actie.nummer,
            omschrijving=omschrijving,
            tekst=v.tekst if v else "",
            status=v.get_status_display() if v else "",
            ministeries=_ministeries(actie, met_ministeries),
            voortgang_id=v.pk if v else None,
            gedeeld_met_id=v.gedeeld_met_id if v else None,
        )
        regels.append(_Actieregel(actie, thema_id, rij, v))
    return regels


def _per_thema(regels):
    rijen = defaultdict(list)
    for regel in regels:
        rijen[regel.thema_id].append(regel.rij)
    return dict(rijen)


def _kamerstuk_tekst(rapportage):
    if rapportage.kamerstuk:
        return _("Bijlage bij Kamerstuk %(kamerstuk)s") % {"kamerstuk": rapportage.kamerstuk}
    return _("Bijlage")


def _basis_context(rapportage, kop, onderwerp, kolommen, blokken, inleiding):
    peildatum = date_format(rapportage.peildatum, "j F Y")
    ondertitel = _("%(bijlage)s · stand per %(peildatum)s") % {
        "bijlage": _kamerstuk_tekst(rapportage),
        "peildatum": peildatum,
    }
    if not rapportage.is_vastgesteld:
        ondertitel = _("CONCEPT") + " · " + ondertitel
    return {
        "rapportage": rapportage,
        "kop": kop,
        "document_titel": f"{kop} ({rapportage.titel})",
        "ondertitel": ondertitel,
        "onderwerp": onderwerp,
        "auteur": AUTEUR,
        "inleiding": _regels(inleiding),
        "kolommen": kolommen,
        "aantal_kolommen": 3 + len(kolommen),
        "blokken": _markeer_lange_rijen(blokken, kolommen),
    }


def standaard_inleiding():
    return _(
        "In onderstaande tabel is de stand van zaken aangegeven van de vervolgacties op de "
        "Parlementaire Onderzoekscommissie Kinderopvangtoeslag. Dit betreft zowel de acties uit de "
        "kabinetsreactie op het eindverslag van de Parlementaire Ondervragingscommissie "
        "Kinderopvangtoeslag als alle moties en toezeggingen uit het debat daarover van 19 januari 2021."
    )


def bijlage_context(rapportage, kolommen=()):
    """Context for the full annex of a round; ``kolommen`` adds "ministerie" and/or "status"."""
    gekozen = kies_kolommen(kolommen)
    regels = _regels_van_rapportage(rapportage, "ministerie" in dict(gekozen))
    onderwerp = _("%(bijlage)s: stand van zaken per %(peildatum)s (%(titel)s)") % {
        "bijlage": _kamerstuk_tekst(rapportage),
        "peildatum": date_format(rapportage.peildatum, "j F Y"),
        "titel": rapportage.titel,
    }
    return _basis_context(
        rapportage,
        kop=_("Stand van zaken vervolgacties Parlementaire Onderzoekscommissie Kinderopvangtoeslag"),
        onderwerp=onderwerp,
        kolommen=gekozen,
        blokken=maak_blokken(_per_thema(regels)),
        inleiding=rapportage.inleiding or standaard_inleiding(),
    )


def _wijziging(regel, vorig, vorige_omschrijving):
    """nieuw / afgerond / gewijzigd compared with the previous closed round, or "" if unchanged."""
    if vorig is None:
        return _("nieuw")
    status = regel.voortgang.status if regel.voortgang else None
    if status == Status.AFGEROND and vorig.status != Status.AFGEROND:
        return _("afgerond")
    if regel.rij.tekst != vorig.tekst or (status and status != vorig.status):
        return _("gewijzigd")
    if vorige_omschrijving is not None and vorige_omschrijving != regel.rij.omschrijving:
        return _("gewijzigd")
    return ""


def wijzigingen_context(rapportage, kolommen=()):
    """Context for the changes annex: only the actions that are new, changed (status text, status
    or description) or completed since the previous closed round."""
    gekozen = kies_kolommen(kolommen)
    regels = _regels_van_rapportage(rapportage, "ministerie" in dict(gekozen))
    vorige = rapportage.vorige()
    vorig, omschrijvingen = {}, {}
    if vorige is not None:
        vorig = {v.actie_id: v for v in Voortgang.objects.filter(rapportage=vorige)}
        toen = _zoals_vastgesteld(vorige, vorig.values())
        omschrijvingen = {pk: tekst for pk, (tekst, _thema) in toen.items()}
    gewijzigd = []
    for regel in regels:
        regel.rij.wijziging = _wijziging(regel, vorig.get(regel.actie.pk), omschrijvingen.get(regel.actie.pk))
        if regel.rij.wijziging:
            gewijzigd.append(regel)

    if vorige is None:
        inleiding = _(
            "Er is geen eerder vastgestelde rapportage; alle acties van deze rapportage zijn daarom nieuw."
        )
    else:
        inleiding = _(
            "Deze bijlage bevat alleen de acties die sinds de rapportage '%(vorige)s' (stand per "
            "%(peildatum)s) nieuw zijn, waarvan de omschrijving, de stand van zaken of de status is "
            "gewijzigd, of die zijn afgerond. De kolom Wijziging zegt welke van de drie."
        ) % {"vorige": vorige.titel, "peildatum": date_format(vorige.peildatum, "j F Y")}
    context = _basis_context(
        rapportage,
        kop=_(
            "Wijzigingen in de stand van zaken vervolgacties Parlementaire Onderzoekscommissie "
            "Kinderopvangtoeslag"
        ),
        onderwerp=_("Wijzigingen sinds de vorige rapportage (%(titel)s)") % {"titel": rapportage.titel},
        kolommen=[*gekozen, ("wijziging", _("Wijziging"))],
        blokken=maak_blokken(_per_thema(gewijzigd)),
        inleiding=inleiding,
    )
    context["vorige"] = vorige
    return context


def lijst_context(acties, rapportage=None):
    """Context for the public list as PDF: these actions, with the text and status of ``rapportage``
    (a closed round) or else the latest published text and the current status."""
    acties = list(_acties(met_ministeries=True).filter(pk__in=acties.values("pk")))
    gepubliceerd = Voortgang.objects.gepubliceerd().filter(actie__in=[a.pk for a in acties])
    if rapportage is not None:
        gepubliceerd = gepubliceerd.filter(rapportage=rapportage)
    teksten = gepubliceerd.nieuwste_per_actie()
    regels = []
    for actie in acties:
        v = teksten.get(actie.pk)
        rij = Rij(
            nummer=actie.nummer,
            omschrijving=actie.omschrijving,
            tekst=v.tekst if v else "",
            status=v.get_status_display() if v and rapportage else actie.get_status_display(),
            ministeries=_ministeries(actie, True),
            voortgang_id=v.pk if v else None,
            gedeeld_met_id=v.gedeeld_met_id if v else None,
        )
        regels.append(_Actieregel(actie, actie.thema_id, rij, v))
    nu = timezone.localtime()
    inleiding = _(
        "Deze lijst bevat %(aantal)s acties zoals de openbare lijst van pokvolg ze op %(datum)s toonde, "
        "met de stand van zaken uit %(bron)s."
    ) % {
        "aantal": len(acties),
        "datum": date_format(nu, "j F Y, H:i"),
        "bron": (_("de rapportage '%(titel)s'") % {"titel": rapportage.titel})
        if rapportage
        else _("de laatst vastgestelde rapportage"),
    }
    kop = _("Vervolgacties Parlementaire Onderzoekscommissie Kinderopvangtoeslag")
    return {
        "kop": kop,
        "document_titel": kop,
        "ondertitel": _("Lijst van %(datum)s") % {"datum": date_format(nu, "j F Y")},
        "onderwerp": _("Selectie uit de openbare lijst van vervolgacties"),
        "auteur": AUTEUR,
        "inleiding": _regels(inleiding),
        "kolommen": kies_kolommen(KOLOMMEN),
        "aantal_kolommen": 3 + len(KOLOMMEN),
        "blokken": _markeer_lange_rijen(maak_blokken(_per_thema(regels)), kies_kolommen(KOLOMMEN)),
    }
