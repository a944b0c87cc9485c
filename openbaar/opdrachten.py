"""What the public sees of the register of what was asked or promised (moties.Opdracht): one item by its
kind and key, and the filters of the lists per kind, shared by the pages and the API so that both
accept and refuse the same parameters."""

import re
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, OuterRef, Q, Subquery
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from acties.models import ActieOpdracht, Ministerie
from lib.invoer import geheel_getal
from moties.models import Opdracht, Reactie, Soort, Stand, delen_zonder_actie, over_tijd_op

from .filters import motie_of_404
from .zoeken import MAX_ZOEKLENGTE


def opdracht_of_404(soort: str, sleutel: str, queryset=None) -> Opdracht:
    """The item of this kind a URL names: a motion by '<dossier>-<nummer>' (or the short '21'), a
    commitment by its register number or row number, another kind by its row number; Http404 else."""
    queryset = Opdracht.objects.all() if queryset is None else queryset
    if soort == Soort.MOTIE:
        return motie_of_404(sleutel, queryset.filter(soort=soort))
    gevonden = queryset.filter(soort=soort)
    if re.fullmatch(r"[0-9]{1,9}", sleutel):
        gevonden = gevonden.filter(pk=int(sleutel), registernummer="")
    elif soort == Soort.TOEZEGGING and re.fullmatch(r"[A-Za-z0-9.-]{1,30}", sleutel):
        gevonden = gevonden.filter(registernummer__iexact=sleutel)
    else:
        gevonden = gevonden.none()
    opdracht = gevonden.first()
    if opdracht is None:
        raise Http404(_("Deze %(soort)s bestaat niet.") % {"soort": Soort(soort).label})
    return opdracht


@dataclass
class Filters:
    """The filters of a list of items, read from the query string; `fouten` holds, per parameter that could
    not be read, its Dutch message (the list then shows everything of that kind; the API and the export
    answer 400 naming each parameter, as for the actions)."""

    stand: str | None = None
    geen_actie: bool = False
    ministerie: Ministerie | None = None
    dossier: int | None = None
    reactie: str | None = None
    zoek: str = ""
    fouten: dict[str, str] = field(default_factory=dict)

    def toegepast(self, queryset):
        return queryset.gefilterd(
            self.stand, self.geen_actie, self.ministerie, self.dossier, self.reactie, self.zoek
        )


def lees_filters(data, geen_actie_waar: str = "1") -> Filters:
    """Filters from the page's parameters (stand, ministerie, dossier, reactie, geen_actie); the API passes
    `geen_actie_waar='true'` and its own names through `data`."""
    filters = Filters()
    try:
        filters.stand = Stand.uit_parameter(data.get("stand"))
    except ValueError:
        filters.fouten["stand"] = _("Onbekende stand.")
    if data.get("ministerie"):
        filters.ministerie = Ministerie.objects.filter(afkorting__iexact=data["ministerie"]).first()
        if filters.ministerie is None:
            filters.fouten["ministerie"] = _("Onbekend ministerie.")
    if data.get("dossier"):
        filters.dossier = geheel_getal(data["dossier"], max_cijfers=9)
        if filters.dossier is None or filters.dossier < 1:
            filters.dossier = None
            filters.fouten["dossier"] = _("Een dossier is een nummer, bijv. 35510.")
    if data.get("reactie"):
        if data["reactie"] in Reactie.values:
            filters.reactie = data["reactie"]
        else:
            filters.fouten["reactie"] = _("Onbekende reactie.")
    filters.zoek = data.get("q") or ""
    if len(filters.zoek) > MAX_ZOEKLENGTE:
        filters.zoek = ""
        filters.fouten["q"] = _("Zoek op hoogstens %(n)s tekens.") % {"n": MAX_ZOEKLENGTE}
    filters.geen_actie = data.get("geen_actie") == geen_actie_waar
    return filters


def reacties() -> list[tuple[str, str]]:
    """(URL value, label) of every recorded response, as the filters offer them."""
    return [(waarde, label) for waarde, label in Reactie.choices if waarde]


def _geteld(opdrachten, groep, vandaag):
    """Per group (the fields `groep`): how many, open, fulfilled, without an action (none at all, or a
    described part none carries out) and past their deadline while open."""
    zonder_koppeling = ~Exists(ActieOpdracht.objects.filter(opdracht=OuterRef("pk")))
    over_tijd = over_tijd_op(vandaag)
    return (
        opdrachten.annotate(
            zonder=ExpressionWrapper(zonder_koppeling | Exists(delen_zonder_actie()), BooleanField())
        )
        .values(*groep)
        .annotate(
            totaal=Count("pk"),
            open=Count("pk", filter=Q(stand=Stand.OPEN)),
            voldaan=Count("pk", filter=Q(stand=Stand.VOLDAAN)),
            zonder_actie=Count("pk", filter=Q(zonder=True)),
            over_tijd=Count("pk", filter=over_tijd),
        )
        .order_by()
    )


def tellingen(vandaag) -> dict:
    """The register in figures for /cijfers/: a row per kind (in Soort's order, with its list's address) and
    a row per ministry the items are addressed to; two queries."""
    per_soort = {r["soort"]: r for r in _geteld(Opdracht.objects.all(), ["soort"], vandaag)}
    soorten = []
    for soort in Soort:
        rij = per_soort.get(
            soort.value, {"totaal": 0, "open": 0, "voldaan": 0, "zonder_actie": 0, "over_tijd": 0}
        )
        soorten.append({**rij, "label": soort.meervoud, "url": reverse(soort.lijstnaam)})
    ministeries = [
        {
            **rij,
            "label": rij["ministerie__naam"],
            "url": reverse("ministerie", args=[rij["ministerie__afkorting"]]),
        }
        for rij in _geteld(
            Opdracht.objects.filter(ministerie__isnull=False),
            ["ministerie__naam", "ministerie__afkorting"],
            vandaag,
        )
    ]
    ministeries.sort(key=lambda r: r["label"])
    return {"soorten": soorten, "ministeries": ministeries}


class Versie(NamedTuple):
    """One saved version of an item in which something public changed: the item as it is now (its name
    and address), the historical records of that version and of the one before (None: the item is new),
    and the names of the fields that differ between them."""

    opdracht: Opdracht
    record: Any
    vorig: Any
    gewijzigd: list[str]

    @property
    def nieuw(self) -> bool:
        return self.vorig is None


def _openbare_velden() -> list[str]:
    # Everything an item's page or the API shows; the history's own fields (who saved it, from which
    # address, with which note) are never read here.
    return [f.attname for f in Opdracht._meta.concrete_fields if f.name != "id"]


def versies(opdrachten, aantal: int) -> list[Versie]:
    """The newest versions, at most `aantal`, of these items (an Opdracht queryset) in which a public field
    changed, creation included, newest first. Items deleted since and saves that changed nothing are
    left out. Three queries, however many items and versions."""
    historie = Opdracht.history.model
    vorige = (
        historie.objects.filter(id=OuterRef("id"), history_id__lt=OuterRef("history_id"))
        .order_by("-history_id")
        .values("history_id")[:1]
    )
    # Twice as many as shown: a save that changed nothing is skipped without a second round.
    records = list(
        historie.objects.filter(id__in=opdrachten.values("pk"))
        .exclude(history_type="-")
        .annotate(vorige_id=Subquery(vorige))
        .order_by("-history_date", "-history_id")[: aantal * 2]
    )
    eerder = historie.objects.in_bulk([r.vorige_id for r in records if r.vorige_id], field_name="history_id")
    huidig = Opdracht.objects.in_bulk({r.id for r in records})
    velden = _openbare_velden()
    uit = []
    for record in records:
        vorig = eerder.get(record.vorige_id)
        gewijzigd = [] if vorig is None else [v for v in velden if getattr(vorig, v) != getattr(record, v)]
        if record.id in huidig and (vorig is None or gewijzigd):
            uit.append(Versie(huidig[record.id], record, vorig, gewijzigd))
    return uit[:aantal]
