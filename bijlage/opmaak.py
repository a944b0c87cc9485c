"""Rendering an annex context (bijlage.samenstelling) to HTML and to PDF with WeasyPrint.

One template serves both the PDF and the HTML version (the accessible one). WeasyPrint is imported only
when a PDF is made, so pages that never render one do not pay for loading it.
"""

import contextlib
import functools
import gc
import io
import logging
import mimetypes
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

from .weasyprint_patch import als_word

logger = logging.getLogger(__name__)

BIJLAGE_TEMPLATE = "bijlage/bijlage.html"
BIJLAGE_CSS = "bijlage/bijlage.css"


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


# ---------------------------------------------------------------- rendering


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


@contextlib.contextmanager
def _zonder_bestaande_objecten_in_gc():
    """Keep the objects that live now (Django, its apps, the annex's data: over 100,000) out of the
    cyclic garbage collector's runs until the block ends.

    Every full run of the collector during a render would go through all of them again, each time more
    than twice what a bare WeasyPrint process has; for 1,000 actions that came to about half a second.
    Garbage is collected first, so that none is kept until the block ends.
    """
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def html_to_pdf(html, bij_pagina=None):
    """PDF bytes for an HTML document that is already rendered: tagged (PDF/UA-1), no attachments.
    `bij_pagina(n)` is called as page n is laid out."""
    from weasyprint import CSS, HTML

    teller = _Paginateller(bij_pagina) if bij_pagina else None
    if teller:
        _VOORTGANG.addHandler(teller)
    try:
        with _zonder_bestaande_objecten_in_gc():
            with als_word():
                fetcher = _url_fetcher()
                map_ = _toegestane_mappen()[0]
                stylesheets = [CSS(string=lees_css(), url_fetcher=fetcher)]
                document = HTML(string=html, base_url=map_.as_uri() + "/", url_fetcher=fetcher).render(
                    stylesheets=stylesheets, pdf_variant="pdf/ua-1"
                )
            # Laid out, the pages no longer need the parsed HTML and its computed styles (for 1,000 actions
            # some 300,000 objects in reference cycles), but only a full run of the collector frees them,
            # and that may come only after write_pdf, whose PDF objects make the peak of a render: then
            # they added 70 MB to it. Freed now, they do not add to it.
            gc.collect()
            # An annex never carries files; even if a <link rel=attachment> slipped in, nothing is embedded.
            document.metadata.attachments = []
            return document.write_pdf(pdf_variant="pdf/ua-1")
    finally:
        if teller:
            _VOORTGANG.removeHandler(teller)


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
