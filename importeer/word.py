"""Lees een 'stand van zaken'-bijlage als Word-bestand (.docx) in: bytes erin, ``Bijlage`` eruit.

Geen Django hier, net als ``importeer.bijlage`` voor PDF; voor onvertrouwde uploads draait
``importeer.veilig`` deze parser in hetzelfde begrensde kindproces.

Een .docx is een zip met XML: ``importeer.docx`` controleert het pakket (zip-bom, macro's, DOCTYPE)
voordat er één onderdeel uit wordt gelezen, ``importeer.docx_tekst`` maakt van alinea's regels met
hun nummering; hier wordt de tabel gelezen.

De tabel wordt gevonden aan haar kopregel, met dezelfde herkenning van kolommen als voor PDF
(``notatie.kolomsoorten``): andere bewoordingen en extra kolommen (Verantwoordelijk, Status) mogen.
Word zegt zelf wat een PDF moet raden: een cel die over de hele breedte loopt (``gridSpan``) is
een thema- of subthemarij, een verticaal samengevoegde cel (``vMerge``) wordt gedeeld met de rij
erboven, elke alinea in een cel is een regel in de tekst.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from .docx import KOP_EN_VOET, NUMMERING, OLE_KOP, STIJLEN, ZIP_KOP, Pakket, w
from .docx_tekst import Nummering, alinea_tekst, blokken, getal, val, verzamel_tekst
from .formaat import ActieRij, Bijlage, BijlageFout, ThemaRij, leesbaar
from .notatie import (
    HERKOMST,
    MINISTERIE,
    NUMMER,
    NUMMER_RE,
    OMSCHRIJVING,
    STAND,
    STATUS,
    Opbouw,
    is_kop_zonder_actie,
    kolomsoorten,
    lees_kop,
    normaliseer,
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
    pakket = Pakket(data)
    document = pakket.hoofddocument()
    nummering = pakket.deel_bij(document.naam, NUMMERING)
    # Alleen nodig als de nummering er is: een lijststijl zet haar nummer in de stijl, niet in de alinea.
    stijlen = pakket.deel_bij(document.naam, STIJLEN) if nummering else None
    lijsten = Nummering(
        pakket.xml(nummering) if nummering else None, pakket.xml(stijlen) if stijlen else None
    )
    voettekst = [
        alinea_tekst(p, Nummering(None))
        for deel in pakket.delen_bij(document.naam, KOP_EN_VOET)
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


# ---------------------------------------------------------------- de tabel


@dataclass
class _Cel:
    kolom: int  # eerste rasterkolom
    breedte: int  # aantal rasterkolommen (gridSpan)
    tekst: str
    doorlopend: bool  # vMerge zonder 'restart': hoort bij de cel erboven


def _lees_rij(tr: etree._Element, nummering: Nummering) -> list[_Cel]:
    """De cellen van een rij met hun plaats in het raster van de tabel."""
    trpr = tr.find(w("trPr"))
    # Een rij kan later in het raster beginnen (gridBefore): haar cellen schuiven op.
    kolom = getal(val(trpr.find(w("gridBefore"))), 0) if trpr is not None else 0
    cellen = []
    for tc in blokken(tr, w("tc")):
        tcpr = tc.find(w("tcPr"))
        breedte = max(1, getal(val(tcpr.find(w("gridSpan"))) if tcpr is not None else None, 1))
        vmerge = tcpr.find(w("vMerge")) if tcpr is not None else None
        doorlopend = vmerge is not None and val(vmerge) != "restart"
        hmerge = tcpr.find(w("hMerge")) if tcpr is not None else None
        if hmerge is not None and val(hmerge) != "restart" and cellen:
            # Oude Word-notatie voor een horizontaal samengevoegde cel: verleng de vorige.
            cellen[-1].breedte += breedte
            kolom += breedte
            continue
        cellen.append(_Cel(kolom, breedte, _celtekst(tc, nummering), doorlopend))
        kolom += breedte
    return cellen


def _celtekst(tc: etree._Element, nummering: Nummering) -> str:
    """De tekst van een cel: elke alinea een regel; een tabel in de cel telt mee als tekst."""
    regels = []
    for kind in _body_blokken(tc):
        if kind.tag == w("p"):
            regels.append(alinea_tekst(kind, nummering))
        else:
            delen: list[str] = []
            verzamel_tekst(kind, delen)
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


def _ontleed(document: etree._Element, nummering: Nummering, voettekst: list[str]) -> Bijlage:
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
            verzamel_tekst(blok, delen)
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
                verzamel_tekst(blok, delen)
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
    for i, tr in enumerate(blokken(tbl, w("tr"))):
        if i >= 5:
            return None
        rij = _lees_rij(tr, Nummering(None))
        kop = _herken_kop(rij)
        if kop is not None:
            return kop, i, erboven
        erboven += [c.tekst for c in rij if c.tekst and not c.doorlopend]
    return None


def _lees_tabel(
    tbl: etree._Element,
    kop: _Kop,
    koprij: int,
    nummering: Nummering,
    rijen: list[_Actie | _Thema],
    waarschuwingen: list[str],
) -> None:
    nummerkolom = kop.kolom(NUMMER)
    # Per kolom van de kop: de actie van wie de cel in de rij erboven is; een vMerge-cel hoort bij haar.
    erboven: dict[int, _Actie] = {}
    for i, tr in enumerate(blokken(tbl, w("tr"))):
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
