"""A round's texts, one step each: a coordinator saves, submits or withdraws a text, unshares it, and the
redactie approves it or sends it back. Each step is one transaction on the locked text and checks the
permission again through rapportage.rechten; the round's own state changes only in rapportage.ronde.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from acties.models import Status
from lib.tekst import normaliseer

from . import rechten
from .models import NIEUWSTE_EERST, GepubliceerdeTekst, Rapportage, Vindplaats, Voortgang
from .ronde import RondeFout, _bewaar, _meld_na_commit, tekst_ingediend, tekst_teruggestuurd


class Conflict(Exception):
    """Someone else saved the text since this user loaded it. Carries both versions."""

    def __init__(self, opgeslagen, tekst, status):
        super().__init__(_("De tekst is intussen door iemand anders gewijzigd."))
        self.opgeslagen = opgeslagen
        self.tekst = tekst
        self.status = status


def _vergrendeld(voortgang):
    # select_for_update serialises concurrent writers on PostgreSQL; SQLite serialises writes itself.
    return Voortgang.objects.select_for_update().select_related("rapportage", "actie").get(pk=voortgang.pk)


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


def vorige_voortgang(voortgang):
    """The published text of the same action in the latest published round before this one, or None."""
    return (
        GepubliceerdeTekst.objects.actueel()
        .filter(actie_id=voortgang.actie_id, rapportage__peildatum__lte=voortgang.rapportage.peildatum)
        .exclude(rapportage_id=voortgang.rapportage_id)
        .select_related("rapportage")
        .order_by(*NIEUWSTE_EERST)
        .first()
    )


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
def dien_in_meerdere(rapportage, pks, gebruiker) -> list[Voortgang]:
    """Submit many texts of the running round at once (a coordinator's "alle ongewijzigde"), each as
    dien_in does: locked, permission checked again on the locked row, with its history. Texts the user may
    not submit (any more) are left as they are. Returns the texts that were submitted."""
    rapportage = Rapportage.objects.select_for_update().get(pk=rapportage.pk)
    rechten.controleer_niet_vastgesteld(rapportage)
    gekozen = (
        rapportage.voortgang.select_for_update(of=("self",))
        .filter(pk__in=pks, gedeeld_met__isnull=True, toestand__in=Voortgang.BIJ_COORDINATOR)
        .select_related("rapportage", "actie")
        .order_by("actie__nummer")
    )
    ingediend = []
    for huidig in gekozen:
        if not rechten.mag_indienen(gebruiker, huidig):
            continue
        huidig.toestand = Voortgang.Toestand.INGEDIEND
        huidig.auteur = gebruiker
        huidig.versie += 1
        _bewaar(huidig, gebruiker, _("Ingediend (met meer teksten tegelijk)"))
        _volg_gedeelde(huidig, gebruiker, _("Ingediend"))
        _meld_na_commit(tekst_ingediend, voortgang=huidig, door=gebruiker)
        ingediend.append(huidig)
    return ingediend


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
