"""A new action for what no action carries out yet: the redactie starts it from an item of any kind (a
motion's part or the whole motion, an aanbeveling, a toezegging, a belofte).

Numbering continues after the last action (87 after 86), as the cabinet's own annexes added actions; a
number is never reused, so an old link never points at another action."""

from django.db import transaction
from django.utils.translation import gettext as _

from acties.models import Actie, ActieMinisterie, ActieOpdracht, Ministerie, Rol, Status, Thema
from moties.models import Opdracht, Soort

from . import rechten
from .models import Rapportage, Voortgang
from .ronde import RondeFout, _bewaar


def _al_gekoppeld(opdracht: Opdracht, deel: int | None) -> str:
    if deel is not None:
        return _("Dit deel van de motie heeft al een actie; koppel daar of kies een ander deel.")
    return _("Deze %(soort)s heeft als geheel al een actie; koppel daar.") % {
        "soort": Soort(opdracht.soort).label
    }


@transaction.atomic
def start_actie(
    opdracht: Opdracht, deel: int | None, omschrijving: str, thema: Thema, ministerie: Ministerie, gebruiker
) -> Actie:
    """Create the action, link it to the item (a motion's part `deel`; None for the whole item, the only
    choice for a kind without parts) and, if a round is running, give it a draft text in that round so its
    ministry reports on it from now on."""
    rechten.controleer_redactie(gebruiker)
    omschrijving = (omschrijving or "").strip()
    if not omschrijving:
        raise RondeFout(_("Beschrijf wat de nieuwe actie doet."))
    opdracht = Opdracht.objects.select_for_update().get(pk=opdracht.pk)
    if deel is not None and opdracht.soort != Soort.MOTIE:
        raise RondeFout(_("Alleen een motie heeft delen; de nieuwe actie voert het geheel uit."))
    if ActieOpdracht.objects.filter(opdracht=opdracht, deel=deel).exists():
        raise RondeFout(_al_gekoppeld(opdracht, deel))
    # Locking the highest number makes two new actions at once wait for each other, not take one number.
    laatste = Actie.objects.select_for_update().order_by("-nummer").first()
    reden = _("Nieuwe actie voor %(opdracht)s, gestart door %(naam)s") % {
        "opdracht": opdracht.label_in_geschiedenis
        if deel is None
        else f"{opdracht.label_in_geschiedenis}, deel {deel}",
        "naam": gebruiker.get_username(),
    }
    actie = Actie(
        nummer=(laatste.nummer if laatste else 0) + 1,
        omschrijving=omschrijving,
        thema=thema,
        status=Status.NOG_NIET_GESTART,
    )
    _bewaar(actie, gebruiker, reden)
    _bewaar(
        ActieMinisterie(actie=actie, ministerie=ministerie, rol=Rol.EERSTVERANTWOORDELIJK), gebruiker, reden
    )
    _bewaar(
        ActieOpdracht(actie=actie, opdracht=opdracht, deel=deel, vermelding=opdracht.indieners),
        gebruiker,
        reden,
    )
    lopend = Rapportage.objects.lopend().select_for_update().first()
    if lopend is not None:
        _bewaar(Voortgang(actie=actie, rapportage=lopend, status=Status.NOG_NIET_GESTART), gebruiker, reden)
    return actie
