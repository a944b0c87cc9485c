"""What the public reads of indicators: per indicator its points, its targets (current and earlier), the
verdict on each and the chart, in a fixed number of queries however many indicators there are."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from lib import doelgrafiek, prognose
from lib.prognose import Punt

from .models import Doel, Indicator, Meting


@dataclass(frozen=True)
class Rij:
    """A row of the table beside the chart: the same numbers the chart writes."""

    datum: object
    soort: str  # basiswaarde, meting, doel, eerder beloofd
    waarde: str
    bron: object  # the Meting or Doel (its source and address), or None for the baseline
    bron_tekst: str


@dataclass(frozen=True)
class DoelStand:
    doel: Doel
    waarde: str
    oordeel: prognose.Oordeel
    eerder: bool = False  # a later target replaced it: "eerder beloofd"


@dataclass(frozen=True)
class Stand:
    indicator: Indicator
    metingen: list
    actueel: list  # DoelStand of the targets no later target replaced, by date
    eerder: list  # DoelStand of the replaced ones ("eerder beloofd")
    grafiek: doelgrafiek.Doelgrafiek
    rijen: list

    @property
    def oordeel(self):
        """The verdict readers see first: on the nearest current target not yet reached, else the last."""
        for d in self.actueel:
            if d.oordeel.soort not in (prognose.Soort.GEHAALD, prognose.Soort.TE_LAAT_GEHAALD):
                return d.oordeel
        return self.actueel[-1].oordeel if self.actueel else None

    @property
    def basis(self):
        """The baseline with its unit ('0%'), or ''."""
        if self.indicator.basis_waarde is None:
            return ""
        return prognose.met_eenheid(self.indicator.basis_waarde, self.indicator.eenheid)

    @property
    def laatste_meting(self):
        """The newest measurement with its unit ('35%'), or ''."""
        if not self.metingen:
            return ""
        return prognose.met_eenheid(self.metingen[-1].waarde, self.indicator.eenheid)

    @property
    def doelen(self):
        """Every target, current and earlier, by date: as the letters promised them over time."""
        return sorted([*self.actueel, *self.eerder], key=lambda d: (d.doel.datum, d.doel.pk))


def _basis(indicator):
    return indicator.basis_waarde is not None and indicator.basis_datum is not None


def stand(indicator: Indicator, vandaag: datetime.date | None = None, metingen=None, doelen=None) -> Stand:
    """The verdicts, chart and table of an indicator whose doelen and metingen are prefetched, or of the
    ``metingen`` and ``doelen`` given, by date (an annex's, as they stood when its round was published)."""
    eenheid = indicator.eenheid
    metingen = list(indicator.metingen.all() if metingen is None else metingen)
    punten = [Punt(m.meetdatum, float(m.waarde)) for m in metingen]
    if _basis(indicator):
        punten.insert(0, Punt(indicator.basis_datum, float(indicator.basis_waarde)))
    punten.sort(key=lambda p: p.datum)
    doelen = list(indicator.doelen.all() if doelen is None else doelen)
    vervanger = {d.vervangt_id: d for d in doelen if d.vervangt_id}
    actueel, eerder = [], []
    for d in doelen:
        later = vervanger.get(d.pk)
        if later is not None:
            oordeel = prognose.verschoven(d.datum, later.datum, float(d.waarde), float(later.waarde), eenheid)
            eerder.append(DoelStand(d, prognose.met_eenheid(d.waarde, eenheid), oordeel, eerder=True))
        else:
            oordeel = prognose.oordeel(punten, float(d.waarde), d.datum, eenheid, vandaag)
            actueel.append(DoelStand(d, prognose.met_eenheid(d.waarde, eenheid), oordeel))
    # The projection runs from the last measurement to the latest current target it is drawn towards.
    projectie = None
    open_doelen = [d for d in actueel if d.oordeel.soort in (prognose.Soort.OP_SCHEMA, prognose.Soort.ACHTER)]
    if open_doelen and punten:
        laatste_doel = open_doelen[-1].doel
        van, tot = punten[-1].datum, laatste_doel.datum
        projectie = (
            Punt(van, prognose.schatting(punten, van)),
            Punt(tot, prognose.schatting(punten, tot)),
        )
    grafiek = doelgrafiek.teken(
        punten,
        [
            *(
                doelgrafiek.Doel(
                    float(d.doel.waarde), d.doel.datum, _("eerder %(w)s") % {"w": d.waarde}, True
                )
                for d in eerder
            ),
            *(
                doelgrafiek.Doel(float(d.doel.waarde), d.doel.datum, _("doel %(w)s") % {"w": d.waarde})
                for d in actueel
            ),
        ],
        projectie,
    )
    rijen = []
    if _basis(indicator):
        rijen.append(
            Rij(
                indicator.basis_datum,
                _("basiswaarde"),
                prognose.getal(indicator.basis_waarde),
                None,
                indicator.basis_bron,
            )
        )
    rijen += [Rij(m.meetdatum, _("meting"), prognose.getal(m.waarde), m, m.bron) for m in metingen]
    rijen += [
        Rij(d.doel.datum, _("doel"), prognose.getal(d.doel.waarde), d.doel, d.doel.bron) for d in actueel
    ]
    rijen += [
        Rij(d.doel.datum, _("eerder beloofd"), prognose.getal(d.doel.waarde), d.doel, d.doel.bron)
        for d in eerder
    ]
    return Stand(indicator, metingen, actueel, eerder, grafiek, rijen)


def _met_cijfers(indicatoren: QuerySet) -> QuerySet:
    return indicatoren.select_related("actie", "thema").prefetch_related(
        Prefetch("metingen", queryset=Meting.objects.openbaar().order_by("meetdatum", "pk")),
        Prefetch("doelen", queryset=Doel.objects.order_by("datum", "pk")),
    )


def met_cijfers() -> QuerySet:
    """Every indicator with what stand() needs, by action, for callers that page through them (the API):
    three queries for any slice."""
    return _met_cijfers(Indicator.objects.all())


def alle(vandaag: datetime.date) -> list[Stand]:
    """Every indicator with its verdict, by action: three queries."""
    return [stand(i, vandaag) for i in met_cijfers()]


def bij_actie(actie, vandaag: datetime.date) -> list[Stand]:
    """The indicators of one action, for its page: three queries."""
    return [stand(i, vandaag) for i in _met_cijfers(Indicator.objects.filter(actie=actie))]


def een(pk: int, vandaag: datetime.date) -> Stand | None:
    indicator = _met_cijfers(Indicator.objects.filter(pk=pk)).first()
    return stand(indicator, vandaag) if indicator is not None else None
