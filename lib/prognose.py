"""Promise against reality in plain words: where the last measurements lead by a target's date.

The projection is a straight line fitted by least squares through the last three measurements (fewer
when there are only two), read off at the target date. Three points follow a change of pace within a
year or so, yet one odd figure does not swing the line as it would between two points; a curve would
claim more than a handful of half-yearly figures can carry. No Django models here: callers pass points.
"""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

# How many of the newest measurements the line is fitted through.
LAATSTE = 3
# Sums of floats are not exact: a projection within this of its target counts as reaching it.
MARGE = 1e-6


@dataclass(frozen=True)
class Punt:
    datum: datetime.date
    waarde: float


class Soort:
    OP_SCHEMA = "op-schema"
    ACHTER = "achter"
    GEHAALD = "gehaald"
    TE_LAAT_GEHAALD = "te-laat-gehaald"
    NIET_GEHAALD = "niet-gehaald"
    VERSTREKEN = "verstreken"
    VERSCHOVEN = "verschoven"
    ONBEKEND = "onbekend"


@dataclass(frozen=True)
class Oordeel:
    soort: str
    tekst: str
    # The projected value at the target date, when the verdict rests on the projection.
    schatting: float | None = None


def getal(waarde: float) -> str:
    """A value as Dutch readers write it: 62.000, 87,5 (at most one decimal)."""
    afgerond = round(float(waarde), 1)
    tekst = f"{afgerond:,.1f}".removesuffix(".0")
    return tekst.replace(",", "\u2009").replace(".", ",").replace("\u2009", ".")


def met_eenheid(waarde: float, eenheid: str) -> str:
    """'35%' for a percentage, '62.000 ouders' for anything else."""
    if eenheid == "%":
        return f"{getal(waarde)}%"
    return f"{getal(waarde)} {eenheid}".strip()


def datum_tekst(datum: datetime.date) -> str:
    return date_format(datum, "j F Y")


def lijn(punten: list[Punt]) -> tuple[float, float] | None:
    """(slope per day, value at day 0 of the proleptic calendar) through the last LAATSTE points by date,
    or None when there are fewer than two dates to draw a line through."""
    laatste = sorted(punten, key=lambda p: p.datum)[-LAATSTE:]
    xs = [p.datum.toordinal() for p in laatste]
    ys = [float(p.waarde) for p in laatste]
    if len(set(xs)) < 2:
        return None
    # Centred on the mean day, so the sums stay small numbers and exact enough.
    mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
    helling = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)
    return helling, my - helling * mx


def schatting(punten: list[Punt], datum: datetime.date) -> float | None:
    """The value the line through the last measurements gives on `datum`, or None without a line."""
    gevonden = lijn(punten)
    if gevonden is None:
        return None
    helling, begin = gevonden
    return begin + helling * datum.toordinal()


def oordeel(
    punten: list[Punt],
    doelwaarde: float,
    doeldatum: datetime.date,
    eenheid: str,
    vandaag: datetime.date | None = None,
) -> Oordeel:
    """The verdict on one target: reached (on time or late), not reached, on schedule or behind.

    A target above the first measurement is reached from below (a share that grows), one below it from
    above (parents still waiting). A measurement on the target date itself is on time. Without a line,
    a target whose date is before `vandaag` says so with the last measurement."""
    punten = sorted(punten, key=lambda p: p.datum)
    doelwaarde = float(doelwaarde)
    stijgend = not punten or doelwaarde >= float(punten[0].waarde)

    def bereikt(waarde):
        verschil = float(waarde) - doelwaarde
        return verschil >= -MARGE if stijgend else verschil <= MARGE

    doel = met_eenheid(doelwaarde, eenheid)
    eerste = next((p for p in punten if bereikt(p.waarde)), None)
    if eerste is not None and eerste.datum <= doeldatum:
        return Oordeel(
            Soort.GEHAALD,
            _("doel gehaald: %(waarde)s op %(datum)s")
            % {"waarde": met_eenheid(eerste.waarde, eenheid), "datum": datum_tekst(eerste.datum)},
        )
    if eerste is not None:
        return Oordeel(
            Soort.TE_LAAT_GEHAALD,
            _("doel te laat gehaald: %(waarde)s op %(datum)s, beloofd was %(doel)s op %(doeldatum)s")
            % {
                "waarde": met_eenheid(eerste.waarde, eenheid),
                "datum": datum_tekst(eerste.datum),
                "doel": doel,
                "doeldatum": datum_tekst(doeldatum),
            },
        )
    if punten and punten[-1].datum >= doeldatum:
        laatste = punten[-1]
        return Oordeel(
            Soort.NIET_GEHAALD,
            _("doel niet gehaald: %(waarde)s op %(datum)s, beloofd was %(doel)s op %(doeldatum)s")
            % {
                "waarde": met_eenheid(laatste.waarde, eenheid),
                "datum": datum_tekst(laatste.datum),
                "doel": doel,
                "doeldatum": datum_tekst(doeldatum),
            },
        )
    verwacht = schatting(punten, doeldatum)
    if verwacht is None and punten and vandaag is not None and doeldatum < vandaag:
        laatste = punten[-1]
        return Oordeel(
            Soort.VERSTREKEN,
            _("doeldatum verstreken zonder meting erna; de laatste meting is %(waarde)s op %(datum)s")
            % {"waarde": met_eenheid(laatste.waarde, eenheid), "datum": datum_tekst(laatste.datum)},
        )
    if verwacht is None:
        return Oordeel(
            Soort.ONBEKEND, _("nog geen prognose: daarvoor zijn twee metingen op verschillende data nodig")
        )
    if bereikt(verwacht):
        return Oordeel(Soort.OP_SCHEMA, _("op schema"), verwacht)
    return Oordeel(
        Soort.ACHTER,
        _("achter op schema: bij dit tempo %(waarde)s op %(datum)s")
        % {"waarde": met_eenheid(verwacht, eenheid), "datum": datum_tekst(doeldatum)},
        verwacht,
    )


def verschoven(
    van: datetime.date, naar: datetime.date, van_waarde: float, naar_waarde: float, eenheid: str
) -> Oordeel:
    """The verdict on a target a later letter replaced: moved to another date, or else changed in value."""
    if van != naar:
        return Oordeel(
            Soort.VERSCHOVEN,
            _("doel verschoven van %(van)s naar %(naar)s")
            % {"van": datum_tekst(van), "naar": datum_tekst(naar)},
        )
    return Oordeel(
        Soort.VERSCHOVEN,
        _("doel gewijzigd van %(van)s naar %(naar)s")
        % {"van": met_eenheid(van_waarde, eenheid), "naar": met_eenheid(naar_waarde, eenheid)},
    )
