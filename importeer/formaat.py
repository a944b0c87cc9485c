"""The annex interchange format: plain dataclasses and their JSON form.

The PDF parser produces these, ``laad_bijlage`` consumes them, and the JSON
written by ``importeer_bijlage --json`` is their ``naar_json``. No Django here,
so the format can be tested and used without a database.
"""

from __future__ import annotations

from dataclasses import dataclass, field

STATUSSEN = (
    "nog niet gestart",
    "in uitvoering",
    "vertraagd",
    "doorlopend",
    "afgerond",
    "vervallen",
)


class BijlageFout(Exception):
    """Input that cannot become annex data. The message is Dutch and meant for the user."""


@dataclass
class MotieVerwijzing:
    nummer: int
    indieners: str
    deel: int | None = None


@dataclass
class ThemaRij:
    naam: str
    subthemas: list[str] = field(default_factory=list)


@dataclass
class ActieRij:
    nummer: int
    thema: str
    subthema: str | None
    omschrijving: str
    stand_van_zaken: str
    moties: list[MotieVerwijzing] = field(default_factory=list)
    ministeries: list[str] = field(default_factory=list)
    gedeeld_met: int | None = None
    status: str | None = None


@dataclass
class Bijlage:
    acties: list[ActieRij]
    themas: list[ThemaRij]
    titel: str = ""
    bron: str = ""
    peildatum: str | None = None
    waarschuwingen: list[str] = field(default_factory=list)
    paginas: int = 0


def naar_json(bijlage: Bijlage) -> dict:
    acties = []
    for a in bijlage.acties:
        rij = {
            "nummer": a.nummer,
            "thema": a.thema,
            "subthema": a.subthema,
            "omschrijving": a.omschrijving,
            "stand_van_zaken": a.stand_van_zaken,
            "moties": [{"nummer": m.nummer, "indieners": m.indieners, "deel": m.deel} for m in a.moties],
        }
        if a.ministeries:
            rij["ministeries"] = list(a.ministeries)
        if a.gedeeld_met is not None:
            rij["gedeeld_met"] = a.gedeeld_met
        if a.status:
            rij["status"] = a.status
        acties.append(rij)
    return {
        "titel": bijlage.titel,
        "bron": bijlage.bron,
        "peildatum": bijlage.peildatum,
        "themas": [{"naam": t.naam, "subthemas": list(t.subthemas)} for t in bijlage.themas],
        "acties": acties,
    }


def _tekst(waarde, veld: str, waar: str, leeg_mag: bool = False) -> str:
    if not isinstance(waarde, str):
        raise BijlageFout(f"{waar}: veld '{veld}' moet tekst zijn.")
    waarde = waarde.strip()
    if not waarde and not leeg_mag:
        raise BijlageFout(f"{waar}: veld '{veld}' is leeg.")
    return waarde


def _geheel_getal(waarde, veld: str, waar: str) -> int:
    if isinstance(waarde, bool) or not isinstance(waarde, int) or waarde < 1:
        raise BijlageFout(f"{waar}: veld '{veld}' moet een positief geheel getal zijn.")
    return waarde


def uit_json(data) -> Bijlage:
    """Validate parsed JSON and return a Bijlage, or raise BijlageFout naming the problem."""
    if not isinstance(data, dict):
        raise BijlageFout("De bijlage moet een JSON-object zijn met de sleutel 'acties'.")
    if not isinstance(data.get("acties"), list) or not data["acties"]:
        raise BijlageFout("De bijlage bevat geen lijst 'acties' met ten minste één actie.")

    themas: list[ThemaRij] = []
    if "themas" in data:
        if not isinstance(data["themas"], list):
            raise BijlageFout("Veld 'themas' moet een lijst zijn.")
        for i, t in enumerate(data["themas"], 1):
            if not isinstance(t, dict):
                raise BijlageFout(f"Thema {i}: moet een object zijn met 'naam' en 'subthemas'.")
            subs = t.get("subthemas", [])
            if not isinstance(subs, list):
                raise BijlageFout(f"Thema {i}: 'subthemas' moet een lijst zijn.")
            themas.append(
                ThemaRij(
                    naam=_tekst(t.get("naam"), "naam", f"Thema {i}"),
                    subthemas=[_tekst(s, "subthemas", f"Thema {i}") for s in subs],
                )
            )

    acties: list[ActieRij] = []
    gezien: set[int] = set()
    for i, a in enumerate(data["acties"], 1):
        waar = f"Actie op positie {i}"
        if not isinstance(a, dict):
            raise BijlageFout(f"{waar}: moet een object zijn.")
        for veld in ("nummer", "thema", "omschrijving", "stand_van_zaken"):
            if veld not in a:
                raise BijlageFout(f"{waar}: verplicht veld '{veld}' ontbreekt.")
        nummer = _geheel_getal(a["nummer"], "nummer", waar)
        waar = f"Actie {nummer}"
        if nummer in gezien:
            raise BijlageFout(f"Actienummer {nummer} komt meer dan één keer voor.")
        gezien.add(nummer)
        subthema = a.get("subthema")
        if subthema is not None:
            subthema = _tekst(subthema, "subthema", waar)
        moties = []
        if not isinstance(a.get("moties", []), list):
            raise BijlageFout(f"{waar}: veld 'moties' moet een lijst zijn.")
        for m in a.get("moties", []):
            if not isinstance(m, dict) or "nummer" not in m:
                raise BijlageFout(f"{waar}: elke motie heeft een 'nummer'.")
            deel = m.get("deel")
            if deel is not None:
                deel = _geheel_getal(deel, "deel", waar)
            moties.append(
                MotieVerwijzing(
                    nummer=_geheel_getal(m["nummer"], "motie.nummer", waar),
                    indieners=_tekst(m.get("indieners", ""), "indieners", waar, leeg_mag=True),
                    deel=deel,
                )
            )
        ministeries = a.get("ministeries", [])
        if not isinstance(ministeries, list):
            raise BijlageFout(f"{waar}: veld 'ministeries' moet een lijst zijn.")
        gedeeld_met = a.get("gedeeld_met")
        if gedeeld_met is not None:
            gedeeld_met = _geheel_getal(gedeeld_met, "gedeeld_met", waar)
        status = a.get("status")
        if status is not None and status not in STATUSSEN:
            raise BijlageFout(f"{waar}: onbekende status '{status}'; kies uit: {', '.join(STATUSSEN)}.")
        acties.append(
            ActieRij(
                nummer=nummer,
                thema=_tekst(a["thema"], "thema", waar),
                subthema=subthema,
                omschrijving=_tekst(a["omschrijving"], "omschrijving", waar),
                stand_van_zaken=_tekst(a["stand_van_zaken"], "stand_van_zaken", waar, leeg_mag=True),
                moties=moties,
                ministeries=[_tekst(m, "ministeries", waar) for m in ministeries],
                gedeeld_met=gedeeld_met,
                status=status,
            )
        )

    for a in acties:
        if a.gedeeld_met is not None and a.gedeeld_met not in gezien:
            raise BijlageFout(
                f"Actie {a.nummer} deelt de stand van zaken met actie {a.gedeeld_met}, "
                "maar die actie staat niet in de bijlage."
            )

    if themas:
        bekend = {t.naam: set(t.subthemas) for t in themas}
        for a in acties:
            if a.thema not in bekend:
                raise BijlageFout(f"Actie {a.nummer}: thema '{a.thema}' staat niet in 'themas'.")
            if a.subthema is not None and a.subthema not in bekend[a.thema]:
                raise BijlageFout(
                    f"Actie {a.nummer}: subthema '{a.subthema}' hoort niet bij thema '{a.thema}'."
                )
    else:
        volgorde: dict[str, list[str]] = {}
        for a in acties:
            subs = volgorde.setdefault(a.thema, [])
            if a.subthema and a.subthema not in subs:
                subs.append(a.subthema)
        themas = [ThemaRij(naam=n, subthemas=s) for n, s in volgorde.items()]

    peildatum = data.get("peildatum")
    if peildatum is not None and not isinstance(peildatum, str):
        raise BijlageFout("Veld 'peildatum' moet een datum zijn als tekst (JJJJ-MM-DD).")
    return Bijlage(
        acties=acties,
        themas=themas,
        titel=data.get("titel") or "",
        bron=data.get("bron") or "",
        peildatum=peildatum,
    )
