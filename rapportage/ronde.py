"""A reporting round from opening to closing. Each operation is one transaction and writes history.

Permissions are checked again inside the transaction, against the locked row, through rapportage.rechten:
between loading a form and posting it, a round may have been closed or a text approved.
"""

import logging

from django.db import transaction
from django.db.models import Q
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from acties.models import Actie
from lib.tekst import normaliseer

from . import afronding, rechten
from .models import (
    NIEUWSTE_EERST,
    BijlageVersie,
    GepubliceerdeTekst,
    Publicatie,
    Rapportage,
    Rondeplanning,
    StreefdatumWijziging,
    Vindplaats,
    Voortgang,
    stand,
)

log = logging.getLogger(__name__)

# Each step of a round announces itself after its commit, so that what follows (the annex in bijlage.apps,
# the mails in meldingen) never holds up or undoes the step, and rounds never depend on them.
# ronde_vastgesteld: `rapportage` and `publicatie` (version 1, or a correction); ronde_geopend:
# `rapportage`; the others `voortgang` and `door` (the user).
ronde_vastgesteld = Signal()
ronde_geopend = Signal()
tekst_ingediend = Signal()
tekst_teruggestuurd = Signal()


def _meld(signaal, argumenten):
    # Every listener runs, whatever another one raises: a failing annex job must not cost the mails.
    for ontvanger, uitkomst in signaal.send_robust(sender=Rapportage, **argumenten):
        if isinstance(uitkomst, Exception):
            log.error(
                "Ontvanger %s van een rondestap faalde",
                getattr(ontvanger, "__qualname__", ontvanger),
                exc_info=(type(uitkomst), uitkomst, uitkomst.__traceback__),
            )


def _meld_na_commit(signaal, **argumenten):
    transaction.on_commit(lambda: _meld(signaal, argumenten))


class RondeFout(Exception):
    """A step the round's state does not allow; the message is for the user."""


def _bewaar(obj, gebruiker, reden):
    obj._history_user = gebruiker
    obj._change_reason = reden
    obj.save()


def _lopende_ronde_na_slot():
    """Whether a round is running, asked after locking all rounds: of two simultaneous requests to open
    (or reopen) a round, the second waits for the first, and its fresh query then sees the first one's."""
    list(Rapportage.objects.select_for_update().only("pk"))
    return Rapportage.objects.lopend().exists()


def _ga_naar(rapportage, toestand):
    """One step of the round's state machine (Rapportage.kan_naar), on a locked row."""
    if not rapportage.kan_naar(toestand):
        raise RondeFout(
            _("Een ronde die %(nu)s is, kan niet %(naar)s worden.")
            % {"nu": rapportage.get_toestand_display(), "naar": Rapportage.Toestand(toestand).label}
        )
    rapportage.toestand = toestand


def werk_status_bij(actie, reden):
    """Give the action the status of its latest published round; saved (with history) only if it differs."""
    laatste = GepubliceerdeTekst.objects.actueel().filter(actie=actie).order_by(*NIEUWSTE_EERST).first()
    if laatste is not None and actie.status != laatste.status:
        actie.status = laatste.status
        actie._change_reason = reden
        actie.save()


@transaction.atomic
def open_ronde(titel, peildatum, deadline, gebruiker, inleiding="", kamerstuk="", briefdatum=None):
    """Open a round with a draft text per action, prefilled with the last closed text and status."""
    rechten.controleer_redactie(gebruiker)
    if _lopende_ronde_na_slot():
        raise RondeFout(_("Er is al een ronde open; stel die eerst vast."))
    reden = _("Ronde geopend door %(naam)s") % {"naam": gebruiker.get_username()}
    rapportage = Rapportage(
        titel=titel,
        peildatum=peildatum,
        deadline=deadline,
        inleiding=inleiding,
        kamerstuk=kamerstuk,
        briefdatum=briefdatum,
    )
    _bewaar(rapportage, gebruiker, reden)
    _schrap_planning(gebruiker, reden)

    vorige = GepubliceerdeTekst.objects.actueel().nieuwste_per_actie()
    nieuw_voor_oud = {}
    for actie in Actie.objects.order_by("nummer"):
        oud = vorige.get(actie.pk)
        voortgang = Voortgang(
            actie=actie,
            rapportage=rapportage,
            tekst=oud.tekst if oud else "",
            status=oud.status if oud else actie.status,
        )
        _bewaar(voortgang, gebruiker, reden)
        if oud is not None:
            nieuw_voor_oud[oud.pk] = (voortgang, oud)
    # Shared texts (action 4 shares the text of 3) stay shared in the new round.
    for voortgang, oud in nieuw_voor_oud.values():
        if oud.gedeeld_met_id in nieuw_voor_oud:
            voortgang.gedeeld_met = nieuw_voor_oud[oud.gedeeld_met_id][0]
            _bewaar(voortgang, gebruiker, reden)
    _meld_na_commit(ronde_geopend, rapportage=rapportage)
    return rapportage


@transaction.atomic
def plan_volgende_ronde(opent_op, deadline, gebruiker, titel="") -> Rondeplanning:
    """Say when the next round is expected to open and its texts to be due, replacing an earlier plan, so
    that coordinators see it between rounds. Opening a round removes the plan."""
    rechten.controleer_redactie(gebruiker)
    if opent_op < timezone.localdate():
        raise RondeFout(_("De verwachte opening ligt in het verleden."))
    if deadline < opent_op:
        raise RondeFout(_("De deadline ligt vóór de verwachte opening."))
    titel = (titel or "").strip()
    planning = Rondeplanning.objects.select_for_update().first() or Rondeplanning()
    if planning.pk and (planning.opent_op, planning.deadline, planning.titel) == (opent_op, deadline, titel):
        return planning
    planning.opent_op, planning.deadline, planning.titel, planning.door = opent_op, deadline, titel, gebruiker
    _bewaar(
        planning, gebruiker, _("Volgende ronde gepland door %(naam)s") % {"naam": gebruiker.get_username()}
    )
    return planning


def _schrap_planning(gebruiker, reden):
    for planning in Rondeplanning.objects.select_for_update():
        planning._history_user, planning._change_reason = gebruiker, reden
        planning.delete()


@transaction.atomic
def schrap_planning(gebruiker):
    """No next round is expected for now."""
    rechten.controleer_redactie(gebruiker)
    _schrap_planning(gebruiker, _("Planning geschrapt door %(naam)s") % {"naam": gebruiker.get_username()})


GEGEVENS = ("kamerstuk", "briefdatum", "bijlage_titel", "inleiding", "deadline", "bijlage_met_vindplaatsen")


@transaction.atomic
def wijzig_gegevens(rapportage, gebruiker, **gegevens):
    """The redactie sets the round's reference (Kamerstuk, date of the letter), introduction or deadline
    while it runs; a closed round keeps what it was published with."""
    rechten.controleer_redactie(gebruiker)
    rapportage = Rapportage.objects.select_for_update().get(pk=rapportage.pk)
    rechten.controleer_niet_vastgesteld(rapportage)
    gewijzigd = [
        veld for veld in GEGEVENS if veld in gegevens and getattr(rapportage, veld) != gegevens[veld]
    ]
    if not gewijzigd:
        return rapportage, False
    for veld in gewijzigd:
        setattr(rapportage, veld, gegevens[veld])
    _bewaar(
        rapportage,
        gebruiker,
        _("Gegevens van de ronde gewijzigd door %(naam)s") % {"naam": gebruiker.get_username()},
    )
    return rapportage, True


def _inzendingsstap(rapportage, gebruiker, naar, reden):
    rechten.controleer_redactie(gebruiker)
    rapportage = Rapportage.objects.select_for_update().get(pk=rapportage.pk)
    if rapportage.toestand == naar:
        return rapportage, False
    _ga_naar(rapportage, naar)
    _bewaar(rapportage, gebruiker, reden % {"naam": gebruiker.get_username()})
    return rapportage, True


@transaction.atomic
def sluit_inzending(rapportage, gebruiker):
    """'In redactie': coordinators can no longer change or submit texts while the redactie finishes."""
    return _inzendingsstap(
        rapportage, gebruiker, Rapportage.Toestand.IN_REDACTIE, _("Inzending gesloten door %(naam)s")
    )


@transaction.atomic
def heropen_inzending(rapportage, gebruiker):
    """Back from 'in redactie' to open: coordinators write again."""
    return _inzendingsstap(
        rapportage, gebruiker, Rapportage.Toestand.OPEN, _("Inzending heropend door %(naam)s")
    )


def onafgemaakt(rapportage):
    """Texts that block closing: submitted but not reviewed, sent back, or edited but never submitted.

    A draft nobody touched (versie 1) is the previous round's text carried over, as in the Word tables.
    """
    return (
        rapportage.voortgang.exclude(toestand=Voortgang.Toestand.GOEDGEKEURD)
        .exclude(pk__in=rapportage.voortgang.onaangeroerd().values("pk"))
        .select_related("actie")
    )


def _bewaar_teksten(publicatie, teksten):
    """The publication's frozen copy of the round's texts, shared texts still shared. These rows are
    themselves the record (no history of their own): written once, never changed."""
    gepubliceerd = {}
    # A shared text (action 4 shares that of 3) points at its source, so sources are written first.
    for v in sorted(teksten, key=lambda v: v.gedeeld_met_id is not None):
        gepubliceerd[v.pk] = GepubliceerdeTekst.objects.create(
            publicatie=publicatie,
            rapportage_id=publicatie.rapportage_id,
            versie=publicatie.versie,
            actie_id=v.actie_id,
            voortgang_id=v.pk,
            tekst=v.tekst,
            status=v.status,
            knelpunt=v.knelpunt,
            gedeeld_met=gepubliceerd.get(v.gedeeld_met_id),
        )
    return gepubliceerd


def _publiceer(rapportage, gebruiker, reden, op=None, historie=None):
    """Publish the round's texts as its next version, on a locked row: version 1, or a correction.

    What waited for this publication becomes public with it: the evidence and target dates entered
    while the round ran. The previous version's annex stays downloadable as a BijlageVersie."""
    op = op or timezone.now()
    vorige = rapportage.publicaties.filter(versie=rapportage.publicatieversie).first()
    if vorige is not None and (rapportage.bijlage_pdf or rapportage.bijlage_docx):
        BijlageVersie.objects.create(
            rapportage=rapportage,
            publicatie=vorige,
            vastgesteld_op=rapportage.vastgesteld_op,
            bijlage_pdf=rapportage.bijlage_pdf.name,
            bijlage_docx=rapportage.bijlage_docx.name,
        )
        rapportage.bijlage_pdf = rapportage.bijlage_docx = ""
    publicatie = Publicatie(
        rapportage=rapportage,
        versie=rapportage.publicatieversie + 1,
        op=op,
        door=gebruiker,
        reden=reden if vorige is not None else "",
        inleiding=rapportage.inleiding,
        kamerstuk=rapportage.kamerstuk,
    )
    naam = gebruiker.get_username() if gebruiker is not None else _("de opdrachtregel")
    if vorige is None:
        bericht = _("Vastgesteld door %(naam)s") % {"naam": naam}
    else:
        bericht = _("Correctie (versie %(versie)s) gepubliceerd door %(naam)s") % {
            "naam": naam,
            "versie": publicatie.versie,
        }
    # The history gets the step, never the free-text reason: that is kept whole in Publicatie.reden.
    historie = historie or bericht
    _bewaar(publicatie, gebruiker, historie)
    _bewaar_teksten(publicatie, rapportage.voortgang.all())
    van_de_ronde = Q(voortgang__isnull=True) | Q(voortgang__rapportage=rapportage)
    for vindplaats in Vindplaats.objects.wachtend().filter(van_de_ronde):
        vindplaats.gepubliceerd_op = op
        _bewaar(vindplaats, gebruiker, historie)
    for vindplaats in Vindplaats.alle.filter(van_de_ronde, verwijderd_op__isnull=False):
        vindplaats._history_user, vindplaats._change_reason = gebruiker, historie
        vindplaats.delete()
    for wijziging in StreefdatumWijziging.objects.wachtend().select_related("actie").order_by("op", "pk"):
        actie = Actie.objects.select_for_update().get(pk=wijziging.actie_id)
        actie.streefdatum = wijziging.naar
        _bewaar(actie, gebruiker, streefdatum_reden(wijziging))
        wijziging.gepubliceerd_op = op
        _bewaar(wijziging, gebruiker, historie)

    rapportage.publicatieversie = publicatie.versie
    rapportage.vastgesteld_op = op
    rapportage.toestand = Rapportage.Toestand.VASTGESTELD
    _bewaar(rapportage, gebruiker, historie)
    statussen = []
    for actie in Actie.objects.filter(voortgang__rapportage=rapportage):
        voor = actie.status
        actie._history_user = gebruiker
        werk_status_bij(actie, historie)
        statussen.append((actie, voor))
    afronding.meld(statussen, publicatie, gebruiker, historie)
    # After the commit, so a failing render cannot undo the publication; should it fail, the first
    # download makes the annex (see bijlage.views).
    _meld_na_commit(ronde_vastgesteld, rapportage=rapportage, publicatie=publicatie)
    return publicatie


def publiceer_gegenereerd(rapportages, momenten):
    """Publish generated rounds (importeer's synthetic benchmark data) as version 1: the same state and
    snapshot as _publiceer, without the actions' statuses, evidence, mails or annexes, which generated
    data sets itself or has none of. Only for rounds never published; `momenten` gives each round's
    publication moment."""
    for rapportage, op in zip(rapportages, momenten, strict=True):
        if rapportage.is_gepubliceerd:
            raise RondeFout(_("Ronde '%(titel)s' is al gepubliceerd.") % {"titel": rapportage.titel})
        publicatie = Publicatie.objects.create(
            rapportage=rapportage,
            versie=1,
            op=op,
            kamerstuk=rapportage.kamerstuk,
            inleiding=rapportage.inleiding,
        )
        _bewaar_teksten(publicatie, rapportage.voortgang.all())
        rapportage.toestand = Rapportage.Toestand.VASTGESTELD
        rapportage.publicatieversie, rapportage.vastgesteld_op = 1, op
        rapportage.save(update_fields=["toestand", "publicatieversie", "vastgesteld_op"])


def _datum(d):
    return d.strftime("%d-%m-%Y") if d else _("geen")


def streefdatum_reden(wijziging):
    """The history's reason when an action's target date changes: when it is entered outside a round
    (rapportage.verantwoording) or when the round it waited for is published (_publiceer)."""
    return _("Streefdatum %(van)s → %(naar)s: %(reden)s") % {
        "van": _datum(wijziging.van),
        "naar": _datum(wijziging.naar),
        "reden": wijziging.reden,
    }


def _correctiereden(rapportage, reden):
    # Text like any other (lib.tekst): the web form, the import preview and the command line all come here.
    reden = normaliseer(reden or "")
    if rapportage.is_gepubliceerd and not reden:
        raise RondeFout(
            _(
                "Deze ronde is al gepubliceerd: geef een reden voor de correctie; die komt in het "
                "correctielog."
            )
        )
    return reden


@transaction.atomic
def stel_vast(rapportage, gebruiker, reden=""):
    """Close and publish the round: texts are frozen, the public sees this version, each action gets its
    new status. A round that was published before publishes a correction, which needs a reason."""
    rechten.controleer_redactie(gebruiker)
    rapportage = Rapportage.objects.select_for_update().get(pk=rapportage.pk)
    if rapportage.is_vastgesteld:
        raise RondeFout(_("Deze ronde is al vastgesteld."))
    _ga_naar(rapportage, Rapportage.Toestand.VASTGESTELD)
    reden = _correctiereden(rapportage, reden)
    open_teksten = [v.actie.nummer for v in onafgemaakt(rapportage)]
    if open_teksten:
        raise RondeFout(
            _("Nog niet alle teksten zijn goedgekeurd (acties %(nummers)s).")
            % {"nummers": ", ".join(str(n) for n in open_teksten)}
        )
    for voortgang in rapportage.voortgang.select_for_update().filter(toestand=Voortgang.Toestand.CONCEPT):
        voortgang.toestand = Voortgang.Toestand.GOEDGEKEURD
        voortgang.versie += 1
        _bewaar(voortgang, gebruiker, _("Ongewijzigd overgenomen bij vaststelling"))
    _publiceer(rapportage, gebruiker, reden)
    return rapportage


LOPENDE_RONDE_BIJ_IMPORT = _(
    "Ronde '%(titel)s' loopt nog (%(toestand)s): een bijlage kan haar niet vervangen. Stel de ronde eerst "
    "vast, of kies een andere titel."
)


@transaction.atomic
def publiceer_import(titel, peildatum, gebruiker, schrijf, historie, reden="", op=None, **gegevens):
    """An imported annex is a publication, through the same step as closing a round.

    A new title gives a new round, published as version 1 (at `op`, the letter's date when known). An
    existing published round gets a correction, which needs a reason. A running round is refused: its
    coordinators are still writing. `schrijf(rapportage)` writes the annex's texts into the round
    (importeer.laden), inside this transaction and before the publication. `historie` is the import's
    reason in the history, on the round as on the actions it wrote (publiek.views.ronde_herkomst).
    Returns the round.
    """
    if gebruiker is not None:
        rechten.controleer_redactie(gebruiker)
    list(Rapportage.objects.select_for_update().only("pk"))
    rapportage = Rapportage.objects.filter(titel=titel).first()
    if rapportage is not None and not rapportage.is_vastgesteld:
        raise RondeFout(
            LOPENDE_RONDE_BIJ_IMPORT % {"titel": titel, "toestand": rapportage.get_toestand_display()}
        )
    if rapportage is None:
        rapportage = Rapportage(titel=titel, toestand=Rapportage.Toestand.IN_REDACTIE)
    gegevens["peildatum"] = peildatum
    gewijzigd = [veld for veld, waarde in gegevens.items() if getattr(rapportage, veld) != waarde]
    for veld in gewijzigd:
        setattr(rapportage, veld, gegevens[veld])
    if rapportage.pk is None or gewijzigd:
        # Saved before the annex is written, so that the history attributes its changes to this step.
        _bewaar(rapportage, gebruiker, historie)
    schrijf(rapportage)
    if rapportage.is_gepubliceerd and not gewijzigd and not _verschilt_van_publicatie(rapportage):
        # The same annex again: nothing to correct, no new version.
        return rapportage
    reden = _correctiereden(rapportage, reden)
    _publiceer(
        rapportage, gebruiker, reden, op=op if not rapportage.is_gepubliceerd else None, historie=historie
    )
    return rapportage


def _verschilt_van_publicatie(rapportage):
    """Whether the round's texts differ from what its latest publication shows."""
    gepubliceerd = {
        t.actie_id: t for t in rapportage.gepubliceerde_teksten.actueel().select_related("gedeeld_met")
    }
    teksten = list(rapportage.voortgang.select_related("gedeeld_met"))
    if len(teksten) != len(gepubliceerd):
        return True
    for v in teksten:
        oud = gepubliceerd.get(v.actie_id)
        if stand(oud) != stand(v):
            return True
        if (oud.gedeeld_met.actie_id if oud.gedeeld_met else None) != (
            v.gedeeld_met.actie_id if v.gedeeld_met else None
        ):
            return True
    return False


@transaction.atomic
def heropen(rapportage, gebruiker, reden):
    """Reopen a published round for a correction. The public keeps seeing its last publication (texts,
    statuses, annex) until the correction is published as the next version."""
    rechten.controleer_redactie(gebruiker)
    reden = (reden or "").strip()
    if not reden:
        raise RondeFout(_("Geef een reden op voor het heropenen."))
    rapportage = Rapportage.objects.select_for_update().get(pk=rapportage.pk)
    if not rapportage.is_vastgesteld:
        raise RondeFout(_("Deze ronde is niet vastgesteld."))
    if _lopende_ronde_na_slot():
        raise RondeFout(_("Er is al een andere ronde open; stel die eerst vast."))
    _ga_naar(rapportage, Rapportage.Toestand.OPEN)
    _bewaar(
        rapportage,
        gebruiker,
        _("Heropend door %(naam)s: %(reden)s") % {"naam": gebruiker.get_username(), "reden": reden},
    )
    return rapportage
