"""What each annex document says: the template context of the annex, the changes annex and the public
list as PDF (title, introduction, footer, columns, and the rows of bijlage.gegevens in theme blocks).

The PDF (bijlage.opmaak), its HTML version and the Word file (bijlage.word) are rendered from one context.
"""

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rapportage.models import Publicatie, Rapportage

from .gegevens import (
    blokken_van,
    markeer_wijzigingen,
    moment_van_vaststelling,
    regels,
    regels_van_lijst,
    regels_van_rapportage,
    teksten_van,
)
from .herkomst import zonder_actie
from .opmaak import concept_merk

AUTEUR = "Rijksoverheid"
# Extra columns a reader may ask for, in the order they appear after "Stand van Zaken". "herkomst" (the
# items an action carries out) also adds the table of motions and commitments no action carries out.
KOLOMMEN = ("ministerie", "status", "herkomst")
HERKOMST = "herkomst"
# Asked for like a column, but no column: a line per indicator under each action's status text
# (bijlage.indicatoren).
INDICATOREN = "indicatoren"
KEUZES = (*KOLOMMEN, INDICATOREN)
# The public list as PDF has the columns it always had.
LIJST_KOLOMMEN = ("ministerie", "status")
# The column a round chooses for its annex (Rapportage.bijlage_met_vindplaatsen); it comes right after
# "Stand van Zaken", before the columns a reader asks for.
VINDPLAATSEN = "vindplaatsen"


def _namen(namen) -> set[str]:
    return {n.strip().lower() for n in namen}


def kies_kolommen(namen) -> list[tuple[str, str]]:
    """The known extra columns among ``namen``, in table order, with their headers."""
    koppen = {"ministerie": _("Ministerie"), "status": _("Status"), HERKOMST: _("Herkomst")}
    gekozen = _namen(namen)
    return [(naam, koppen[naam]) for naam in KOLOMMEN if naam in gekozen]


def kies(namen) -> list[str]:
    """The known choices among ``namen`` (the extra columns and the indicator lines), in one order, so
    that an annex has one file however its address names them."""
    gekozen = _namen(namen)
    return [naam for naam in KEUZES if naam in gekozen]


def verwijzing_naar_brief(rapportage: Rapportage, publicatie: Publicatie | None = None) -> str:
    """The letter this annex belongs to, as its footer names it; "" for a round without one. Of a
    publication: its Kamerstuk as published."""
    kamerstuk = publicatie.kamerstuk if publicatie is not None else rapportage.kamerstuk
    waarden = {"kamerstuk": kamerstuk}
    if rapportage.briefdatum:
        waarden["datum"] = date_format(rapportage.briefdatum, "j F Y")
    if kamerstuk and rapportage.briefdatum:
        return _("Bijlage bij de brief van %(datum)s, Kamerstuk %(kamerstuk)s") % waarden
    if kamerstuk:
        return _("Bijlage bij Kamerstuk %(kamerstuk)s") % waarden
    if rapportage.briefdatum:
        return _("Bijlage bij de brief van %(datum)s") % waarden
    return ""


def standaard_titel():
    """The heading of a round that has none of its own: the instance's (settings.BIJLAGE_STANDAARDTITEL)."""
    return settings.BIJLAGE_STANDAARDTITEL


def standaard_inleiding():
    """The introduction a new round starts from: the instance's (settings.BIJLAGE_STANDAARDINLEIDING), by
    default that of the annex of 29 June 2021, word for word."""
    return settings.BIJLAGE_STANDAARDINLEIDING


def _basis_context(rapportage, kop, onderwerp, kolommen, blokken, inleiding, publicatie=None):
    verwijzing = verwijzing_naar_brief(rapportage, publicatie)
    concept = not rapportage.is_vastgesteld and publicatie is None
    voetregel = verwijzing
    if concept:
        # Said in words as well, for whoever reads the page without seeing the mark across it.
        voetregel = " · ".join(t for t in (_("CONCEPT, niet vastgesteld"), verwijzing) if t)
    return {
        "rapportage": rapportage,
        "kop": kop,
        "document_titel": f"{kop} ({rapportage.titel})",
        # Only the HTML version shows it; the printed annex has no subtitle, as the original.
        "ondertitel": _("Stand per %(peildatum)s")
        % {"peildatum": date_format(rapportage.peildatum, "j F Y")},
        "verwijzing": verwijzing,
        "voetregel": voetregel,
        "concept": concept,
        "concept_merk": concept_merk() if concept else None,
        "onderwerp": onderwerp,
        "auteur": AUTEUR,
        "inleiding": regels(inleiding),
        "kolommen": kolommen,
        "aantal_kolommen": 3 + len(kolommen),
        "blokken": blokken,
    }


def bijlage_context(rapportage: Rapportage, kolommen=(), publicatie: Publicatie | None = None) -> dict:
    """Context for the full annex of a round (of ``publicatie`` of it, while it is being corrected);
    ``kolommen`` adds "ministerie", "status" and/or "herkomst" (with a second table: the motions and
    commitments no action carries out), and "indicatoren" a line per indicator under each status text. A
    round that chose so (bijlage_met_vindplaatsen) has a column Vindplaatsen after Stand van Zaken."""
    gekozen = kies_kolommen(kolommen)
    met_vindplaatsen = rapportage.bijlage_met_vindplaatsen
    met_herkomst = HERKOMST in dict(gekozen)
    acties = regels_van_rapportage(
        rapportage,
        "ministerie" in dict(gekozen),
        met_vindplaatsen,
        publicatie,
        met_herkomst,
        met_indicatoren=INDICATOREN in kies(kolommen),
    )
    if met_vindplaatsen:
        gekozen = [(VINDPLAATSEN, _("Vindplaatsen")), *gekozen]
    onderwerp = _("%(bijlage)s: stand van zaken per %(peildatum)s (%(titel)s)") % {
        "bijlage": verwijzing_naar_brief(rapportage, publicatie) or _("Bijlage"),
        "peildatum": date_format(rapportage.peildatum, "j F Y"),
        "titel": rapportage.titel,
    }
    context = _basis_context(
        rapportage,
        kop=rapportage.bijlage_titel or standaard_titel(),
        onderwerp=onderwerp,
        kolommen=gekozen,
        blokken=blokken_van(acties),
        inleiding=_inleiding(rapportage, publicatie),
        publicatie=publicatie,
    )
    if met_herkomst:
        moment = moment_van_vaststelling(rapportage, teksten_van(rapportage, publicatie).values(), publicatie)
        context["zonder_actie"] = zonder_actie(moment)
    return context


def _inleiding(rapportage, publicatie):
    inleiding = publicatie.inleiding if publicatie is not None else rapportage.inleiding
    return inleiding or standaard_inleiding()


def wijzigingen_context(rapportage: Rapportage, kolommen=(), publicatie: Publicatie | None = None) -> dict:
    """Context for the changes annex: only the actions that are new, changed (status text, status
    or description) or completed since the previous closed round."""
    gekozen = kies_kolommen(kolommen)
    vorige = rapportage.vorige()
    regels_nu = regels_van_rapportage(
        rapportage,
        "ministerie" in dict(gekozen),
        publicatie=publicatie,
        met_herkomst=HERKOMST in dict(gekozen),
        met_indicatoren=INDICATOREN in kies(kolommen),
    )
    gewijzigd = markeer_wijzigingen(regels_nu, vorige)
    if vorige is None:
        inleiding = _(
            "Er is geen eerder vastgestelde rapportage; alle acties van deze rapportage zijn daarom nieuw."
        )
    else:
        inleiding = _(
            "Deze bijlage bevat alleen de acties die sinds de rapportage '%(vorige)s' (stand per "
            "%(peildatum)s) nieuw zijn, waarvan de omschrijving, de stand van zaken of de status is "
            "gewijzigd, of die zijn afgerond. De kolom Wijziging zegt welke van de drie."
        ) % {"vorige": vorige.titel, "peildatum": date_format(vorige.peildatum, "j F Y")}
    context = _basis_context(
        rapportage,
        kop=_(
            "Wijzigingen in de stand van zaken vervolgacties Parlementaire Onderzoekscommissie "
            "Kinderopvangtoeslag"
        ),
        onderwerp=_("Wijzigingen sinds de vorige rapportage (%(titel)s)") % {"titel": rapportage.titel},
        kolommen=[*gekozen, ("wijziging", _("Wijziging"))],
        blokken=blokken_van(gewijzigd),
        inleiding=inleiding,
        publicatie=publicatie,
    )
    context["vorige"] = vorige
    return context


def beschrijf_filters(filterset) -> list[str]:
    """The filters that chose a list's actions (an openbaar.filters.ActieFilter), as "Label: value" in
    the order of the list's form; the sorting is no filter."""
    formulier = filterset.form
    beschrijving = []
    for naam, veld in formulier.fields.items():
        waarde = formulier.cleaned_data.get(naam)
        if naam == "sorteer" or waarde in (None, ""):
            continue
        if hasattr(veld, "label_from_instance"):
            waarde = veld.label_from_instance(waarde)
        elif getattr(veld, "choices", None):
            waarde = dict(veld.choices).get(waarde, waarde)
        beschrijving.append(f"{veld.label}: {waarde}")
    return beschrijving


def lijst_context(acties, rapportage: Rapportage | None = None, filters: list[str] | tuple = ()) -> dict:
    """Context for the public list as PDF: these actions, with the text and status of ``rapportage``
    (a closed round) or else the latest published text and the current status. ``filters`` (see
    beschrijf_filters) says on paper which selection this is, beside the date it was made."""
    rijen = regels_van_lijst(acties, rapportage)
    nu = timezone.localtime()
    inleiding = _(
        "Deze lijst bevat %(aantal)s acties zoals de openbare lijst van pokvolg ze op %(datum)s toonde, "
        "met de stand van zaken uit %(bron)s."
    ) % {
        "aantal": len(rijen),
        "datum": date_format(nu, "j F Y, H:i"),
        "bron": (_("de rapportage '%(titel)s'") % {"titel": rapportage.titel})
        if rapportage
        else _("de laatst vastgestelde rapportage"),
    }
    if filters:
        selectie = _("Gekozen filters: %(filters)s.") % {"filters": "; ".join(filters)}
    else:
        selectie = _("Zonder filters: alle acties van de openbare lijst.")
    kop = _("Vervolgacties Parlementaire Onderzoekscommissie Kinderopvangtoeslag")
    return {
        "kop": kop,
        "document_titel": kop,
        "ondertitel": "",
        "verwijzing": "",
        "voetregel": _("Lijst van %(datum)s") % {"datum": date_format(nu, "j F Y")},
        "concept": False,
        "concept_merk": None,
        "onderwerp": _("Selectie uit de openbare lijst van vervolgacties"),
        "auteur": AUTEUR,
        "inleiding": [*regels(inleiding), selectie],
        "kolommen": kies_kolommen(LIJST_KOLOMMEN),
        "aantal_kolommen": 3 + len(LIJST_KOLOMMEN),
        "blokken": blokken_van(rijen),
    }


def tel_tekens(context: dict) -> int:
    return sum(len(r.omschrijving) + len(r.tekst) for b in context["blokken"] for r in b.rijen)


# About this many characters of descriptions and texts fill a landscape page (the June 2021 annex: 84,000
# on 21 pages); only for telling someone who waits how far a render is.
TEKENS_PER_PAGINA = 4000


def geschatte_paginas(context: dict) -> int:
    return max(1, round(tel_tekens(context) / TEKENS_PER_PAGINA))
