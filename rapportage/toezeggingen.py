"""The redactie's decision on a commitment the daily fetch proposed (moties.toezeggingen): accepting makes it
an Opdracht of the kind toezegging, which the fetch then keeps up to date; rejecting keeps it out for good.

Here and not in moties because the permission rules (rechten) sit in this layer, as for a new action
(nieuwe_actie)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from acties.models import Ministerie
from moties.models import Kamertoezegging, Opdracht, Soort, Voorstelbesluit
from moties.toezeggingen import neem_registergegevens_over

from . import rechten
from .ronde import RondeFout, _bewaar

BRON = "Toezeggingenregister Tweede Kamer"


def _open_voorstel(kamertoezegging):
    """The proposal, locked, as long as no one decided on it (the fetch locks the same row)."""
    kamertoezegging = Kamertoezegging.objects.select_for_update().get(pk=kamertoezegging.pk)
    if kamertoezegging.besluit != Voorstelbesluit.OPEN:
        raise RondeFout(
            _("Over toezegging %(nummer)s is al besloten: %(besluit)s.")
            % {"nummer": kamertoezegging.registernummer, "besluit": kamertoezegging.get_besluit_display()}
        )
    return kamertoezegging


def zoek_ministerie(naam):
    """The Ministerie the register means by `naam` ('Financiën', 'Ministerie van Financiën', 'FIN'); None
    when no ministry has that name or abbreviation."""
    gezocht = naam.strip().casefold()
    if not gezocht:
        return None
    for ministerie in Ministerie.objects.order_by("opgeheven", "afkorting"):
        if gezocht in (
            ministerie.afkorting.casefold(),
            ministerie.naam.casefold(),
            ministerie.korte_naam.casefold(),
        ):
            return ministerie
    return None


@transaction.atomic
def neem_aan(kamertoezegging, gebruiker) -> Opdracht:
    """Accept the proposal: an Opdracht of the kind toezegging with the register's number, text, addressee,
    ministry (when one has that name), deadline and, with its letter, the standing 'voldaan'. An Opdracht
    that already has the register number (entered by hand) is linked instead of a second one made."""
    rechten.controleer_redactie(gebruiker)
    kamertoezegging = _open_voorstel(kamertoezegging)
    reden = _("Toezegging %(nummer)s uit het Kamerregister aanvaard door %(naam)s") % {
        "nummer": kamertoezegging.registernummer,
        "naam": gebruiker.get_username(),
    }
    opdracht = (
        Opdracht.objects.select_for_update().filter(registernummer=kamertoezegging.registernummer).first()
    )
    if opdracht is None:
        opdracht = Opdracht(
            soort=Soort.TOEZEGGING,
            dossier=kamertoezegging.dossier,
            registernummer=kamertoezegging.registernummer,
            dictum=kamertoezegging.tekst[: Opdracht._meta.get_field("dictum").max_length],
            adressaat=kamertoezegging.adressaat[: Opdracht._meta.get_field("adressaat").max_length],
            ministerie=zoek_ministerie(kamertoezegging.ministerie),
            datum=kamertoezegging.datum,
            bron=", ".join(deel for deel in (BRON, kamertoezegging.activiteit) if deel)[
                : Opdracht._meta.get_field("bron").max_length
            ],
        )
    neem_registergegevens_over(kamertoezegging, opdracht)
    _bewaar(opdracht, gebruiker, reden)
    kamertoezegging.besluit = Voorstelbesluit.AANVAARD
    kamertoezegging.opdracht = opdracht
    _bewaar(kamertoezegging, gebruiker, reden)
    return opdracht


@transaction.atomic
def wijs_af(kamertoezegging, gebruiker, reden):
    """Reject the proposal with a reason; the fetch never proposes or changes it again."""
    rechten.controleer_redactie(gebruiker)
    reden = (reden or "").strip()
    if not reden:
        raise RondeFout(_("Schrijf waarom pokvolg deze toezegging niet volgt."))
    kamertoezegging = _open_voorstel(kamertoezegging)
    kamertoezegging.besluit = Voorstelbesluit.AFGEWEZEN
    kamertoezegging.afgewezen_door = gebruiker
    kamertoezegging.afgewezen_op = timezone.now()
    kamertoezegging.afwijsreden = reden
    _bewaar(
        kamertoezegging,
        gebruiker,
        _("Toezegging %(nummer)s uit het Kamerregister afgewezen door %(naam)s")
        % {"nummer": kamertoezegging.registernummer, "naam": gebruiker.get_username()},
    )
    return kamertoezegging
