"""A reporting round from opening to closing. Each operation is one transaction and writes history.

Permissions are checked again inside the transaction, against the locked row, through rapportage.rechten:
between loading a form and posting it, a round may have been closed or a text approved.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from acties.models import Actie, Status
from lib.tekst import normaliseer

from . import rechten
from .models import NIEUWSTE_EERST, BijlageVersie, Rapportage, Vindplaats, Voortgang

# Each step of a round announces itself after its commit, so that what follows (the annex in bijlage.apps,
# the mails in meldingen) never holds up or undoes the step, and rounds never depend on them.
# ronde_vastgesteld and ronde_geopend: `rapportage`; the others `voortgang` and `door` (the user).
ronde_vastgesteld = Signal()
ronde_geopend = Signal()
tekst_ingediend = Signal()
tekst_teruggestuurd = Signal()


def _meld_na_commit(signaal, **argumenten):
    transaction.on_commit(lambda: signaal.send(sender=Rapportage, **argumenten))


class RondeFout(Exception):
    """A step the round's state does not allow; the message is for the user."""


class Conflict(Exception):
    """Someone else saved the text since this user loaded it. Carries both versions."""

    def __init__(self, opgeslagen, tekst, status):
        super().__init__(_("De tekst is intussen door iemand anders gewijzigd."))
        self.opgeslagen = opgeslagen
        self.tekst = tekst
        self.status = status


def _bewaar(obj, gebruiker, reden):
    obj._history_user = gebruiker
    obj._change_reason = reden
    obj.save()


def _vergrendeld(voortgang):
    # select_for_update serialises concurrent writers on PostgreSQL; SQLite serialises writes itself.
    return Voortgang.objects.select_for_update().select_related("rapportage", "actie").get(pk=voortgang.pk)


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


def _niet_gedeeld(voortgang):
    """A text that shares another action's text follows that text; it is changed there, not here."""
    if voortgang.gedeeld_met_id:
        raise RondeFout(
            _("Actie %(nummer)s deelt de tekst van actie %(bron)s; wijzig die tekst daar.")
            % {"nummer": voortgang.actie.nummer, "bron": voortgang.gedeeld_met.actie.nummer}
        )


def _volg_gedeelde(bron, gebruiker, reden):
    """The texts that share `bron` get its text, status and state: one text, in the annex one cell."""
    for deler in bron.delers.select_for_update().select_related("actie"):
        deler.tekst, deler.status, deler.knelpunt = bron.tekst, bron.status, bron.knelpunt
        deler.toestand, deler.opmerking, deler.auteur = bron.toestand, bron.opmerking, bron.auteur
        deler.versie += 1
        _bewaar(
            deler,
            gebruiker,
            _("%(reden)s (gedeeld met actie %(nummer)s)") % {"reden": reden, "nummer": bron.actie.nummer},
        )


def werk_status_bij(actie, reden):
    """Give the action the status of its latest published round; saved (with history) only if it differs."""
    laatste = Voortgang.objects.gepubliceerd().filter(actie=actie).order_by(*NIEUWSTE_EERST).first()
    if laatste is not None and actie.status != laatste.status:
        actie.status = laatste.status
        actie._change_reason = reden
        actie.save()


def vorige_voortgang(voortgang):
    """The text of the same action in the latest closed round before this one, or None."""
    return (
        Voortgang.objects.gepubliceerd()
        .filter(actie_id=voortgang.actie_id, rapportage__peildatum__lte=voortgang.rapportage.peildatum)
        .exclude(rapportage_id=voortgang.rapportage_id)
        .select_related("rapportage")
        .order_by(*NIEUWSTE_EERST)
        .first()
    )


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

    vorige = Voortgang.objects.gepubliceerd().nieuwste_per_actie()
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


def controleer_afgerond(voortgang, status):
    """An action becomes 'afgerond' only with evidence: at least one vindplaats, of the action or of one of
    its texts. A text that already said 'afgerond' (carried over from an earlier round) keeps it."""
    if status != Status.AFGEROND or voortgang.status == Status.AFGEROND:
        return
    if not Vindplaats.objects.filter(actie_id=voortgang.actie_id).exists():
        raise RondeFout(
            _(
                "Een actie kan pas 'afgerond' zijn met ten minste één vindplaats: een Kamerstuk of een "
                "officieel document waaruit dat blijkt. Voeg eerst een vindplaats toe."
            )
        )


@transaction.atomic
def bewaar_tekst(voortgang, tekst, status, versie, gebruiker):
    """Save a text if nobody saved it since `versie` was read; otherwise raise Conflict with both texts.

    Posting what is already stored changes nothing, so a double submit writes one change.
    Returns (voortgang, gewijzigd).
    """
    tekst = normaliseer(tekst)
    huidig = _vergrendeld(voortgang)
    rechten.controleer_niet_vastgesteld(huidig.rapportage)
    _niet_gedeeld(huidig)
    if huidig.tekst == tekst and huidig.status == status:
        return huidig, False
    rechten.controleer_bewerken(gebruiker, huidig)
    controleer_afgerond(huidig, status)
    if huidig.versie != versie:
        raise Conflict(huidig, tekst, status)
    huidig.tekst = tekst
    huidig.status = status
    huidig.auteur = gebruiker
    huidig.versie += 1
    _bewaar(huidig, gebruiker, _("Tekst bewaard"))
    _volg_gedeelde(huidig, gebruiker, _("Tekst bewaard"))
    return huidig, True


@transaction.atomic
def dien_in(voortgang, gebruiker):
    """Hand a text to the redactie. Submitting twice is one change."""
    huidig = _vergrendeld(voortgang)
    rechten.controleer_niet_vastgesteld(huidig.rapportage)
    _niet_gedeeld(huidig)
    if huidig.toestand == Voortgang.Toestand.INGEDIEND:
        return huidig, False
    rechten.controleer_bewerken(gebruiker, huidig)
    if huidig.toestand == Voortgang.Toestand.GOEDGEKEURD:
        raise RondeFout(_("Deze tekst is al goedgekeurd."))
    if not huidig.tekst.strip():
        raise RondeFout(_("Een lege tekst kan niet worden ingediend."))
    huidig.toestand = Voortgang.Toestand.INGEDIEND
    huidig.auteur = gebruiker
    huidig.versie += 1
    _bewaar(huidig, gebruiker, _("Ingediend"))
    _volg_gedeelde(huidig, gebruiker, _("Ingediend"))
    _meld_na_commit(tekst_ingediend, voortgang=huidig, door=gebruiker)
    return huidig, True


@transaction.atomic
def trek_in(voortgang, gebruiker):
    """Take a submitted text back before the redactie acted on it: it is a draft again."""
    huidig = _vergrendeld(voortgang)
    rechten.controleer_niet_vastgesteld(huidig.rapportage)
    _niet_gedeeld(huidig)
    if huidig.toestand == Voortgang.Toestand.CONCEPT:
        return huidig, False
    if not rechten.mag_intrekken(gebruiker, huidig):
        if huidig.toestand != Voortgang.Toestand.INGEDIEND:
            raise RondeFout(_("De redactie heeft deze tekst al behandeld; intrekken kan niet meer."))
        raise PermissionDenied(_("U mag deze tekst nu niet intrekken."))
    huidig.toestand = Voortgang.Toestand.CONCEPT
    huidig.versie += 1
    _bewaar(huidig, gebruiker, _("Ingetrokken"))
    _volg_gedeelde(huidig, gebruiker, _("Ingetrokken"))
    return huidig, True


@transaction.atomic
def deel_niet_meer(voortgang, gebruiker):
    """Give a text that shared another action's text a text of its own (a copy to start from)."""
    huidig = _vergrendeld(voortgang)
    rechten.controleer_niet_vastgesteld(huidig.rapportage)
    if not huidig.gedeeld_met_id:
        return huidig, False
    if not rechten.mag_ontkoppelen(gebruiker, huidig):
        raise PermissionDenied(_("U mag deze tekst nu niet loskoppelen."))
    bron = huidig.gedeeld_met
    huidig.gedeeld_met = None
    huidig.toestand = Voortgang.Toestand.CONCEPT
    huidig.versie += 1
    _bewaar(
        huidig,
        gebruiker,
        _("Losgekoppeld van de tekst van actie %(nummer)s") % {"nummer": bron.actie.nummer},
    )
    return huidig, True


def _redactiestap(voortgang, gebruiker):
    rechten.controleer_redactie(gebruiker)
    huidig = _vergrendeld(voortgang)
    rechten.controleer_bewerken(gebruiker, huidig)
    _niet_gedeeld(huidig)
    return huidig


def _keur_goed(huidig, gebruiker):
    if huidig.toestand == Voortgang.Toestand.GOEDGEKEURD:
        return False
    huidig.toestand = Voortgang.Toestand.GOEDGEKEURD
    huidig.versie += 1
    _bewaar(huidig, gebruiker, _("Goedgekeurd"))
    _volg_gedeelde(huidig, gebruiker, _("Goedgekeurd"))
    return True


@transaction.atomic
def keur_goed(voortgang, gebruiker):
    huidig = _redactiestap(voortgang, gebruiker)
    return huidig, _keur_goed(huidig, gebruiker)


@transaction.atomic
def keur_goed_meerdere(rapportage, pks, gebruiker):
    """Approve many texts of one round at once (one transaction); texts that follow a shared text are
    approved with it. Returns how many texts changed state."""
    rechten.controleer_redactie(gebruiker)
    rapportage = Rapportage.objects.select_for_update().get(pk=rapportage.pk)
    rechten.controleer_niet_vastgesteld(rapportage)
    gekozen = (
        rapportage.voortgang.select_for_update()
        .filter(pk__in=pks, gedeeld_met__isnull=True)
        .select_related("rapportage", "actie")
        .order_by("actie__nummer")
    )
    aantal = 0
    for huidig in gekozen:
        rechten.controleer_bewerken(gebruiker, huidig)
        if _keur_goed(huidig, gebruiker):
            aantal += 1 + huidig.delers.count()
    return aantal


@transaction.atomic
def stuur_terug(voortgang, gebruiker, opmerking):
    """Return a text to its coordinators with the redactie's comment, which they see on the text."""
    opmerking = (opmerking or "").strip()
    if not opmerking:
        raise RondeFout(_("Schrijf erbij waarom de tekst terug gaat."))
    huidig = _redactiestap(voortgang, gebruiker)
    if huidig.toestand == Voortgang.Toestand.TERUGGESTUURD and huidig.opmerking == opmerking:
        return huidig, False
    if huidig.toestand == Voortgang.Toestand.CONCEPT:
        raise RondeFout(_("Deze tekst is nog niet ingediend."))
    huidig.toestand = Voortgang.Toestand.TERUGGESTUURD
    huidig.opmerking = opmerking
    huidig.versie += 1
    _bewaar(huidig, gebruiker, _("Teruggestuurd"))
    _volg_gedeelde(huidig, gebruiker, _("Teruggestuurd"))
    _meld_na_commit(tekst_teruggestuurd, voortgang=huidig, door=gebruiker)
    return huidig, True


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


@transaction.atomic
def stel_vast(rapportage, gebruiker):
    """Close the round: texts are frozen and published, and each action gets its new status."""
    rechten.controleer_redactie(gebruiker)
    rapportage = Rapportage.objects.select_for_update().get(pk=rapportage.pk)
    if rapportage.is_vastgesteld:
        raise RondeFout(_("Deze ronde is al vastgesteld."))
    _ga_naar(rapportage, Rapportage.Toestand.VASTGESTELD)
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
    rapportage.vastgesteld_op = timezone.now()
    reden = _("Vastgesteld door %(naam)s") % {"naam": gebruiker.get_username()}
    _bewaar(rapportage, gebruiker, reden)
    for actie in Actie.objects.filter(voortgang__rapportage=rapportage):
        actie._history_user = gebruiker
        werk_status_bij(actie, reden)
    # After the commit, so a failing render cannot undo the closing; should it fail, the first download
    # makes the annex (see bijlage.views).
    _meld_na_commit(ronde_vastgesteld, rapportage=rapportage)
    return rapportage


@transaction.atomic
def heropen(rapportage, gebruiker, reden):
    """Reopen a closed round; its texts are no longer published until it is closed again."""
    rechten.controleer_redactie(gebruiker)
    reden = (reden or "").strip()
    if not reden:
        raise RondeFout(_("Geef een reden op voor het heropenen."))
    rapportage = Rapportage.objects.select_for_update().get(pk=rapportage.pk)
    if not rapportage.is_vastgesteld:
        raise RondeFout(_("Deze ronde is niet vastgesteld."))
    if _lopende_ronde_na_slot():
        raise RondeFout(_("Er is al een andere ronde open; stel die eerst vast."))
    # The published annex stays public as an earlier version (marked as under revision while the round
    # is open); closing again makes and publishes a new one.
    if rapportage.bijlage_pdf or rapportage.bijlage_docx:
        BijlageVersie.objects.create(
            rapportage=rapportage,
            vastgesteld_op=rapportage.vastgesteld_op,
            bijlage_pdf=rapportage.bijlage_pdf.name,
            bijlage_docx=rapportage.bijlage_docx.name,
        )
    _ga_naar(rapportage, Rapportage.Toestand.OPEN)
    rapportage.vastgesteld_op = None
    rapportage.bijlage_pdf = ""
    rapportage.bijlage_docx = ""
    _bewaar(
        rapportage,
        gebruiker,
        _("Heropend door %(naam)s: %(reden)s") % {"naam": gebruiker.get_username(), "reden": reden},
    )
    for actie in Actie.objects.filter(voortgang__rapportage=rapportage):
        actie._history_user = gebruiker
        werk_status_bij(actie, _("Ronde %(titel)s heropend") % {"titel": rapportage.titel})
    return rapportage
