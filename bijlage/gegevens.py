"""The annex's data: which actions, descriptions, texts, statuses and evidence it shows, as rows in blocks.

A closed round's annex shows what was published when the round was closed; a draft shows the round's
current data; a round reopened for a correction shows its last publication (a Publicatie) to the public
until the correction is published. The look-ups that say what was published are together under "as
published", each a small function, so that where that data comes from can change there alone. Nothing
here renders: bijlage.samenstelling composes a document of these rows, bijlage.opmaak and
bijlage.word render it.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from acties.models import Actie, ActieMinisterie, Status, Thema
from lib.vindplaats import kamerstuk_aanhaling
from openbaar.query import teksten
from openbaar.query import vindplaatsen as openbare_vindplaatsen
from rapportage.afronding import laatste_per_actie
from rapportage.models import Afronding, GepubliceerdeTekst, Publicatie, Rapportage, Vindplaats, Voortgang

from .herkomst import HARDE_SPATIE, herkomst_per_actie
from .indicatoren import Indicatorregel, indicatoren_per_actie

# ---------------------------------------------------------------- rows


@dataclass(frozen=True)
class Bron:
    """One vindplaats as the annex prints it: its lines (a Kamerstuk's citation; a document's title and
    address, as a title alone does not say where to find it on paper) and the address it links to."""

    regels: tuple[str, ...]
    link: str = ""


@dataclass
class Rij:
    """One action in the table."""

    nummer: int
    omschrijving: str
    tekst: str
    status: str = ""
    ministeries: str = ""
    wijziging: str = ""
    # Rows of the Stand van Zaken cell: 2 when the next action shares this text, 0 when covered.
    rijen: int = 1
    voortgang_id: int | None = None
    gedeeld_met_id: int | None = None
    # Its own cell on every row, also where the Stand van Zaken cell is shared.
    vindplaatsen: list[Bron] = field(default_factory=list)
    # The items the action carries out, each as cited (bijlage.herkomst.aanhaling).
    herkomst: list[str] = field(default_factory=list)
    # The indicator lines under the status text (bijlage.indicatoren): of every action whose row the
    # Stand van Zaken cell covers.
    indicatoren: list[Indicatorregel] = field(default_factory=list)

    @property
    def indicator_teksten(self) -> list[str]:
        """The indicator lines as the cell prints them, naming the action of each where the cell is shared."""
        return [r.met_label(met_actie=self.rijen > 1) for r in self.indicatoren]

    @property
    def omschrijving_regels(self):
        return [_houd_bij_elkaar(r) for r in regels(self.omschrijving)]

    @property
    def tekst_regels(self):
        return [_houd_bij_elkaar(r) for r in regels(self.tekst)]

    @property
    def herkomst_regels(self):
        return [_houd_bij_elkaar(a) for a in self.herkomst]

    @property
    def indicator_regels(self):
        return [_houd_bij_elkaar(t) for t in self.indicator_teksten]


@dataclass
class Blok:
    """A theme or sub-theme row and the actions under it."""

    naam: str
    subthema: bool
    rijen: list[Rij] = field(default_factory=list)


def regels(tekst: str) -> list[str]:
    """The lines of a text that are not blank."""
    return [r for r in tekst.splitlines() if r.strip()]


# Line breaks a reader of the printed annex (and our importer) would misread: a break after "/"
# or an en dash inside a word, or before a "(" that follows a letter without a space ("jl.(Kamerstukken"),
# reads as two words, a line that starts with a dash reads as a bullet, and a break after "Wet-" reads as
# one hyphenated word. A word joiner (invisible, not copied into
# the PDF text) or a no-break space prevents exactly those breaks.
WOORDVERBINDER = "\u2060"
_BREEKPUNT = re.compile(r"[/–—](?=.)|(?<!\w)-(?=.)")
_VOOR_HAAKJE = re.compile(r"(?<=.)(?=\()")
_LOS_STREEPJE = re.compile(r"^[-–—•*▪]$")
_AFBREEKSTREEPJE = re.compile(r"\w-$")
_MAX_HEEL = 60  # longer words (long web addresses) may break after a "/" again


def _houd_bij_elkaar(regel):
    woorden = []
    for woord in regel.split(" "):
        if len(woord) <= _MAX_HEEL:
            woord = _BREEKPUNT.sub(lambda m: m.group(0) + WOORDVERBINDER, woord)
            woord = _VOOR_HAAKJE.sub(WOORDVERBINDER, woord)
        if woorden and (_LOS_STREEPJE.match(woord) or _AFBREEKSTREEPJE.search(woorden[-1])):
            woorden[-1] += HARDE_SPATIE + woord
        else:
            woorden.append(woord)
    return " ".join(woorden)


# ---------------------------------------------------------------- as published


def publicatie_in_correctie(rapportage: Rapportage) -> Publicatie | None:
    """The publication the public reads of a round being corrected; None for any other round, whose own
    data is its annex (frozen when closed, a draft when running)."""
    if not rapportage.is_in_correctie:
        return None
    return rapportage.publicaties.get(versie=rapportage.publicatieversie)


def teksten_van(
    rapportage: Rapportage, publicatie: Publicatie | None = None
) -> dict[int, Voortgang | GepubliceerdeTekst]:
    """{action pk: text}: the round's texts (of a closed round: as published, they are frozen), or those
    of ``publicatie``."""
    if publicatie is not None:
        return {t.actie_id: t for t in publicatie.teksten.all()}
    return {v.actie_id: v for v in Voortgang.objects.filter(rapportage=rapportage)}


def moment_van_vaststelling(
    rapportage: Rapportage, teksten, publicatie: Publicatie | None = None
) -> datetime | None:
    """When a closed round's annex was as published, or None (a draft, or a round without a moment).

    The closing time or the last change to one of the round's texts, whichever is later: the importer
    marks a round closed before it adds the actions, in the same transaction. Of a publication: when it
    was published.
    """
    if publicatie is not None:
        return publicatie.op
    if not rapportage.is_vastgesteld:
        return None
    momenten = [rapportage.vastgesteld_op, *(v.gewijzigd_op for v in teksten)]
    return max((m for m in momenten if m is not None), default=None)


def omschrijvingen_zoals_vastgesteld(
    rapportage: Rapportage, teksten, publicatie: Publicatie | None = None
) -> dict[int, tuple[str, int]]:
    """(description, theme id) per action pk as they were when the round was closed; {} for a draft.

    A later round may reword an action; the annex of a closed round keeps the published words.
    """
    moment = moment_van_vaststelling(rapportage, teksten, publicatie)
    if moment is None:
        return {}
    return {a.pk: (a.omschrijving, a.thema_id) for a in Actie.history.as_of(moment)}


def vindplaatsen_zoals_vastgesteld(
    rapportage: Rapportage, teksten, publicatie: Publicatie | None = None
) -> dict[int, list[Bron]]:
    """{action pk: [Bron]}, in one query: the evidence of the action itself and of its text in this round.

    Another round's texts have their own annex. A closed round lists what was public when it was closed:
    evidence added to an action later is no part of it, as a later rewording of an action is not
    (omschrijvingen_zoals_vastgesteld). A draft shows its texts' evidence, as closing will publish it with
    them. A publication shows what was public then: evidence added or removed during the correction waits
    for it.
    """
    van_de_ronde = Q(voortgang__isnull=True) | Q(voortgang__rapportage=rapportage)
    vindplaatsen = Vindplaats.objects.filter(van_de_ronde)
    if rapportage.is_vastgesteld or publicatie is not None:
        # What the public reads (openbaar): evidence removed during a correction stays until it is published.
        vindplaatsen = openbare_vindplaatsen().filter(van_de_ronde)
        moment = moment_van_vaststelling(rapportage, teksten, publicatie)
        if moment is not None:
            # Only the action's own can be added then: the round's texts are frozen while it is closed.
            vindplaatsen = vindplaatsen.exclude(voortgang__isnull=True, toegevoegd_op__gt=moment)
    per_actie = defaultdict(dict)
    for vindplaats in vindplaatsen.only("actie_id", "kamerstuk", "url", "titel"):
        # The same document on the action and on its text is listed once.
        per_actie[vindplaats.actie_id].setdefault(vindplaats.adres, _bron(vindplaats))
    return {actie: list(bronnen.values()) for actie, bronnen in per_actie.items()}


def acties_van(
    rapportage: Rapportage, met_ministeries: bool, publicatie: Publicatie | None = None
) -> QuerySet[Actie]:
    """The actions in a round's annex: of a closed round (or a publication) those with a published text,
    of a draft all."""
    acties = _acties(met_ministeries)
    if publicatie is not None:
        return acties.filter(gepubliceerde_teksten__publicatie=publicatie)
    if rapportage.is_vastgesteld:
        acties = acties.filter(voortgang__rapportage=rapportage)
    return acties


def laatst_gepubliceerde_teksten(acties, rapportage: Rapportage | None) -> dict[int, GepubliceerdeTekst]:
    """{action pk: text as published}: in ``rapportage`` (a published round), else the latest one; also
    while a round is being corrected, as the public list shows them (openbaar.query.teksten)."""
    gepubliceerd = teksten().filter(actie__in=[a.pk for a in acties])
    if rapportage is not None:
        gepubliceerd = gepubliceerd.filter(rapportage=rapportage)
    return gepubliceerd.nieuwste_per_actie()


def _bron(vindplaats):
    if vindplaats.kamerstuk:
        return Bron((kamerstuk_aanhaling(vindplaats.kamerstuk),), vindplaats.adres)
    adres = vindplaats.adres
    # Forms let only https addresses in (lib.vindplaats); a row written otherwise shows its address as
    # text but never becomes a link (javascript: in the HTML version).
    return Bron((vindplaats.titel, adres), adres if urlsplit(adres).scheme == "https" else "")


def _acties(met_ministeries):
    acties = Actie.objects.all()
    if met_ministeries:
        acties = acties.prefetch_related(
            Prefetch("actieministeries", queryset=ActieMinisterie.objects.select_related("ministerie"))
        )
    return acties


# ---------------------------------------------------------------- rows of a round, of a list


@dataclass
class Actieregel:
    """An action's row, with what it was made of."""

    actie: Actie
    thema_id: int
    rij: Rij
    voortgang: Voortgang | GepubliceerdeTekst | None


def _ministeries(actie, met_ministeries):
    if not met_ministeries:
        return ""
    return ", ".join(link.ministerie.afkorting for link in actie.actieministeries.all())


def bevestigde_afrondingen(moment: datetime | None) -> dict[int, datetime]:
    """{action pk: when the redactie confirmed its closure} for the reports standing at ``moment`` (now,
    for a draft): a confirmation given after a publication is not in that publication's annex."""
    moment = moment or timezone.now()
    laatste = laatste_per_actie(Afronding.objects.filter(gemeld_op__lte=moment))
    return {
        pk: a.besloten_op
        for pk, a in laatste.items()
        if a.besluit == Afronding.Besluit.BEVESTIGD and a.besloten_op <= moment
    }


def status_met_afronding(tekst, bevestigd_op: datetime | None) -> str:
    """The status as the annex prints it: 'Afgerond (bevestigd op 3 mei 2022)' once the redactie confirmed."""
    if tekst.status == Status.AFGEROND and bevestigd_op is not None:
        return _("%(status)s (bevestigd op %(datum)s)") % {
            "status": tekst.get_status_display(),
            "datum": date_format(timezone.localtime(bevestigd_op), "j F Y"),
        }
    return tekst.get_status_display()


def regels_van_rapportage(
    rapportage: Rapportage,
    met_ministeries: bool,
    met_vindplaatsen: bool = False,
    publicatie: Publicatie | None = None,
    met_herkomst: bool = False,
    met_indicatoren: bool = False,
) -> list[Actieregel]:
    """An Actieregel for every action in the round (or in ``publicatie`` of it); a draft shows every
    action, with a text or not."""
    teksten = teksten_van(rapportage, publicatie)
    toen = omschrijvingen_zoals_vastgesteld(rapportage, teksten.values(), publicatie)
    vindplaatsen = {}
    if met_vindplaatsen:
        vindplaatsen = vindplaatsen_zoals_vastgesteld(rapportage, teksten.values(), publicatie)
    moment = moment_van_vaststelling(rapportage, teksten.values(), publicatie)
    herkomst = herkomst_per_actie(moment) if met_herkomst else {}
    bevestigd = bevestigde_afrondingen(moment)
    acties = list(acties_van(rapportage, met_ministeries, publicatie))
    indicatoren = {}
    if met_indicatoren:
        indicatoren = indicatoren_per_actie(rapportage, moment, {a.pk: a.nummer for a in acties})
    regels = []
    for actie in acties:
        v = teksten.get(actie.pk)
        omschrijving, thema_id = toen.get(actie.pk, (actie.omschrijving, actie.thema_id))
        rij = Rij(
            nummer=actie.nummer,
            omschrijving=omschrijving,
            tekst=v.tekst if v else "",
            status=status_met_afronding(v, bevestigd.get(actie.pk)) if v else "",
            ministeries=_ministeries(actie, met_ministeries),
            voortgang_id=v.pk if v else None,
            gedeeld_met_id=v.gedeeld_met_id if v else None,
            vindplaatsen=vindplaatsen.get(actie.pk, []),
            herkomst=herkomst.get(actie.pk, []),
            indicatoren=indicatoren.get(actie.pk, []),
        )
        regels.append(Actieregel(actie, thema_id, rij, v))
    return regels


def regels_van_lijst(acties, rapportage: Rapportage | None) -> list[Actieregel]:
    """An Actieregel for each of ``acties``, with the text and status of ``rapportage`` (a closed round)
    or else the latest published text and the current status."""
    acties = list(_acties(met_ministeries=True).filter(pk__in=acties.values("pk")))
    teksten = laatst_gepubliceerde_teksten(acties, rapportage)
    regels = []
    for actie in acties:
        v = teksten.get(actie.pk)
        rij = Rij(
            nummer=actie.nummer,
            omschrijving=actie.omschrijving,
            tekst=v.tekst if v else "",
            status=v.get_status_display() if v and rapportage else actie.get_status_display(),
            ministeries=_ministeries(actie, True),
            voortgang_id=v.pk if v else None,
            gedeeld_met_id=v.gedeeld_met_id if v else None,
        )
        regels.append(Actieregel(actie, actie.thema_id, rij, v))
    return regels


def markeer_wijzigingen(regels: list[Actieregel], vorige: Rapportage | None) -> list[Actieregel]:
    """The rows that are new, changed (status text, status or description) or completed since ``vorige``
    (the previous closed round), each with its Rij.wijziging set."""
    vorig, omschrijvingen = {}, {}
    if vorige is not None:
        vorig = teksten_van(vorige)
        toen = omschrijvingen_zoals_vastgesteld(vorige, vorig.values())
        omschrijvingen = {pk: tekst for pk, (tekst, _thema) in toen.items()}
    gewijzigd = []
    for regel in regels:
        regel.rij.wijziging = _wijziging(regel, vorig.get(regel.actie.pk), omschrijvingen.get(regel.actie.pk))
        if regel.rij.wijziging:
            gewijzigd.append(regel)
    return gewijzigd


def _wijziging(regel, vorig, vorige_omschrijving):
    """nieuw / afgerond / gewijzigd compared with the previous closed round, or "" if unchanged."""
    if vorig is None:
        return _("nieuw")
    status = regel.voortgang.status if regel.voortgang else None
    if status == Status.AFGEROND and vorig.status != Status.AFGEROND:
        return _("afgerond")
    if regel.rij.tekst != vorig.tekst or (status and status != vorig.status):
        return _("gewijzigd")
    if vorige_omschrijving is not None and vorige_omschrijving != regel.rij.omschrijving:
        return _("gewijzigd")
    return ""


# ---------------------------------------------------------------- blocks


def _voeg_gedeelde_samen(rijen):
    """Give a shared status text one cell across consecutive actions, as the annexes do (3 and 4)."""
    eigenaar = None
    for rij in rijen:
        if eigenaar is not None and rij.gedeeld_met_id and rij.gedeeld_met_id == eigenaar.voortgang_id:
            eigenaar.rijen += 1
            rij.rijen = 0
            rij.tekst = eigenaar.tekst
            eigenaar.indicatoren = [*eigenaar.indicatoren, *rij.indicatoren]
        else:
            eigenaar = rij


def maak_blokken(rijen_per_thema: dict[int, list[Rij]]) -> list[Blok]:
    """Theme and sub-theme blocks in annex order: themes, then sub-themes, by volgorde; actions by number.

    ``rijen_per_thema`` maps a Thema pk to its rows. Themes without actions are left out.
    """
    themas = list(Thema.objects.all())
    subthemas = defaultdict(list)
    for thema in themas:
        if thema.hoofdthema_id:
            subthemas[thema.hoofdthema_id].append(thema)
    blokken = []
    for hoofd in (t for t in themas if t.hoofdthema_id is None):
        groep = [Blok(hoofd.naam, False, rijen_per_thema.get(hoofd.pk, []))]
        groep += [
            Blok(sub.naam, True, rijen_per_thema[sub.pk])
            for sub in subthemas[hoofd.pk]
            if sub.pk in rijen_per_thema
        ]
        if any(b.rijen for b in groep):
            blokken += groep
    for blok in blokken:
        blok.rijen.sort(key=lambda r: r.nummer)
        _voeg_gedeelde_samen(blok.rijen)
    return blokken


def blokken_van(regels: list[Actieregel]) -> list[Blok]:
    """The blocks of these rows, each row under the theme it had (as published, for a closed round)."""
    rijen = defaultdict(list)
    for regel in regels:
        rijen[regel.thema_id].append(regel.rij)
    return maak_blokken(dict(rijen))
