"""The stand-van-zaken annex as a Word document, made with python-docx from the same context as the PDF.

Ministries and the coordinating team edit and send Word, so this file must behave like the Word annexes they
already know: the layout of the original of 29 June 2021 (A4 landscape, Liberation Sans 9 pt, thin rules
around every cell), the header row repeating on every page, theme rows across the table and a shared status
text as one cell over the actions that share it. Our own importer reads the PDF that Word or LibreOffice
makes of it, so every one of those details is also what it relies on.

The table is built as WordprocessingML elements directly: python-docx's table API cannot mark a header row
to repeat or a row to stay whole. Built so, a thousand actions take a fraction of a second
(benchmarks/word_export.py).
"""

from __future__ import annotations

import io
import re

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor, Twips

from . import samenstelling

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

# The original's measures (twips, 1/20 pt): an A4 landscape page with 15 mm left and right and 18 mm top
# and bottom, and a table of 794 + 4876 + 9468 across the full width between the margins.
PAGINA = (16838, 11906)
MARGE_ZIJ, MARGE_BOVEN = 850, 1020
TABELBREEDTE = PAGINA[0] - 2 * MARGE_ZIJ
KOLOM_NUMMER, KOLOM_OMSCHRIJVING = 794, 4876
# An extra column takes its share of the table from the Stand van Zaken column, as in the PDF.
KOLOM_EXTRA = {
    "ministerie": 0.09,
    "status": 0.09,
    "wijziging": 0.08,
    samenstelling.VINDPLAATSEN: 0.15,
    samenstelling.HERKOMST: 0.15,
}
# The table of items no action carries out: the item, its Kamerstuk or source and the rest for its text, as
# in the PDF.
BREEDTES_ZONDER_ACTIE = (round(0.25 * TABELBREEDTE), round(0.12 * TABELBREEDTE))

LETTER = "Liberation Sans"  # the PDF's font; metrically Arial, which Word shows where it is missing
GROOTTE = 9
GROOTTE_KOP = 12
RAND = "4"  # eighths of a point: the original's 0.5 pt rules
# Line spacing 1.15 and 2 pt after each paragraph in a cell: the importer tells a new paragraph from a
# wrapped line by that extra space, as in the original.
REGELAFSTAND = 276
NA_CELALINEA = 40
NA_ALINEA = 200

# Characters XML 1.0 does not allow (lxml refuses them) and C1 controls, which no annex text means to have.
_ONGELDIG = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff\ud800-\udfff]")
_SPATIES = re.compile("[ \t]+")


def schoon(tekst):
    """Text as Word may carry it: control characters and lone surrogates left out, and spaces and tabs
    run together as in the PDF (HTML shows a run of them as one space; Word would show them all)."""
    return _SPATIES.sub(" ", _ONGELDIG.sub("", str(tekst))).strip()


def _regels(tekst):
    return [r for r in (schoon(regel) for regel in str(tekst).splitlines()) if r]


# ---------------------------------------------------------------- elements


def _el(tag, **attributen):
    element = OxmlElement(tag)
    for naam, waarde in attributen.items():
        element.set(qn(f"w:{naam}"), str(waarde))
    return element


def _sub(ouder, tag, **attributen):
    element = _el(tag, **attributen)
    ouder.append(element)
    return element


def _run(ouder, tekst, vet=False, cursief=False):
    r = _sub(ouder, "w:r")
    if vet or cursief:
        rpr = _sub(r, "w:rPr")
        if vet:
            _sub(rpr, "w:b")
        if cursief:
            _sub(rpr, "w:i")
    t = _sub(r, "w:t")
    t.text = tekst
    if tekst != tekst.strip():
        t.set(qn("xml:space"), "preserve")
    return r


def _alinea(ouder, tekst="", vet=False, cursief=False, bij_volgende=False, na=None, stijl=None):
    p = _sub(ouder, "w:p")
    if bij_volgende or na is not None or stijl:
        ppr = _sub(p, "w:pPr")
        if stijl:
            _sub(ppr, "w:pStyle", val=stijl)
        if bij_volgende:
            _sub(ppr, "w:keepNext")
        if na is not None:
            _sub(ppr, "w:spacing", after=na)
    if tekst:
        _run(p, tekst, vet, cursief)
    return p


def _cel(tr, breedte, regels=(), span=1, samengevoegd=None, vet=False, cursief=False, bij_volgende=False):
    """A cell with one paragraph per line of text. ``samengevoegd``: "restart" starts a vertical merge,
    "continue" is a covered cell of one."""
    tc = _sub(tr, "w:tc")
    tcpr = _sub(tc, "w:tcPr")
    _sub(tcpr, "w:tcW", w=breedte, type="dxa")
    if span > 1:
        _sub(tcpr, "w:gridSpan", val=span)
    if samengevoegd == "restart":
        _sub(tcpr, "w:vMerge", val="restart")
    elif samengevoegd == "continue":
        _sub(tcpr, "w:vMerge")
    # Word requires a paragraph in every cell, also an empty or covered one.
    for regel in regels or [""]:
        _alinea(tc, regel, vet, cursief, bij_volgende)
    return tc


def _vindplaatsencel(tr, breedte, bronnen):
    """One paragraph per vindplaats, its lines (a document's title and address) broken within it, so the
    space after a paragraph parts two vindplaatsen as in the PDF. Plain text: no hyperlinks, so the file
    keeps no relationship to anything outside it."""
    tc = _sub(tr, "w:tc")
    _sub(_sub(tc, "w:tcPr"), "w:tcW", w=breedte, type="dxa")
    for bron in bronnen:
        p = _alinea(tc)
        for i, regel in enumerate(r for r in (schoon(r) for r in bron.regels) if r):
            if i:
                _sub(_sub(p, "w:r"), "w:br")
            _run(p, regel)
    if not bronnen:
        _alinea(tc)  # Word requires a paragraph in every cell
    return tc


def _rij(tbl, kop=False, heel=False):
    tr = _sub(tbl, "w:tr")
    if kop or heel:
        trpr = _sub(tr, "w:trPr")
        # A heading row is never split over two pages; the table's header row repeats on every page.
        _sub(trpr, "w:cantSplit")
        if kop:
            _sub(trpr, "w:tblHeader")
    return tr


def kolombreedtes(kolommen):
    """Widths in twips of Actie, Omschrijving, Stand van Zaken and each extra column."""
    extra = [round(KOLOM_EXTRA.get(naam, 0.09) * TABELBREEDTE) for naam, _kop in kolommen]
    stand = TABELBREEDTE - KOLOM_NUMMER - KOLOM_OMSCHRIJVING - sum(extra)
    return [KOLOM_NUMMER, KOLOM_OMSCHRIJVING, stand, *extra]


def _tabelelement(breedtes, bijschrift):
    tbl = _el("w:tbl")
    tblpr = _sub(tbl, "w:tblPr")
    # In the schema's order: Word may call a document with properties in another order damaged.
    _sub(tblpr, "w:tblW", w=TABELBREEDTE, type="dxa")
    randen = _sub(tblpr, "w:tblBorders")
    for kant in ("top", "left", "bottom", "right", "insideH", "insideV"):
        _sub(randen, f"w:{kant}", val="single", sz=RAND, space="0", color="000000")
    _sub(tblpr, "w:tblLayout", type="fixed")
    _sub(tblpr, "w:tblLook", val="04A0", firstRow="1", lastRow="0", firstColumn="1", lastColumn="0")
    # What a screen reader announces for the table, as the caption of the HTML version.
    _sub(tblpr, "w:tblCaption", val=bijschrift)
    grid = _sub(tbl, "w:tblGrid")
    for breedte in breedtes:
        _sub(grid, "w:gridCol", w=breedte)
    return tbl


def _kopregel(tbl, breedtes, koppen):
    tr = _rij(tbl, kop=True)
    for breedte, kop in zip(breedtes, koppen, strict=True):
        _cel(tr, breedte, [schoon(kop)], vet=True)


def _tabel(context):
    kolommen = list(context["kolommen"])
    breedtes = kolombreedtes(kolommen)
    tbl = _tabelelement(breedtes, _("Vervolgacties per thema met de stand van zaken"))
    koppen = [_("Actie"), _("Omschrijving"), _("Stand van Zaken"), *(kop for _naam, kop in kolommen)]
    _kopregel(tbl, breedtes, koppen)

    for blok in context["blokken"]:
        # keepNext on every paragraph of a row keeps that row on the page of the next one: a theme never
        # stands alone at the foot of a page.
        tr = _rij(tbl, heel=True)
        _cel(
            tr,
            TABELBREEDTE,
            [schoon(blok.naam)],
            span=len(breedtes),
            vet=True,
            cursief=blok.subthema,
            bij_volgende=True,
        )
        for rij in blok.rijen:
            tr = _rij(tbl)
            _cel(tr, breedtes[0], [f"{rij.nummer}."])
            _cel(tr, breedtes[1], _regels(rij.omschrijving))
            if rij.rijen == 0:
                _cel(tr, breedtes[2], samengevoegd="continue")
            else:
                # The indicator lines (bijlage.indicatoren) as paragraphs of their own under the text.
                regels = _regels(rij.tekst) + [schoon(t) for t in rij.indicator_teksten]
                _cel(tr, breedtes[2], regels, samengevoegd="restart" if rij.rijen > 1 else None)
            for (naam, _kop), breedte in zip(kolommen, breedtes[3:], strict=True):
                if naam == samenstelling.VINDPLAATSEN:
                    _vindplaatsencel(tr, breedte, rij.vindplaatsen)
                    continue
                if naam == samenstelling.HERKOMST:
                    _cel(tr, breedte, [schoon(a) for a in rij.herkomst])
                    continue
                waarde = {"ministerie": rij.ministeries, "status": rij.status}.get(naam, rij.wijziging)
                _cel(tr, breedte, _regels(waarde))
    return tbl


def _zonder_actie(body, rijen):
    """The heading and table of the motions and commitments no action carries out
    (bijlage.herkomst.zonder_actie)."""
    _alinea(body, _("Moties en toezeggingen zonder actie"), stijl="Heading2")
    if not rijen:
        _alinea(
            body,
            _("Elke motie en toezegging en elk beschreven deel ervan wordt door een actie uitgevoerd."),
        )
        return
    breedtes = [*BREEDTES_ZONDER_ACTIE, TABELBREEDTE - sum(BREEDTES_ZONDER_ACTIE)]
    tbl = _tabelelement(breedtes, _("Moties, toezeggingen en delen ervan die geen actie uitvoert"))
    _kopregel(tbl, breedtes, [_("Motie of toezegging"), _("Kamerstuk of bron"), _("Tekst")])
    for rij in rijen:
        tr = _rij(tbl)
        _cel(tr, breedtes[0], [schoon(rij.opdracht)])
        _cel(tr, breedtes[1], [schoon(rij.kamerstuk)])
        _cel(tr, breedtes[2], _regels(rij.tekst))
    body.append(tbl)


# ---------------------------------------------------------------- document


def _lettertype(rpr, grootte):
    """Our font and size on a run-properties element, replacing the template's theme fonts (a theme font
    would win over the named one)."""
    rfonts = rpr.get_or_add_rFonts()
    for naam in list(rfonts.attrib):
        del rfonts.attrib[naam]
    for soort in ("ascii", "hAnsi", "cs", "eastAsia"):
        rfonts.set(qn(f"w:{soort}"), LETTER)
    for tag in ("w:sz", "w:szCs"):
        element = rpr.find(qn(tag))
        if element is None:
            element = _sub(rpr, tag)
        element.set(qn("w:val"), str(grootte * 2))


def _stijlen(document):
    standaard = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    _lettertype(standaard, GROOTTE)
    # Dutch, for spelling and hyphenation in Word.
    lang = standaard.find(qn("w:lang"))
    if lang is None:
        lang = _sub(standaard, "w:lang")
    lang.attrib.clear()
    lang.set(qn("w:val"), "nl-NL")

    normaal = document.styles["Normal"]
    _lettertype(normaal.element.get_or_add_rPr(), GROOTTE)
    opmaak = normaal.paragraph_format
    opmaak.space_before = 0
    opmaak.space_after = Twips(NA_CELALINEA)
    opmaak.line_spacing = REGELAFSTAND / 240

    # The title (and the heading of the items without an action) as a real heading (the document's
    # outline, and a bookmark in a PDF made of it), but looking like the original's: 12 pt bold black.
    for naam, boven in (("Heading 1", 0), ("Heading 2", NA_ALINEA)):
        kop = document.styles[naam]
        rpr = kop.element.get_or_add_rPr()
        _lettertype(rpr, GROOTTE_KOP)
        for tag in ("w:color", "w:bCs", "w:i", "w:iCs"):
            for element in rpr.findall(qn(tag)):
                rpr.remove(element)
        kop.font.bold = True
        kop.paragraph_format.space_before = Twips(boven)
        kop.paragraph_format.space_after = Twips(NA_ALINEA)


def _pagina(document):
    sectie = document.sections[0]
    sectie.orientation = WD_ORIENT.LANDSCAPE
    sectie.page_width, sectie.page_height = Twips(PAGINA[0]), Twips(PAGINA[1])
    sectie.left_margin = sectie.right_margin = Twips(MARGE_ZIJ)
    sectie.top_margin = sectie.bottom_margin = Twips(MARGE_BOVEN)
    sectie.header_distance = sectie.footer_distance = Twips(500)
    return sectie


def _verwijzing(context):
    """The letter the annex belongs to, for the footer, as the PDF names it; "" when the round names none."""
    if "verwijzing" in context:
        return schoon(context["verwijzing"] or "")
    rapportage = context.get("rapportage")
    if rapportage is None:
        return ""
    kamerstuk = schoon(rapportage.kamerstuk or "")
    datum = date_format(rapportage.briefdatum, "j F Y") if rapportage.briefdatum else ""
    if kamerstuk and datum:
        return _("Bijlage bij de brief van %(datum)s, Kamerstuk %(kamerstuk)s") % {
            "datum": datum,
            "kamerstuk": kamerstuk,
        }
    if kamerstuk:
        return _("Bijlage bij Kamerstuk %(kamerstuk)s") % {"kamerstuk": kamerstuk}
    if datum:
        return _("Bijlage bij de brief van %(datum)s") % {"datum": datum}
    return ""


def _veld(p, code, voorlopig="1"):
    """A field (PAGE): Word and LibreOffice fill in its value on every page; ``voorlopig`` is shown by a
    reader that does not."""
    _sub(_sub(p, "w:r"), "w:fldChar", fldCharType="begin")
    instructie = _sub(_sub(p, "w:r"), "w:instrText")
    instructie.text = f" {code} "
    instructie.set(qn("xml:space"), "preserve")
    _sub(_sub(p, "w:r"), "w:fldChar", fldCharType="separate")
    _sub(_sub(p, "w:r"), "w:t").text = voorlopig
    _sub(_sub(p, "w:r"), "w:fldChar", fldCharType="end")


def _voettekst(sectie, verwijzing):
    """As in the original: the page number at the right; the letter's reference at the left if known."""
    p = sectie.footer.paragraphs[0]
    # The template's footer style has its tab stops for a portrait page; the number goes to the right edge.
    tabs = p.style.paragraph_format.tab_stops
    tabs.clear_all()
    tabs.add_tab_stop(Twips(TABELBREEDTE), WD_TAB_ALIGNMENT.RIGHT)
    if verwijzing:
        p.add_run(verwijzing)
    p.add_run("\t")
    _veld(p._p, "PAGE")


def _concept(sectie):
    """A draft says so at the top of every page, large enough that no one takes it for the real annex."""
    p = sectie.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = p.add_run(_("CONCEPT"))
    run.bold = True
    run.font.size = Pt(20)
    run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)
    toelichting = sectie.header.add_paragraph(_("Niet vastgesteld; niet voor verspreiding."))
    toelichting.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _eigenschappen(document, context, concept):
    eigen = document.core_properties
    titel = schoon(context.get("document_titel") or context["kop"])
    eigen.title = (_("CONCEPT") + " – " + titel) if concept else titel
    eigen.subject = schoon(context.get("onderwerp", ""))
    eigen.author = schoon(context.get("auteur") or samenstelling.AUTEUR)
    eigen.last_modified_by = eigen.author
    eigen.language = "nl-NL"
    eigen.comments = ""
    eigen.keywords = ""
    rapportage = context.get("rapportage")
    moment = getattr(rapportage, "vastgesteld_op", None) or timezone.now()
    eigen.created = eigen.modified = moment.replace(microsecond=0)
    eigen.revision = 1


def render_to_docx(context):
    """Word bytes for an annex context (bijlage.samenstelling.bijlage_context and its siblings)."""
    # As the PDF: a draft is marked, a closed round or a publication being corrected is not.
    concept = context.get("concept", False)
    document = Document()
    _stijlen(document)
    sectie = _pagina(document)
    _voettekst(sectie, _verwijzing(context))
    if concept:
        _concept(sectie)

    body = document.element.body
    # The default template's body holds only its section properties, which must stay last.
    sectpr = body.sectPr
    body.remove(sectpr)
    _alinea(body, schoon(context["kop"]), stijl="Heading1")
    for alinea in context["inleiding"]:
        _alinea(body, schoon(alinea), na=NA_ALINEA)
    if context["blokken"]:
        body.append(_tabel(context))
    else:
        _alinea(body, _("Er zijn geen acties om te tonen."))
    if context.get("zonder_actie") is not None:
        _zonder_actie(body, context["zonder_actie"])
    # Word wants a paragraph after a table.
    _alinea(body)
    body.append(sectpr)

    _eigenschappen(document, context, concept)
    uit = io.BytesIO()
    document.save(uit)
    return uit.getvalue()


def bijlage_docx(rapportage, kolommen=()):
    """The annex of a round as Word bytes (a draft carries the CONCEPT mark)."""
    return render_to_docx(samenstelling.bijlage_context(rapportage, kolommen))
