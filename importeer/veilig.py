"""Lees een geüploade bijlage (PDF of Word) in een apart proces met geheugen- en tijdslimiet.

pdfminer pakt Flate-stromen zonder maximum uit en kan op kwaadaardige of kapotte
bestanden lang rekenen; een .docx is een zip vol XML. Daarom draait de parser hier in
een nieuw proces (multiprocessing 'spawn': geen fork van een webworker met open
verbindingen en threads) met ``RLIMIT_AS`` als geheugengrens en een klok als
tijdsgrens. Welke parser, dat bepalen de eerste bytes ('%PDF-' of de zip-kop), niet
de bestandsnaam. Elke mislukking komt terug als ``BijlageFout`` met een Nederlandse
melding.
"""

from __future__ import annotations

import multiprocessing
import resource

from .bijlage import lees_bijlage
from .docx import vertaal_word_fout
from .formaat import Bijlage, BijlageFout
from .pdf_paginas import heeft_pdf_kop, vertaal_pdf_fout
from .word import is_ole, is_word, lees_word, ole_melding

PDF, WORD = "pdf", "word"
_NAAM = {PDF: "de PDF", WORD: "het Word-bestand"}

MAX_BYTES = 20 * 1024 * 1024
# De bijlage van 21 pagina's heeft ~65 MB adresruimte nodig (Python en pdfplumber
# inbegrepen); 384 MB laat ruimte voor veel grotere bijlagen en stopt een zip-bom.
GEHEUGEN_MB = 384
SECONDEN = 20.0


def controleer(data: bytes, max_bytes: int = MAX_BYTES) -> str:
    """De goedkope controles vooraf (leeg, te groot, geen PDF of Word), zonder iets te lezen.
    Geeft de soort (``PDF`` of ``WORD``) of een ``BijlageFout``."""
    if not data:
        raise BijlageFout("Het bestand is leeg.")
    if len(data) > max_bytes:
        raise BijlageFout(
            f"Het bestand is te groot ({len(data) / 1_048_576:.1f} MB); "
            f"een bijlage mag hoogstens {max_bytes / 1_048_576:.0f} MB zijn."
        )
    if is_word(data):
        return WORD
    if is_ole(data):
        raise BijlageFout(ole_melding())
    if not heeft_pdf_kop(data):
        raise BijlageFout(
            "Het bestand is geen PDF-bestand en geen Word-bestand (.docx): het begint niet met "
            "'%PDF-' en is geen zip-bestand."
        )
    return PDF


def lees_bijlage_veilig(
    data: bytes,
    *,
    max_bytes: int = MAX_BYTES,
    geheugen_mb: int = GEHEUGEN_MB,
    seconden: float = SECONDEN,
) -> Bijlage:
    """``lees_bijlage`` of ``lees_word`` met grootte-, geheugen- en tijdslimiet; fouten: ``BijlageFout``."""
    soort = controleer(data, max_bytes)
    naam = _NAAM[soort]

    context = multiprocessing.get_context("spawn")
    ontvanger, zender = context.Pipe(duplex=False)
    proces = context.Process(target=_kind, args=(zender, data, geheugen_mb, soort))
    proces.start()
    zender.close()  # anders merkt de ontvanger niet dat het kind is gestorven
    try:
        if not ontvanger.poll(seconden):
            raise BijlageFout(
                f"Het inlezen van {naam} duurde langer dan {seconden:g} seconden en is "
                "afgebroken. Het bestand is te zwaar om te verwerken of zo gemaakt dat het "
                "uitpakken extreem veel werk kost."
            )
        try:
            uitkomst, inhoud = ontvanger.recv()
        except EOFError:
            proces.join(5)
            raise BijlageFout(
                f"Het inlezen van {naam} is onverwacht afgebroken "
                f"(afsluitcode {proces.exitcode}); vermoedelijk had het bestand meer dan "
                f"{geheugen_mb} MB geheugen nodig."
            ) from None
    finally:
        if proces.is_alive():
            proces.kill()
        proces.join(5)
        ontvanger.close()

    if uitkomst == "ok":
        return inhoud
    if uitkomst == "geheugen":
        raise BijlageFout(
            f"Het inlezen van {naam} had meer dan {geheugen_mb} MB geheugen nodig en is "
            "afgebroken. Mogelijk bevat het bestand een 'zip-bom': een klein bestand dat "
            "uitgepakt enorm groot wordt."
        )
    raise BijlageFout(inhoud)


def _kind(zender, data: bytes, geheugen_mb: int, soort: str = PDF) -> None:
    """Draait in het kindproces: grens zetten, inlezen, uitkomst terugsturen."""
    try:
        grens = geheugen_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (grens, grens))
        uitkomst = ("ok", lees_word(data) if soort == WORD else lees_bijlage(data))
    except BijlageFout as fout:
        uitkomst = ("fout", str(fout))
    except MemoryError:
        uitkomst = ("geheugen", "")
    except Exception as fout:  # alles wat pdfminer, zipfile of lxml verder kan opwerpen
        vertaal = vertaal_word_fout if soort == WORD else vertaal_pdf_fout
        uitkomst = ("fout", str(vertaal(fout)))
    try:
        zender.send(uitkomst)
    except MemoryError:
        zender.send(("geheugen", ""))
    finally:
        zender.close()
