"""The redactie's steps on indicators, targets and measurements. Each is one transaction that checks the
permission (rapportage.rechten), validates what the database cannot, and writes history with a reason.

Outside a round the redactie's figures are public at once, as an action's evidence is. A measurement
entered while a round runs (by the redactie, or by the coordinator of the action's lead ministry) belongs
to that round and is public with its publication (Meting.objects.openbaar). A target is never edited: a
moved target is a new one that replaces it (verschuif_doel), so the earlier promise stays on the record;
a wrong entry is removed, and its history keeps it."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lib.vindplaats import controleer_url, normaliseer_kamerstuk
from rapportage import rechten
from rapportage.models import Rapportage

from .models import Doel, Indicator, Meting


def _controleer_redactie(gebruiker) -> None:
    if not rechten.is_redactie(gebruiker):
        raise PermissionDenied(_("Alleen de redactie legt indicatoren, doelen en metingen vast."))


def bron(tekst: str, kamerstuk: str = "", url: str = "") -> tuple[str, str, str]:
    """(bron, kamerstuk, url) checked: a description, and at most one of a real Kamerstuk or an address
    on an official host. ValidationError (Dutch) otherwise."""
    tekst, kamerstuk, url = (tekst or "").strip(), (kamerstuk or "").strip(), (url or "").strip()
    if not tekst:
        raise ValidationError(_("Noem de bron: het document waar het getal in staat."))
    if kamerstuk and url:
        raise ValidationError(_("Geef een Kamerstuk of een adres van een officieel document, niet allebei."))
    if kamerstuk:
        return tekst, normaliseer_kamerstuk(kamerstuk), ""
    return tekst, "", controleer_url(url) if url else ""


def _bewaar(obj, gebruiker, reden: str) -> None:
    obj.full_clean()
    obj._history_user = gebruiker
    obj._change_reason = reden
    obj.save()


@transaction.atomic
def bewaar_indicator(indicator: Indicator, gebruiker) -> Indicator:
    """Save a new or changed indicator (name, unit, what counts, baseline)."""
    _controleer_redactie(gebruiker)
    nieuw = indicator.pk is None
    reden = _("Indicator vastgelegd door %(naam)s") if nieuw else _("Indicator gewijzigd door %(naam)s")
    _bewaar(indicator, gebruiker, reden % {"naam": gebruiker.get_username()})
    return indicator


def _nieuw_doel(indicator, waarde, datum, bron_tekst, kamerstuk, url, toelichting, vervangt):
    tekst, kamerstuk, url = bron(bron_tekst, kamerstuk, url)
    return Doel(
        indicator=indicator,
        waarde=Decimal(waarde),
        datum=datum,
        bron=tekst,
        kamerstuk=kamerstuk,
        url=url,
        toelichting=(toelichting or "").strip(),
        vervangt=vervangt,
    )


@transaction.atomic
def beloof_doel(
    indicator: Indicator,
    waarde: Decimal,
    datum: datetime.date,
    gebruiker,
    bron_tekst: str,
    kamerstuk: str = "",
    url: str = "",
    toelichting: str = "",
) -> Doel:
    """A target a letter promised for this indicator, beside any it already has."""
    _controleer_redactie(gebruiker)
    doel = _nieuw_doel(indicator, waarde, datum, bron_tekst, kamerstuk, url, toelichting, None)
    _bewaar(doel, gebruiker, _("Doel vastgelegd door %(naam)s") % {"naam": gebruiker.get_username()})
    return doel


@transaction.atomic
def verschuif_doel(
    eerder: Doel,
    waarde: Decimal,
    datum: datetime.date,
    gebruiker,
    bron_tekst: str,
    kamerstuk: str = "",
    url: str = "",
    toelichting: str = "",
) -> Doel:
    """A later letter moves a target: a new target with its own source replaces `eerder`, which stays
    visible as 'eerder beloofd'. A target that was already replaced cannot be replaced again: move its
    successor."""
    _controleer_redactie(gebruiker)
    eerder = Doel.objects.select_for_update().get(pk=eerder.pk)
    if Doel.objects.filter(vervangt=eerder).exists():
        raise ValidationError(_("Dit doel is al vervangen door een later doel; verschuif dat latere doel."))
    doel = _nieuw_doel(eerder.indicator, waarde, datum, bron_tekst, kamerstuk, url, toelichting, eerder)
    reden = _("Doel verschoven door %(naam)s: vervangt het doel van %(datum)s") % {
        "naam": gebruiker.get_username(),
        "datum": eerder.datum.isoformat(),
    }
    _bewaar(doel, gebruiker, reden)
    return doel


@transaction.atomic
def meet(
    indicator: Indicator,
    waarde: Decimal,
    meetdatum: datetime.date,
    gebruiker,
    bron_tekst: str,
    kamerstuk: str = "",
    url: str = "",
) -> Meting:
    """A measurement from a published source. One per indicator and date."""
    indicator = Indicator.objects.select_related("actie").get(pk=indicator.pk)
    if not rechten.mag_meting_invoeren(gebruiker, indicator):
        raise PermissionDenied(_("U mag voor deze indicator nu geen meting invoeren."))
    tekst, kamerstuk, url = bron(bron_tekst, kamerstuk, url)
    meting = Meting(
        indicator=indicator,
        waarde=Decimal(waarde),
        meetdatum=meetdatum,
        bron=tekst,
        kamerstuk=kamerstuk,
        url=url,
        ingevoerd_door=gebruiker,
        rapportage=Rapportage.objects.lopend().first(),
    )
    _bewaar(meting, gebruiker, _("Meting ingevoerd door %(naam)s") % {"naam": gebruiker.get_username()})
    return meting


@transaction.atomic
def verwijder(obj: Indicator | Doel | Meting, gebruiker) -> None:
    """Remove an entry made in error; its history keeps what it was and who removed it. A target that a
    later one replaces stays (remove the later one first), and so does an indicator with figures."""
    _controleer_redactie(gebruiker)
    huidig = type(obj).objects.select_for_update().filter(pk=obj.pk).first()
    if huidig is None:
        return
    if isinstance(huidig, Doel) and Doel.objects.filter(vervangt=huidig).exists():
        raise ValidationError(_("Een later doel vervangt dit doel; verwijder eerst dat latere doel."))
    if isinstance(huidig, Indicator) and (huidig.doelen.exists() or huidig.metingen.exists()):
        raise ValidationError(_("Deze indicator heeft doelen of metingen; verwijder die eerst."))
    huidig._history_user = gebruiker
    huidig._change_reason = _("%(wat)s verwijderd door %(naam)s") % {
        "wat": str(type(huidig)._meta.verbose_name).capitalize(),
        "naam": gebruiker.get_username(),
    }
    huidig.delete()
