"""The arithmetic of an indicator's chart: measurements against each promised target, with the projection.

Plain Python, like lib.grafiek: the template draws the shapes from what `teken` returns, and each shape
carries the text it shows, so the chart and the table beside it show the same numbers. Coordinates are
floats in viewBox units; templates format them with `stringformat` (an SVG attribute needs a point).
Nothing relies on colour alone: measurements are dots on a solid line, a target is a diamond with
"doel" beside it, an earlier target an open diamond with "eerder", the projection a dashed line.
"""

import datetime
from dataclasses import dataclass

from .prognose import Punt, getal

BREEDTE = 320
HOOGTE = 240
LINKS = 50  # room for the values on the vertical axis
RECHTS = 14
BOVEN = 30  # room for a label above the highest point or target
ONDER = 30  # room for the years below the axis
# A chart of one date still needs a width: this many days either side.
MARGE_DAGEN = 60
# Text is 14 units high, so at the chart's smallest (17.6rem for 320 units) it is 12 px or more; a
# character is about 7.8 wide, and a label that would cover another moves LABEL_STAP further away.
TEKEN_BREEDTE = 7.8
LABEL_STAP = 16


@dataclass(frozen=True)
class Stip:
    """A measurement (or the baseline), with its value written above it."""

    x: float
    y: float
    tekst: str
    label_y: float
    anker: str  # text-anchor of the label


@dataclass(frozen=True)
class Ruit:
    """A target: a diamond at its value and date, with its label."""

    x: float
    y: float
    waarde: str  # the target value as the table writes it
    tekst: str
    label_x: float
    label_y: float
    anker: str
    eerder: bool  # replaced by a later target ("eerder beloofd")

    @property
    def punten(self):
        r = 6
        hoeken = ((self.x, self.y - r), (self.x + r, self.y), (self.x, self.y + r), (self.x - r, self.y))
        return " ".join(f"{x:.2f},{y:.2f}" for x, y in hoeken)


@dataclass(frozen=True)
class Streep:
    x1: float
    y1: float
    x2: float
    y2: float


@dataclass(frozen=True)
class Tik:
    positie: float  # y of a value's grid line, x of a year's tick
    tekst: str
    label: float  # baseline of a value's label, or its x for a year


@dataclass(frozen=True)
class Doelgrafiek:
    breedte: float
    hoogte: float
    links: float
    basis: float  # y of the horizontal axis
    rechts: float  # x where the plot ends
    tik_eind: float  # y where a year's tick ends below the axis
    jaar_y: float  # baseline of the years
    waarde_x: float  # x where the values on the vertical axis end
    stippen: tuple
    lijn: str  # the measurements joined, as an SVG points list
    ruiten: tuple
    projectie: Streep | None
    ytikken: tuple
    xtikken: tuple


@dataclass(frozen=True)
class Doel:
    waarde: float
    datum: datetime.date
    tekst: str  # the label the chart writes beside it
    eerder: bool = False


def _mooi_maximum(waarde: float) -> float:
    """The smallest of 1, 2, 2.5, 5 times a power of ten at or above `waarde`."""
    if waarde <= 0:
        return 1.0
    macht = 10 ** (len(str(int(waarde))) - 1) if waarde >= 1 else 1.0
    while macht > waarde:
        macht /= 10
    for factor in (1, 2, 2.5, 5, 10):
        if factor * macht >= waarde:
            return factor * macht
    return 10 * macht


def _anker(x: float) -> str:
    # Labels near an edge grow inwards, so none leaves the viewBox.
    if x > BREEDTE - RECHTS - 40:
        return "end"
    if x < LINKS + 30:
        return "start"
    return "middle"


def _vak(x: float, y: float, tekst: str, anker: str) -> tuple[float, float, float, float]:
    """The box a label takes: (left, top, right, bottom)."""
    breedte = len(tekst) * TEKEN_BREEDTE
    links = {"start": x, "middle": x - breedte / 2, "end": x - breedte}[anker]
    return links, y - 13, links + breedte, y + 3


def _overlapt(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _vrije_plek(x, y, tekst, anker, boven_eerst, bezet, basis) -> float:
    """The baseline of a target's label: above its diamond or below it (`boven_eerst` says which side is
    tried first), stepping away from the diamond until it covers no label in `bezet`."""
    boven = [y - 10 - k * LABEL_STAP for k in range(6)]
    onder = [y + 20 + k * LABEL_STAP for k in range(6)]
    kandidaten = [c for c in (boven + onder if boven_eerst else onder + boven) if 15 <= c <= basis - 4]
    for label_y in kandidaten:
        if not any(_overlapt(_vak(x, label_y, tekst, anker), vak) for vak in bezet):
            return label_y
    return kandidaten[0] if kandidaten else basis - 4


def teken(punten: list[Punt], doelen: list[Doel], projectie: tuple[Punt, Punt] | None) -> Doelgrafiek:
    """The chart of an indicator. `punten`: measurements (the baseline among them) by date; `doelen`: every
    target, earlier ones marked; `projectie`: the line's value at the last measurement and at the target
    date, or None."""
    punten = sorted(punten, key=lambda p: p.datum)
    alle = [*punten, *(Punt(d.datum, d.waarde) for d in doelen), *(projectie or ())]
    if not alle:
        alle = [Punt(datetime.date.today(), 0)]
    eerste = min(p.datum for p in alle).toordinal() - MARGE_DAGEN
    laatste = max(p.datum for p in alle).toordinal() + MARGE_DAGEN
    laag = min(0.0, *(float(p.waarde) for p in alle))
    hoog = _mooi_maximum(max(float(p.waarde) for p in alle))
    basis = HOOGTE - ONDER
    rechts = BREEDTE - RECHTS

    def x(datum):
        return LINKS + (rechts - LINKS) * (datum.toordinal() - eerste) / (laatste - eerste)

    def y(waarde):
        return BOVEN + (basis - BOVEN) * (hoog - float(waarde)) / (hoog - laag)

    stippen = tuple(
        Stip(x(p.datum), y(p.waarde), getal(p.waarde), y(p.waarde) - 9, _anker(x(p.datum))) for p in punten
    )
    # No label may cover another label, a dot or a diamond.
    bezet = [_vak(s.x, s.label_y, s.tekst, s.anker) for s in stippen]
    bezet += [(s.x - 5, s.y - 5, s.x + 5, s.y + 5) for s in stippen]
    bezet += [(x(d.datum) - 7, y(d.waarde) - 7, x(d.datum) + 7, y(d.waarde) + 7) for d in doelen]
    ruiten = []
    for d in doelen:
        rx, ry = x(d.datum), y(d.waarde)
        # Current targets are labelled above their diamond, earlier ones below, unless that covers a label.
        label_y = _vrije_plek(rx, ry, d.tekst, _anker(rx), not d.eerder, bezet, basis)
        bezet.append(_vak(rx, label_y, d.tekst, _anker(rx)))
        ruiten.append(Ruit(rx, ry, getal(d.waarde), d.tekst, rx, label_y, _anker(rx), d.eerder))
    streep = None
    if projectie is not None:
        van, naar = projectie
        streep = Streep(x(van.datum), y(van.waarde), x(naar.datum), y(naar.waarde))
    jaren = range(datetime.date.fromordinal(eerste).year + 1, datetime.date.fromordinal(laatste).year + 1)
    stap = max(1, len(jaren) // 5 + (1 if len(jaren) % 5 else 0))
    xtikken = tuple(
        Tik(x(datetime.date(jaar, 1, 1)), str(jaar), x(datetime.date(jaar, 1, 1)))
        for jaar in list(jaren)[::stap]
    )
    ytikken = tuple(Tik(y(w), getal(w), y(w) + 4) for w in (laag, (laag + hoog) / 2, hoog))
    return Doelgrafiek(
        breedte=BREEDTE,
        hoogte=HOOGTE,
        links=LINKS,
        basis=basis,
        rechts=rechts,
        tik_eind=basis + 5,
        jaar_y=basis + 19,
        waarde_x=LINKS - 6,
        stippen=stippen,
        lijn=" ".join(f"{s.x:.2f},{s.y:.2f}" for s in stippen),
        ruiten=tuple(ruiten),
        projectie=streep,
        ytikken=ytikken,
        xtikken=xtikken,
    )
