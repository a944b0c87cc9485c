"""A PDF's pages as words and lines with their positions and the table's ruling lines, read with
pdfplumber; and pdfminer's errors as Dutch messages. No Django here; ``importeer.bijlage`` finds the table
in these pages.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cached_property

import pdfplumber
from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
from pdfplumber.utils.exceptions import PdfminerException

from .formaat import BijlageFout


@dataclass
class Woord:
    tekst: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def hoogte(self) -> float:
        return self.bottom - self.top


@dataclass
class Regel:
    woorden: list[Woord]
    pagina: int

    @property
    def tekst(self) -> str:
        return " ".join(w.tekst for w in self.woorden)

    @property
    def x0(self) -> float:
        return self.woorden[0].x0

    @property
    def x1(self) -> float:
        return self.woorden[-1].x1

    # Asked of every line many times over (sorting, row boundaries, paragraph breaks); a line's words are
    # fixed once _regels has built it, and nothing asks before that.
    @cached_property
    def top(self) -> float:
        return min(w.top for w in self.woorden)

    @cached_property
    def bottom(self) -> float:
        return max(w.bottom for w in self.woorden)


@dataclass
class Pagina:
    nummer: int
    regels: list[Regel]
    vlijnen: list[tuple[float, float, float]]  # x, top, bottom
    hlijnen: list[tuple[float, float, float]]  # x0, x1, y
    afbeeldingen: int


def controleer_bytes(data: bytes) -> None:
    if not data:
        raise BijlageFout("Het bestand is leeg.")
    if not heeft_pdf_kop(data):
        raise BijlageFout("Het bestand is geen PDF: het begint niet met '%PDF-'.")
    # Een PDF eindigt met %%EOF; ontbreekt dat, dan is het bestand afgekapt en
    # zou pdfminer stilletjes maar een deel van de pagina's teruggeven.
    if b"%%EOF" not in data[-2048:]:
        raise BijlageFout(
            "Het PDF-bestand is onvolledig (het einde ontbreekt); "
            "waarschijnlijk is het uploaden of downloaden afgebroken."
        )


def heeft_pdf_kop(data: bytes) -> bool:
    # De PDF-standaard staat rommel vóór de kop toe, zolang die in de eerste 1024 bytes staat.
    return b"%PDF-" in data[:1024]


def _oorzaak(fout: BaseException) -> BaseException:
    """pdfplumber verpakt fouten van pdfminer in PdfminerException; haal ze eruit."""
    if isinstance(fout, PdfminerException) and fout.args and isinstance(fout.args[0], BaseException):
        return fout.args[0]
    return fout


def vertaal_pdf_fout(fout: BaseException) -> BijlageFout:
    """Een uitzondering van pdfminer/pdfplumber als Nederlandse ``BijlageFout``."""
    fout = _oorzaak(fout)
    if isinstance(fout, (PDFPasswordIncorrect, PDFEncryptionError)):
        return BijlageFout(
            "De PDF is beveiligd met een wachtwoord of versleuteld en kan daarom niet worden "
            "gelezen. Sla de bijlage onbeveiligd op en probeer het opnieuw."
        )
    return BijlageFout(
        "Het PDF-bestand is beschadigd en kan niet worden gelezen "
        f"({type(fout).__name__}). Sla de bijlage opnieuw op als PDF en probeer het opnieuw."
    )


def lees_paginas(data: bytes) -> list[Pagina]:
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            if not pdf.pages:
                raise BijlageFout("De PDF bevat geen pagina's.")
            paginas = []
            for nummer, page in enumerate(pdf.pages, 1):
                try:
                    paginas.append(_lees_pagina(nummer, page))
                finally:
                    page.close()
            return paginas
    except (BijlageFout, MemoryError):
        raise
    except Exception as fout:  # pdfminer kent geen gemeenschappelijke basisklasse
        if isinstance(_oorzaak(fout), MemoryError):
            raise _oorzaak(fout) from None
        raise vertaal_pdf_fout(fout) from fout


def _lees_pagina(nummer: int, page) -> Pagina:
    woorden = [
        Woord(w["text"], w["x0"], w["x1"], w["top"], w["bottom"])
        for w in page.extract_words(keep_blank_chars=False, use_text_flow=False)
        if w.get("upright", True) and w["text"].strip()
    ]
    # Alleen dunne lijnen en rechthoeken tellen als tabellijn: gevulde vlakken
    # (celarcering) zouden anders nep-randen opleveren.
    vlijnen, hlijnen = [], []
    for obj in [*page.lines, *page.rects]:
        breedte, hoogte = obj["x1"] - obj["x0"], obj["bottom"] - obj["top"]
        if breedte <= 2 and hoogte > 3:
            vlijnen.append(((obj["x0"] + obj["x1"]) / 2, obj["top"], obj["bottom"]))
        elif hoogte <= 2 and breedte > 3:
            hlijnen.append((obj["x0"], obj["x1"], (obj["top"] + obj["bottom"]) / 2))
    return Pagina(nummer, _regels(woorden, nummer), vlijnen, hlijnen, len(page.images))


def _regels(woorden: list[Woord], pagina: int) -> list[Regel]:
    """Groepeer woorden tot regels: een woord hoort bij een regel als zijn midden
    binnen de hoogte van het eerste woord van die regel valt."""
    regels: list[Regel] = []
    for w in sorted(woorden, key=lambda w: (w.top, w.x0)):
        if regels:
            eerste = regels[-1].woorden[0]
            if eerste.top <= (w.top + w.bottom) / 2 <= eerste.bottom:
                regels[-1].woorden.append(w)
                continue
        regels.append(Regel([w], pagina))
    for r in regels:
        r.woorden.sort(key=lambda w: w.x0)
    return regels
