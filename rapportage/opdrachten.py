"""The redactie registers what was recommended, committed or promised outside a motion: an aanbeveling, a
toezegging or a belofte (moties.models.Opdracht), optionally linked to the action that carries it out.
Motions are not registered here: they come from the annex and the Tweede Kamer's data, with their
Kamerstuk as their key."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from acties.models import ActieOpdracht
from lib.vindplaats import controleer_url
from moties.models import Opdracht, Reactie, Soort

from . import rechten
from .ronde import _bewaar

# What the redactie registers by hand; a motion has its own way in.
SOORTEN = (Soort.AANBEVELING, Soort.TOEZEGGING, Soort.BELOFTE)

VELDEN = (
    "soort",
    "titel",
    "dictum",
    "bron",
    "bron_url",
    "dossier",
    "nummer",
    "registernummer",
    "datum",
    "adressaat",
    "ministerie",
    "uiterste_datum",
    "reactie",
    "reactie_toelichting",
    "reactie_bron",
)

# A register number is part of the item's URL (Opdracht.sleutel) and starts with a letter, so it never
# looks like the row number that is the key of an item without one.
_REGISTERNUMMER = re.compile(r"[A-Za-z][A-Za-z0-9.-]*")


def _fouten(velden) -> dict:
    """What is wrong with the fields, per field, in Dutch; empty when nothing is."""
    fouten = {}
    soort = velden.get("soort")
    if soort not in SOORTEN:
        fouten["soort"] = _(
            "Kies aanbeveling, toezegging of belofte; een motie komt uit de bijlage of de gegevens van de "
            "Tweede Kamer."
        )
    if not velden.get("dictum"):
        fouten["dictum"] = _("Schrijf wat er gevraagd, toegezegd of beloofd is.")
    dossier, nummer = velden.get("dossier"), velden.get("nummer")
    if dossier and not nummer:
        fouten["nummer"] = _("Geef bij een Kamerstuk ook het nummer binnen het dossier.")
    if nummer and not dossier and soort != Soort.AANBEVELING:
        fouten["dossier"] = _("Geef bij een Kamerstuk ook het dossier.")
    met_kamerstuk = bool(dossier and nummer) and soort != Soort.AANBEVELING
    if not velden.get("bron") and not met_kamerstuk:
        fouten["bron"] = _("Noem de bron: het advies, debat of document, of het Kamerstuk.")
    if velden.get("bron_url"):
        try:
            controleer_url(velden["bron_url"])
        except ValidationError as fout:
            fouten["bron_url"] = fout.messages[0]
    registernummer = velden.get("registernummer")
    if registernummer and soort != Soort.TOEZEGGING:
        fouten["registernummer"] = _("Alleen een toezegging heeft een nummer in het toezeggingenregister.")
    elif registernummer and not _REGISTERNUMMER.fullmatch(registernummer):
        fouten["registernummer"] = _(
            "Schrijf het registernummer zoals de Tweede Kamer het geeft, bijv. TZ202101-088."
        )
    elif registernummer and Opdracht.objects.filter(registernummer=registernummer).exists():
        fouten["registernummer"] = _("Toezegging %(nummer)s staat al in het register.") % {
            "nummer": registernummer
        }
    datum, uiterste_datum = velden.get("datum"), velden.get("uiterste_datum")
    if datum and uiterste_datum and uiterste_datum < datum:
        fouten["uiterste_datum"] = _("De uiterste datum ligt voor de datum van de bron.")
    if velden.get("reactie", "") not in Reactie.values:
        fouten["reactie"] = _("Kies een van de reacties van het kabinet.")
    return fouten


@transaction.atomic
def registreer_opdracht(gebruiker, actie=None, reden="", **velden) -> Opdracht:
    """Register a new aanbeveling, toezegging or belofte from `velden` (names in VELDEN) and, when `actie`
    is given, link it as a whole to that action. ValidationError with a Dutch message per field when the
    fields do not make one; `reden` is the history's reason (default: who registered it)."""
    if not rechten.mag_opdracht_registreren(gebruiker):
        raise PermissionDenied(_("Alleen de redactie registreert aanbevelingen, toezeggingen en beloftes."))
    onbekend = set(velden) - set(VELDEN)
    if onbekend:
        raise TypeError(f"unknown fields: {sorted(onbekend)}")
    velden = {v: (w.strip() if isinstance(w, str) else w) for v, w in velden.items()}
    fouten = _fouten(velden)
    if fouten:
        raise ValidationError(fouten)
    # An item without a Kamerstuk has no dossier either: not the inquiry's, which is the model's default.
    opdracht = Opdracht(**{"dossier": None, **velden})
    opdracht.full_clean()
    reden = reden or _("%(soort)s geregistreerd door %(naam)s") % {
        "soort": Soort(opdracht.soort).label.capitalize(),
        "naam": gebruiker.get_username(),
    }
    _bewaar(opdracht, gebruiker, reden)
    if actie is not None:
        _bewaar(ActieOpdracht(actie=actie, opdracht=opdracht), gebruiker, reden)
    return opdracht
