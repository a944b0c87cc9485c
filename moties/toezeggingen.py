"""The commitments of the Tweede Kamer's register in pokvolg: storing a run's answer (called by
moties.ophalen.bewaar, in its transaction) and keeping an accepted commitment's Opdracht up to date.

A new register number becomes an open proposal (Kamertoezegging); the redactie accepts or rejects it
(rapportage.toezeggingen). An open or accepted one takes the register's new data, with history; an accepted
one also moves its Opdracht's deadline and, once the register names the letter that fulfils it, its
standing to 'voldaan' with that letter. A rejected one is left exactly as it was and never proposed again.
A register number that an Opdracht already carries (entered by hand) is not proposed: it arrives accepted,
linked to that Opdracht.
"""

from dataclasses import dataclass, field

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Kamertoezegging, Opdracht, Stand, Voorstelbesluit

VELDEN = (
    "toezegging_id",
    "dossier",
    "tekst",
    "bewindspersoon",
    "functie",
    "ministerie",
    "status",
    "datum",
    "activiteit",
    "datum_nakoming",
    "nakoming",
    "nakoming_kamerstuk",
    "nakoming_datum",
)


@dataclass
class Toezeggingenverslag:
    """What a run did with the commitments."""

    nieuw: list = field(default_factory=list)  # register numbers proposed now
    bijgewerkt: list = field(default_factory=list)  # open or accepted ones whose data changed
    ongewijzigd: int = 0
    afgewezen: int = 0  # rejected ones in the answer, left alone

    def delen(self):
        delen = [
            _("%(n)s nieuwe toezegging(en) voorgesteld, %(m)s bijgewerkt")
            % {"n": len(self.nieuw), "m": len(self.bijgewerkt)}
        ]
        if self.afgewezen:
            delen.append(_("%(n)s afgewezen toezegging(en) overgeslagen") % {"n": self.afgewezen})
        return delen


def _waarde(veld, waarde):
    """The value as the field stores it (cut to its length, in normal form), so comparing tells a change."""
    model_veld = Kamertoezegging._meta.get_field(veld)
    if isinstance(waarde, str):
        if model_veld.max_length:
            waarde = waarde[: model_veld.max_length]
        if hasattr(model_veld, "normaliseer"):
            waarde = model_veld.normaliseer(waarde)
    return waarde


def _waarden(dossier, toezegging):
    brief = toezegging.kamerbrief
    ruw = {
        "toezegging_id": toezegging.toezegging_id,
        "dossier": dossier,
        "tekst": toezegging.tekst,
        "bewindspersoon": toezegging.bewindspersoon,
        "functie": toezegging.functie,
        "ministerie": toezegging.ministerie,
        "status": toezegging.status,
        "datum": toezegging.datum,
        "activiteit": toezegging.activiteit,
        "datum_nakoming": toezegging.datum_nakoming,
        "nakoming": brief.titel if brief else "",
        "nakoming_kamerstuk": brief.kamerstuk if brief else "",
        "nakoming_datum": brief.datum if brief else None,
    }
    return {veld: _waarde(veld, waarde) for veld, waarde in ruw.items()}


def _per_nummer(toezeggingen_per_dossier):
    """register number -> (dossier, Toezeggingsgegevens); of a number found twice (two dossiers, two
    pages), the record the Kamer changed last wins."""
    alles = [(dossier, t) for dossier, lijst in toezeggingen_per_dossier.items() for t in lijst]
    return {
        t.registernummer: (dossier, t) for dossier, t in sorted(alles, key=lambda d_t: d_t[1].gewijzigd_op)
    }


def bewaar_toezeggingen(toezeggingen_per_dossier, nu):
    """Store one run's commitments ({dossier: [Toezeggingsgegevens]}); the caller holds the transaction."""
    verslag = Toezeggingenverslag()
    per_nummer = _per_nummer(toezeggingen_per_dossier)
    # Locked, with their Opdracht, so that an acceptance at the same moment waits for the run or the other
    # way round (rapportage.toezeggingen locks the same rows).
    bestaand = {
        k.registernummer: k
        for k in Kamertoezegging.objects.select_for_update()
        .filter(registernummer__in=list(per_nummer))
        .order_by("registernummer")
    }
    opdrachten = Opdracht.objects.select_for_update().order_by("pk")
    gekoppeld = opdrachten.in_bulk([k.opdracht_id for k in bestaand.values() if k.opdracht_id])
    for kamertoezegging in bestaand.values():
        if kamertoezegging.opdracht_id:
            kamertoezegging.opdracht = gekoppeld[kamertoezegging.opdracht_id]
    met_hand = {
        o.registernummer: o
        for o in opdrachten.filter(registernummer__in=[n for n in per_nummer if n not in bestaand])
    }
    gezien = []
    for nummer in sorted(per_nummer):
        dossier, toezegging = per_nummer[nummer]
        waarden = _waarden(dossier, toezegging)
        kamertoezegging = bestaand.get(nummer)
        # Only a deadline the register itself moved is taken over: one a ministry moved since (the rappel's
        # log, rapportage.rappel) stays until the Kamer sets a new date.
        datum_verschoven = (
            kamertoezegging is None or kamertoezegging.datum_nakoming != waarden["datum_nakoming"]
        )
        if kamertoezegging is None:
            kamertoezegging = Kamertoezegging(registernummer=nummer, opgehaald_op=nu, **waarden)
            opdracht = met_hand.get(nummer)
            if opdracht is not None:
                kamertoezegging.besluit = Voorstelbesluit.AANVAARD
                kamertoezegging.opdracht = opdracht
            kamertoezegging._change_reason = _("Opgehaald uit het toezeggingenregister van de Tweede Kamer")
            kamertoezegging.save()
            verslag.nieuw.append(nummer)
        elif kamertoezegging.besluit == Voorstelbesluit.AFGEWEZEN:
            verslag.afgewezen += 1
            continue
        elif all(getattr(kamertoezegging, veld) == waarde for veld, waarde in waarden.items()):
            verslag.ongewijzigd += 1
        else:
            for veld, waarde in waarden.items():
                setattr(kamertoezegging, veld, waarde)
            kamertoezegging.opgehaald_op = nu
            kamertoezegging._change_reason = _("Bijgewerkt uit het toezeggingenregister van de Tweede Kamer")
            kamertoezegging.save()
            verslag.bijgewerkt.append(nummer)
        gezien.append(kamertoezegging.pk)
        if kamertoezegging.opdracht is not None:
            werk_opdracht_bij(kamertoezegging, kamertoezegging.opdracht, datum_verschoven)
    Kamertoezegging.objects.filter(pk__in=gezien).update(opgehaald_op=nu)
    return verslag


def werk_opdracht_bij(kamertoezegging, opdracht, datum_verschoven: bool):
    """Save the Opdracht of an accepted commitment, with history, when the register changed what it takes
    over (neem_registergegevens_over)."""
    if neem_registergegevens_over(kamertoezegging, opdracht, datum_verschoven):
        opdracht._change_reason = _(
            "Bijgewerkt uit het toezeggingenregister van de Tweede Kamer (%(nummer)s)"
        ) % {"nummer": kamertoezegging.registernummer}
        opdracht.save()


def neem_registergegevens_over(kamertoezegging, opdracht, datum_verschoven: bool = True):
    """Give the Opdracht the register's deadline (when `datum_verschoven`: on accepting, and when the register
    moved it) and, once the register names the letter that fulfils the commitment, the standing 'voldaan'
    with that letter; not saved. A deadline the register does not give, and a standing 'voldaan' or
    'vervallen' the redactie set, stay as they are. True when anything changed."""
    gewijzigd = False
    if (
        datum_verschoven
        and kamertoezegging.datum_nakoming
        and opdracht.uiterste_datum != kamertoezegging.datum_nakoming
    ):
        opdracht.uiterste_datum = kamertoezegging.datum_nakoming
        gewijzigd = True
    if kamertoezegging.nakoming and opdracht.stand not in (Stand.VOLDAAN, Stand.VERVALLEN):
        opdracht.stand = Stand.VOLDAAN
        opdracht.stand_datum = kamertoezegging.nakoming_datum or timezone.localdate()
        opdracht.vervuld_door = kamertoezegging.nakoming[
            : Opdracht._meta.get_field("vervuld_door").max_length
        ]
        opdracht.vervuld_kamerstuk = kamertoezegging.nakoming_kamerstuk
        gewijzigd = True
    return gewijzigd
