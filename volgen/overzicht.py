"""The digest of a published round: what changed since the previous closed round, and which follower
gets which part of it.

An action's change is judged against its newest text in a closed round before this one (so an action
that skipped a round is compared with the round it was last in):
- nieuw: the action has no earlier published text;
- afgerond: its status became 'afgerond';
- gewijzigd: its text or its status changed otherwise.
Unchanged actions are left out, and a follower none of whose actions changed gets no mail at all; nor
does a request that was never confirmed.

Each follower gets one mail with every changed action they follow once, however many of their
subscriptions name it. What a subscription covers is decided after the closing, on the actions as they
are then (their theme, motions and ministries); a selection with a status filter also covers the
actions that had that status in the previous round, so that whoever follows 'vertraagd' hears when an
action is no longer delayed.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.db.models import Q
from django.http import QueryDict
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from acties.models import Actie, ActieMinisterie, ActieOpdracht, Status
from lib.tekst import normaliseer, zelfde_tekst
from openbaar.filters import ActieFilter
from openbaar.query import teksten
from rapportage.models import NIEUWSTE_EERST, GepubliceerdeTekst

from .models import Abonnement, Soort, Volger
from .onderwerp import abonnementen_met_dingen, van_abonnement

NIEUW, GEWIJZIGD, AFGEROND = "nieuw", "gewijzigd", "afgerond"
SOORTEN = (NIEUW, GEWIJZIGD, AFGEROND)  # the order of the digest's sections

MAX_STUKKEN = 3  # changed passages shown per text
MAX_WOORDEN = 25  # words shown per passage
SAMEN = 3  # changes at most this many unchanged words apart are shown as one passage


@dataclass
class Wijziging:
    actie: Actie
    voortgang: GepubliceerdeTekst
    vorige: GepubliceerdeTekst | None
    soort: str
    verschil: list = field(default_factory=list)  # lines of the short text diff

    @property
    def status_oud(self):
        return Status.label_van(self.vorige.status) if self.vorige else ""

    @property
    def status_nieuw(self):
        return Status.label_van(self.voortgang.status)

    @property
    def status_gewijzigd(self):
        return self.vorige is not None and self.vorige.status != self.voortgang.status

    @property
    def begin(self):
        """The first words of a new action's text (a changed one shows its diff instead)."""
        return _ingekort(self.voortgang.tekst.split()) if self.soort == NIEUW else ""

    @property
    def kort(self):
        return " ".join(Truncator(self.actie.omschrijving).words(12).split())


def _ingekort(woorden):
    if len(woorden) <= MAX_WOORDEN:
        return " ".join(woorden)
    return " ".join(woorden[:MAX_WOORDEN]) + " …"


def _stukken(a, b):
    """The changed passages as (old words, new words); passages at most SAMEN words apart are one, so
    that a rewritten sentence reads as one change rather than a handful."""
    stukken, vorig_einde = [], None
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            continue
        if stukken and i1 - vorig_einde[0] <= SAMEN:
            (oi, _oe, ni, _ne) = stukken[-1]
            stukken[-1] = (oi, i2, ni, j2)
        else:
            stukken.append((i1, i2, j1, j2))
        vorig_einde = (i2, j2)
    return [(a[i1:i2], b[j1:j2]) for i1, i2, j1, j2 in stukken]


def kort_verschil(oud, nieuw):
    """A short plain-text word diff: per changed passage (at most MAX_STUKKEN) the words taken out, put
    in or replaced, each at most MAX_WOORDEN words. The whole diff is on the action's page."""
    stukken = _stukken(
        re.findall(r"\S+", normaliseer(oud or "")), re.findall(r"\S+", normaliseer(nieuw or ""))
    )
    regels = []
    for weg, erbij in stukken[:MAX_STUKKEN]:
        if weg and erbij:
            regels.append(
                _("Gewijzigd: “%(oud)s” → “%(nieuw)s”") % {"oud": _ingekort(weg), "nieuw": _ingekort(erbij)}
            )
        elif weg:
            regels.append(_("Weggehaald: “%(woorden)s”") % {"woorden": _ingekort(weg)})
        else:
            regels.append(_("Toegevoegd: “%(woorden)s”") % {"woorden": _ingekort(erbij)})
    if len(stukken) > MAX_STUKKEN:
        regels.append(
            _("(en nog %(n)s wijzigingen; de hele tekst staat op de pagina van de actie)")
            % {"n": len(stukken) - MAX_STUKKEN}
        )
    return regels


def _eerdere_teksten(rapportage):
    """{actie_id: newest published text in a round before this one}."""
    eerder = teksten().filter(
        Q(rapportage__peildatum__lt=rapportage.peildatum)
        | Q(rapportage__peildatum=rapportage.peildatum, rapportage_id__lt=rapportage.pk)
    )
    nieuwste = {}
    for v in eerder.select_related("rapportage").order_by("actie_id", *NIEUWSTE_EERST):
        nieuwste.setdefault(v.actie_id, v)
    return nieuwste


def _vorige_versie(publicatie):
    """{actie_id: text} of the version a correction corrects."""
    return {
        t.actie_id: t
        for t in GepubliceerdeTekst.objects.filter(
            rapportage=publicatie.rapportage_id, publicatie__versie=publicatie.versie - 1
        ).select_related("rapportage")
    }


def wijzigingen(publicatie):
    """{actie_id: Wijziging} of a publication, for the changed actions only: against the rounds before
    it for a round's first publication, against the version it corrects for a correction."""
    eerder = (
        _vorige_versie(publicatie) if publicatie.is_correctie else _eerdere_teksten(publicatie.rapportage)
    )
    uitkomst = {}
    for v in publicatie.teksten.select_related("actie", "rapportage").order_by("actie__nummer"):
        vorige = eerder.get(v.actie_id)
        tekst_anders = vorige is not None and not zelfde_tekst(vorige.tekst, v.tekst)
        if vorige is None:
            soort = NIEUW
        elif not tekst_anders and vorige.status == v.status:
            continue
        elif v.status == Status.AFGEROND and vorige.status != Status.AFGEROND:
            soort = AFGEROND
        else:
            soort = GEWIJZIGD
        verschil = kort_verschil(vorige.tekst, v.tekst) if tekst_anders else []
        uitkomst[v.actie_id] = Wijziging(v.actie, v, vorige, soort, verschil)
    return uitkomst


class Dekking:
    """Which of the changed actions each subscription covers; every lookup is made once per round."""

    def __init__(self, rapportage, actie_ids):
        self.rapportage = rapportage
        self.ids = set(actie_ids)
        self.vorige = rapportage.vorige()
        acties = Actie.objects.filter(pk__in=self.ids).select_related("thema")
        self.per_thema = {}
        for actie in acties:
            for thema_id in (actie.thema_id, actie.thema.hoofdthema_id):
                if thema_id:
                    self.per_thema.setdefault(thema_id, set()).add(actie.pk)
        self.per_motie = self._per(ActieOpdracht, "opdracht_id")
        self.per_ministerie = self._per(ActieMinisterie, "ministerie_id")
        self._lijsten = {}

    def _per(self, model, veld):
        uitkomst = {}
        for actie_id, sleutel in model.objects.filter(actie_id__in=self.ids).values_list("actie_id", veld):
            uitkomst.setdefault(sleutel, set()).add(actie_id)
        return uitkomst

    def _lijst(self, querystring):
        if querystring not in self._lijsten:
            gevonden = set()
            kandidaten = Actie.objects.filter(pk__in=self.ids)
            data = QueryDict(querystring, mutable=True)
            pogingen = [data]
            if data.get("status") and self.vorige is not None:
                toen = data.copy()
                toen["rapportage"] = str(self.vorige.pk)
                pogingen.append(toen)
            for poging in pogingen:
                filterset = ActieFilter(poging, queryset=kandidaten)
                if filterset.is_valid():
                    gevonden |= set(filterset.qs.values_list("pk", flat=True))
            self._lijsten[querystring] = gevonden
        return self._lijsten[querystring]

    def van(self, abonnement):
        if abonnement.soort == Soort.ACTIE:
            return {abonnement.actie_id} & self.ids
        if abonnement.soort == Soort.THEMA:
            return self.per_thema.get(abonnement.thema_id, set())
        if abonnement.soort == Soort.MOTIE:
            return self.per_motie.get(abonnement.opdracht_id, set())
        if abonnement.soort == Soort.MINISTERIE:
            return self.per_ministerie.get(abonnement.ministerie_id, set())
        return self._lijst(abonnement.filter)


@dataclass
class Overzicht:
    """One follower's digest: their changed actions per kind, and what they follow."""

    volger: Volger
    per_soort: dict  # soort -> [Wijziging], by action number
    volgt: list  # labels of everything the follower follows

    @property
    def aantal(self):
        return sum(len(w) for w in self.per_soort.values())


def overzichten(publicatie):
    """The digest of each follower with at least one changed action they follow, by address."""
    gewijzigd = wijzigingen(publicatie)
    if not gewijzigd:
        return []
    dekking = Dekking(publicatie.rapportage, gewijzigd)
    abonnementen = {}
    for abonnement in abonnementen_met_dingen(Abonnement.objects.bevestigd()).order_by(
        "volger_id", "soort", "pk"
    ):
        abonnementen.setdefault(abonnement.volger_id, []).append(abonnement)
    uitkomst = []
    for volger in Volger.objects.filter(pk__in=abonnementen).order_by("email"):
        eigen = abonnementen[volger.pk]
        ids = set().union(*(dekking.van(a) for a in eigen))
        if not ids:
            continue
        per_soort = {soort: [] for soort in SOORTEN}
        for wijziging in sorted((gewijzigd[i] for i in ids), key=lambda w: w.actie.nummer):
            per_soort[wijziging.soort].append(wijziging)
        uitkomst.append(Overzicht(volger, per_soort, [van_abonnement(a).label for a in eigen]))
    return uitkomst
