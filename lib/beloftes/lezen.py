"""The text of an uploaded letter (PDF, Word .docx, HTML of officielebekendmakingen.nl, plain text),
read in a child process with a memory and time limit, as ``importeer.veilig`` reads annexes.

lib cannot import importeer (the layers in pyproject.toml), and the annex reader returns a table,
not running text, so this module has its own small readers with the same limits: what a file is
is decided by its first bytes, never its name; a .docx's zip directory is checked before anything
is unpacked and a DOCTYPE is refused; PDFium runs under ``RLIMIT_AS``; every failure is a
``BriefFout`` with a Dutch message.
"""

from __future__ import annotations

import datetime
import io
import multiprocessing
import re
import resource
import zipfile
from html.parser import HTMLParser

from .vinden import Belofte, briefdatum, vind_beloftes

MAX_BYTES = 20 * 1024 * 1024
MAX_TEKENS = 2_000_000  # zo'n 600 pagina's; een Kamerbrief is er zelden meer dan 30
GEHEUGEN_MB = 384
SECONDEN = 20.0
MAX_UITGEPAKT = 64 * 1024 * 1024
MAX_VERHOUDING = 100

PDF, WORD, HTML, TEKST = "pdf", "word", "html", "tekst"
_NAAM = {PDF: "de PDF", WORD: "het Word-bestand", HTML: "de HTML", TEKST: "het tekstbestand"}
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class BriefFout(Exception):
    """A letter that cannot be read. The message is Dutch and meant for the user."""


def soort_van(data: bytes) -> str:
    """What the bytes are, or a ``BriefFout`` (empty, too large, binary of another kind)."""
    if not data:
        raise BriefFout("Het bestand is leeg.")
    if len(data) > MAX_BYTES:
        raise BriefFout(
            f"Het bestand is te groot ({len(data) / 1_048_576:.1f} MB); een brief mag hoogstens "
            f"{MAX_BYTES // 1_048_576} MB zijn."
        )
    if b"%PDF-" in data[:1024]:
        return PDF
    if data.startswith(b"PK\x03\x04"):
        return WORD
    if data.startswith(bytes.fromhex("D0CF11E0A1B11AE1")):
        raise BriefFout(
            "Dit is een oud Word-bestand (.doc) of een versleuteld Word-bestand; sla de brief op als "
            ".docx zonder wachtwoord, of als PDF."
        )
    kop = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if kop.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in kop:
        return HTML
    return TEKST


def lees_brief(data: bytes) -> str:
    """The letter's text, in this process: for trusted files and tests."""
    soort = soort_van(data)
    tekst = {PDF: _pdf, WORD: _word, HTML: _html, TEKST: _tekst}[soort](data)
    if not re.search(r"[^\W\d_]{2}", tekst):
        raise BriefFout(f"In {_NAAM[soort]} staat geen leesbare tekst (een scan zonder tekstlaag?).")
    if len(tekst) > MAX_TEKENS:
        raise BriefFout(
            f"De brief is te lang ({len(tekst):,} tekens; hoogstens {MAX_TEKENS:,}).".replace(",", ".")
        )
    return tekst


def lees_brief_veilig(data: bytes, *, geheugen_mb: int = GEHEUGEN_MB, seconden: float = SECONDEN) -> str:
    """``lees_brief`` in a spawned child with a memory and time limit."""
    return _in_kind(data, None, geheugen_mb, seconden)


def vind_in_brief_veilig(
    data: bytes,
    brief: datetime.date | None = None,
    *,
    geheugen_mb: int = GEHEUGEN_MB,
    seconden: float = SECONDEN,
) -> tuple[list[Belofte], datetime.date | None]:
    """The proposals and the date the letter states, read *and* searched in the limited child: a
    text made to be slow to search (a million one-line promises) hits the same time limit."""
    return _in_kind(data, ("vind", brief), geheugen_mb, seconden)


def _in_kind(data: bytes, vind: tuple | None, geheugen_mb: int, seconden: float):
    naam = _NAAM[soort_van(data)]
    context = multiprocessing.get_context("spawn")
    ontvanger, zender = context.Pipe(duplex=False)
    proces = context.Process(target=_kind, args=(zender, data, geheugen_mb, vind))
    proces.start()
    zender.close()  # anders merkt de ontvanger niet dat het kind is gestorven
    try:
        if not ontvanger.poll(seconden):
            raise BriefFout(
                f"Het lezen van {naam} duurde langer dan {seconden:g} seconden en is afgebroken; "
                "het bestand is te zwaar of zo gemaakt dat uitpakken extreem veel werk kost."
            )
        try:
            uitkomst, inhoud = ontvanger.recv()
        except EOFError:
            raise BriefFout(
                f"Het lezen van {naam} is onverwacht afgebroken; vermoedelijk had het bestand meer "
                f"dan {geheugen_mb} MB geheugen nodig."
            ) from None
    finally:
        if proces.is_alive():
            proces.kill()
        proces.join(5)
        ontvanger.close()
    if uitkomst == "ok":
        return inhoud
    if uitkomst == "geheugen":
        raise BriefFout(
            f"Het lezen van {naam} had meer dan {geheugen_mb} MB geheugen nodig en is afgebroken "
            "(mogelijk een 'zip-bom': klein bestand dat uitgepakt enorm groot wordt)."
        )
    raise BriefFout(inhoud)


def _kind(zender, data: bytes, geheugen_mb: int, vind: tuple | None) -> None:
    try:
        grens = geheugen_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (grens, grens))
        tekst = lees_brief(data)
        if vind is None:
            uitkomst = ("ok", tekst)
        else:
            try:
                uitkomst = ("ok", (vind_beloftes(tekst, vind[1]), briefdatum(tekst)))
            except ValueError as fout:  # geen briefdatum
                uitkomst = ("fout", str(fout))
    except BriefFout as fout:
        uitkomst = ("fout", str(fout))
    except MemoryError:
        uitkomst = ("geheugen", "")
    except Exception as fout:  # alles wat PDFium, zipfile of lxml verder kan opwerpen
        uitkomst = ("fout", _vertaal(fout))
    try:
        zender.send(uitkomst)
    except MemoryError:
        zender.send(("geheugen", ""))
    finally:
        zender.close()


def _vertaal(fout: BaseException) -> str:
    return (
        f"Het bestand is beschadigd en kan niet worden gelezen ({type(fout).__name__}). "
        "Sla de brief opnieuw op en probeer het nog eens."
    )


def _pdf(data: bytes) -> str:
    # PDFium (pypdfium2, which pdfplumber already brings) reads text some 50 times faster than
    # pdfminer: 12 pages in 0.07 s where pdfplumber took 5 s; a letter needs the text, not the layout.
    import pypdfium2

    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as fout:
        if "password" in str(fout).lower():
            raise BriefFout(
                "De PDF is beveiligd met een wachtwoord of versleuteld en kan daarom niet worden gelezen. "
                "Sla de brief onbeveiligd op en probeer het opnieuw."
            ) from None
        raise BriefFout(
            "Het PDF-bestand is beschadigd en kan niet worden gelezen; sla de brief opnieuw op als PDF."
        ) from None
    paginas = []
    try:
        for pagina in pdf:
            tekstlaag = pagina.get_textpage()
            paginas.append(tekstlaag.get_text_range())
            tekstlaag.close()
            pagina.close()
    finally:
        pdf.close()
    # Pages run on: a sentence may continue on the next page. Line ends are '\r\n'.
    tekst = "\n".join(paginas).replace("\r\n", "\n").replace("\r", "\n").replace("\x02", "-")
    # Een woord dat aan het regeleinde is afgebroken weer heel; 'wet- en regelgeving' blijft staan.
    return re.sub(r"(\w)-\n(?!(?:en|of) )(\w)", r"\1\2", tekst)


def _word(data: bytes) -> str:
    try:
        pakket = zipfile.ZipFile(io.BytesIO(data))
        info = pakket.getinfo("word/document.xml")
    except (zipfile.BadZipFile, KeyError):
        raise BriefFout("Het bestand is een zip-bestand maar geen Word-document (.docx).") from None
    if info.flag_bits & 0x1:
        raise BriefFout("Het Word-bestand is versleuteld; sla het zonder wachtwoord op.")
    totaal = sum(i.file_size for i in pakket.infolist())
    if totaal > MAX_UITGEPAKT or info.file_size / max(1, info.compress_size) > MAX_VERHOUDING:
        raise BriefFout(
            "Het Word-bestand wordt uitgepakt onredelijk groot (een 'zip-bom') en is daarom geweigerd."
        )
    tekst = "\n\n".join(_alineas(pakket.read(info), "het document"))
    # Word keeps footnotes in their own part; after the marker the finder reads them as footnotes (asides).
    if "word/footnotes.xml" in pakket.namelist():
        if pakket.getinfo("word/footnotes.xml").flag_bits & 0x1:
            raise BriefFout("Het Word-bestand is versleuteld; sla het zonder wachtwoord op.")
        noten = _alineas(pakket.read("word/footnotes.xml"), "het deel met voetnoten", zonder_scheiding=True)
        if any(n.strip() for n in noten):
            tekst += "\n\nNoten\n\n" + "\n\n".join(noten)
    return tekst


def _alineas(xml: bytes, naam: str, zonder_scheiding: bool = False) -> list[str]:
    from lxml import etree

    if b"<!doctype" in xml.lower() or b"<!entity" in xml.lower():
        raise BriefFout(
            "Het Word-bestand is geweigerd: het bevat een DOCTYPE-declaratie, die Word nooit maakt."
        )
    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        boom = etree.fromstring(xml, parser)
    except etree.XMLSyntaxError:
        raise BriefFout(f"Het Word-bestand is beschadigd: {naam} is geen geldige XML.") from None
    alineas = []
    for alinea in boom.iter(f"{_W}p"):
        # The separator lines Word draws above the footnotes are footnotes of their own type, without text.
        if zonder_scheiding and alinea.getparent().get(f"{_W}type") in ("separator", "continuationSeparator"):
            continue
        stukken = []
        for el in alinea.iter(f"{_W}t", f"{_W}tab", f"{_W}br"):
            stukken.append(el.text or "" if el.tag == f"{_W}t" else " " if el.tag == f"{_W}tab" else "\n")
        alineas.append("".join(stukken))
    return alineas


class _Tekst(HTMLParser):
    """Running text of an HTML page: blocks become paragraphs; scripts, styles and the site's chrome go."""

    BLOK = frozenset("p div h1 h2 h3 h4 h5 h6 li tr br section article table dd dt blockquote".split())
    WEG = frozenset("script style nav header footer noscript template head form button".split())

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stukken: list[str] = []
        self.weg = 0

    def handle_starttag(self, tag, attrs):
        if tag in self.WEG:
            self.weg += 1
        elif tag in self.BLOK:
            self.stukken.append("\n\n")

    def handle_endtag(self, tag):
        if tag in self.WEG:
            self.weg = max(0, self.weg - 1)
        elif tag in self.BLOK:
            self.stukken.append("\n\n")

    def handle_data(self, data):
        if not self.weg:
            self.stukken.append(re.sub(r"\s+", " ", data))


def _html(data: bytes) -> str:
    lezer = _Tekst()
    lezer.feed(_decodeer(data))
    lezer.close()
    tekst = "".join(lezer.stukken)
    return re.sub(r"[ \t]*\n[ \t\n]*\n[ \t]*", "\n\n", tekst).strip()


def _tekst(data: bytes) -> str:
    tekst = _decodeer(data)
    stuurtekens = sum(1 for c in tekst[:100_000] if ord(c) < 32 and c not in "\n\r\t\f")
    if "\x00" in tekst or stuurtekens > len(tekst[:100_000]) / 100:
        raise BriefFout("Het bestand is geen PDF, geen Word-bestand (.docx), geen HTML en geen platte tekst.")
    return tekst.replace("\r\n", "\n").replace("\r", "\n")


def _decodeer(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")
