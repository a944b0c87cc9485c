"""Tekst uit de XML van een .docx: alinea's als regels, met de automatische nummering en opsommingstekens
die Word zelf tekent (numbering.xml, lijststijlen), zonder verwijderde, verborgen of vervangen tekst. Geen
Django hier.
"""

from __future__ import annotations

import re

from lxml import etree

from .docx import MC, w

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


class Nummering:
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
                niveaus[getal(lvl.get(w("ilvl")), 0)] = (
                    val(lvl.find(w("numFmt"))) or "decimal",
                    val(lvl.find(w("lvlText"))) or "",
                    getal(val(lvl.find(w("start"))), 1),
                )
            abstract[val(a, "abstractNumId")] = niveaus
        for num in boom.iter(w("num")):
            nid = num.get(w("numId"))
            basis = dict(abstract.get(val(num.find(w("abstractNumId"))), {}))
            for o in num.iter(w("lvlOverride")):
                ilvl = getal(o.get(w("ilvl")), 0)
                start = o.find(w("startOverride"))
                if ilvl in basis and start is not None:
                    fmt, tekst, _ = basis[ilvl]
                    basis[ilvl] = (fmt, tekst, getal(val(start), 1))
            for ilvl, niveau in basis.items():
                self.niveaus[(nid, ilvl)] = niveau

    def label(self, alinea: etree._Element) -> str:
        if not self.niveaus:
            return ""
        numpr = alinea.find(f"{w('pPr')}/{w('numPr')}")
        nid, ilvl = self.stijlen.get(val(alinea.find(f"{w('pPr')}/{w('pStyle')}")) or "", (None, 0))
        if numpr is not None:
            nid = val(numpr.find(w("numId"))) or nid
            ilvl = getal(val(numpr.find(w("ilvl"))), ilvl)
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
            ilvl = val(numpr.find(w("ilvl")))
            eigen[naam] = (val(numpr.find(w("numId"))), getal(ilvl, 0) if ilvl is not None else None)
        if (op := val(stijl.find(w("basedOn")))) is not None:
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


def val(el: etree._Element | None, attribuut: str = "val") -> str | None:
    return None if el is None else el.get(w(attribuut))


def getal(tekst: str | None, standaard: int) -> int:
    try:
        return int(tekst) if tekst is not None else standaard
    except ValueError:
        return standaard


# ---------------------------------------------------------------- tekst uit de XML

# Onderdelen waarvan de tekst niet (zo) in het document staat: verwijderde tekst bij 'wijzigingen
# bijhouden', de reservekopie van mc:AlternateContent (anders staat alles er twee keer), tekstvakken.
_OVERSLAAN = {w("del"), w("moveFrom"), f"{{{MC}}}Fallback", w("txbxContent"), w("pPr"), w("rPr"), w("tblPr")}


def verzamel_tekst(el: etree._Element, uit: list[str]) -> None:
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
            verzamel_tekst(kind, uit)
            uit.append("\n")
        else:
            verzamel_tekst(kind, uit)


def _verborgen(run: etree._Element) -> bool:
    """Verborgen tekst (w:vanish) staat niet in de afgedrukte bijlage en dus ook niet in de PDF."""
    verborgen = run.find(f"{w('rPr')}/{w('vanish')}")
    return verborgen is not None and val(verborgen) not in ("0", "false", "off")


def _int_hex(tekst: str | None) -> int:
    try:
        return int(tekst or "0", 16)
    except ValueError:
        return 0


def alinea_tekst(alinea: etree._Element, nummering: Nummering) -> str:
    delen: list[str] = []
    label = nummering.label(alinea)
    if label:
        delen.append(label + " ")
    verzamel_tekst(alinea, delen)
    return "".join(delen)


def blokken(el: etree._Element, tag: str):
    """De kinderen met ``tag``, ook als ze in inhoudsbesturingselementen (w:sdt) of
    gemarkeerde XML (w:customXml) zitten: voor de lezer van het document staan ze gewoon in de rij."""
    for kind in el:
        if kind.tag == tag:
            yield kind
        elif kind.tag in (w("sdt"), w("customXml")):
            inhoud = kind.find(w("sdtContent")) if kind.tag == w("sdt") else kind
            if inhoud is not None:
                yield from blokken(inhoud, tag)
        elif kind.tag in (w("ins"), w("moveTo")):
            yield from blokken(kind, tag)
