"""The half-yearly reminder (rappel): the redactie plans it for a date; on that date each ministry's
coordinators hear which of their items are over their deadline or due within six months (actions, the
register's items addressed to their ministry, indicator targets off track) and answer per item with a new
expected date and its reason, or the document that fulfilled it.

Each step is one transaction that locks its rows and checks the permission again (rapportage.rechten). The
items are frozen when the rappel goes out (RappelPunt), so the mail, the answer page and the overview
show the same list. Indicator targets come from a layer above this one (meldingen.rappel passes them in);
the actions and the register's items are found here. Mails go out in a background job queued in the same
transaction (meldingen.rappel), so they leave only after the commit, and never while rows are locked.

A new date moves the date at once, with its reason in a log: an action's target date (its
StreefdatumWijziging, which waits for a running round as every target date does), a register item's
deadline (UitersteDatumWijziging). What only the redactie may make true stays a proposal until it takes
it over (neem_over) or refuses it with a reason (wijs_af): a document that would fulfil a register item
(closure is confirmed by the redactie, issue 24), and a new date for an indicator target (a target is a
promise with its own source).
"""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, OuterRef, Subquery
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from acties.models import AFGESLOTEN, ActieMinisterie, Ministerie, Rol
from lib import prognose
from moties.models import Opdracht, Soort, Stand, over_tijd_op

from . import rechten
from .models import Rappel, RappelPunt, StreefdatumWijziging, UitersteDatumWijziging
from .ronde import RondeFout, _bewaar, _datum
from .verantwoording import _actie_vergrendeld, _geldige_bron, _voeg_toe, verschuif_streefdatum

MAANDEN_VOORUIT = 6


def zes_maanden_na(datum):
    """The same day six months later; the last day of that month when it is shorter (31 augustus → 28/29
    februari)."""
    maand = datum.month - 1 + MAANDEN_VOORUIT
    jaar, maand = datum.year + maand // 12, maand % 12 + 1
    volgende = datetime.date(jaar + (maand == 12), maand % 12 + 1, 1)
    return datetime.date(jaar, maand, min(datum.day, (volgende - datetime.timedelta(days=1)).day))


def kort(tekst):
    return " ".join(Truncator(tekst).words(14).split())[:300]


def _soort(streefdatum, datum):
    return RappelPunt.Soort.TE_LAAT if streefdatum < datum else RappelPunt.Soort.BINNENKORT


def actiepunten(datum):
    """Unsaved items: per lead ministry, its open actions whose working target date (a change waiting for
    its round counts) lies before `datum` or within six months after it. One query."""
    grens = zes_maanden_na(datum)
    wachtend = StreefdatumWijziging.objects.wachtend().filter(actie=OuterRef("actie")).order_by("-op", "-pk")
    links = (
        ActieMinisterie.objects.filter(rol=Rol.EERSTVERANTWOORDELIJK)
        .exclude(actie__status__in=AFGESLOTEN)
        .annotate(wacht=Exists(wachtend), wacht_naar=Subquery(wachtend.values("naar")[:1]))
        .select_related("actie")
        .order_by("ministerie_id", "actie__nummer")
    )
    punten = []
    for link in links:
        streefdatum = link.wacht_naar if link.wacht else link.actie.streefdatum
        if streefdatum is None or streefdatum > grens:
            continue
        punten.append(
            RappelPunt(
                ministerie_id=link.ministerie_id,
                actie=link.actie,
                soort=_soort(streefdatum, datum),
                streefdatum=streefdatum,
                omschrijving=kort(
                    _("Actie %(nummer)s: %(tekst)s")
                    % {"nummer": link.actie.nummer, "tekst": link.actie.omschrijving}
                ),
            )
        )
    return punten


def opdrachtpunten(datum):
    """Unsaved items: the register's open items whose deadline lies before `datum` or within six months
    after it, each for the ministry it is addressed to; one without a ministry is kept for the redactie's
    overview, where it shows that nobody was asked. One query."""
    # Past its deadline on the day after the last one counted: the register's one expression for "late".
    opdrachten = Opdracht.objects.filter(over_tijd_op(zes_maanden_na(datum) + datetime.timedelta(days=1)))
    punten = []
    for opdracht in opdrachten.order_by("uiterste_datum", "pk"):
        punten.append(
            RappelPunt(
                ministerie_id=opdracht.ministerie_id,
                opdracht=opdracht,
                soort=_soort(opdracht.uiterste_datum, datum),
                streefdatum=opdracht.uiterste_datum,
                omschrijving=kort(
                    _("%(soort)s %(sleutel)s: %(tekst)s")
                    % {
                        "soort": Soort(opdracht.soort).label.capitalize(),
                        "sleutel": opdracht.sleutel,
                        "tekst": opdracht.titel or opdracht.dictum,
                    }
                ).rstrip(": "),
            )
        )
    return punten


def doelpunt(ministerie_id, doel, oordeel_tekst, datum):
    """An unsaved item for an indicator target that is off track (for meldingen.rappel)."""
    return RappelPunt(
        ministerie_id=ministerie_id,
        doel=doel,
        soort=_soort(doel.datum, datum),
        streefdatum=doel.datum,
        omschrijving=kort(
            _("%(naam)s: doel %(waarde)s (actie %(nummer)s)")
            % {
                "naam": doel.indicator.naam,
                "waarde": prognose.met_eenheid(doel.waarde, doel.indicator.eenheid),
                "nummer": doel.indicator.actie.nummer,
            }
        ),
        oordeel=oordeel_tekst[:300],
    )


@transaction.atomic
def do_plan(datum, gebruiker):
    """Plan a rappel for `datum` (today or later), once per date."""
    if not rechten.mag_rappel_versturen(gebruiker):
        raise PermissionDenied(_("Alleen de redactie plant een rappel."))
    if datum < timezone.localdate():
        raise RondeFout(_("Kies een datum vanaf vandaag."))
    if Rappel.objects.select_for_update().filter(datum=datum).exists():
        raise RondeFout(_("Op deze datum staat al een rappel."))
    rappel = Rappel(datum=datum, door=gebruiker)
    _bewaar(rappel, gebruiker, _("Rappel gepland"))
    return rappel


@transaction.atomic
def do_schrap(rappel, gebruiker):
    """Take a planned rappel off the schedule; a sent one stays, with its answers."""
    if not rechten.mag_rappel_versturen(gebruiker):
        raise PermissionDenied(_("Alleen de redactie plant een rappel."))
    huidig = Rappel.objects.select_for_update().get(pk=rappel.pk)
    if huidig.is_verstuurd:
        raise RondeFout(_("Deze rappel is al verstuurd."))
    huidig._history_user, huidig._change_reason = gebruiker, _("Rappel geschrapt")
    huidig.delete()


@transaction.atomic
def verstuur(rappel, gebruiker, punten):
    """Send the rappel with these unsaved items (actiepunten, opdrachtpunten and the caller's indicator
    targets): they are stored as they stand now, the rappel is marked sent, and the next one is planned six
    months later if none is. `gebruiker` None is the daily planner (meldingen.rappel), which sends what the
    redactie planned; anyone else must be redactie. A rappel sent before its day takes today's date (the
    caller counts the items from peildatum()). Returns the rappel, or None if it was sent already."""
    if gebruiker is not None and not rechten.mag_rappel_versturen(gebruiker):
        raise PermissionDenied(_("Alleen de redactie verstuurt een rappel."))
    huidig = Rappel.objects.select_for_update().filter(pk=rappel.pk).first()
    if huidig is None or huidig.is_verstuurd:
        return None
    vandaag = timezone.localdate()
    if huidig.datum > vandaag:
        # Sent ahead of its day ("nu versturen"): it is the rappel of today, and its list counts from today.
        if Rappel.objects.filter(datum=vandaag).exclude(pk=huidig.pk).exists():
            raise RondeFout(_("Vandaag is al een rappel; schrap die of wacht tot de geplande dag."))
        huidig.datum = vandaag
    for punt in punten:
        punt.rappel = huidig
    bulk_create_with_history(
        punten, RappelPunt, default_user=gebruiker, default_change_reason=_("Rappel verstuurd")
    )
    huidig.verstuurd_op = timezone.now()
    _bewaar(huidig, gebruiker, _("Rappel verstuurd"))
    volgende = zes_maanden_na(huidig.datum)
    if not Rappel.objects.gepland().filter(datum__gt=huidig.datum).exists():
        nieuw = Rappel(datum=volgende)
        _bewaar(nieuw, None, _("Volgende rappel gepland, zes maanden later"))
    return huidig


def peildatum(item):
    """The day the rappel's list counts from: its date, or today when it is sent before that."""
    return min(item.datum, timezone.localdate())


@dataclass
class Antwoord:
    """What a coordinator gives for one item: a new date with its reason, or a document."""

    punt_id: int
    nieuwe_datum: datetime.date | None = None
    reden: str = ""
    titel: str = ""
    kamerstuk: str = ""
    url: str = ""

    @property
    def leeg(self):
        return not (
            self.nieuwe_datum or self.reden.strip() or self.titel.strip() or self.kamerstuk or self.url
        )


def _controleer(antwoord, punt):
    """Checks one answer; RondeFout with the item in the message."""
    met_datum = antwoord.nieuwe_datum is not None or antwoord.reden.strip()
    met_document = antwoord.titel.strip() or antwoord.kamerstuk.strip() or antwoord.url.strip()
    naam = punt.omschrijving
    if met_datum and met_document:
        raise RondeFout(_("%(punt)s: geef een nieuwe datum of een document, niet allebei.") % {"punt": naam})
    if met_datum and (antwoord.nieuwe_datum is None or not antwoord.reden.strip()):
        raise RondeFout(_("%(punt)s: geef bij een nieuwe datum ook de reden.") % {"punt": naam})
    if met_document:
        if not antwoord.titel.strip():
            raise RondeFout(_("%(punt)s: geef het document een titel.") % {"punt": naam})
        try:
            antwoord.kamerstuk, antwoord.url = _geldige_bron(antwoord.kamerstuk, antwoord.url)
        except RondeFout as fout:
            raise RondeFout(f"{naam}: {fout}") from None


def _beantwoord_actie(punt: RappelPunt, antwoord: "Antwoord", gebruiker) -> None:
    actie = _actie_vergrendeld(punt.actie)
    if not ActieMinisterie.objects.filter(
        actie=actie, ministerie_id=punt.ministerie_id, rol=Rol.EERSTVERANTWOORDELIJK
    ).exists():
        # The action changed hands since the rappel went out: its new lead ministry answers for it.
        raise PermissionDenied(_("Uw ministerie is niet meer eerstverantwoordelijk voor deze actie."))
    if antwoord.nieuwe_datum is not None:
        verschuif_streefdatum(actie, antwoord.nieuwe_datum, antwoord.reden, gebruiker)
    else:
        _voeg_toe(actie, None, antwoord.titel, antwoord.kamerstuk, antwoord.url, gebruiker)


def _beantwoord_opdracht(punt: RappelPunt, antwoord: "Antwoord", gebruiker) -> None:
    """A new date moves the register item's deadline, logged with its reason; a document is kept on the
    item as a proposal the redactie confirms (neem_over)."""
    opdracht = Opdracht.objects.select_for_update().get(pk=punt.opdracht_id)
    if opdracht.ministerie_id != punt.ministerie_id:
        raise PermissionDenied(_("Deze opdracht is niet meer aan uw ministerie gericht."))
    if opdracht.stand not in (Stand.OPEN, Stand.DEELS_VOLDAAN):
        raise RondeFout(
            _("%(punt)s: dit punt is intussen %(stand)s; laat het leeg.")
            % {"punt": punt.omschrijving, "stand": opdracht.get_stand_display()}
        )
    if antwoord.nieuwe_datum is None or antwoord.nieuwe_datum == opdracht.uiterste_datum:
        return
    if opdracht.uiterste_datum is None:
        raise RondeFout(
            _("%(punt)s: de redactie heeft de uiterste datum intussen weggehaald; laat het leeg.")
            % {"punt": punt.omschrijving}
        )
    wijziging = UitersteDatumWijziging(
        opdracht=opdracht,
        van=opdracht.uiterste_datum,
        naar=antwoord.nieuwe_datum,
        reden=antwoord.reden.strip(),
        door=gebruiker,
        rappelpunt=punt,
    )
    _bewaar(wijziging, gebruiker, _("Rappel beantwoord"))
    opdracht.uiterste_datum = wijziging.naar
    reden = _("Uiterste datum %(van)s → %(naar)s: %(reden)s") % {
        "van": _datum(wijziging.van),
        "naar": _datum(wijziging.naar),
        "reden": wijziging.reden,
    }
    _bewaar(opdracht, gebruiker, reden)


@transaction.atomic
def beantwoord(rappel, gebruiker, antwoorden):
    """A coordinator's answers to items of `rappel`, all in one transaction: an item not theirs (another
    ministry, another rappel, answered already) refuses the whole answer and writes nothing. A new date of
    an action goes into the target-date log with its reason (rapportage.verantwoording), a document
    becomes evidence of the action; a new date of a register item moves its deadline into its log, a
    document for it waits for the redactie (neem_over); so does a new date for an indicator target.
    Returns the items answered."""
    rappel = Rappel.objects.get(pk=rappel.pk)
    antwoorden = [a for a in antwoorden if not a.leeg]
    ids = {a.punt_id for a in antwoorden}
    punten = {
        p.pk: p
        for p in RappelPunt.objects.select_for_update(of=("self",))
        .select_related("rappel")
        .filter(pk__in=ids, rappel=rappel)
    }
    toegestaan = set(
        rechten.te_beantwoorden_rappelpunten(gebruiker).filter(pk__in=ids).values_list("pk", flat=True)
    )
    if ids - toegestaan or ids - set(punten) or not rechten.mag_rappel_beantwoorden(gebruiker, rappel):
        raise PermissionDenied(_("U kunt alleen de open punten van uw eigen ministerie beantwoorden."))
    if not antwoorden:
        raise RondeFout(_("Geef bij ten minste één punt een nieuwe datum of een document."))
    beantwoord = []
    for antwoord in sorted(antwoorden, key=lambda a: a.punt_id):
        punt = punten[antwoord.punt_id]
        _controleer(antwoord, punt)
        if punt.actie_id:
            _beantwoord_actie(punt, antwoord, gebruiker)
        elif punt.opdracht_id:
            _beantwoord_opdracht(punt, antwoord, gebruiker)
        punt.nieuwe_datum, punt.reden = antwoord.nieuwe_datum, antwoord.reden.strip()
        punt.titel, punt.kamerstuk, punt.url = antwoord.titel.strip(), antwoord.kamerstuk, antwoord.url
        punt.beantwoord_door, punt.beantwoord_op = gebruiker, timezone.now()
        _bewaar(punt, gebruiker, _("Rappel beantwoord"))
        beantwoord.append(punt)
    return beantwoord


@transaction.atomic
def neem_over(punt: RappelPunt, gebruiker) -> RappelPunt:
    """The redactie takes over what a ministry proposed in its answer (RappelPunt.wacht_op_redactie): a
    document makes the register item fulfilled with that document. The item is marked taken over and
    returned locked, with its target loaded: for an indicator target the caller (meldingen.rappel, a layer
    above) records the moved target in the same transaction."""
    if not rechten.mag_rappel_versturen(gebruiker):
        raise PermissionDenied(_("Alleen de redactie neemt een antwoord over."))
    huidig = (
        RappelPunt.objects.select_for_update(of=("self",))
        .select_related("rappel", "ministerie", "doel__indicator", "beantwoord_door")
        .get(pk=punt.pk)
    )
    if not huidig.wacht_op_redactie:
        raise RondeFout(_("Dit antwoord wacht niet (meer) op de redactie."))
    if huidig.opdracht_id:
        opdracht = Opdracht.objects.select_for_update().get(pk=huidig.opdracht_id)
        if opdracht.stand not in (Stand.OPEN, Stand.DEELS_VOLDAAN):
            raise RondeFout(_("Deze opdracht is al %(stand)s.") % {"stand": opdracht.get_stand_display()})
        if len(huidig.url) > Opdracht._meta.get_field("vervuld_url").max_length:
            raise RondeFout(
                _("Het adres is te lang voor het register; leg het document daar met de hand vast.")
            )
        opdracht.stand, opdracht.stand_datum = Stand.VOLDAAN, timezone.localdate()
        opdracht.vervuld_door = huidig.titel
        opdracht.vervuld_kamerstuk, opdracht.vervuld_url = huidig.kamerstuk, huidig.url
        reden = _("Voldaan met '%(titel)s': voorgesteld door %(ministerie)s in de rappel van %(datum)s") % {
            "titel": huidig.titel,
            "ministerie": huidig.ministerie.afkorting,
            "datum": _datum(huidig.rappel.datum),
        }
        _bewaar(opdracht, gebruiker, reden)
    huidig.beoordeeld_door, huidig.beoordeeld_op = gebruiker, timezone.now()
    _bewaar(huidig, gebruiker, _("Antwoord overgenomen door de redactie"))
    return huidig


@transaction.atomic
def wijs_af(punt: RappelPunt, gebruiker, reden: str) -> RappelPunt:
    """The redactie does not take over a ministry's proposal, and says why: the register item stays open
    (the next rappel asks again), the target stays as promised. The ministry reads the reason on its
    answer page."""
    if not rechten.mag_rappel_versturen(gebruiker):
        raise PermissionDenied(_("Alleen de redactie beslist over een antwoord."))
    huidig = RappelPunt.objects.select_for_update(of=("self",)).get(pk=punt.pk)
    if not huidig.wacht_op_redactie:
        raise RondeFout(_("Dit antwoord wacht niet (meer) op de redactie."))
    reden = (reden or "").strip()
    if not reden:
        raise RondeFout(_("Geef de reden waarom u het voorstel niet overneemt."))
    maximum = RappelPunt._meta.get_field("afwijsreden").max_length
    if len(reden) > maximum:
        raise RondeFout(_("Schrijf de reden in hoogstens %(n)s tekens.") % {"n": maximum})
    huidig.beoordeeld_door, huidig.beoordeeld_op, huidig.afwijsreden = gebruiker, timezone.now(), reden
    _bewaar(huidig, gebruiker, _("Voorstel afgewezen door de redactie: %(reden)s") % {"reden": reden})
    return huidig


@dataclass
class MinisterieStand:
    """One ministry in the overview: its items, how many answered, and by whom. `ministerie` None holds the
    register's items addressed to no ministry: nobody was asked about them."""

    ministerie: object
    punten: list
    coordinatoren: list

    @property
    def beantwoord(self):
        return sum(1 for p in self.punten if p.is_beantwoord)

    @property
    def open(self):
        return len(self.punten) - self.beantwoord

    @property
    def antwoorders(self):
        return sorted({p.beantwoord_door.get_username() for p in self.punten if p.beantwoord_door_id})

    @property
    def klaar(self):
        return self.open == 0


def overzicht(rappel):
    """Per ministry, by abbreviation: its items with their answers; last, the items without a ministry.
    Three queries, however many items."""
    punten = list(
        rappel.punten.select_related(
            "ministerie", "actie", "doel__indicator", "opdracht", "beantwoord_door", "beoordeeld_door"
        ).order_by("ministerie__afkorting", "streefdatum", "pk")
    )
    per_ministerie = {}
    for punt in punten:
        per_ministerie.setdefault(punt.ministerie_id, []).append(punt)
    ministeries = (
        Ministerie.objects.filter(pk__in=per_ministerie)
        .prefetch_related("coordinatoren")
        .order_by("afkorting")
    )
    standen = [
        MinisterieStand(
            m,
            per_ministerie[m.pk],
            sorted(c.get_full_name() or c.get_username() for c in m.coordinatoren.all()),
        )
        for m in ministeries
    ]
    if None in per_ministerie:
        standen.append(MinisterieStand(None, per_ministerie[None], []))
    return standen
