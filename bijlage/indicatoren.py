"""The annex's indicator lines (?kolommen=indicatoren): under an action's status text, one line per
indicator of that action with its last measurement, the target readers look at first and the verdict in
plain words, as the round published them.

A closed round (or a publication of a round being corrected) prints the indicators, targets and
measurements that stood at its moment, from their history, as it prints the words and the links it was
published with: a target moved or a figure measured later is no part of it. Only one round runs at a
time, so every measurement that stood then was public then or was the round's own, published at that
moment. A draft shows what is public now and what its own round adds, as closing will publish it.
Three queries for all indicators, however many actions there are.

Our importer knows these lines by their start, "Indicator:" or "Indicator (actie 4):"
(importeer.notatie.zonder_indicatorregels), and leaves them out of the status text it reads back; a line
changed here must change there too.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone
from django.utils.translation import gettext as _

from indicatoren import query
from indicatoren.models import Doel, Indicator, Meting
from lib.prognose import datum_tekst
from rapportage.models import Rapportage


@dataclass(frozen=True)
class Indicatorregel:
    """One indicator's line, without its label."""

    actie: int  # the action's number, named where several actions share the status cell
    tekst: str

    def met_label(self, met_actie: bool) -> str:
        if met_actie:
            return _("Indicator (actie %(nummer)s): %(tekst)s") % {"nummer": self.actie, "tekst": self.tekst}
        return _("Indicator: %(tekst)s") % {"tekst": self.tekst}


def _zoals_toen(rapportage: Rapportage, moment: datetime.datetime | None):
    """(indicators, targets, measurements) as they stood at ``moment``, or of a draft now."""
    if moment is None:
        metingen = Meting.objects.openbaar() | Meting.objects.filter(rapportage=rapportage)
        return Indicator.objects.all(), Doel.objects.all(), metingen
    return Indicator.history.as_of(moment), Doel.history.as_of(moment), Meting.history.as_of(moment)


def tekst(stand: query.Stand) -> str:
    """'Integrale beoordelingen afgerond: 35% op 1 april 2023; doel 90% op 31 maart 2025; achter op
    schema: bij dit tempo 62% op 31 maart 2025', and the move of that target where a letter moved it."""
    if stand.metingen:
        gemeten = _("%(waarde)s op %(datum)s") % {
            "waarde": stand.laatste_meting,
            "datum": datum_tekst(stand.metingen[-1].meetdatum),
        }
    else:
        gemeten = _("nog niet gemeten")
    delen = [gemeten]
    # The target whose verdict readers see first (Stand.oordeel).
    huidig = next((d for d in stand.actueel if d.oordeel is stand.oordeel), None)
    if huidig is None:
        delen.append(_("geen doel beloofd"))
    else:
        delen.append(
            _("doel %(waarde)s op %(datum)s")
            % {"waarde": huidig.waarde, "datum": datum_tekst(huidig.doel.datum)}
        )
        delen.append(huidig.oordeel.tekst)
        delen += [e.oordeel.tekst for e in stand.eerder if e.doel.pk == huidig.doel.vervangt_id]
    return f"{stand.indicator.naam}: {'; '.join(delen)}"


def indicatoren_per_actie(
    rapportage: Rapportage, moment: datetime.datetime | None, nummers: dict[int, int]
) -> dict[int, list[Indicatorregel]]:
    """{action pk: [Indicatorregel]} of the actions in ``nummers`` ({pk: number}), each action's
    indicators by name, as they stood at ``moment`` (bijlage.gegevens.moment_van_vaststelling)."""
    indicatoren, doelen, metingen = _zoals_toen(rapportage, moment)
    doelen_per, metingen_per = defaultdict(list), defaultdict(list)
    for doel in sorted(doelen, key=lambda d: (d.datum, d.pk)):
        doelen_per[doel.indicator_id].append(doel)
    for meting in sorted(metingen, key=lambda m: (m.meetdatum, m.pk)):
        metingen_per[meting.indicator_id].append(meting)
    # A verdict as it read then: a target date passed since does not count against it.
    vandaag = timezone.localdate(moment) if moment is not None else timezone.localdate()
    per_actie = defaultdict(list)
    for indicator in sorted(indicatoren, key=lambda i: (i.naam, i.pk)):
        if indicator.actie_id not in nummers:
            continue
        stand = query.stand(indicator, vandaag, metingen_per[indicator.pk], doelen_per[indicator.pk])
        per_actie[indicator.actie_id].append(Indicatorregel(nummers[indicator.actie_id], tekst(stand)))
    return dict(per_actie)
