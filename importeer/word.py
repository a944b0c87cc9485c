"""Lees een 'stand van zaken'-bijlage als Word-bestand (.docx) in: bytes erin, ``Bijlage`` eruit.

Geen Django hier, net als ``importeer.bijlage`` voor PDF; voor onvertrouwde uploads draait
``importeer.veilig`` deze parser in hetzelfde begrensde kindproces.

Een .docx is een zip met XML. Dat zip wordt gecontroleerd voordat er één onderdeel uit wordt
gelezen: de inhoudsopgave (central directory) noemt per onderdeel de ingepakte en uitgepakte
grootte, en die bepalen of het bestand een zip-bom kan zijn. Macro's (vbaProject.bin, een
'macroEnabled' inhoudstype) worden geweigerd, net als een DOCTYPE in een XML-onderdeel: lxml
zou entiteiten dan niet uitvouwen (``resolve_entities=False``), maar een bijlage heeft geen
DOCTYPE nodig, dus wie er een meestuurt krijgt een duidelijke weigering in plaats van halve tekst.

De tabel wordt gevonden aan haar kopregel, met dezelfde herkenning van kolommen als voor PDF
(``formaat.kolomsoorten``): andere bewoordingen en extra kolommen (Verantwoordelijk, Status) mogen.
Word zegt zelf wat een PDF moet raden: een cel die over de hele breedte loopt (``gridSpan``) is
een thema- of subthemarij, een verticaal samengevoegde cel (``vMerge``) wordt gedeeld met de rij
erboven, elke alinea in een cel is een regel in de tekst.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from posixpath import dirname, join, normpath

from lxml import etree

from .formaat import (
    HERKOMST,
    MINISTERIE,
    NUMMER,
    NUMMER_RE,
    OMSCHRIJVING,
    STAND,
    STATUS,
    ActieRij,
    Bijlage,
    BijlageFout,
    Opbouw,
    ThemaRij,
    is_kop_zonder_actie,
    kolomsoorten,
    lees_kop,
    leesbaar,
    normaliseer,
)

ZIP_KOP = b"PK\x03\x04"
# Het begin van elk OLE-samengesteld bestand: Word 97-2003 (.doc), maar ook een .docx die met
# een wachtwoord is versleuteld (Office verpakt die als OLE met een EncryptedPackage erin).
OLE_KOP = bytes.fromhex("D0CF11E0A1B11AE1")

# Grenzen voor wat uit het zip mag komen, gecontroleerd aan de inhoudsopgave voordat er iets
# wordt uitgepakt. De Word-bijlage van juni 2021 (86 acties) pakt uit tot 1,1 MB in 18
# onderdelen met een verhouding van hoogstens 32; een bijlage met 1.000 acties blijft ruim
# onder deze grenzen, een zip-bom (verhouding tot ruim 1.000) niet.
MAX_ONDERDELEN = 2000
MAX_UITGEPAKT = 200 * 1024 * 1024  # alle onderdelen samen
MAX_XML = 48 * 1024 * 1024  # één XML-onderdeel dat we lezen: de boom in lxml is er nog vele malen groter
MAX_VERHOUDING = 100
# Kleine onderdelen mogen sterker ingepakt zijn (een bijna lege XML haalt makkelijk 100):
# uitgepakt zijn ze toch klein.
VERHOUDING_VANAF = 1024 * 1024

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
# Word's 'Strict Open XML': dezelfde onderdelen onder andere namespaces, die deze parser niet leest.
_STRIKT = "http://purl.oclc.org/ooxml/wordprocessingml/main"
MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "http://schemas.openxmlformats.org/package/2006/content-types"
_HOOFDDOCUMENT = "/officeDocument"
_NUMMERING = "/numbering"
_STIJLEN = "/styles"
_KOP_EN_VOET = ("/header", "/footer")
_WORD_TYPES = (
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml",
)


def w(naam: str) -> str:
    return f"{{{W}}}{naam}"


def _parser() -> etree.XMLParser:
    # Geen entiteiten, geen netwerk, geen DTD laden: de XML komt van een onbekende afzender.
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
    )


def is_word(data: bytes) -> bool:
    """Lijkt dit op een .docx (of een ander zip)? Alleen de eerste bytes; zie ``lees_word``."""
    return data[:4] == ZIP_KOP


def is_ole(data: bytes) -> bool:
    return data[:8] == OLE_KOP


def ole_melding() -> str:
    return (
        "Het bestand is een oud Word-bestand (.doc) of een met een wachtwoord beveiligd "
        "Office-bestand; dat kan niet worden gelezen. Sla de bijlage in Word op als "
        "'Word-document (.docx)' zonder wachtwoord, of als PDF, en probeer het opnieuw."
    )


def lees_word(data: bytes) -> Bijlage:
    """Zet de bytes van een Word-bijlage (.docx) om in een ``Bijlage`` of geef een ``BijlageFout``."""
    if not data:
        raise BijlageFout("Het bestand is leeg.")
    if is_ole(data):
        raise BijlageFout(ole_melding())
    if not is_word(data):
        raise BijlageFout("Het bestand is geen Word-bestand (.docx): het is geen zip-bestand.")
    pakket = _Pakket(data)
    document = pakket.hoofddocument()
    nummering = pakket.deel_bij(document.naam, _NUMMERING)
    # Alleen nodig als de nummering er is: een lijststijl zet haar nummer in de stijl, niet in de alinea.
    stijlen = pakket.deel_bij(document.naam, _STIJLEN) if nummering else None
    lijsten = _Nummering(
        pakket.xml(nummering) if nummering else None, pakket.xml(stijlen) if stijlen else None
    )
    voettekst = [
        alinea_tekst(p, _Nummering(None))
        for deel in pakket.delen_bij(document.naam, _KOP_EN_VOET)
        for p in pakket.xml(deel).iter(w("p"))
    ]
    try:
        return leesbaar(_ontleed(document.boom, lijsten, voettekst))
    except (BijlageFout, MemoryError):
        raise
    except Exception as fout:
        # Het zip en de XML zijn hier al gelezen en in orde: wat nu misgaat is deze parser die een
        # opmaak niet aankan, geen beschadigd bestand.
        raise BijlageFout(
            "De tabel in het Word-bestand kon niet worden gelezen: het inleesprogramma liep vast op de "
            f"opmaak ({type(fout).__name__}). Dat ligt niet aan het bestand; geef het door aan de beheerder."
        ) from fout


def vertaal_word_fout(fout: BaseException) -> BijlageFout:
    """Een onverwachte uitzondering bij het lezen van een .docx als Nederlandse ``BijlageFout``."""
    return BijlageFout(
        "Het Word-bestand is beschadigd en kan niet worden gelezen "
        f"({type(fout).__name__}). Sla de bijlage opnieuw op als Word-document (.docx) of als PDF "
        "en probeer het opnieuw."
    )


# ---------------------------------------------------------------- het zip-pakket


@dataclass
class _Deel:
    naam: str
    boom: etree._Element


class _Pakket:
    """Het zip met zijn inhoudsopgave gecontroleerd; onderdelen worden pas gelezen als erom wordt gevraagd."""

    def __init__(self, data: bytes):
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except zipfile.BadZipFile:
            raise BijlageFout(
                "Het Word-bestand is onvolledig of beschadigd: de inhoudsopgave van het zip-bestand "
                "ontbreekt of klopt niet. Waarschijnlijk is het uploaden of downloaden afgebroken; "
                "sla de bijlage opnieuw op en probeer het nog eens."
            ) from None
        except (zipfile.LargeZipFile, NotImplementedError, ValueError, EOFError, OSError) as fout:
            raise vertaal_word_fout(fout) from None
        self.onderdelen = self._controleer_inhoudsopgave()
        self._controleer_inhoudstypen()

    def _controleer_inhoudsopgave(self) -> dict[str, zipfile.ZipInfo]:
        lijst = self.zip.infolist()
        if len(lijst) > MAX_ONDERDELEN:
            raise BijlageFout(
                f"Het Word-bestand bestaat uit {len(lijst)} onderdelen; een bijlage heeft er hoogstens "
                f"{MAX_ONDERDELEN}. Het bestand is niet als Word-document te verwerken."
            )
        onderdelen: dict[str, zipfile.ZipInfo] = {}
        kleine_letters: set[str] = set()
        totaal = 0
        for info in lijst:
            naam = info.filename
            if naam.lower() in kleine_letters:
                # Twee onderdelen met dezelfde naam: welk ervan een lezer neemt verschilt per programma.
                raise BijlageFout(
                    f"Het Word-bestand bevat het onderdeel '{naam}' twee keer en is daarom geweigerd."
                )
            if info.flag_bits & 0x1:
                raise BijlageFout(
                    "Het Word-bestand is (deels) versleuteld en kan niet worden gelezen. Sla de bijlage "
                    "zonder wachtwoord op en probeer het opnieuw."
                )
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise BijlageFout(
                    f"Het Word-bestand gebruikt voor '{naam}' een inpakmethode die Word niet gebruikt; "
                    "het is daarom geweigerd."
                )
            totaal += info.file_size
            if totaal > MAX_UITGEPAKT:
                raise _bom(f"samen meer dan {MAX_UITGEPAKT // 1_048_576} MB")
            verhouding = info.file_size / max(1, info.compress_size)
            if info.file_size > VERHOUDING_VANAF and verhouding > MAX_VERHOUDING:
                raise _bom(f"'{naam}' wordt {verhouding:.0f} keer zo groot als ingepakt")
            onderdelen[naam] = info
            kleine_letters.add(naam.lower())
        return onderdelen

    def _controleer_inhoudstypen(self) -> None:
        """Weiger macro's (aan de naam van het VBA-onderdeel of aan een 'macroEnabled' inhoudstype) en
        onthoud per onderdeel zijn inhoudstype, om het hoofddocument als Word-document te herkennen."""
        for naam in self.onderdelen:
            if naam.lower().rsplit("/", 1)[-1] in ("vbaproject.bin", "vbadata.xml"):
                raise _macro()
        typen = self.xml("[Content_Types].xml", verplicht=False)
        if typen is None:
            raise self._geen_word()
        self.typen: dict[str, str] = {}
        self.standaardtypen: dict[str, str] = {}
        for el in typen:
            soort = (el.get("ContentType") or "").strip()
            if "macroenabled" in soort.lower() or "vbaproject" in soort.lower():
                raise _macro()
            if el.tag == f"{{{_CT}}}Override":
                self.typen[(el.get("PartName") or "").lstrip("/")] = soort
            elif el.tag == f"{{{_CT}}}Default":
                self.standaardtypen[(el.get("Extension") or "").lower()] = soort

    def type_van(self, naam: str) -> str:
        if naam in self.typen:
            return self.typen[naam]
        return self.standaardtypen.get(naam.rsplit(".", 1)[-1].lower(), "")

    def _geen_word(self) -> BijlageFout:
        namen = set(self.onderdelen)
        if "mimetype" in namen and "content.xml" in namen:
            soort = "een OpenDocument-bestand (LibreOffice, .odt)"
        elif any(n.startswith("xl/") for n in namen):
            soort = "een Excel-bestand"
        elif any(n.startswith("ppt/") for n in namen):
            soort = "een PowerPoint-bestand"
        else:
            soort = "een zip-bestand"
        return BijlageFout(
            f"Het bestand is {soort}, geen Word-document (.docx). Sla de bijlage op als "
            "'Word-document (.docx)' of als PDF en probeer het opnieuw."
        )

    def lees(self, naam: str, maximum: int) -> bytes:
        info = self.onderdelen[naam]
        if info.file_size > maximum:
            raise _bom(f"'{naam}' is uitgepakt {info.file_size // 1_048_576} MB")
        try:
            with self.zip.open(info) as bestand:
                # zipfile stopt zelf bij de opgegeven grootte (en meldt een CRC-fout als er meer
                # zou komen), dus meer dan de inhoudsopgave belooft komt er niet uit.
                return bestand.read(maximum + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError) as fout:
            # Een CRC die niet klopt, gegevens die niet uit te pakken zijn, een onderdeel dat te vroeg stopt.
            raise BijlageFout(
                f"Het Word-bestand is beschadigd: het onderdeel '{naam}' is niet te lezen ({fout}). "
                "Sla de bijlage opnieuw op en probeer het nog eens."
            ) from None
        except (OSError, ValueError, RuntimeError) as fout:
            raise vertaal_word_fout(fout) from None

    def xml(self, naam: str, verplicht: bool = True) -> etree._Element | None:
        if naam not in self.onderdelen:
            if verplicht:
                raise BijlageFout(f"Het Word-bestand is onvolledig: het onderdeel '{naam}' ontbreekt.")
            return None
        return lees_xml(self.lees(naam, MAX_XML), naam)

    def _relaties(self, van: str | None) -> list[tuple[str, str]]:
        """(type, doel) van de relaties van een onderdeel (None: van het pakket zelf)."""
        if van is None:
            naam, basis = "_rels/.rels", ""
        else:
            basis = dirname(van)
            naam = join(basis, "_rels", van.rsplit("/", 1)[-1] + ".rels")
        boom = self.xml(naam, verplicht=False)
        if boom is None:
            return []
        relaties = []
        for el in boom.iter(f"{{{_REL}}}Relationship"):
            if el.get("TargetMode") == "External":
                continue  # een bijlage leest nooit iets van buiten het bestand
            doel = el.get("Target") or ""
            doel = doel.lstrip("/") if doel.startswith("/") else normpath(join(basis, doel))
            relaties.append((el.get("Type") or "", doel))
        return relaties

    def hoofddocument(self) -> _Deel:
        doelen = [doel for soort, doel in self._relaties(None) if soort.endswith(_HOOFDDOCUMENT)]
        doel = next((d for d in doelen if d in self.onderdelen), None)
        if doel is None:
            raise self._geen_word()
        if self.type_van(doel) not in _WORD_TYPES:
            raise self._geen_word()
        boom = self.xml(doel)
        if boom.tag == f"{{{_STRIKT}}}document":
            raise BijlageFout(
                "Het Word-bestand is opgeslagen als 'Strict Open XML-document'; dat kan niet worden "
                "gelezen. Sla de bijlage op als gewoon 'Word-document (.docx)' of als PDF."
            )
        if boom.tag != w("document") or boom.find(w("body")) is None:
            raise self._geen_word()
        return _Deel(doel, boom)

    def deel_bij(self, document: str, soort: str) -> str | None:
        """Het onderdeel van deze soort (nummering, stijlen) waar het document naar verwijst."""
        return next(iter(self.delen_bij(document, (soort,))), None)

    def delen_bij(self, document: str, soorten: tuple[str, ...]) -> list[str]:
        """De onderdelen van deze soorten (kop- en voetteksten) waar het document naar verwijst."""
        delen = (d for t, d in self._relaties(document) if t.endswith(soorten) and d in self.onderdelen)
        return list(dict.fromkeys(delen))


def lees_xml(data: bytes, naam: str) -> etree._Element:
    """Een XML-onderdeel, veilig gelezen; een DOCTYPE wordt geweigerd."""
    if _heeft_doctype(data):
        raise BijlageFout(
            f"Het Word-bestand is geweigerd: het onderdeel '{naam}' bevat een DOCTYPE-declaratie. "
            "Word maakt die nooit; zo'n declaratie kan worden misbruikt om gegevens op te halen of "
            "het inlezen te laten vastlopen. Sla de bijlage opnieuw op vanuit Word."
        )
    try:
        boom = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as fout:
        raise BijlageFout(
            f"Het Word-bestand is beschadigd: het onderdeel '{naam}' is geen geldige XML ({fout.msg}). "
            "Sla de bijlage opnieuw op en probeer het nog eens."
        ) from None
    if boom.getroottree().docinfo.doctype:  # dubbele controle, voor een codering die de tekstzoektocht mist
        raise BijlageFout(
            f"Het Word-bestand is geweigerd: het onderdeel '{naam}' bevat een DOCTYPE-declaratie."
        )
    return boom


def _heeft_doctype(data: bytes) -> bool:
    kop = data[:4]
    if kop[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in kop:
        for codering in ("utf-16", "utf-16-le", "utf-16-be", "utf-32"):
            try:
                tekst = data.decode(codering)
            except UnicodeDecodeError:
                continue
            if "<!doctype" in tekst.lower() or "<!entity" in tekst.lower():
                return True
        return False
    laag = data.lower()
    return b"<!doctype" in laag or b"<!entity" in laag


def _bom(waarom: str) -> BijlageFout:
    return BijlageFout(
        f"Het Word-bestand is geweigerd: uitgepakt zou het te groot worden ({waarom}). Mogelijk is het "
        "een 'zip-bom': een klein bestand dat uitgepakt enorm groot wordt. Een gewone bijlage komt "
        "nooit in de buurt van deze grens."
    )


def _macro() -> BijlageFout:
    return BijlageFout(
        "Het Word-bestand bevat macro's (een .docm of een document met VBA-code) en is daarom "
        "geweigerd. Sla de bijlage op als 'Word-document (.docx)' zonder macro's, of als PDF."
    )


# ---------------------------------------------------------------- automatische nummering

_ROMEINS = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"), (50, "l"), (40, "xl")]
_ROMEINS += [(10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
# Opsommingstekens uit het Symbol- en Wingdings-lettertype staan in het privégebied van Unicode.
_SYMBOOL = {"\uf0b7": "•", "\uf0a7": "▪", "\uf0fc": "✓", "\uf0d8": "➢", "\uf076": "❖", "\uf06f": "o"}


def _romeins(n: int) -> str:
    uit = ""
    for waarde, teken in _ROMEINS:
        while n >= waarde:
            uit, n = uit + teken, n - waarde
    return uit


def _letters(n: int) -> str:
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


class _Nummering:
    """Wat Word vóór een genummerde of opgesomde alinea zet ("3.", "•"), want dat staat niet in de tekst.

    Een actienummer kan zo'n automatisch nummer zijn. Ondersteund: de gangbare notaties (decimaal,
    letters, Romeins, opsommingstekens), beginwaarden, het doortellen per lijst en nummering via een
    alineastijl (zoals 'List Number'); niet: lijsten die via een nummeringsstijl (numStyleLink) naar
    elkaar verwijzen, en de zeldzame notaties (die worden decimaal)."""

    def __init__(self, boom: etree._Element | None, stijlen: etree._Element | None = None):
        self.niveaus: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.tellers: dict[str, dict[int, int]] = {}
        self.stijlen = _stijlnummering(stijlen) if stijlen is not None else {}
        if boom is None:
            return
        abstract: dict[str, dict[int, tuple[str, str, int]]] = {}
        for a in boom.iter(w("abstractNum")):
            niveaus = {}
            for lvl in a.iter(w("lvl")):
                niveaus[_int(lvl.get(w("ilvl")), 0)] = (
                    _val(lvl.find(w("numFmt"))) or "decimal",
                    _val(lvl.find(w("lvlText"))) or "",
                    _int(_val(lvl.find(w("start"))), 1),
                )
            abstract[_val(a, "abstractNumId")] = niveaus
        for num in boom.iter(w("num")):
            nid = num.get(w("numId"))
            basis = dict(abstract.get(_val(num.find(w("abstractNumId"))), {}))
            for o in num.iter(w("lvlOverride")):
                ilvl = _int(o.get(w("ilvl")), 0)
                start = o.find(w("startOverride"))
                if ilvl in basis and start is not None:
                    fmt, tekst, _ = basis[ilvl]
                    basis[ilvl] = (fmt, tekst, _int(_val(start), 1))
            for ilvl, niveau in basis.items():
                self.niveaus[(nid, ilvl)] = niveau

    def label(self, alinea: etree._Element) -> str:
        if not self.niveaus:
            return ""
        numpr = alinea.find(f"{w('pPr')}/{w('numPr')}")
        nid, ilvl = self.stijlen.get(_val(alinea.find(f"{w('pPr')}/{w('pStyle')}")) or "", (None, 0))
        if numpr is not None:
            nid = _val(numpr.find(w("numId"))) or nid
            ilvl = _int(_val(numpr.find(w("ilvl"))), ilvl)
        if not nid or nid == "0" or (nid, ilvl) not in self.niveaus:
            return ""
        fmt, tekst, _ = self.niveaus[(nid, ilvl)]
        tellers = self.tellers.setdefault(nid, {})
        tellers[ilvl] = tellers.get(ilvl, self.niveaus[(nid, ilvl)][2] - 1) + 1
        for dieper in [n for n in tellers if n > ilvl]:
            del tellers[dieper]
        if fmt == "bullet":
            return _SYMBOOL.get(tekst, tekst)
        if fmt == "none":
            return ""

        def vervang(m: re.Match) -> str:
            niveau = int(m.group(1)) - 1
            n = tellers.get(niveau, self.niveaus.get((nid, niveau), ("", "", 1))[2])
            soort = self.niveaus.get((nid, niveau), (fmt,))[0]
            if soort == "lowerLetter":
                return _letters(n)
            if soort == "upperLetter":
                return _letters(n).upper()
            if soort == "lowerRoman":
                return _romeins(n)
            if soort == "upperRoman":
                return _romeins(n).upper()
            return str(n)

        return re.sub(r"%(\d)", vervang, tekst)


def _stijlnummering(stijlen: etree._Element) -> dict[str, tuple[str | None, int]]:
    """Per alineastijl de nummering (numId, niveau) die zij zelf of een stijl waar zij op voortbouwt zet."""
    eigen: dict[str, tuple[str | None, int | None]] = {}
    basis: dict[str, str] = {}
    for stijl in stijlen.iter(w("style")):
        naam = stijl.get(w("styleId")) or ""
        numpr = stijl.find(f"{w('pPr')}/{w('numPr')}")
        if numpr is not None:
            ilvl = _val(numpr.find(w("ilvl")))
            eigen[naam] = (_val(numpr.find(w("numId"))), _int(ilvl, 0) if ilvl is not None else None)
        if (op := _val(stijl.find(w("basedOn")))) is not None:
            basis[naam] = op
    uit = {}
    for naam in {*eigen, *basis}:
        nid, ilvl, stap, gezien = None, None, naam, set()
        while stap and stap not in gezien and (nid is None or ilvl is None):
            gezien.add(stap)  # basedOn kan in een kapot bestand in een kring lopen
            eigen_nid, eigen_ilvl = eigen.get(stap, (None, None))
            nid = nid if nid is not None else eigen_nid
            ilvl = ilvl if ilvl is not None else eigen_ilvl
            stap = basis.get(stap)
        if nid is not None:
            uit[naam] = (nid, ilvl or 0)
    return uit


def _val(el: etree._Element | None, attribuut: str = "val") -> str | None:
    return None if el is None else el.get(w(attribuut))


def _int(tekst: str | None, standaard: int) -> int:
    try:
        return int(tekst) if tekst is not None else standaard
    except ValueError:
        return standaard


# ---------------------------------------------------------------- tekst uit de XML

# Onderdelen waarvan de tekst niet (zo) in het document staat: verwijderde tekst bij 'wijzigingen
# bijhouden', de reservekopie van mc:AlternateContent (anders staat alles er twee keer), tekstvakken.
_OVERSLAAN = {w("del"), w("moveFrom"), f"{{{MC}}}Fallback", w("txbxContent"), w("pPr"), w("rPr"), w("tblPr")}


def _tekst(el: etree._Element, uit: list[str]) -> None:
    for kind in el:
        tag = kind.tag
        if not isinstance(tag, str) or tag in _OVERSLAAN:
            continue
        if tag == w("r") and _verborgen(kind):
            continue
        if tag == w("t"):
            uit.append(kind.text or "")
        elif tag in (w("tab"), w("ptab")):
            uit.append(" ")
        elif tag in (w("br"), w("cr")):
            uit.append(" " if kind.get(w("type")) in ("page", "column") else "\n")
        elif tag == w("noBreakHyphen"):
            uit.append("-")
        elif tag == w("sym"):
            teken = _SYMBOOL.get(chr(_int_hex(kind.get(w("char")))), "")
            uit.append(teken)
        elif tag in (w("tbl"), w("p")):
            uit.append("\n")
            _tekst(kind, uit)
            uit.append("\n")
        else:
            _tekst(kind, uit)


def _verborgen(run: etree._Element) -> bool:
    """Verborgen tekst (w:vanish) staat niet in de afgedrukte bijlage en dus ook niet in de PDF."""
    verborgen = run.find(f"{w('rPr')}/{w('vanish')}")
    return verborgen is not None and _val(verborgen) not in ("0", "false", "off")


def _int_hex(tekst: str | None) -> int:
    try:
        return int(tekst or "0", 16)
    except ValueError:
        return 0


def alinea_tekst(alinea: etree._Element, nummering: _Nummering) -> str:
    delen: list[str] = []
    label = nummering.label(alinea)
    if label:
        delen.append(label + " ")
    _tekst(alinea, delen)
    return "".join(delen)


def _blokken(el: etree._Element, tag: str):
    """De kinderen met ``tag``, ook als ze in inhoudsbesturingselementen (w:sdt) of
    gemarkeerde XML (w:customXml) zitten: voor de lezer van het document staan ze gewoon in de rij."""
    for kind in el:
        if kind.tag == tag:
            yield kind
        elif kind.tag in (w("sdt"), w("customXml")):
            inhoud = kind.find(w("sdtContent")) if kind.tag == w("sdt") else kind
            if inhoud is not None:
                yield from _blokken(inhoud, tag)
        elif kind.tag in (w("ins"), w("moveTo")):
            yield from _blokken(kind, tag)


# ---------------------------------------------------------------- de tabel


@dataclass
class _Cel:
    kolom: int  # eerste rasterkolom
    breedte: int  # aantal rasterkolommen (gridSpan)
    tekst: str
    doorlopend: bool  # vMerge zonder 'restart': hoort bij de cel erboven


def _lees_rij(tr: etree._Element, nummering: _Nummering) -> list[_Cel]:
    """De cellen van een rij met hun plaats in het raster van de tabel."""
    trpr = tr.find(w("trPr"))
    # Een rij kan later in het raster beginnen (gridBefore): haar cellen schuiven op.
    kolom = _int(_val(trpr.find(w("gridBefore"))), 0) if trpr is not None else 0
    cellen = []
    for tc in _blokken(tr, w("tc")):
        tcpr = tc.find(w("tcPr"))
        breedte = max(1, _int(_val(tcpr.find(w("gridSpan"))) if tcpr is not None else None, 1))
        vmerge = tcpr.find(w("vMerge")) if tcpr is not None else None
        doorlopend = vmerge is not None and _val(vmerge) != "restart"
        hmerge = tcpr.find(w("hMerge")) if tcpr is not None else None
        if hmerge is not None and _val(hmerge) != "restart" and cellen:
            # Oude Word-notatie voor een horizontaal samengevoegde cel: verleng de vorige.
            cellen[-1].breedte += breedte
            kolom += breedte
            continue
        cellen.append(_Cel(kolom, breedte, _celtekst(tc, nummering), doorlopend))
        kolom += breedte
    return cellen


def _celtekst(tc: etree._Element, nummering: _Nummering) -> str:
    """De tekst van een cel: elke alinea een regel; een tabel in de cel telt mee als tekst."""
    regels = []
    for kind in _body_blokken(tc):
        if kind.tag == w("p"):
            regels.append(alinea_tekst(kind, nummering))
        else:
            delen: list[str] = []
            _tekst(kind, delen)
            regels.append("".join(delen))
    return normaliseer("\n".join(regels))


@dataclass
class _Kop:
    """De kopregel: per kolom van de kop waar die in het raster begint en eindigt, en wat erin staat."""

    kolommen: list[tuple[int, int]]  # (eerste rasterkolom, eerste rasterkolom erna)
    soorten: list[str]
    teksten: list[str]

    def kolom(self, soort: str) -> int:
        return self.soorten.index(soort)

    def kolom_van(self, cel: _Cel) -> int | None:
        """De kolom van de kop waarin ``cel`` begint (een cel kan in een brede kopcel vallen)."""
        return next((i for i, (van, tot) in enumerate(self.kolommen) if van <= cel.kolom < tot), None)

    def bedekt(self, cel: _Cel) -> int:
        """Over hoeveel kolommen van de kop ``cel`` loopt."""
        return sum(1 for van, _ in self.kolommen if cel.kolom <= van < cel.kolom + cel.breedte)


def _herken_kop(rij: list[_Cel]) -> _Kop | None:
    cellen = [c for c in rij if not c.doorlopend]
    if len(cellen) < 3:
        return None
    teksten = [c.tekst.replace("\n", " ") for c in cellen]
    soorten = kolomsoorten(teksten)
    if soorten is None and teksten[0] == "":
        # Een lege kop boven de eerste kolom: die met de nummers ("| Omschrijving | Stand van zaken").
        soorten = kolomsoorten(["Nr.", *teksten[1:]])
    if soorten is None:
        return None
    kolommen = [(c.kolom, c.kolom + c.breedte) for c in cellen]
    return _Kop(kolommen, soorten, teksten)


@dataclass
class _Actie:
    nummer: int
    teksten: dict[int, list[str]] = field(default_factory=dict)
    gedeeld: dict[int, _Actie] = field(default_factory=dict)


@dataclass
class _Thema:
    naam: str


def _ontleed(document: etree._Element, nummering: _Nummering, voettekst: list[str]) -> Bijlage:
    body = document.find(w("body"))
    alineas_boven: list[str] = []
    tabellen: list[tuple[etree._Element, _Kop, int]] = []
    kop: _Kop | None = None
    waarschuwingen: list[str] = []
    for blok in _body_blokken(body):
        if blok.tag == w("p"):
            if not tabellen:
                alineas_boven.append(alinea_tekst(blok, nummering))
                continue
            # Without the numbering, which counts only what is read, in document order.
            delen: list[str] = []
            _tekst(blok, delen)
            if is_kop_zonder_actie("".join(delen)):
                # Our own annex's second table: motions and commitments no action carries out, not
                # actions.
                waarschuwingen.append(
                    f"de tabel '{''.join(delen).strip()}' is overgeslagen: daarin staan moties en "
                    "toezeggingen die geen actie uitvoert, geen acties"
                )
                break
            continue
        gevonden = _zoek_kop(blok)
        if gevonden is None:
            if not tabellen:
                # Een tabel boven de bijlagetabel (een briefhoofd): haar tekst staat boven de tabel.
                delen: list[str] = []
                _tekst(blok, delen)
                alineas_boven += "".join(delen).split("\n")
            continue
        tabelkop, koprij, erboven = gevonden
        if kop is not None and tabelkop.soorten != kop.soorten:
            continue  # een andere tabel verderop in het document, met andere kolommen
        if kop is None:
            kop = tabelkop
            alineas_boven += erboven  # een titel in de tabel zelf, boven de kopregel
        tabellen.append((blok, tabelkop, koprij))

    if not tabellen:
        raise BijlageFout(
            "Geen tabel met acties gevonden: het Word-document heeft geen tabel met een kopregel met "
            "kolommen als 'Actie', 'Omschrijving' en 'Stand van zaken'."
        )

    rijen: list[_Actie | _Thema] = []
    for tbl, tabelkop, koprij in tabellen:
        _lees_tabel(tbl, tabelkop, koprij, nummering, rijen, waarschuwingen)
    if not any(isinstance(r, _Actie) for r in rijen):
        raise BijlageFout(
            "Geen tabel met acties gevonden: onder de kopregel '"
            + " | ".join(kop.teksten)
            + "' staan geen genummerde acties."
        )
    acties, themas = _maak_acties(rijen, kop, waarschuwingen)
    boven = lees_kop(alineas_boven, voettekst)
    return Bijlage(
        acties=acties,
        themas=themas,
        titel=boven.titel,
        bron=boven.bron,
        peildatum=boven.peildatum,
        inleiding=boven.inleiding,
        briefdatum=boven.briefdatum,
        kamerstuk=boven.kamerstuk,
        waarschuwingen=waarschuwingen,
    )


def _body_blokken(body: etree._Element):
    for kind in body:
        if kind.tag in (w("p"), w("tbl")):
            yield kind
        elif kind.tag in (w("sdt"), w("customXml"), w("ins"), w("moveTo")):
            inhoud = kind.find(w("sdtContent")) if kind.tag == w("sdt") else kind
            if inhoud is not None:
                yield from _body_blokken(inhoud)


def _zoek_kop(tbl: etree._Element) -> tuple[_Kop, int, list[str]] | None:
    """De kopregel, haar plaats en de tekst van de rijen erboven.

    De kop staat bovenaan, soms onder een titelrij in de tabel zelf: kijk naar de eerste rijen.
    Zonder nummering: die telt pas mee als de tabel echt wordt gelezen."""
    erboven: list[str] = []
    for i, tr in enumerate(_blokken(tbl, w("tr"))):
        if i >= 5:
            return None
        rij = _lees_rij(tr, _Nummering(None))
        kop = _herken_kop(rij)
        if kop is not None:
            return kop, i, erboven
        erboven += [c.tekst for c in rij if c.tekst and not c.doorlopend]
    return None


def _lees_tabel(
    tbl: etree._Element,
    kop: _Kop,
    koprij: int,
    nummering: _Nummering,
    rijen: list[_Actie | _Thema],
    waarschuwingen: list[str],
) -> None:
    nummerkolom = kop.kolom(NUMMER)
    # Per kolom van de kop: de actie van wie de cel in de rij erboven is; een vMerge-cel hoort bij haar.
    erboven: dict[int, _Actie] = {}
    for i, tr in enumerate(_blokken(tbl, w("tr"))):
        rij = _lees_rij(tr, nummering)  # ook de kop: de nummering telt in documentvolgorde
        if i <= koprij:
            continue
        herhaald = _herken_kop(rij)
        if herhaald is not None and [t.lower() for t in herhaald.teksten] == [t.lower() for t in kop.teksten]:
            continue  # de kopregel nog eens (na een pagina-einde met de hand herhaald, of geplakt)
        per_kolom: dict[int, list[_Cel]] = {}
        for cel in rij:
            k = kop.kolom_van(cel)
            if k is not None:
                per_kolom.setdefault(k, []).append(cel)
        eigen = [c for c in rij if c.tekst and not c.doorlopend and kop.kolom_van(c) is not None]
        if not eigen and not any(c.doorlopend for c in rij):
            continue
        nummercellen = [c for c in per_kolom.get(nummerkolom, []) if not c.doorlopend]
        nummer = NUMMER_RE.match(nummercellen[0].tekst) if nummercellen else None
        if not nummer and _is_themarij(eigen, kop, nummerkolom):
            rijen.append(_Thema(eigen[0].tekst.replace("\n", " ")))
            erboven = {}
            continue
        huidige = rijen[-1] if rijen and isinstance(rijen[-1], _Actie) else None
        if nummer:
            actie = _Actie(int(nummer.group(1)))
            rijen.append(actie)
        elif huidige is not None:
            # Geen eigen nummer: het vervolg van de actie erboven (een rij die Word als twee rijen heeft).
            actie = huidige
            if nummercellen and eigen:
                waarschuwingen.append(
                    f"rij zonder actienummer bij actie {actie.nummer} gevoegd: '{_kort(eigen)}'"
                )
        else:
            if eigen:
                waarschuwingen.append(f"tekst zonder actienummer overgeslagen: '{_kort(eigen)}'")
            continue
        for k in range(len(kop.kolommen)):
            cellen = per_kolom.get(k, [])
            eigen_cellen = [c for c in cellen if not c.doorlopend]
            if eigen_cellen:
                teksten = [c.tekst for c in eigen_cellen if c.tekst]
                if teksten and k != nummerkolom:
                    actie.teksten.setdefault(k, []).append("\n".join(teksten))
                erboven[k] = actie
            elif cellen:
                eigenaar = erboven.get(k)
                if eigenaar is not None and eigenaar is not actie:
                    actie.gedeeld.setdefault(k, eigenaar)


def _is_themarij(eigen: list[_Cel], kop: _Kop, nummerkolom: int) -> bool:
    """Eén cel met tekst die over (bijna) de hele breedte loopt, of alleen tekst in de nummerkolom,
    of (in een tabel zonder samengevoegde cellen) één korte tekst in hoofdletters."""
    if len(eigen) != 1:
        return False
    cel, aantal = eigen[0], len(kop.kolommen)
    if kop.bedekt(cel) >= max(2, aantal - 1):
        return True
    if kop.kolom_van(cel) == nummerkolom:
        return True
    tekst = cel.tekst
    return (
        "\n" not in tekst and len(tekst) <= 120 and tekst.upper() == tekst and any(t.isalpha() for t in tekst)
    )


def _kort(cellen: list[_Cel]) -> str:
    tekst = " | ".join(c.tekst for c in cellen).replace("\n", " ")
    return tekst if len(tekst) <= 80 else tekst[:77] + "..."


def _maak_acties(
    rijen: list[_Actie | _Thema], kop: _Kop, waarschuwingen: list[str]
) -> tuple[list[ActieRij], list[ThemaRij]]:
    kolom = {
        soort: k
        for k, soort in enumerate(kop.soorten)
        if soort in (OMSCHRIJVING, STAND, MINISTERIE, STATUS, HERKOMST)
    }
    opbouw = Opbouw(waarschuwingen)
    for rij in rijen:
        if isinstance(rij, _Thema):
            opbouw.thema(rij.naam)
            continue
        opbouw.nummer(rij.nummer)
        tekst = {
            soort: normaliseer("\n".join(rij.gedeeld.get(k, rij).teksten.get(k, [])))
            for soort, k in kolom.items()
        }
        gedeeld = rij.gedeeld.get(kolom[STAND])
        opbouw.actie(rij.nummer, tekst, gedeeld.nummer if gedeeld is not None else None)
    return opbouw.acties, opbouw.themas
