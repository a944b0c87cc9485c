"""The redactie registers what was recommended, committed or promised outside a motion: an aanbeveling, a
toezegging or a belofte (moties.models.Opdracht), optionally linked to the action that carries it out,
and later changes it. Motions are not registered here: they come from the annex and the Tweede Kamer's
data, with their Kamerstuk as their key, and are written down in full by verantwoording.wijzig_motie."""

import re

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from acties.models import ActieOpdracht
from lib.vindplaats import controleer_url
from moties.models import Opdracht, Reactie, Soort

from . import rechten
from .models import Correctie
from .ronde import RondeFout, _bewaar
from .verantwoording import STANDVELDEN, _controleer_stand, _correctie_vooraf

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


def _fouten(velden, zelf: int | None = None) -> dict:
    """What is wrong with the fields, per field, in Dutch; empty when nothing is. `zelf`: the pk of the
    item being changed, whose own register number is no duplicate."""
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
    # A commitment from the Kamer's register carries the dossier of its debate, without a document number.
    uit_kamerregister = soort == Soort.TOEZEGGING and bool(velden.get("registernummer"))
    if dossier and not nummer and not uit_kamerregister:
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
    elif registernummer and Opdracht.objects.filter(registernummer=registernummer).exclude(pk=zelf).exists():
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


# What the redactie changes of a registered item: all it registered but the kind, and its standing.
BEWERKVELDEN = (*(veld for veld in VELDEN if veld != "soort"), *STANDVELDEN)

# What the public page shows of the item beside its text. Overwriting or removing a value that was already
# there is a correction; filling an empty one is not, as writing down a motion's empty dictum is not. The
# standing is progress, not a correction: it has its own date and the history keeps every step.
GEGEVENSVELDEN = (
    "titel",
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


def _als_tekst(veld: str, waarde) -> str:
    """One field as the corrections log shows it: 'Bron: …', a date in Dutch, a choice by its label."""
    if waarde in (None, ""):
        waarde = _("(leeg)")
    elif hasattr(waarde, "strftime"):
        waarde = date_format(waarde, "DATE_FORMAT")
    elif veld == "reactie":
        waarde = Reactie(waarde).label
    naam = Opdracht._meta.get_field(veld).verbose_name
    return f"{str(naam)[:1].upper()}{str(naam)[1:]}: {waarde}"


def _correcties(huidig: Opdracht, velden: dict) -> list[tuple[str, str, str]]:
    """(wat, was, wordt) of each change to what the public already read: the text, and the other data
    together as one line per field."""
    correcties = []
    if huidig.dictum and velden["dictum"] != huidig.dictum:
        correcties.append((Correctie.Wat.DICTUM, huidig.dictum, velden["dictum"]))
    gewijzigd = [
        veld
        for veld in GEGEVENSVELDEN
        if getattr(huidig, veld) not in (None, "") and velden[veld] != getattr(huidig, veld)
    ]
    if gewijzigd:
        was = "\n".join(_als_tekst(veld, getattr(huidig, veld)) for veld in gewijzigd)
        wordt = "\n".join(_als_tekst(veld, velden[veld]) for veld in gewijzigd)
        correcties.append((Correctie.Wat.GEGEVENS, was, wordt))
    return correcties


@transaction.atomic
def wijzig_opdracht(
    opdracht: Opdracht, gebruiker, correctiereden: str = "", **velden
) -> tuple[Opdracht, bool]:
    """The redactie changes a registered aanbeveling, toezegging or belofte: any of BEWERKVELDEN (those not
    given stay as they are). Changing what the public already read needs `correctiereden` and goes into
    the public corrections log. ValidationError with a Dutch message (per field where it has one) when the
    result would not be a valid item. Returns (opdracht, gewijzigd)."""
    if not rechten.mag_opdracht_bewerken(gebruiker):
        raise PermissionDenied(_("Alleen de redactie wijzigt aanbevelingen, toezeggingen en beloftes."))
    onbekend = set(velden) - set(BEWERKVELDEN)
    if onbekend:
        raise TypeError(f"unknown fields: {sorted(onbekend)}")
    huidig = Opdracht.objects.select_for_update().get(pk=opdracht.pk)
    velden = {v: (w.strip() if isinstance(w, str) else w) for v, w in velden.items()}
    velden = {veld: velden.get(veld, getattr(huidig, veld)) for veld in BEWERKVELDEN}
    fouten = _fouten({"soort": huidig.soort, **velden}, zelf=huidig.pk)
    if fouten:
        raise ValidationError(fouten)
    try:
        _controleer_stand(huidig, velden)
        correcties = _correcties(huidig, velden)
        reden = _("%(soort)s gewijzigd door %(naam)s") % {
            "soort": Soort(huidig.soort).label.capitalize(),
            "naam": gebruiker.get_username(),
        }
        if correcties:
            reden = _correctie_vooraf(correctiereden, gebruiker)
    except RondeFout as fout:
        raise ValidationError(str(fout)) from None
    gewijzigd = [veld for veld, waarde in velden.items() if getattr(huidig, veld) != waarde]
    if not gewijzigd:
        return huidig, False
    for veld in gewijzigd:
        setattr(huidig, veld, velden[veld])
    huidig.full_clean()
    _bewaar(huidig, gebruiker, reden)
    for wat, oud, nieuw in correcties:
        Correctie.objects.create(
            opdracht=huidig, wat=wat, oud=oud, nieuw=nieuw, reden=correctiereden.strip(), door=gebruiker
        )
    return huidig, True
