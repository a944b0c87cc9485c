"""What someone follows (a Volg): an action, a theme, a motion, a ministry or a selection of the public
action list, as it travels in a link, a form and a signed token ("soort" and "waarde"), and as it is
stored (an Abonnement).

The follow page takes the list's own query parameters (openbaar.filters.ActieFilter), so "follow this
list" is the list's address with another path. A selection of only a theme, a motion or a ministry is
that theme, motion or ministry; anything else is a selection, stored as its normalised query string.
Paging, sorting and the choice of a past round say how the list is shown, not what it holds, and are
left out.
"""

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from acties.models import Actie, Ministerie, Status, Thema
from lib.invoer import geheel_getal
from moties.models import Opdracht
from openbaar.filters import ActieFilter, MotieVeld

from .models import VELD_PER_SOORT, Abonnement, Soort

# The list's filters that say which actions it holds, in the order the label names them.
FILTERVELDEN = ("q", "thema", "subthema", "motie", "ministerie", "status")
# A selection of only one of these is that one thing.
ENKEL = {"thema": Soort.THEMA, "subthema": Soort.THEMA, "motie": Soort.MOTIE, "ministerie": Soort.MINISTERIE}


class OnbekendOnderwerp(ValueError):
    """Nothing to follow by that name (a mistyped link, or something that no longer exists)."""


@dataclass(frozen=True)
class Volg:
    soort: str
    waarde: str
    ding: object = field(default=None, compare=False, repr=False)

    @property
    def code(self):
        """How a form or a token carries it: 'actie:12', 'lijst:status=vertraagd'."""
        return f"{self.soort}:{self.waarde}"

    @property
    def label(self):
        """What is followed, to complete 'U volgt …' and 'Bevestig dat u … wilt volgen'."""
        ding = self.ding
        if self.soort == Soort.ACTIE:
            return _("actie %(nummer)s (%(kort)s)") % {
                "nummer": ding.nummer,
                "kort": " ".join(Truncator(ding.omschrijving).words(10).split()),
            }
        if self.soort == Soort.THEMA:
            if ding.hoofdthema_id:
                return _("het subthema %(naam)s (%(hoofd)s)") % {
                    "naam": ding.naam,
                    "hoofd": ding.hoofdthema.naam,
                }
            return _("het thema %(naam)s") % {"naam": ding.naam}
        if self.soort == Soort.MOTIE:
            return _("motie %(kamerstuk)s (%(indieners)s)") % {
                "kamerstuk": ding.kamerstuk,
                "indieners": ding.indieners,
            }
        if self.soort == Soort.MINISTERIE:
            return _("%(naam)s (%(afkorting)s)") % {"naam": ding.naam, "afkorting": ding.afkorting}
        delen = _lijstdelen(self.waarde)
        if not delen:
            return _("alle acties")
        return _("de acties met %(filters)s") % {"filters": "; ".join(delen)}

    @property
    def url(self):
        """The public page of what is followed (a path)."""
        if self.soort == Soort.LIJST:
            return reverse("acties") + (f"?{self.waarde}" if self.waarde else "")
        return self.ding.get_absolute_url()

    def velden(self):
        """The fields of an Abonnement that follows this."""
        veld = VELD_PER_SOORT[self.soort]
        return {"soort": self.soort, veld: self.waarde if veld == "filter" else self.ding}


def _lijstdelen(querystring):
    """'Thema: HERSTELOPERATIE', 'Status: vertraagd', … for the label of a selection."""
    filterset = ActieFilter(QueryDict(querystring))
    delen = []
    if not filterset.is_valid():
        return [querystring]
    gegevens = filterset.form.cleaned_data
    for naam in FILTERVELDEN:
        waarde = gegevens.get(naam)
        if waarde in (None, ""):
            continue
        veld = filterset.form.fields[naam]
        if naam == "q":
            tekst = f"“{waarde}”"
        elif naam == "status":
            tekst = Status.label_van(waarde)
        elif naam == "ministerie":
            tekst = waarde.keuzelabel
        elif naam == "motie":
            tekst = waarde.kamerstuk
        else:
            tekst = str(waarde)
        delen.append(f"{veld.label}: {tekst}")
    return delen


def _canoniek(naam, waarde):
    if naam in ("thema", "subthema"):
        return waarde.slug
    if naam == "motie":
        return waarde.sleutel
    if naam == "ministerie":
        return waarde.afkorting
    return str(waarde).strip()


def uit_lijst(parameters):
    """The Volg for the list's query parameters (a QueryDict); OnbekendOnderwerp if they are invalid."""
    data = QueryDict(mutable=True)
    for naam in FILTERVELDEN:
        if naam in parameters:
            data.setlist(naam, parameters.getlist(naam))
    filterset = ActieFilter(data)
    if not filterset.is_valid():
        raise OnbekendOnderwerp(_("Deze selectie van acties is ongeldig."))
    gekozen = {}
    for naam in FILTERVELDEN:
        waarde = filterset.form.cleaned_data.get(naam)
        if waarde not in (None, "") and _canoniek(naam, waarde):
            gekozen[naam] = waarde
    if len(gekozen) == 1 and next(iter(gekozen)) in ENKEL:
        naam, ding = next(iter(gekozen.items()))
        return Volg(ENKEL[naam], _canoniek(naam, ding), ding)
    querystring = urlencode([(n, _canoniek(n, w)) for n, w in gekozen.items()])
    if len(querystring) > Abonnement._meta.get_field("filter").max_length:
        raise OnbekendOnderwerp(_("Deze selectie van acties is te lang om te volgen."))
    return Volg(Soort.LIJST, querystring)


def uit_parameters(parameters):
    """The Volg a follow link names: ?actie=12, or the list's own parameters (?thema=…&status=…)."""
    if "actie" in parameters:
        return uit_code(f"{Soort.ACTIE}:{parameters.get('actie', '')}")
    return uit_lijst(parameters)


def uit_code(code):
    """The Volg of 'soort:waarde' (a form's or a token's value), looked up again."""
    soort, _scheiding, waarde = str(code or "").partition(":")
    waarde = waarde.strip()
    try:
        if soort == Soort.ACTIE:
            ding = Actie.objects.get(nummer=geheel_getal(waarde))
            return Volg(soort, str(ding.nummer), ding)
        if soort == Soort.THEMA:
            ding = Thema.objects.select_related("hoofdthema").get(slug=waarde)
            return Volg(soort, ding.slug, ding)
        if soort == Soort.MOTIE:
            ding = MotieVeld(queryset=Opdracht.objects.moties()).zoek(waarde)
            return Volg(soort, ding.sleutel, ding)
        if soort == Soort.MINISTERIE:
            ding = Ministerie.objects.get(afkorting__iexact=waarde)
            return Volg(soort, ding.afkorting, ding)
        if soort == Soort.LIJST:
            return uit_lijst(QueryDict(waarde))
    except (
        ValueError,
        Actie.DoesNotExist,
        Thema.DoesNotExist,
        Opdracht.DoesNotExist,
        Ministerie.DoesNotExist,
    ):
        pass
    raise OnbekendOnderwerp(_("Wat u wilt volgen bestaat niet (meer)."))


def van_abonnement(abonnement):
    """The Volg an Abonnement stores (its related object loaded, see abonnementen_met_dingen)."""
    veld = VELD_PER_SOORT[abonnement.soort]
    if veld == "filter":
        return Volg(abonnement.soort, abonnement.filter)
    ding = getattr(abonnement, veld)
    waarde = {
        Soort.ACTIE: lambda: str(ding.nummer),
        Soort.THEMA: lambda: ding.slug,
        Soort.MOTIE: lambda: ding.sleutel,
        Soort.MINISTERIE: lambda: ding.afkorting,
    }[abonnement.soort]()
    return Volg(abonnement.soort, waarde, ding)


def abonnementen_met_dingen(queryset=None):
    """Subscriptions with what they follow loaded, for labels and matching without a query each."""
    queryset = Abonnement.objects.all() if queryset is None else queryset
    return queryset.select_related("actie", "thema__hoofdthema", "opdracht", "ministerie")


def keuzes():
    """The choices of the general follow form, grouped: themes, ministries, motions."""
    themas = []
    for hoofd in Thema.objects.filter(hoofdthema__isnull=True).prefetch_related("subthemas"):
        themas.append((Volg(Soort.THEMA, hoofd.slug, hoofd).code, hoofd.naam))
        themas += [
            (Volg(Soort.THEMA, t.slug, t).code, f"{hoofd.naam} – {t.naam}") for t in hoofd.subthemas.all()
        ]
    ministeries = [
        (Volg(Soort.MINISTERIE, m.afkorting, m).code, m.keuzelabel)
        for m in Ministerie.objects.filter(opgeheven=False).order_by("naam")
    ]
    moties = [
        (Volg(Soort.MOTIE, m.sleutel, m).code, f"{m.kamerstuk} – {m.indieners}")
        for m in Opdracht.objects.moties()
    ]
    return [
        ("", _("Kies wat u wilt volgen")),
        (_("Thema's"), themas),
        (_("Ministeries"), ministeries),
        (_("Moties"), moties),
    ]
