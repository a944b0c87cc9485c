"""The redactie's steps on letters and proposed promises. Each is one transaction that checks the
permission again (rapportage.rechten), locks the proposal, and writes history with a reason.

Accepting makes the promise one of three things: a belofte in the register of what was asked or promised
(moties.Opdracht, through rapportage.opdrachten), with the quote as its text, the letter as its source
and the period's end as its deadline; a target (Doel) on an indicator, through indicatoren.beheer, with
the letter as its source and the quote as its explanation; or an action's target date, through
rapportage.verantwoording.wijzig_streefdatum, with the quote and the Kamerstuk as the reason, so it lands
in the public shift log (and waits for the round's publication while a round runs, as that step
decides)."""

import datetime
import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from indicatoren import beheer
from lib.vindplaats import normaliseer_kamerstuk
from moties.models import Soort
from rapportage import rechten
from rapportage.opdrachten import registreer_opdracht
from rapportage.ronde import RondeFout
from rapportage.verantwoording import wijzig_streefdatum

from .models import Beloftevoorstel, Brief, Uitkomst, datum_in_woorden

MAX_REDEN = 1000  # StreefdatumWijziging.reden


class VoorstelFout(Exception):
    """A step that cannot be done; the message is Dutch and meant for the user."""


def _controleer(gebruiker) -> None:
    if not rechten.mag_beloftes_beoordelen(gebruiker):
        raise PermissionDenied(_("Alleen de redactie beoordeelt beloftes uit brieven."))


@transaction.atomic
def do_upload(bestand, data: bytes, gebruiker, briefdatum=None, kamerstuk: str = "") -> Brief:
    """Store an uploaded letter, to be read by the job (beloftes.taken)."""
    _controleer(gebruiker)
    brief = Brief(
        bestandsnaam=(bestand.name or "")[:255],
        sha256=Brief.hash_van(data),
        opgegeven_briefdatum=briefdatum,
        opgegeven_kamerstuk=kamerstuk,
        door=gebruiker,
    )
    brief.bestand.save("brief", bestand, save=False)
    brief.save()
    return brief


def _briefsleutel(brief: Brief) -> str:
    """The letter's Kamerstuk; else the key an earlier upload of the same bytes got (perhaps with a
    Kamerstuk the redactie typed then); else the hash of the bytes."""
    if brief.kamerstuk:
        return f"kst:{brief.kamerstuk}"
    eerder = (
        Brief.objects.filter(sha256=brief.sha256)
        .exclude(sleutel="")
        .exclude(pk=brief.pk)
        .order_by("pk")
        .first()
    )
    return eerder.sleutel if eerder else f"sha256:{brief.sha256}"


def _neem_over(brief: Brief) -> None:
    """Earlier uploads of these bytes that had no Kamerstuk kept their proposals under the hash; now that
    the Kamerstuk is known (typed in this time) they move to it, decisions and all. A proposal the
    Kamerstuk already has (from another format of the letter) stays where it is."""
    oud = f"sha256:{brief.sha256}"
    if brief.sleutel == oud:
        return
    bezet = set(Beloftevoorstel.objects.filter(brief_sleutel=brief.sleutel).values_list("sleutel", flat=True))
    for voorstel in (
        Beloftevoorstel.objects.select_for_update().filter(brief_sleutel=oud).exclude(sleutel__in=bezet)
    ):
        voorstel.brief_sleutel = brief.sleutel
        voorstel._change_reason = _("De brief heeft nu een Kamerstuk: %(kamerstuk)s") % {
            "kamerstuk": brief.kamerstuk
        }
        voorstel.save()
    for eerder in Brief.objects.select_for_update().filter(sleutel=oud):
        eerder.sleutel = brief.sleutel
        eerder.save()


def _kamerstuk(tekst: str) -> str:
    try:
        return normaliseer_kamerstuk(tekst) if tekst else ""
    except ValidationError:
        return ""


@transaction.atomic
def bewaar_gelezen(brief: Brief, beloftes, genoemde_datum: datetime.date | None) -> int:
    """What the job found in the letter: its date, Kamerstuk and key, and the proposals that this letter
    (under its key) does not have yet, open or decided. Returns how many are new."""
    brief = Brief.objects.select_for_update().get(pk=brief.pk)
    gevonden = next((b.bron for b in beloftes if b.bron), "")
    brief.briefdatum = brief.opgegeven_briefdatum or genoemde_datum
    brief.kamerstuk = brief.opgegeven_kamerstuk or _kamerstuk(gevonden)
    brief.sleutel = _briefsleutel(brief)
    brief.gelezen_op = timezone.now()
    brief.save()
    _neem_over(brief)
    bekend = set(
        Beloftevoorstel.objects.filter(brief_sleutel=brief.sleutel).values_list("sleutel", flat=True)
    )
    nieuw = 0
    for b in beloftes:
        voorstel = Beloftevoorstel(
            brief_sleutel=brief.sleutel,
            brief=brief,
            citaat=b.citaat,
            tijd=b.tijd[:200],
            van=datetime.date.fromisoformat(b.van),
            tot=datetime.date.fromisoformat(b.tot) if b.tot else None,
            wie=b.wie,
            wat=b.wat,
            zeker=b.zeker,
        )
        voorstel.sleutel = voorstel.bereken_sleutel()
        if voorstel.sleutel in bekend:
            continue
        bekend.add(voorstel.sleutel)
        voorstel._change_reason = _("Voorgesteld uit %(brief)s") % {"brief": brief.bestandsnaam or brief.pk}
        voorstel.save()
        nieuw += 1
    return nieuw


def _vergrendeld_open(voorstel: Beloftevoorstel) -> Beloftevoorstel:
    huidig = Beloftevoorstel.objects.select_for_update().select_related("brief").get(pk=voorstel.pk)
    if not huidig.is_open:
        raise VoorstelFout(
            _("Over dit voorstel is al besloten: %(uitkomst)s.") % {"uitkomst": huidig.get_uitkomst_display()}
        )
    return huidig


def _besluit(voorstel, gebruiker, uitkomst, reden, historie) -> None:
    voorstel.uitkomst = uitkomst
    voorstel.reden = reden
    voorstel.door = gebruiker
    voorstel.op = timezone.now()
    voorstel._history_user = gebruiker
    voorstel._change_reason = historie
    voorstel.save()


def bron_van(brief: Brief) -> str:
    """The letter as a reader finds it: 'Kamerbrief van 29 juni 2021', else its file name."""
    if brief.briefdatum:
        return _("Kamerbrief van %(datum)s") % {"datum": datum_in_woorden(brief.briefdatum)}
    return _("Kamerbrief %(naam)s") % {"naam": brief.bestandsnaam or brief.pk}


@transaction.atomic
def do_afwijzen(voorstel: Beloftevoorstel, gebruiker, reden: str = "") -> Beloftevoorstel:
    """Not a promise (or not one to follow): remembered, so no upload of this letter proposes it again."""
    _controleer(gebruiker)
    voorstel = _vergrendeld_open(voorstel)
    reden = (reden or "").strip()
    historie = _("Afgewezen: %(reden)s") % {"reden": reden or "–"}
    _besluit(voorstel, gebruiker, Uitkomst.AFGEWEZEN, reden, historie)
    return voorstel


@transaction.atomic
def do_accepteer_als_doel(voorstel, gebruiker, indicator, waarde, datum) -> Beloftevoorstel:
    """The promise becomes a target on an indicator: the letter is its source, the quote its explanation."""
    _controleer(gebruiker)
    voorstel = _vergrendeld_open(voorstel)
    brief = voorstel.brief
    try:
        doel = beheer.beloof_doel(
            indicator,
            waarde,
            datum,
            gebruiker,
            bron_van(brief),
            kamerstuk=brief.kamerstuk,
            toelichting=voorstel.citaat,
        )
    except ValidationError as fout:
        raise VoorstelFout(" ".join(fout.messages)) from None
    voorstel.doel = doel
    reden = _("Doel %(waarde)s %(eenheid)s op %(datum)s voor indicator '%(indicator)s'") % {
        "waarde": doel.waarde,
        "eenheid": indicator.eenheid,
        "datum": datum_in_woorden(datum),
        "indicator": indicator.naam,
    }
    _besluit(voorstel, gebruiker, Uitkomst.GEACCEPTEERD, reden, _("Geaccepteerd als doel"))
    return voorstel


def streefdatum_reden(voorstel: Beloftevoorstel) -> str:
    """The reason in the shift log: where the promise stands, then the quote, shortened only if the log's
    field cannot hold it (the proposal keeps the whole quote)."""
    brief = voorstel.brief
    waar = bron_van(brief) + (f" ({brief.aanhaling})" if brief.kamerstuk else "")
    kop = _("Belofte in de %(waar)s: ") % {"waar": waar}
    ruimte = MAX_REDEN - len(kop) - 2
    citaat = voorstel.citaat if len(voorstel.citaat) <= ruimte else voorstel.citaat[: ruimte - 1] + "…"
    return f"{kop}“{citaat}”"


@transaction.atomic
def do_accepteer_als_streefdatum(voorstel, gebruiker, actie, datum) -> Beloftevoorstel:
    """The promise becomes the action's target date, with the quote and the Kamerstuk as the reason."""
    _controleer(gebruiker)
    voorstel = _vergrendeld_open(voorstel)
    try:
        actie, gewijzigd = wijzig_streefdatum(actie, datum, streefdatum_reden(voorstel), gebruiker)
    except RondeFout as fout:
        raise VoorstelFout(str(fout)) from None
    if not gewijzigd:
        raise VoorstelFout(
            _("Actie %(nummer)s heeft al streefdatum %(datum)s; er is niets gewijzigd.")
            % {"nummer": actie.nummer, "datum": datum_in_woorden(datum)}
        )
    voorstel.streefdatumwijziging = actie.streefdatumwijzigingen.order_by("-pk").first()
    reden = _("Streefdatum %(datum)s van actie %(nummer)s") % {
        "datum": datum_in_woorden(datum),
        "nummer": actie.nummer,
    }
    _besluit(voorstel, gebruiker, Uitkomst.GEACCEPTEERD, reden, _("Geaccepteerd als streefdatum"))
    return voorstel


def _dossier_en_nummer(kamerstuk: str):
    """(35510, 60) of '35510-60'; (None, None) for a Kamerstuk the register cannot hold as two numbers
    ('36200-VII-5'), which the source then names."""
    gevonden = re.fullmatch(r"(\d+)-(\d+)", kamerstuk)
    return (int(gevonden[1]), int(gevonden[2])) if gevonden else (None, None)


@transaction.atomic
def do_accepteer_als_belofte(voorstel, gebruiker, actie=None, adressaat="", ministerie=None, titel=""):
    """The promise becomes a belofte in the register: the quote is its text, the letter (with its
    Kamerstuk) its source and date, the last day of the period (its first, when the letter names no end)
    its deadline; linked to `actie` when given."""
    _controleer(gebruiker)
    voorstel = _vergrendeld_open(voorstel)
    brief = voorstel.brief
    dossier, nummer = _dossier_en_nummer(brief.kamerstuk)
    bron = bron_van(brief) + (f" ({brief.aanhaling})" if brief.kamerstuk else "")
    try:
        opdracht = registreer_opdracht(
            gebruiker,
            actie=actie,
            reden=_("Belofte uit de %(bron)s, geaccepteerd door %(naam)s")
            % {"bron": bron, "naam": gebruiker.get_username()},
            soort=Soort.BELOFTE,
            titel=titel,
            dictum=voorstel.citaat,
            bron=bron,
            dossier=dossier,
            nummer=nummer,
            datum=brief.briefdatum,
            adressaat=adressaat or voorstel.wie,
            ministerie=ministerie,
            uiterste_datum=voorstel.tot or voorstel.van,
        )
    except ValidationError as fout:
        raise VoorstelFout(" ".join(fout.messages)) from None
    voorstel.opdracht = opdracht
    reden = _("Belofte %(sleutel)s met uiterste datum %(datum)s") % {
        "sleutel": opdracht.sleutel,
        "datum": datum_in_woorden(opdracht.uiterste_datum),
    }
    if actie is not None:
        reden += _(", uitgevoerd door actie %(nummer)s") % {"nummer": actie.nummer}
    _besluit(voorstel, gebruiker, Uitkomst.GEACCEPTEERD, reden, _("Geaccepteerd als belofte"))
    return voorstel
