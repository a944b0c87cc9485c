"""Het zip-pakket van een .docx, gecontroleerd voordat er één onderdeel uit wordt gelezen.

De inhoudsopgave (central directory) noemt per onderdeel de ingepakte en uitgepakte grootte, en die
bepalen of het bestand een zip-bom kan zijn. Macro's (vbaProject.bin, een 'macroEnabled' inhoudstype)
worden geweigerd, net als een DOCTYPE in een XML-onderdeel. Geen Django hier; ``importeer.word`` leest
de tabel uit wat dit pakket teruggeeft.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from dataclasses import dataclass
from posixpath import dirname, join, normpath

from lxml import etree

from .formaat import BijlageFout

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
NUMMERING = "/numbering"
STIJLEN = "/styles"
KOP_EN_VOET = ("/header", "/footer")
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


class Pakket:
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
