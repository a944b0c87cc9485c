"""The stand-van-zaken annex: gathering its data and rendering it to PDF with WeasyPrint.

One template serves both the PDF and the HTML preview (the accessible version).
WeasyPrint is imported only when a PDF is made, so pages that never render one
do not pay for loading it.
"""

from __future__ import annotations

import contextvars
import functools
import io
import logging
import mimetypes
import re
import threading
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.db.models import Prefetch, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from acties.models import Actie, ActieMinisterie, Status, Thema
from lib.vindplaats import kamerstuk_aanhaling
from rapportage.models import Vindplaats, Voortgang

logger = logging.getLogger(__name__)

BIJLAGE_TEMPLATE = "bijlage/bijlage.html"
BIJLAGE_CSS = "bijlage/bijlage.css"
AUTEUR = "Rijksoverheid"
# Extra columns a reader may ask for, in the order they appear after "Stand van Zaken".
KOLOMMEN = ("ministerie", "status")
# The column a round chooses for its annex (Rapportage.bijlage_met_vindplaatsen); it comes right after
# "Stand van Zaken", before the columns a reader asks for.
VINDPLAATSEN = "vindplaatsen"

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


# ---------------------------------------------------------------- the mark on a draft

# Letters of the mark across every page of a draft, drawn as outlines, not as text: PDF readers (our
# importer, pdftotext, screen readers) would otherwise mix its letters into the table. The footer
# says "CONCEPT" in words.
_MERK_LETTERS = ("LiberationSans-Bold.ttf", "DejaVuSans-Bold.ttf")
_MERK_MAPPEN = ("/usr/share/fonts", "/usr/local/share/fonts")
_MERK_HOEK = -30  # degrees: about the diagonal of the landscape page body
_MERK_VERHOUDING = 756.9 / 493.3  # the page body, width over height
_MERK_BREEDTE = 0.8  # of the page body that the rotated word spans


def _letterbestand():
    for naam in _MERK_LETTERS:
        for map_ in _MERK_MAPPEN:
            gevonden = sorted(Path(map_).rglob(naam)) if Path(map_).is_dir() else []
            if gevonden:
                return gevonden[0]
    return None


@functools.cache
def concept_merk(woord="CONCEPT"):
    """{"viewbox", "transform", "pad"} of an SVG that draws ``woord`` across the page body, or None
    when no font file is found (the template then writes the word as text)."""
    import math

    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.pens.svgPathPen import SVGPathPen
    from fontTools.pens.transformPen import TransformPen
    from fontTools.ttLib import TTFont

    bestand = _letterbestand()
    if bestand is None:
        logger.warning("Geen letterbestand voor het conceptmerk gevonden; het merk wordt tekst.")
        return None
    letters = TTFont(bestand, lazy=True)
    glyphs, tekens, maten = letters.getGlyphSet(), letters.getBestCmap(), letters["hmtx"]
    pad, grenzen = SVGPathPen(glyphs), BoundsPen(glyphs)
    x = 0
    for teken in woord:
        naam = tekens[ord(teken)]
        # Font units have y upwards, SVG downwards.
        for pen in (pad, grenzen):
            glyphs[naam].draw(TransformPen(pen, (1, 0, 0, -1, x, 0)))
        x += maten[naam][0]
    links, boven, rechts, onder = grenzen.bounds
    breedte, hoogte = rechts - links, onder - boven
    hoek = math.radians(abs(_MERK_HOEK))
    vak_breedte = (breedte * math.cos(hoek) + hoogte * math.sin(hoek)) / _MERK_BREEDTE
    vak_hoogte = vak_breedte / _MERK_VERHOUDING
    return {
        "viewbox": f"0 0 {vak_breedte:.0f} {vak_hoogte:.0f}",
        "transform": (
            f"translate({vak_breedte / 2:.0f} {vak_hoogte / 2:.0f}) rotate({_MERK_HOEK}) "
            f"translate({-(links + breedte / 2):.0f} {-(boven + hoogte / 2):.0f})"
        ),
        "pad": pad.getCommands(),
    }


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


# A table cell that breaks over a page is stretched to the foot of the page by WeasyPrint, as CSS
# fragmentation prescribes (css-break-3, box splitting); Word ends the row below its last line. Readers
# of Word annexes, our importer among them, see a paragraph that ends at the foot of a page by the space
# after it, so every stretched cell would read as a paragraph break. WeasyPrint has no property for this:
# during our own renders a split cell is cut back to its content, by a wrapper around its block layout
# that acts on table cells only. Word also closes the table with a rule at the foot of each page, where
# WeasyPrint leaves a split row open.
_ALS_WORD = contextvars.ContextVar("rijen_als_word", default=False)


def _inhoud_onderkant(box):
    """The bottom of the last in-flow content of a box, ignoring any stretch of fragmented blocks."""
    from weasyprint.formatting_structure import boxes

    kinderen = [k for k in box.children if k.is_in_normal_flow()]
    if not kinderen:
        return box.content_box_y()
    laatste = kinderen[-1]
    if isinstance(laatste, boxes.LineBox):
        return laatste.position_y + laatste.height
    if isinstance(laatste, boxes.BlockContainerBox) and laatste.style["height"] == "auto":
        return (
            _inhoud_onderkant(laatste)
            + laatste.padding_bottom
            + laatste.border_bottom_width
            + laatste.margin_bottom
        )
    return laatste.position_y + laatste.margin_height()


_ALS_WORD_SLOT = threading.Lock()


def _splits_rijen_als_word():
    import weasyprint
    from weasyprint.formatting_structure import boxes
    from weasyprint.layout import block

    with _ALS_WORD_SLOT:
        if getattr(block.block_container_layout, "pokvolg", False):
            return
        if not hasattr(block, "table_layout"):
            # Another WeasyPrint than the pinned one: its rows stay stretched, the annex still renders
            # (and tests/test_bijlage_pdf.py says what changed).
            logger.warning("WeasyPrint %s: rijen worden niet als in Word gesplitst.", weasyprint.__version__)
            return
        _wikkel_layout(block, boxes)


def _wikkel_layout(block, boxes):
    origineel = block.block_container_layout

    @functools.wraps(origineel)
    def block_container_layout(context, box, bottom_space, skip_stack, *args, **kwargs):
        uitkomst = origineel(context, box, bottom_space, skip_stack, *args, **kwargs)
        nieuw, verder = uitkomst[0], uitkomst[1]
        if verder and nieuw is not None and _ALS_WORD.get() and isinstance(nieuw, boxes.TableCellBox):
            nieuw.height = max(0, _inhoud_onderkant(nieuw) - nieuw.content_box_y())
        return uitkomst

    tabel_origineel = block.table_layout

    @functools.wraps(tabel_origineel)
    def table_layout(*args, **kwargs):
        uitkomst = tabel_origineel(*args, **kwargs)
        tabel, verder = uitkomst[0], uitkomst[1]
        if verder and tabel is not None and _ALS_WORD.get():
            tabel.skip_cell_border_bottom = False
        return uitkomst

    block_container_layout.pokvolg = True
    block.block_container_layout = block_container_layout
    block.table_layout = table_layout


def html_to_pdf(html, bij_pagina=None):
    """PDF bytes for an HTML document that is already rendered: tagged (PDF/UA-1), no attachments.
    `bij_pagina(n)` is called as page n is laid out."""
    from weasyprint import CSS, HTML

    _splits_rijen_als_word()
    teller = _Paginateller(bij_pagina) if bij_pagina else None
    if teller:
        _VOORTGANG.addHandler(teller)
    als_word = _ALS_WORD.set(True)
    try:
        fetcher = _url_fetcher()
        map_ = _toegestane_mappen()[0]
        stylesheets = [CSS(string=lees_css(), url_fetcher=fetcher)]
        document = HTML(string=html, base_url=map_.as_uri() + "/", url_fetcher=fetcher).render(
            stylesheets=stylesheets, pdf_variant="pdf/ua-1"
        )
    finally:
        _ALS_WORD.reset(als_word)
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
# on 21 pages); only for telling someone who waits how far a render is.
TEKENS_PER_PAGINA = 4000


def geschatte_paginas(context):
    return max(1, round(tel_tekens(context) / TEKENS_PER_PAGINA))


# ---------------------------------------------------------------- data


@dataclass(frozen=True)
class Bron:
    """One vindplaats as the annex prints it: its lines (a Kamerstuk's citation; a document's title and
    address, as a title alone does not say where to find it on paper) and the address it links to."""

    regels: tuple[str, ...]
    link: str = ""


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
    voortgang_id: int | None = None
    gedeeld_met_id: int | None = None
    # Its own cell on every row, also where the Stand van Zaken cell is shared.
    vindplaatsen: list[Bron] = field(default_factory=list)

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
# or an en dash inside a word, or before a "(" that follows a letter without a space ("jl.(Kamerstukken"),
# reads as two words, a line that starts with a dash reads as a bullet, and a break after "Wet-" reads as
# one hyphenated word. A word joiner (invisible, not copied into
# the PDF text) or a no-break space prevents exactly those breaks.
WOORDVERBINDER = "\u2060"
HARDE_SPATIE = "\u00a0"
_BREEKPUNT = re.compile(r"[/–—](?=.)|(?<!\w)-(?=.)")
_VOOR_HAAKJE = re.compile(r"(?<=.)(?=\()")
_LOS_STREEPJE = re.compile(r"^[-–—•*▪]$")
_AFBREEKSTREEPJE = re.compile(r"\w-$")
_MAX_HEEL = 60  # longer words (long web addresses) may break after a "/" again


def _houd_bij_elkaar(regel):
    woorden = []
    for woord in regel.split(" "):
        if len(woord) <= _MAX_HEEL:
            woord = _BREEKPUNT.sub(lambda m: m.group(0) + WOORDVERBINDER, woord)
            woord = _VOOR_HAAKJE.sub(WOORDVERBINDER, woord)
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


def _moment_van_vaststelling(rapportage, voortgang):
    """When a closed round's annex was as published, or None (a draft, or a round without a moment).

    The closing time or the last change to one of the round's texts, whichever is later: the importer
    marks a round closed before it adds the actions, in the same transaction.
    """
    if not rapportage.is_vastgesteld:
        return None
    momenten = [rapportage.vastgesteld_op, *(v.gewijzigd_op for v in voortgang)]
    return max((m for m in momenten if m is not None), default=None)


def _zoals_vastgesteld(rapportage, voortgang):
    """(description, theme id) per action pk as they were when the round was closed.

    A later round may reword an action; the annex of a closed round keeps the published words.
    """
    moment = _moment_van_vaststelling(rapportage, voortgang)
    if moment is None:
        return {}
    return {a.pk: (a.omschrijving, a.thema_id) for a in Actie.history.as_of(moment)}


def _bron(vindplaats):
    if vindplaats.kamerstuk:
        return Bron((kamerstuk_aanhaling(vindplaats.kamerstuk),), vindplaats.adres)
    adres = vindplaats.adres
    # Forms let only https addresses in (lib.vindplaats); a row written otherwise shows its address as
    # text but never becomes a link (javascript: in the HTML version).
    return Bron((vindplaats.titel, adres), adres if urlsplit(adres).scheme == "https" else "")


def _vindplaatsen_per_actie(rapportage, voortgang):
    """{action pk: [Bron]}, in one query: the evidence of the action itself and of its text in this round.

    Another round's texts have their own annex. A closed round lists what was public when it was closed:
    evidence added to an action later is no part of it, as a later rewording of an action is not
    (_zoals_vastgesteld). A draft shows its texts' evidence, as closing will publish it with them.
    """
    vindplaatsen = Vindplaats.objects.filter(Q(voortgang__isnull=True) | Q(voortgang__rapportage=rapportage))
    if rapportage.is_vastgesteld:
        vindplaatsen = vindplaatsen.openbaar()
        moment = _moment_van_vaststelling(rapportage, voortgang)
        if moment is not None:
            # Only the action's own can be added then: the round's texts are frozen while it is closed.
            vindplaatsen = vindplaatsen.exclude(voortgang__isnull=True, toegevoegd_op__gt=moment)
    per_actie = defaultdict(dict)
    for vindplaats in vindplaatsen.only("actie_id", "kamerstuk", "url", "titel"):
        # The same document on the action and on its text is listed once.
        per_actie[vindplaats.actie_id].setdefault(vindplaats.adres, _bron(vindplaats))
    return {actie: list(bronnen.values()) for actie, bronnen in per_actie.items()}


@dataclass
class _Actieregel:
    actie: Actie
    thema_id: int
    rij: Rij
    voortgang: Voortgang | None


def _regels_van_rapportage(rapportage, met_ministeries, met_vindplaatsen=False):
    """A _Actieregel for every action in the round; a draft shows every action, with a text or not."""
    voortgang = {v.actie_id: v for v in Voortgang.objects.filter(rapportage=rapportage)}
    toen = _zoals_vastgesteld(rapportage, voortgang.values())
    vindplaatsen = _vindplaatsen_per_actie(rapportage, voortgang.values()) if met_vindplaatsen else {}
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
            vindplaatsen=vindplaatsen.get(actie.pk, []),
        )
        regels.append(_Actieregel(actie, thema_id, rij, v))
    return regels


def _per_thema(regels):
    rijen = defaultdict(list)
    for regel in regels:
        rijen[regel.thema_id].append(regel.rij)
    return dict(rijen)


def verwijzing_naar_brief(rapportage):
    """The letter this annex belongs to, as its footer names it; "" for a round without one."""
    waarden = {"kamerstuk": rapportage.kamerstuk}
    if rapportage.briefdatum:
        waarden["datum"] = date_format(rapportage.briefdatum, "j F Y")
    if rapportage.kamerstuk and rapportage.briefdatum:
        return _("Bijlage bij de brief van %(datum)s, Kamerstuk %(kamerstuk)s") % waarden
    if rapportage.kamerstuk:
        return _("Bijlage bij Kamerstuk %(kamerstuk)s") % waarden
    if rapportage.briefdatum:
        return _("Bijlage bij de brief van %(datum)s") % waarden
    return ""


def _basis_context(rapportage, kop, onderwerp, kolommen, blokken, inleiding):
    verwijzing = verwijzing_naar_brief(rapportage)
    concept = not rapportage.is_vastgesteld
    voetregel = verwijzing
    if concept:
        # Said in words as well, for whoever reads the page without seeing the mark across it.
        voetregel = " · ".join(t for t in (_("CONCEPT, niet vastgesteld"), verwijzing) if t)
    return {
        "rapportage": rapportage,
        "kop": kop,
        "document_titel": f"{kop} ({rapportage.titel})",
        # Only the HTML version shows it; the printed annex has no subtitle, as the original.
        "ondertitel": _("Stand per %(peildatum)s")
        % {"peildatum": date_format(rapportage.peildatum, "j F Y")},
        "verwijzing": verwijzing,
        "voetregel": voetregel,
        "concept": concept,
        "concept_merk": concept_merk() if concept else None,
        "onderwerp": onderwerp,
        "auteur": AUTEUR,
        "inleiding": _regels(inleiding),
        "kolommen": kolommen,
        "aantal_kolommen": 3 + len(kolommen),
        "blokken": blokken,
    }


def standaard_titel():
    return _("Stand van zaken vervolgacties Parlementaire Onderzoekscommissie Kinderopvangtoeslag")


def standaard_inleiding():
    """The introduction of the annex of 29 June 2021, word for word: a new round starts from it."""
    return _(
        "In onderstaande tabel is de stand van zaken aangegeven van de vervolgacties op de "
        "Parlementaire Onderzoekscommissie Kinderopvangtoeslag. Dit betreft zowel de acties uit de "
        "kabinetsreactie op het eindverslag van de Parlementaire Ondervragingscommissie "
        "Kinderopvangtoeslag als de moties en toezeggingen uit het debat daarover van 19 januari 2021."
    )


def bijlage_context(rapportage, kolommen=()):
    """Context for the full annex of a round; ``kolommen`` adds "ministerie" and/or "status". A round that
    chose so (bijlage_met_vindplaatsen) has a column Vindplaatsen after Stand van Zaken."""
    gekozen = kies_kolommen(kolommen)
    met_vindplaatsen = rapportage.bijlage_met_vindplaatsen
    regels = _regels_van_rapportage(rapportage, "ministerie" in dict(gekozen), met_vindplaatsen)
    if met_vindplaatsen:
        gekozen = [(VINDPLAATSEN, _("Vindplaatsen")), *gekozen]
    onderwerp = _("%(bijlage)s: stand van zaken per %(peildatum)s (%(titel)s)") % {
        "bijlage": verwijzing_naar_brief(rapportage) or _("Bijlage"),
        "peildatum": date_format(rapportage.peildatum, "j F Y"),
        "titel": rapportage.titel,
    }
    return _basis_context(
        rapportage,
        kop=rapportage.bijlage_titel or standaard_titel(),
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
        "ondertitel": "",
        "verwijzing": "",
        "voetregel": _("Lijst van %(datum)s") % {"datum": date_format(nu, "j F Y")},
        "concept": False,
        "concept_merk": None,
        "onderwerp": _("Selectie uit de openbare lijst van vervolgacties"),
        "auteur": AUTEUR,
        "inleiding": _regels(inleiding),
        "kolommen": kies_kolommen(KOLOMMEN),
        "aantal_kolommen": 3 + len(KOLOMMEN),
        "blokken": maak_blokken(_per_thema(regels)),
    }
