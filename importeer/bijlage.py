"""Lees een 'stand van zaken'-bijlage (PDF) in: bytes erin, ``Bijlage`` eruit.

Geen Django hier; de module is los te testen. Voor onvertrouwde uploads is er
``importeer.veilig.lees_bijlage_veilig``, dat deze parser in een apart proces
met geheugen- en tijdslimiet draait. De pagina's als woorden, regels en lijnen komen uit
``importeer.pdf_paginas``; hier wordt de tabel erin gevonden.

Aanpak (algemeen, niet op één bestand afgestemd):

* woorden met coördinaten per pagina (pdfplumber), gegroepeerd tot regels;
* de tabel wordt gevonden aan haar kopregel; de woorden van de kop bepalen welke
  kolom wat is en waar de kolomgrenzen liggen (verticale lijnen verfijnen die
  grenzen als ze er zijn, maar zijn niet nodig);
* een actie begint waar een nummer in de nummerkolom staat; regels zonder nummer
  horen bij de lopende actie, ook bovenaan een volgende pagina;
* een rij die zonder nummer onder een rijlijn begint, krijgt het nummer waarmee de
  volgende pagina opent, als daar geen andere regel voor staat (de nummercel is
  doorgeschoven; zie ``_Rij``);
* een regel die over de kolomgrenzen heen loopt (of alleen tekst in de
  nummerkolom heeft) is een themarij (hoofdletters) of subthemarij;
* horizontale lijnen, als ze er zijn, verraden samengevoegde cellen: ontbreekt
  de lijn tussen twee acties boven een kolom, dan delen ze die cel;
* binnen een cel wordt een regelovergang alleen behouden als het een echte
  alinea-overgang is (zie ``_celtekst``).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from itertools import pairwise
from statistics import median

from .formaat import ActieRij, Bijlage, BijlageFout, ThemaRij, leesbaar
from .notatie import ANDERS, NUMMER, STAND, Opbouw, is_kop_zonder_actie, kolomsoorten, lees_kop, normaliseer
from .notatie import NUMMER_RE as _NUMMER_RE
from .pdf_paginas import Pagina, Regel, Woord, controleer_bytes, lees_paginas

_PAGINANUMMER_RE = re.compile(r"^(pagina|blz\.?|p\.)?\s*\d+(\s*(van|/|of)\s*\d+)?$", re.IGNORECASE)
_OPSOMMING_RE = re.compile(r"^[-–•*▪]\s")
# Een regel die eindigt op een afbreekstreepje na een letter ("ABD-") of op een
# los streepje na een komma of voegwoord ("risicomodellen, -" + "profielen",
# "-profielen en -" + "systemen") loopt door in hetzelfde woord.
_AFGEBROKEN_RE = re.compile(r"(\w|(^|[,;(/]|\b(en|of)) ?)-$")
# Na "wet-" aan het eind van een regel volgt soms "en regelgeving": dan is het
# een afgebroken samenstelling en geen woordafbreking, dus de spatie blijft.
_VOEGWOORD_RE = re.compile(r"^(en|of|tot|t/m|en/of)\b", re.IGNORECASE)


@dataclass
class _Kop:
    """De kopregel van de tabel: kolomsoorten en kolomgrenzen op één pagina."""

    regel: Regel
    soorten: list[str]
    teksten: list[str]
    begin: list[float]  # waar de koptekst van elke kolom begint
    grenzen: list[float]  # linkergrens van kolom 1..n-1
    links: float
    rechts: float

    def kolom(self, woord: Woord) -> int:
        return sum(1 for g in self.grenzen if woord.x0 >= g)

    def steekt_over(self, woord: Woord) -> bool:
        return any(woord.x0 < g - 1 and woord.x1 > g + 1 for g in self.grenzen)


# Sleutel in _Rij.cellen voor de tekst van een rij die over de hele tabel loopt.
_BREED = -1


@dataclass
class _Rij:
    """Een tabelrij: een actie, of (nummer None) een thema- of subthemarij."""

    nummer: int | None
    cellen: dict[int, list[Regel]] = field(default_factory=dict)
    gedeeld: dict[int, _Rij] = field(default_factory=dict)
    # The lines of an action row that began below a row rule with its number cell still empty: a PDF
    # maker may push a cell of one line (the number, a status) whole to the next page when the line and
    # the space after it do not both fit, while the cells of several lines start at the foot of this
    # page. The number that opens the next page is then this row's. None once the row has its number.
    zonder_nummer: list[Regel] | None = None

    def voeg_toe(self, kolom: int, regel: Regel) -> None:
        eigenaar = self.gedeeld.get(kolom, self)
        eigenaar.cellen.setdefault(kolom, []).append(regel)


def lees_bijlage(data: bytes) -> Bijlage:
    """Zet de bytes van een bijlage-PDF om in een ``Bijlage`` of geef een ``BijlageFout``."""
    controleer_bytes(data)
    paginas = lees_paginas(data)
    if not any(p.regels for p in paginas):
        if any(p.afbeeldingen for p in paginas):
            raise BijlageFout(
                "De PDF bevat geen tekst, alleen afbeeldingen: het lijkt een scan zonder "
                "tekstlaag. Lever de bijlage aan als PDF die uit Word of een ander "
                "tekstprogramma is opgeslagen."
            )
        raise BijlageFout("De PDF bevat geen tekst; er valt niets in te lezen.")
    try:
        return leesbaar(_ontleed(paginas))
    except (BijlageFout, MemoryError):
        raise
    except Exception as fout:
        # pdfminer is hier klaar: wat nu misgaat is deze parser die een opmaak niet aankan. Het bestand
        # "beschadigd" noemen (zoals vertaal_pdf_fout doet) stuurt de gebruiker de verkeerde kant op.
        raise BijlageFout(
            "De tabel in de PDF kon niet worden gelezen: het inleesprogramma liep vast op de opmaak "
            f"({type(fout).__name__}). Dat ligt niet aan het bestand; geef het door aan de beheerder."
        ) from fout


# ---------------------------------------------------------------- kopregel


def _frasen(regel: Regel) -> list[list[Woord]]:
    """Splits een regel in stukken die door meer dan een gewone spatie gescheiden zijn."""
    frasen = [[regel.woorden[0]]]
    for vorige, w in pairwise(regel.woorden):
        if w.x0 - vorige.x1 > 0.6 * max(w.hoogte, vorige.hoogte):
            frasen.append([w])
        else:
            frasen[-1].append(w)
    return frasen


def _herken_kop(regel: Regel, pagina: Pagina) -> _Kop | None:
    frasen = _frasen(regel)
    teksten = [" ".join(w.tekst for w in f) for f in frasen]
    soorten = kolomsoorten(teksten)
    if soorten is None:
        return None

    boven, onder = regel.top, regel.bottom
    kruisend = [x for x, top, bottom in pagina.vlijnen if top <= onder and bottom >= boven]
    grenzen = []
    for vorige, frase in pairwise(frasen):
        # Een verticale lijn tussen twee kopteksten is de echte kolomgrens; zonder
        # lijnen begint de kolom waar de (links uitgelijnde) koptekst begint.
        tussen = [x for x in kruisend if vorige[-1].x1 <= x <= frase[0].x0]
        grenzen.append(max(tussen) if tussen else frase[0].x0 - 1)
    links_lijnen = [x for x in kruisend if x <= frasen[0][0].x0]
    rechts_lijnen = [x for x in kruisend if x >= frasen[-1][-1].x1]
    hoogte = median(w.hoogte for w in regel.woorden)
    links = max(links_lijnen) if links_lijnen else frasen[0][0].x0 - 3 * hoogte
    rechts = min(rechts_lijnen) if rechts_lijnen else float("inf")
    return _Kop(regel, soorten, teksten, [f[0].x0 for f in frasen], grenzen, links, rechts)


def _zoek_kop(pagina: Pagina, bekend: _Kop | None) -> _Kop | None:
    for regel in pagina.regels:
        kop = _herken_kop(regel, pagina)
        if kop and (bekend is None or kop.teksten == bekend.teksten):
            return kop
    return None


# ---------------------------------------------------------------- opmaak buiten de tabel


def _verwijder_kop_en_voet(paginas: list[Pagina]) -> list[str]:
    """Haal paginanummers en herhaalde kop- en voetteksten weg (eerste/laatste regels); geeft de
    weggehaalde teksten, elk één keer (daarin kan de verwijzing naar de brief staan)."""

    def sleutel(regel: Regel) -> tuple[str, int]:
        return re.sub(r"\d+", "#", regel.tekst.lower()), round(regel.top)

    tellingen: dict[tuple[str, int], int] = {}
    for p in paginas:
        for regel in {id(r): r for r in p.regels[:2] + p.regels[-2:]}.values():
            tellingen[sleutel(regel)] = tellingen.get(sleutel(regel), 0) + 1

    def is_opmaak(regel: Regel) -> bool:
        # Alleen de eerste en laatste twee regels van elke pagina zijn geteld; zijn die weg (een voettekst
        # van twee regels), dan heeft de derde regel vanaf de rand geen telling en is dus geen opmaak.
        herhaald = tellingen.get(sleutel(regel), 0) >= max(2, len(paginas) // 2)
        return herhaald or bool(_PAGINANUMMER_RE.match(regel.tekst))

    weg: dict[str, None] = {}
    for p in paginas:
        while p.regels and is_opmaak(p.regels[-1]):
            weg[p.regels.pop().tekst] = None
        while p.regels and is_opmaak(p.regels[0]) and not _herken_kop(p.regels[0], p):
            weg[p.regels.pop(0).tekst] = None
    return list(weg)


# ---------------------------------------------------------------- tabel naar rijen


def _knip_zonder_actie(paginas: list[Pagina], waarschuwingen: list[str]) -> list[Pagina]:
    """De pagina's tot de tabel 'Moties en toezeggingen zonder actie' (in oudere bijlagen 'Moties zonder
    actie') van onze eigen bijlage, zonder die tabel: haar rijen zijn moties en toezeggingen die geen actie
    uitvoert, geen acties (wat een actie uitvoert staat in haar kolom Herkomst)."""
    for i, p in enumerate(paginas):
        for j, regel in enumerate(p.regels):
            if is_kop_zonder_actie(regel.tekst):
                grens = regel.top
                p.regels = p.regels[:j]
                p.vlijnen = [lijn for lijn in p.vlijnen if lijn[1] < grens]
                p.hlijnen = [lijn for lijn in p.hlijnen if lijn[2] < grens]
                waarschuwingen.append(
                    f"de tabel '{regel.tekst}' vanaf pagina {p.nummer} is overgeslagen: daarin staan moties "
                    "en toezeggingen die geen actie uitvoert, geen acties"
                )
                return paginas[: i + 1]
    return paginas


def _ontleed(paginas: list[Pagina]) -> Bijlage:
    kop_en_voet = _verwijder_kop_en_voet(paginas)
    waarschuwingen: list[str] = []
    aantal = len(paginas)
    paginas = _knip_zonder_actie(paginas, waarschuwingen)
    hoogte = median(w.hoogte for p in paginas for r in p.regels for w in r.woorden)

    boven: list[Regel] = []
    rijen: list[_Rij] = []
    onderkant: dict[int, float] = {}
    kop: _Kop | None = None
    tabel_loopt = False
    for p in paginas:
        paginakop = _zoek_kop(p, kop)
        if kop is None:
            grens = paginakop.regel.top if paginakop else float("inf")
            boven += [r for r in p.regels if r.bottom <= grens]
        if paginakop is None and not tabel_loopt:
            continue
        kop = paginakop or kop
        regels, tabel_loopt, onder = _tabelregels(p, paginakop, kop, hoogte)
        if onder is not None:
            onderkant[p.nummer] = onder
        _verdeel_regels(regels, kop, p, hoogte, rijen, waarschuwingen)
    _sluit_rij_zonder_nummer(rijen, waarschuwingen)

    if kop is None:
        raise BijlageFout(
            "Geen tabel met acties gevonden: de PDF heeft geen kopregel met kolommen als "
            "'Actie', 'Omschrijving' en 'Stand van zaken'."
        )
    if not any(r.nummer is not None for r in rijen):
        raise BijlageFout(
            "Geen tabel met acties gevonden: onder de kopregel '"
            + " | ".join(kop.teksten)
            + "' staan geen genummerde acties."
        )
    acties, themas = _maak_acties(rijen, kop, onderkant, waarschuwingen)
    boven_de_tabel = lees_kop(_alineas(boven), kop_en_voet)
    return Bijlage(
        acties=acties,
        themas=themas,
        titel=boven_de_tabel.titel,
        bron=boven_de_tabel.bron,
        peildatum=boven_de_tabel.peildatum,
        inleiding=boven_de_tabel.inleiding,
        briefdatum=boven_de_tabel.briefdatum,
        kamerstuk=boven_de_tabel.kamerstuk,
        waarschuwingen=waarschuwingen,
        paginas=aantal,
    )


def _alineas(regels: list[Regel]) -> list[str]:
    """De alinea's van de tekst boven de tabel.

    Een andere lettergrootte begint een nieuwe alinea (titel, verwijzing, inleiding); binnen
    één grootte worden regels samengevoegd zoals in een cel (zie ``_celtekst``)."""

    def grootte(regel: Regel) -> float:
        return median(w.hoogte for w in regel.woorden)

    groepen: list[list[Regel]] = []
    for regel in regels:
        vorige = groepen[-1][-1] if groepen else None
        zelfde = vorige and abs(grootte(vorige) - grootte(regel)) <= 0.1 * grootte(regel)
        if zelfde and vorige.pagina == regel.pagina:
            groepen[-1].append(regel)
        else:
            groepen.append([regel])
    alineas = []
    for groep in groepen:
        afstanden = [b.top - a.top for a, b in pairwise(groep)]
        maten = (max(r.x1 for r in groep), median(afstanden) if afstanden else 0.0)
        alineas += _celtekst(groep, maten, set()).split("\n")
    return alineas


def _tabelregels(
    p: Pagina, paginakop: _Kop | None, kop: _Kop, hoogte: float
) -> tuple[list[Regel], bool, float | None]:
    """De regels van pagina ``p`` die in de tabel staan, of de tabel na deze pagina
    doorloopt, en de onderkant van de tabel als verticale lijnen die aangeven."""
    boven = paginakop.regel.bottom if paginakop else float("-inf")
    regels = [r for r in p.regels if r.top >= boven and r.x1 > kop.links and r.x0 < kop.rechts]
    # Verticale tabellijnen lopen tot de onderkant van de tabel, ook als een rij
    # over de pagina doorloopt en de onderste horizontale lijn ontbreekt.
    vlijnen = [
        bottom
        for x, top, bottom in p.vlijnen
        if kop.links - 2 <= x <= kop.rechts + 2 and bottom > boven + hoogte
    ]
    if vlijnen:
        onder = max(vlijnen)
        binnen = [r for r in regels if (r.top + r.bottom) / 2 < onder]
        return binnen, len(binnen) == len(regels), onder

    # Zonder verticale lijnen stopt de tabel bij een witruimte van meer dan twee
    # regelhoogtes (tenzij er alleen voetnoten na komen), of bij een regel over de
    # kolommen heen die geen themarij kan zijn: in kleine letters (voetnoot), of
    # onder de laatste horizontale lijn (in een tabel met lijnen staat onder elke
    # themarij een lijn).
    breed = [y for x0, x1, y in p.hlijnen if x0 <= kop.begin[0] and x1 >= kop.begin[-1]]
    laatste_lijn = max(breed, default=None)
    for i, regel in enumerate(regels):
        if i and regel.top - regels[i - 1].bottom > 2 * hoogte:
            rest = regels[i:]
            return regels[:i], all(_is_klein(r, hoogte) for r in rest), None
        if _is_brede_regel(regel, kop) and (
            _is_klein(regel, hoogte) or (laatste_lijn is not None and regel.top > laatste_lijn)
        ):
            return regels[:i], False, None
    return regels, True, None


def _is_klein(regel: Regel, hoogte: float) -> bool:
    """Kleiner lettertype dan de tabel: voetnoten."""
    return median(w.hoogte for w in regel.woorden) < 0.9 * hoogte


def _is_brede_regel(regel: Regel, kop: _Kop) -> bool:
    """Een regel in een cel die de hele tabelbreedte beslaat (thema of subthema)."""
    if any(kop.steekt_over(w) for w in regel.woorden):
        return True
    # Woorden in verschillende kolommen met maar een spatie ertussen: één tekst
    # die over de kolomgrens loopt (cellen houden altijd een marge tussen kolommen).
    for a, b in pairwise(regel.woorden):
        if kop.kolom(a) != kop.kolom(b) and b.x0 - a.x1 < 0.6 * max(a.hoogte, b.hoogte):
            return True
    kolommen = {kop.kolom(w) for w in regel.woorden}
    nummerkolom = kop.soorten.index(NUMMER)
    return kolommen == {nummerkolom} and not _NUMMER_RE.match(regel.woorden[0].tekst)


def _verdeel_regels(
    regels: list[Regel],
    kop: _Kop,
    p: Pagina,
    hoogte: float,
    rijen: list[_Rij],
    waarschuwingen: list[str],
) -> None:
    """Zet de tabelregels van een pagina om in rijen (achter ``rijen`` aan)."""
    nummerkolom = kop.soorten.index(NUMMER)
    x = kop.begin[nummerkolom] + 1
    rijgrenzen = sorted(y for x0, x1, y in p.hlijnen if x0 <= x <= x1)
    for i, regel in enumerate(regels):
        if _is_brede_regel(regel, kop):
            _sluit_rij_zonder_nummer(rijen, waarschuwingen)
            vorige = rijen[-1] if rijen else None
            if vorige and vorige.nummer is None and _zelfde_kop(vorige.cellen[_BREED][-1], regel, p, hoogte):
                vorige.cellen[_BREED].append(regel)
            else:
                rijen.append(_Rij(None, {_BREED: [regel]}))
            continue
        per_kolom: dict[int, list[Woord]] = {}
        for w in regel.woorden:
            per_kolom.setdefault(kop.kolom(w), []).append(w)
        nummerwoorden = per_kolom.get(nummerkolom, [])
        wachtend = rijen[-1] if rijen and rijen[-1].zonder_nummer is not None else None
        if nummerwoorden and _NUMMER_RE.match(nummerwoorden[0].tekst):
            nummer = int(_NUMMER_RE.match(nummerwoorden[0].tekst).group(1))
            if wachtend and i == 0 and all(r.pagina < p.nummer for r in wachtend.zonder_nummer):
                # Only the first line of a page can carry a pushed number: a pushed cell starts where
                # the continued row does, at the top of the table.
                wachtend.nummer, wachtend.zonder_nummer = nummer, None
            else:
                _sluit_rij_zonder_nummer(rijen, waarschuwingen)
                rij = _Rij(nummer)
                vorige = rijen[-1] if rijen else None
                if vorige and vorige.nummer is not None:
                    _zoek_samengevoegd(vorige, rij, nummerwoorden[0].top, kop, p, hoogte)
                rijen.append(rij)
        elif wachtend:
            wachtend.zonder_nummer.append(regel)
        elif i and _begint_rij(regels[i - 1], regel, rijgrenzen, hoogte):
            rij = _Rij(None, zonder_nummer=[regel])
            vorige = rijen[-1] if rijen else None
            if vorige and vorige.nummer is not None:
                _zoek_samengevoegd(vorige, rij, regel.top, kop, p, hoogte)
            rijen.append(rij)
        huidige = rijen[-1] if rijen else None
        if huidige is None or (huidige.nummer is None and huidige.zonder_nummer is None):
            waarschuwingen.append(
                f"tekst zonder actienummer op pagina {p.nummer} overgeslagen: '{regel.tekst}'"
            )
            continue
        for kolom, woorden in per_kolom.items():
            rijen[-1].voeg_toe(kolom, Regel(woorden, p.nummer))


def _begint_rij(boven: Regel, regel: Regel, rijgrenzen: list[float], hoogte: float) -> bool:
    """Does a row boundary (``rijgrenzen``: the heights of the rules through the number column, sorted)
    lie between ``boven`` and ``regel``? The rule may lie just below the top of the letters, as the text
    box is taller than they are. Asked of nearly every line, hence the bisection."""
    i = bisect_right(rijgrenzen, boven.bottom)
    return i < len(rijgrenzen) and rijgrenzen[i] <= regel.top + 0.5 * hoogte


def _sluit_rij_zonder_nummer(rijen: list[_Rij], waarschuwingen: list[str]) -> None:
    """A row that began without a number and gets none belongs to the action above it, as any line
    without a number does (a row in a table that numbers only its first row per action); with no action
    above, its text is skipped with a warning."""
    if not rijen or rijen[-1].zonder_nummer is None:
        return
    rij = rijen.pop()
    vorige = rijen[-1] if rijen else None
    if vorige is None or vorige.nummer is None:
        waarschuwingen.extend(
            f"tekst zonder actienummer op pagina {r.pagina} overgeslagen: '{r.tekst}'"
            for r in rij.zonder_nummer
        )
        return
    for kolom, regels in rij.cellen.items():
        for regel in regels:
            vorige.voeg_toe(kolom, regel)


def _zelfde_kop(boven: Regel, regel: Regel, p: Pagina, hoogte: float) -> bool:
    """Is ``regel`` de omgebroken tweede regel van de themarij ``boven``? Alleen als
    ze direct onder elkaar staan, er geen lijn tussen zit en beide even (on)kapitaal zijn."""
    if boven.pagina != regel.pagina or regel.top - boven.bottom > 0.5 * hoogte:
        return False
    if any(boven.bottom <= y <= regel.top for _, _, y in p.hlijnen):
        return False
    return (boven.tekst.upper() == boven.tekst) == (regel.tekst.upper() == regel.tekst)


def _zoek_samengevoegd(vorige: _Rij, rij: _Rij, top: float, kop: _Kop, p: Pagina, hoogte: float) -> None:
    """Markeer kolommen waar de horizontale lijn tussen ``vorige`` en ``rij`` ontbreekt.

    ``top`` is de bovenkant van het nummer van ``rij``; de lijn erboven ligt
    binnen een regelhoogte (of net eronder: de letterkast is hoger dan de letters).
    """
    lijnen = [(x0, x1) for x0, x1, y in p.hlijnen if top - 1.5 * hoogte <= y <= top + 0.5 * hoogte]
    if not lijnen:
        return  # tabel zonder horizontale lijnen: samenvoegen is niet te zien

    def bedekt(kolom: int) -> bool:
        x = kop.begin[kolom] + 1
        return any(x0 <= x <= x1 for x0, x1 in lijnen)

    if not bedekt(kop.soorten.index(NUMMER)):
        return
    for kolom in range(len(kop.soorten)):
        if not bedekt(kolom):
            rij.gedeeld[kolom] = vorige.gedeeld.get(kolom, vorige)


# ---------------------------------------------------------------- rijen naar acties


def _maak_acties(
    rijen: list[_Rij], kop: _Kop, onderkant: dict[int, float], waarschuwingen: list[str]
) -> tuple[list[ActieRij], list[ThemaRij]]:
    maten = _kolommaten(rijen)
    eindes = _alinea_eindes_op_paginagrens(rijen, onderkant)
    kolom = {soort: i for i, soort in enumerate(kop.soorten) if soort != ANDERS}
    opbouw = Opbouw(waarschuwingen)
    for rij in rijen:
        if rij.nummer is None:
            opbouw.thema(_celtekst(rij.cellen[_BREED], maten[_BREED], eindes).replace("\n", " "))
            continue
        opbouw.nummer(rij.nummer)
        tekst = {
            soort: _celtekst(rij.gedeeld.get(i, rij).cellen.get(i, []), maten.get(i, (0.0, 0.0)), eindes)
            for soort, i in kolom.items()
        }
        gedeeld = rij.gedeeld.get(kolom[STAND])
        opbouw.actie(rij.nummer, tekst, gedeeld.nummer if gedeeld is not None else None)
    return opbouw.acties, opbouw.themas


def _kolommaten(rijen: list[_Rij]) -> dict[int, tuple[float, float]]:
    """Per kolom de rechterkant van de tekst (de verst reikende regel in de hele
    tabel) en de gewone regelafstand (de mediaan binnen cellen)."""
    randen: dict[int, float] = {}
    afstanden: dict[int, list[float]] = {}
    for rij in rijen:
        for kolom, regels in rij.cellen.items():
            randen[kolom] = max([randen.get(kolom, 0.0), *(r.x1 for r in regels)])
            afstanden.setdefault(kolom, []).extend(
                b.top - a.top for a, b in pairwise(regels) if a.pagina == b.pagina
            )
    return {k: (randen[k], median(afstanden[k]) if afstanden[k] else 0.0) for k in randen}


def _alinea_eindes_op_paginagrens(rijen: list[_Rij], onderkant: dict[int, float]) -> set[int]:
    """Regels (als ``id``) waarna een alinea eindigt terwijl de cel op de volgende pagina doorloopt.

    Alleen te zien in tabellen met lijnen en ruimte na alinea's: de tabel op een
    pagina loopt tot de laagste regel plus de celmarge, plus de ruimte na de alinea
    als die daar eindigt. Die extra ruimte is alleen aan een cel toe te schrijven
    als zij als enige zo laag staat en ook de cel zelf verder loopt; de gewone
    marge is de kleinste die in het document voorkomt.
    """
    laatsten: dict[int, list[tuple[Regel, bool]]] = {}
    for rij in rijen:
        for regels in rij.cellen.values():
            paginas = sorted({r.pagina for r in regels})
            for pagina in paginas:
                laatste = max((r for r in regels if r.pagina == pagina), key=lambda r: r.bottom)
                laatsten.setdefault(pagina, []).append((laatste, pagina != paginas[-1]))
    overschot: list[tuple[float, Regel | None]] = []
    for pagina, regels in laatsten.items():
        if pagina not in onderkant:
            continue
        laagste = max(r.bottom for r, _ in regels)
        onderaan = [(r, loopt_door) for r, loopt_door in regels if r.bottom > laagste - 0.5]
        if all(loopt_door for _, loopt_door in onderaan):
            enige = onderaan[0][0] if len(onderaan) == 1 else None
            overschot.append((onderkant[pagina] - laagste, enige))
    if not overschot:
        return set()
    marge = min(o for o, _ in overschot)
    return {id(r) for o, r in overschot if r is not None and o > marge + 1}


def _celtekst(regels: list[Regel], maten: tuple[float, float], eindes: set[int]) -> str:
    """Voeg de regels van een cel samen.

    Een regelovergang blijft alleen staan als het een alinea-einde is: er zit
    meer ruimte dan de gewone regelafstand tussen (alinea-afstand), de volgende
    regel begint met een opsommingsteken, of het eerste woord van de volgende
    regel had nog op de vorige gepast (daar is bewust een nieuwe regel begonnen).
    Op een paginagrens geeft ``eindes`` aan waar een alinea eindigt. Anders is
    het een omgebroken regel: een spatie, of niets na een afbreekstreepje.
    """
    rechts, regelafstand = maten
    regels = sorted(regels, key=lambda r: (r.pagina, r.top))
    if not regels:
        return ""
    delen = [regels[0].tekst]
    for vorige, regel in pairwise(regels):
        eerste = regel.woorden[0]
        past = vorige.x1 + 0.3 * eerste.hoogte + (eerste.x1 - eerste.x0) < rechts - 0.5
        witruimte = (
            vorige.pagina == regel.pagina
            and regelafstand > 0
            and regel.top - vorige.top > regelafstand + max(1.0, 0.1 * eerste.hoogte)
        )
        if past or witruimte or id(vorige) in eindes or _OPSOMMING_RE.match(regel.tekst):
            delen.append("\n")
        elif _AFGEBROKEN_RE.search(vorige.tekst) and not _VOEGWOORD_RE.match(regel.tekst):
            pass
        else:
            delen.append(" ")
        delen.append(regel.tekst)
    return normaliseer("".join(delen))
