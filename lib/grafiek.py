"""The arithmetic of the server-drawn SVG charts: where each bar and label goes, in viewBox units.

Plain Python, no Django: templates draw the shapes from what these functions return, and the numbers
drawn come back with the shapes, so a chart's labels and the table beside it show the same counts.
Coordinates are floats; templates format them with `stringformat`, which ignores the locale (an SVG
attribute needs a decimal point, never a comma).
"""

import textwrap
from dataclasses import dataclass

# The templates write 14 viewBox units high. A chart is never drawn smaller than SCHAAL_MIN of its viewBox
# (the bars' minimum width in pokvolg.css, the columns' pixel width below), so its text is at least 12.3 px,
# and the bars' 320 units fit the 288 px a 320 px wide screen leaves for the content.
SCHAAL_MIN = 0.88

# Stacked bars: one row per group, a label line above its bar, the total after the bar.
BREEDTE = 320
LABEL_HOOGTE = 18
BALK_HOOGTE = 20
RIJ_HOOGTE = 50
TOTAAL_RUIMTE = 48  # room after the longest bar for its total
# Capitals of 14 units are about 9.5 wide: a longer label goes on more lines above its bar.
TEKENS_PER_REGEL = 32

# Columns: the value above each column, the label below the baseline.
KOLOM_SLOT_MIN = 108
KOLOM_HOOGTE = 180
WAARDE_RUIMTE = 22
AS_RUIMTE = 26


@dataclass(frozen=True)
class Segment:
    sleutel: str  # what the part counts (a status), for its class
    label: str
    aantal: int
    x: float
    breedte: float


@dataclass(frozen=True)
class Balk:
    label: str
    totaal: int
    label_y: float  # baseline of the label's first line above the bar
    regels: tuple  # (line, baseline) of the label
    y: float  # top of the bar
    hoogte: float
    segmenten: tuple
    eind: float  # x where the bar ends
    totaal_x: float  # x of the total after the bar
    totaal_y: float  # its baseline


@dataclass(frozen=True)
class GestapeldeBalken:
    breedte: float
    hoogte: float
    balken: tuple


def gestapelde_balken(rijen, breedte=BREEDTE):
    """Horizontal stacked bars on one scale, so lengths compare across rows.

    `rijen`: (label, [(sleutel, label, aantal), ...]) per row. Parts with a count of 0 are left out; the
    longest bar ends TOTAAL_RUIMTE before the right edge.
    """
    rijen = list(rijen)
    totalen = [sum(aantal for _s, _l, aantal in delen) for _label, delen in rijen]
    schaal = (breedte - TOTAAL_RUIMTE) / max([1, *totalen])
    balken, boven = [], 0.0
    for (label, delen), totaal in zip(rijen, totalen, strict=True):
        regels = textwrap.wrap(label, TEKENS_PER_REGEL) or [""]
        basislijnen = [boven + (i + 1) * LABEL_HOOGTE - 4 for i in range(len(regels))]
        y = boven + len(regels) * LABEL_HOOGTE + 4
        segmenten, x = [], 0.0
        for sleutel, deel_label, aantal in delen:
            if aantal <= 0:
                continue
            segmenten.append(Segment(sleutel, deel_label, aantal, x, aantal * schaal))
            x += aantal * schaal
        balken.append(
            Balk(
                label=label,
                totaal=totaal,
                label_y=basislijnen[0],
                regels=tuple(zip(regels, basislijnen, strict=True)),
                y=y,
                hoogte=BALK_HOOGTE,
                segmenten=tuple(segmenten),
                eind=x,
                totaal_x=x + 6,
                totaal_y=y + BALK_HOOGTE - 5,
            )
        )
        boven += RIJ_HOOGTE + (len(regels) - 1) * LABEL_HOOGTE
    return GestapeldeBalken(breedte, max(boven, RIJ_HOOGTE), tuple(balken))


@dataclass(frozen=True)
class Kolom:
    label: str
    waarde: int
    x: float  # left edge of the column
    breedte: float
    y: float  # top of the column
    hoogte: float
    midden: float  # x of the column's centre, for its labels
    waarde_y: float  # baseline of the value above the column
    label_y: float  # baseline of the label below the axis


@dataclass(frozen=True)
class Kolommen:
    breedte: float
    hoogte: float
    basis: float  # y of the baseline
    kolommen: tuple

    @property
    def pixels(self):
        """The drawn width: a longer series scrolls beside the page rather than shrink its labels."""
        return self.breedte * SCHAAL_MIN


def kolommen(reeks, hoogte=KOLOM_HOOGTE, slot=KOLOM_SLOT_MIN, met_labels=True, min_breedte=0):
    """Vertical columns for a series of (label, value), on a scale from 0 to the largest value.

    The chart grows with the series (`slot` units per column, from the left), so labels never overlap;
    it is drawn at `pixels` wide, and `min_breedte` keeps a short series from looking lost.
    Without labels (`met_labels=False`) it is a small sparkline: no room for values or labels.
    """
    reeks = list(reeks)
    boven = WAARDE_RUIMTE if met_labels else 2
    onder = AS_RUIMTE if met_labels else 0
    ruimte = hoogte - boven - onder
    grootste = max([0, *(waarde for _label, waarde in reeks)])
    basis = boven + ruimte
    breedte_kolom = slot * 0.6
    uit = []
    for i, (label, waarde) in enumerate(reeks):
        h = ruimte * waarde / grootste if grootste else 0.0
        x = i * slot + (slot - breedte_kolom) / 2
        uit.append(
            Kolom(
                label=label,
                waarde=waarde,
                x=x,
                breedte=breedte_kolom,
                y=basis - h,
                hoogte=h,
                midden=x + breedte_kolom / 2,
                waarde_y=basis - h - 6,
                label_y=basis + 18,
            )
        )
    return Kolommen(max(len(uit) * slot, min_breedte, 1), hoogte, basis, tuple(uit))
