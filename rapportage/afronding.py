"""Closure someone checked. A coordinator can only propose 'afgerond' (a round's text with that status
needs evidence, see tekststappen.controleer_afgerond); its publication files the ministry's report, and the
redactie confirms or refuses it here, with a reason, after checking the evidence."""

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _

from acties.models import Actie, Status

from . import rechten
from .models import Afronding, Publicatie, Vindplaats


class AfrondingFout(Exception):
    """A verdict the state does not allow; the message is for the user."""


def meld(acties_met_status_voor, publicatie: Publicatie, gebruiker, historie: str) -> list[Afronding]:
    """File the ministry's report for each action a publication made 'afgerond'.

    `acties_met_status_voor` pairs each action of the round (its status already updated) with its status
    before the publication. A report starts when the status becomes 'afgerond', or when an action that
    was imported as 'afgerond' has none yet; a status that stays 'afgerond' keeps its report and verdict."""
    afgerond = [(a, voor) for a, voor in acties_met_status_voor if a.status == Status.AFGEROND]
    al_gemeld = set(
        Afronding.objects.filter(actie__in=[a for a, _voor in afgerond]).values_list("actie_id", flat=True)
    )
    nieuw = []
    for actie, voor in afgerond:
        if voor == Status.AFGEROND and actie.pk in al_gemeld:
            continue
        afronding = Afronding(actie=actie, publicatie=publicatie, gemeld_op=publicatie.op)
        afronding._history_user, afronding._change_reason = gebruiker, historie
        afronding.save()
        nieuw.append(afronding)
    return nieuw


def met_afrondingen(acties):
    """Load the actions' reports in one query whatever their number, for huidige()."""
    return acties.prefetch_related(
        Prefetch(
            "afrondingen",
            queryset=Afronding.objects.order_by(*Afronding.NIEUWSTE_EERST),
            to_attr="gemelde_afrondingen",
        )
    )


def laatste_per_actie(rapporten) -> dict[int, Afronding]:
    """{action pk: its latest report} among `rapporten`, in the order of the actions' numbers."""
    laatste = {}
    for rapport in rapporten.order_by("actie__nummer", *Afronding.NIEUWSTE_EERST):
        laatste.setdefault(rapport.actie_id, rapport)
    return laatste


def huidige(actie: Actie) -> Afronding | None:
    """The report that stands for the action now: its latest, and only while its status is 'afgerond'."""
    if actie.status != Status.AFGEROND:
        return None
    gemeld = getattr(actie, "gemelde_afrondingen", None)
    if gemeld is None:
        return actie.afrondingen.order_by(*Afronding.NIEUWSTE_EERST).first()
    return gemeld[0] if gemeld else None


@transaction.atomic
def beslis(actie: Actie, besluit: str, reden: str, gebruiker) -> Afronding:
    """The redactie confirms (BEVESTIGD) or refuses (GEWEIGERD) the ministry's report that an action is done.

    A refusal needs a reason; a confirmation needs public evidence. A verdict can be revised (a refused
    report confirmed once the evidence is there), each time with its own line in the history."""
    rechten.controleer_afronding_beoordelen(gebruiker)
    reden = (reden or "").strip()
    actie = Actie.objects.select_for_update().get(pk=actie.pk)
    afronding = huidige(actie)
    if afronding is None:
        raise AfrondingFout(_("Deze actie is niet als afgerond gepubliceerd; er valt niets te bevestigen."))
    afronding = Afronding.objects.select_for_update().get(pk=afronding.pk)
    if besluit not in (Afronding.Besluit.BEVESTIGD, Afronding.Besluit.GEWEIGERD):
        raise AfrondingFout(_("Kies bevestigen of niet bevestigen."))
    if besluit == Afronding.Besluit.GEWEIGERD and not reden:
        raise AfrondingFout(_("Geef een reden op waarom de afronding niet wordt bevestigd."))
    if besluit == Afronding.Besluit.BEVESTIGD and not Vindplaats.alle.openbaar().filter(actie=actie).exists():
        raise AfrondingFout(
            _("Een afronding kan pas worden bevestigd met een openbare vindplaats waaruit die blijkt.")
        )
    if afronding.besluit == besluit and afronding.reden == reden:
        return afronding
    afronding.besluit = besluit
    afronding.reden = reden
    afronding.besloten_door = gebruiker
    afronding.besloten_op = timezone.now()
    afronding._history_user = gebruiker
    afronding._change_reason = _("Afronding %(besluit)s door %(naam)s") % {
        "besluit": afronding.get_besluit_display(),
        "naam": gebruiker.get_username(),
    }
    afronding.save()
    return afronding
