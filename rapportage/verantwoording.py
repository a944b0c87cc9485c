"""Accountability beside the status: target dates and their log, evidence (vindplaatsen), knelpunten and
the plain-language summary. Each step is one transaction that locks its row, checks the permission again
through rapportage.rechten and writes history with a reason, as in rapportage.ronde."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acties.models import Actie
from lib.vindplaats import controleer_url, normaliseer_kamerstuk
from moties.models import Opdracht, OpdrachtDeel, Soort, Stand

from . import rechten
from .models import Correctie, Rapportage, StreefdatumWijziging, Vindplaats
from .ronde import RondeFout, _bewaar, streefdatum_reden
from .tekststappen import _vergrendeld, _volg_gedeelde


def _actie_vergrendeld(actie):
    return Actie.objects.select_for_update().get(pk=actie.pk)


def werkende_streefdatum(actie):
    """The target date as the work screens show it: the newest change still waiting for its round's
    publication, else the published one."""
    wachtend = actie.streefdatumwijzigingen.wachtend().order_by("-op", "-pk").first()
    return wachtend.naar if wachtend is not None else actie.streefdatum


@transaction.atomic
def wijzig_streefdatum(actie, naar, reden, gebruiker):
    """Set, move or clear an action's target date. Every change needs a reason and is logged (old date,
    new date, reason, who, when, the round that ran). While a round runs, the change waits for that
    round's publication (the public keeps the published date); outside a round it is public at once, a
    correction with its reason in the log. Returns (actie, gewijzigd)."""
    huidig = _actie_vergrendeld(actie)
    if not rechten.mag_actie_bijwerken(gebruiker, huidig):
        raise PermissionDenied(_("U mag de streefdatum van deze actie nu niet wijzigen."))
    return verschuif_streefdatum(huidig, naar, reden, gebruiker)


def verschuif_streefdatum(huidig, naar, reden, gebruiker):
    """wijzig_streefdatum for a caller that locked the action and checked a permission of its own (the
    rappel, rapportage.rappel, which a coordinator answers outside a round too)."""
    van = werkende_streefdatum(huidig)
    if van == naar:
        return huidig, False
    reden = (reden or "").strip()
    if not reden:
        raise RondeFout(_("Geef een reden voor de wijziging van de streefdatum."))
    lopend = Rapportage.objects.lopend().first()
    wijziging = StreefdatumWijziging(
        actie=huidig,
        van=van,
        naar=naar,
        reden=reden,
        door=gebruiker,
        rapportage=lopend,
        gepubliceerd_op=None if lopend is not None else timezone.now(),
    )
    _bewaar(wijziging, gebruiker, reden)
    if lopend is not None:
        return huidig, True
    huidig.streefdatum = naar
    _bewaar(huidig, gebruiker, streefdatum_reden(wijziging))
    return huidig, True


def _geldige_bron(kamerstuk, url):
    """(kamerstuk, url) checked and normalised: exactly one of them, a real Kamerstuk or an allowed host."""
    kamerstuk, url = (kamerstuk or "").strip(), (url or "").strip()
    if bool(kamerstuk) == bool(url):
        raise RondeFout(_("Geef een Kamerstuk of een adres van een officieel document, niet allebei."))
    try:
        return (normaliseer_kamerstuk(kamerstuk), "") if kamerstuk else ("", controleer_url(url))
    except ValidationError as fout:
        raise RondeFout(" ".join(fout.messages)) from None


def _voeg_toe(actie, voortgang, titel, kamerstuk, url, gebruiker):
    titel = (titel or "").strip()
    if not titel:
        raise RondeFout(_("Geef de vindplaats een titel."))
    kamerstuk, url = _geldige_bron(kamerstuk, url)
    bestaand = Vindplaats.objects.filter(actie=actie, voortgang=voortgang, kamerstuk=kamerstuk, url=url)
    if bestaand.exists():
        return bestaand.first(), False
    # The evidence of a text, and all evidence entered while a round runs, is public with that round's
    # publication; the redactie's evidence for an action outside a round at once.
    direct = voortgang is None and not Rapportage.objects.lopend().exists()
    vindplaats = Vindplaats(
        actie=actie,
        voortgang=voortgang,
        kamerstuk=kamerstuk,
        url=url,
        titel=titel,
        toegevoegd_door=gebruiker,
        gepubliceerd_op=timezone.now() if direct else None,
    )
    _bewaar(vindplaats, gebruiker, _("Vindplaats toegevoegd"))
    return vindplaats, True


@transaction.atomic
def voeg_vindplaats_toe_aan_actie(actie, titel, gebruiker, kamerstuk="", url=""):
    """Evidence for the action as a whole; public at once (the document itself is public)."""
    huidig = _actie_vergrendeld(actie)
    if not rechten.mag_actie_bijwerken(gebruiker, huidig):
        raise PermissionDenied(_("U mag nu geen vindplaats aan deze actie toevoegen."))
    return _voeg_toe(huidig, None, titel, kamerstuk, url, gebruiker)


def _tekst_stap(voortgang, gebruiker, weigering):
    huidig = _vergrendeld(voortgang)
    rechten.controleer_niet_vastgesteld(huidig.rapportage)
    if not rechten.mag_tekst_verantwoorden(gebruiker, huidig):
        raise PermissionDenied(weigering)
    return huidig


def _tekst_gewijzigd(huidig, gebruiker, reden):
    # A change of the text the redactie reviews: it counts as edited (versie > 1), so it is submitted.
    huidig.auteur = gebruiker
    huidig.versie += 1
    _bewaar(huidig, gebruiker, reden)
    _volg_gedeelde(huidig, gebruiker, reden)


@transaction.atomic
def voeg_vindplaats_toe_aan_tekst(voortgang, titel, gebruiker, kamerstuk="", url=""):
    """Evidence for one round's text; public once that round is closed."""
    huidig = _tekst_stap(voortgang, gebruiker, _("U mag nu geen vindplaats aan deze tekst toevoegen."))
    vindplaats, nieuw = _voeg_toe(huidig.actie, huidig, titel, kamerstuk, url, gebruiker)
    if nieuw:
        _tekst_gewijzigd(
            huidig, gebruiker, _("Vindplaats toegevoegd: %(titel)s") % {"titel": vindplaats.titel}
        )
    return vindplaats, nieuw


@transaction.atomic
def verwijder_vindplaats(vindplaats, gebruiker):
    """Remove evidence; its history keeps what it was and who removed it."""
    huidig = (
        # Only the evidence row is locked: PostgreSQL refuses FOR UPDATE on the nullable side of a join.
        Vindplaats.objects.select_for_update(of=("self",))
        .select_related("actie", "voortgang__rapportage")
        .get(pk=vindplaats.pk)
    )
    if huidig.voortgang_id:
        rechten.controleer_niet_vastgesteld(huidig.voortgang.rapportage)
    if not rechten.mag_vindplaats_verwijderen(gebruiker, huidig):
        raise PermissionDenied(_("U mag deze vindplaats nu niet verwijderen."))
    tekst = huidig.voortgang
    if huidig.publiek_zichtbaar and (tekst is not None or Rapportage.objects.lopend().exists()):
        # Public evidence goes from the public record as it came: with the publication of the round
        # that removes it (a round being corrected keeps showing its last publication).
        huidig.verwijderd_op = timezone.now()
        _bewaar(huidig, gebruiker, _("Vindplaats verwijderd; openbaar tot de ronde gepubliceerd is"))
    else:
        huidig._history_user = gebruiker
        huidig._change_reason = _("Vindplaats verwijderd")
        huidig.delete()
    if tekst is not None:
        tekst = _vergrendeld(tekst)
        _tekst_gewijzigd(tekst, gebruiker, _("Vindplaats verwijderd: %(titel)s") % {"titel": huidig.titel})
    return huidig


@transaction.atomic
def zet_knelpunt(voortgang, knelpunt, gebruiker):
    """Flag a knelpunt on a round's text with its explanation, or clear it (an empty explanation). The
    redactie reviews it with the text; the public sees it once the round is closed."""
    huidig = _tekst_stap(voortgang, gebruiker, _("U mag het knelpunt van deze tekst nu niet wijzigen."))
    knelpunt = (knelpunt or "").strip()
    if huidig.knelpunt == knelpunt:
        return huidig, False
    huidig.knelpunt = knelpunt
    _tekst_gewijzigd(huidig, gebruiker, _("Knelpunt gemeld") if knelpunt else _("Knelpunt weggehaald"))
    return huidig, True


@transaction.atomic
def wijzig_samenvatting(actie, samenvatting, gebruiker):
    """The redactie's plain-language (B1) summary of an action."""
    if not rechten.mag_samenvatting_schrijven(gebruiker):
        raise PermissionDenied(_("Alleen de redactie schrijft de samenvatting."))
    huidig = _actie_vergrendeld(actie)
    samenvatting = (samenvatting or "").strip()
    if huidig.samenvatting == samenvatting:
        return huidig, False
    huidig.samenvatting = samenvatting
    _bewaar(huidig, gebruiker, _("Samenvatting gewijzigd door %(naam)s") % {"naam": gebruiker.get_username()})
    return huidig, True


STANDVELDEN = ("stand", "stand_datum", "vervuld_door", "vervuld_kamerstuk", "vervuld_url", "stand_reden")
REACTIEVELDEN = ("reactie", "reactie_toelichting", "reactie_bron")
MOTIEVELDEN = ("titel", "datum", "indieners", "dictum", *STANDVELDEN, *REACTIEVELDEN)


def _controleer_stand(huidig, velden):
    """An item of any kind is (partly) fulfilled only with the document that fulfils it, and dropped only
    with a reason; the document's source is checked and normalised as evidence is."""
    nieuw = {veld: velden.get(veld, getattr(huidig, veld)) for veld in STANDVELDEN}
    soort = {"soort": Soort(huidig.soort).label}
    if nieuw["stand"] in (Stand.VOLDAAN, Stand.DEELS_VOLDAAN):
        if not nieuw["vervuld_door"]:
            raise RondeFout(
                _("Een %(soort)s is pas (deels) voldaan met het document dat haar uitvoert: noem de titel.")
                % soort
            )
        velden["vervuld_kamerstuk"], velden["vervuld_url"] = _geldige_bron(
            nieuw["vervuld_kamerstuk"], nieuw["vervuld_url"]
        )
    if nieuw["stand"] == Stand.VERVALLEN and not nieuw["stand_reden"]:
        raise RondeFout(_("Geef een reden op waarom de %(soort)s vervallen is.") % soort)


@transaction.atomic
def wijzig_motie(motie, gebruiker, delen, correctiereden="", **velden):
    """The redactie writes a motion down in full: its MOTIEVELDEN and, in `delen` ({part number: text}),
    what each numbered part asks. A part left out or with an empty text loses its text; actions keep
    naming it. Changing a dictum or a part's text that was already written is a correction: it needs
    `correctiereden` and goes into the public corrections log. Returns (motie, gewijzigd)."""
    if not rechten.mag_motie_bewerken(gebruiker):
        raise PermissionDenied(_("Alleen de redactie wijzigt de gegevens van een motie."))
    huidig = Opdracht.objects.select_for_update().get(pk=motie.pk)
    velden = {v: (w.strip() if isinstance(w, str) else w) for v, w in velden.items() if v in MOTIEVELDEN}
    if "indieners" in velden and not velden["indieners"]:
        raise RondeFout(_("Een motie heeft indieners."))
    _controleer_stand(huidig, velden)
    gewenst = {nummer: tekst.strip() for nummer, tekst in delen.items() if tekst and tekst.strip()}
    if any(nummer < 1 for nummer in gewenst):
        raise RondeFout(_("Delen van een motie zijn genummerd vanaf 1."))
    bestaand = {deel.nummer: deel for deel in huidig.delen.all()}
    correcties = []
    if huidig.dictum and velden.get("dictum", huidig.dictum) != huidig.dictum:
        correcties.append((Correctie.Wat.DICTUM, huidig.dictum, velden["dictum"]))
    for nummer, deel in sorted(bestaand.items()):
        if deel.tekst and gewenst.get(nummer, "") != deel.tekst:
            correcties.append(
                (Correctie.Wat.DEEL, _deel(nummer, deel.tekst), _deel(nummer, gewenst.get(nummer)))
            )
    reden = _("Motie gewijzigd door %(naam)s") % {"naam": gebruiker.get_username()}
    if correcties:
        reden = _correctie_vooraf(correctiereden, gebruiker)
    for wat, oud, nieuw in correcties:
        Correctie.objects.create(
            opdracht=huidig, wat=wat, oud=oud, nieuw=nieuw, reden=correctiereden.strip(), door=gebruiker
        )
    gewijzigd = [v for v, w in velden.items() if getattr(huidig, v) != w]
    for veld in gewijzigd:
        setattr(huidig, veld, velden[veld])
    if gewijzigd:
        _bewaar(huidig, gebruiker, reden)
    for nummer, deel in bestaand.items():
        if nummer not in gewenst:
            deel._history_user, deel._change_reason = gebruiker, reden
            deel.delete()
            gewijzigd.append(f"deel {nummer}")
    for nummer, tekst in sorted(gewenst.items()):
        deel = bestaand.get(nummer) or OpdrachtDeel(opdracht=huidig, nummer=nummer)
        if deel.tekst != tekst:
            deel.tekst = tekst
            _bewaar(deel, gebruiker, reden)
            gewijzigd.append(f"deel {nummer}")
    return huidig, bool(gewijzigd)


def _deel(nummer, tekst):
    return _("deel %(nummer)s: %(tekst)s") % {"nummer": nummer, "tekst": tekst} if tekst else ""


def _correctie_vooraf(reden, gebruiker):
    """The history reason of a correction outside a round, or RondeFout when no reason was given."""
    if not reden or not reden.strip():
        raise RondeFout(
            _("Dit verandert wat al openbaar is: geef een reden, die in het openbare correctielog komt.")
        )
    return _("Correctie door %(naam)s: %(reden)s") % {
        "naam": gebruiker.get_username(),
        "reden": reden.strip(),
    }


def ministeries_als_tekst(actie) -> str:
    """An action's ministries and their roles as one line, to compare and to log."""
    links = actie.actieministeries.select_related("ministerie").order_by("rol", "ministerie__afkorting")
    return ", ".join(str(link) for link in links)


@transaction.atomic
def corrigeer_actie(actie, gebruiker, reden, omschrijving_was, ministeries_was) -> list[Correctie]:
    """After the redactie changed an action outside a round (in the admin, whose save runs in this
    transaction): log each published word that changed — description, ministries — with the reason,
    or refuse without one. Nothing changed, nothing logged."""
    if not rechten.is_redactie(gebruiker):
        raise PermissionDenied(_("Alleen de redactie corrigeert een actie."))
    huidig = _actie_vergrendeld(actie)
    wijzigingen = [
        (Correctie.Wat.OMSCHRIJVING, omschrijving_was, huidig.omschrijving),
        (Correctie.Wat.MINISTERIES, ministeries_was, ministeries_als_tekst(huidig)),
    ]
    wijzigingen = [(wat, oud, nieuw) for wat, oud, nieuw in wijzigingen if oud != nieuw]
    if not wijzigingen:
        return []
    _correctie_vooraf(reden, gebruiker)
    return [
        Correctie.objects.create(
            actie=huidig, wat=wat, oud=oud, nieuw=nieuw, reden=reden.strip(), door=gebruiker
        )
        for wat, oud, nieuw in wijzigingen
    ]
