"""The annex interchange format: plain dataclasses and their JSON form, and the annex's own notation.

The PDF and Word parsers produce these, ``laad_bijlage`` consumes them, and the JSON
written by ``importeer_bijlage --json`` is their ``naar_json``. No Django here,
so the format can be tested and used without a database.

What both parsers read the same way whatever the file format (the column headers, motion
references, ministries, statuses, the title, introduction and dates above the table) is the
annex's notation, in ``importeer.notatie``.
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


# What the database holds of a theme's name and a motion's submitters (acties.Thema.naam, moties.Opdracht.
# indieners and acties.ActieOpdracht.vermelding; tests/test_ongeldige_invoer.py checks they agree).
MAX_NAAM = 200


class BijlageFout(Exception):
    """Input that cannot become annex data. The message is Dutch and meant for the user."""


@dataclass
class MotieVerwijzing:
    nummer: int
    indieners: str
    deel: int | None = None
    # The Kamerstuk dossier when the annex names it (our Herkomst column); None: the inquiry's own.
    dossier: int | None = None


@dataclass
class OpdrachtVerwijzing:
    """An item other than a motion as our Herkomst column cites it (bijlage.herkomst.aanhaling): a commitment
    by its register number, otherwise by its title (a promise with its Kamerstuk when it has one). The
    loading links it to the item of that number or title; it never makes one."""

    soort: str  # one of OPDRACHTSOORTEN
    registernummer: str = ""
    titel: str = ""
    dossier: int | None = None
    nummer: int | None = None
    deel: int | None = None


OPDRACHTSOORTEN = ("toezegging", "aanbeveling", "belofte")


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
    # The other items the action carries out, from a Herkomst column; None: the annex does not say (it has
    # no such column), and the loading leaves those links as they are.
    opdrachten: list[OpdrachtVerwijzing] | None = None


@dataclass
class Bijlage:
    acties: list[ActieRij]
    themas: list[ThemaRij]
    titel: str = ""
    bron: str = ""
    peildatum: str | None = None
    # The text between the title and the table, word for word; paragraphs separated by "\n".
    inleiding: str = ""
    # Date of the letter the annex belongs to (JJJJ-MM-DD) and its Kamerstuk, where the annex names them.
    briefdatum: str | None = None
    kamerstuk: str = ""
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
            "moties": [_motie_json(m) for m in a.moties],
        }
        if a.ministeries:
            rij["ministeries"] = list(a.ministeries)
        if a.gedeeld_met is not None:
            rij["gedeeld_met"] = a.gedeeld_met
        if a.status:
            rij["status"] = a.status
        if a.opdrachten is not None:
            rij["opdrachten"] = [_opdracht_json(o) for o in a.opdrachten]
        acties.append(rij)
    return {
        "titel": bijlage.titel,
        "bron": bijlage.bron,
        "kamerstuk": bijlage.kamerstuk,
        "briefdatum": bijlage.briefdatum,
        "peildatum": bijlage.peildatum,
        "inleiding": bijlage.inleiding,
        "themas": [{"naam": t.naam, "subthemas": list(t.subthemas)} for t in bijlage.themas],
        "acties": acties,
    }


def _motie_json(m: MotieVerwijzing) -> dict:
    motie = {"nummer": m.nummer, "indieners": m.indieners, "deel": m.deel}
    if m.dossier is not None:
        motie["dossier"] = m.dossier
    return motie


def _opdracht_json(o: OpdrachtVerwijzing) -> dict:
    opdracht = {"soort": o.soort, "deel": o.deel}
    for naam in ("registernummer", "titel", "dossier", "nummer"):
        if getattr(o, naam):
            opdracht[naam] = getattr(o, naam)
    return opdracht


def _opdrachten_uit_json(waarde, waar: str) -> list[OpdrachtVerwijzing] | None:
    if waarde is None:
        return None
    if not isinstance(waarde, list):
        raise BijlageFout(f"{waar}: veld 'opdrachten' moet een lijst zijn.")
    opdrachten = []
    for o in waarde:
        if not isinstance(o, dict) or o.get("soort") not in OPDRACHTSOORTEN:
            raise BijlageFout(f"{waar}: elke opdracht heeft een 'soort': {', '.join(OPDRACHTSOORTEN)}.")
        getallen = {
            naam: _geheel_getal(o[naam], f"opdracht.{naam}", waar) if o.get(naam) is not None else None
            for naam in ("dossier", "nummer", "deel")
        }
        verwijzing = OpdrachtVerwijzing(
            soort=o["soort"],
            registernummer=_tekst(o.get("registernummer", ""), "registernummer", waar, leeg_mag=True),
            titel=_tekst(o.get("titel", ""), "titel", waar, leeg_mag=True),
            **getallen,
        )
        if not verwijzing.registernummer and not verwijzing.titel:
            raise BijlageFout(f"{waar}: elke opdracht heeft een 'registernummer' of een 'titel'.")
        opdrachten.append(verwijzing)
    return opdrachten


def leesbaar(bijlage: Bijlage) -> Bijlage:
    """What a parser found, once it is certain that what is stored of it (naar_json) reads back
    (uit_json), as the import's preview and its loading read it: a file they could not read is refused
    now with the Dutch message, instead of being accepted and failing later."""
    uit_json(naar_json(bijlage))
    return bijlage


def _tekst(waarde, veld: str, waar: str, leeg_mag: bool = False, max_lengte: int | None = None) -> str:
    if not isinstance(waarde, str):
        raise BijlageFout(f"{waar}: veld '{veld}' moet tekst zijn.")
    waarde = waarde.strip()
    if not waarde and not leeg_mag:
        raise BijlageFout(f"{waar}: veld '{veld}' is leeg.")
    if max_lengte is not None and len(waarde) > max_lengte:
        # Refused, never cut: the name is stored as the annex prints it.
        raise BijlageFout(
            f"{waar}: veld '{veld}' is {len(waarde)} tekens lang, meer dan de {max_lengte} die het kan "
            f"bevatten: '{waarde[:60]}…'."
        )
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
                    naam=_tekst(t.get("naam"), "naam", f"Thema {i}", max_lengte=MAX_NAAM),
                    subthemas=[_tekst(s, "subthemas", f"Thema {i}", max_lengte=MAX_NAAM) for s in subs],
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
            subthema = _tekst(subthema, "subthema", waar, max_lengte=MAX_NAAM)
        moties = []
        if not isinstance(a.get("moties", []), list):
            raise BijlageFout(f"{waar}: veld 'moties' moet een lijst zijn.")
        for m in a.get("moties", []):
            if not isinstance(m, dict) or "nummer" not in m:
                raise BijlageFout(f"{waar}: elke motie heeft een 'nummer'.")
            deel = m.get("deel")
            if deel is not None:
                deel = _geheel_getal(deel, "deel", waar)
            dossier = m.get("dossier")
            if dossier is not None:
                dossier = _geheel_getal(dossier, "motie.dossier", waar)
            moties.append(
                MotieVerwijzing(
                    nummer=_geheel_getal(m["nummer"], "motie.nummer", waar),
                    indieners=_tekst(
                        m.get("indieners", ""), "indieners", waar, leeg_mag=True, max_lengte=MAX_NAAM
                    ),
                    deel=deel,
                    dossier=dossier,
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
                thema=_tekst(a["thema"], "thema", waar, max_lengte=MAX_NAAM),
                subthema=subthema,
                omschrijving=_tekst(a["omschrijving"], "omschrijving", waar),
                stand_van_zaken=_tekst(a["stand_van_zaken"], "stand_van_zaken", waar, leeg_mag=True),
                moties=moties,
                ministeries=[_tekst(m, "ministeries", waar) for m in ministeries],
                gedeeld_met=gedeeld_met,
                status=status,
                opdrachten=_opdrachten_uit_json(a.get("opdrachten"), waar),
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

    datums = {}
    for veld in ("peildatum", "briefdatum"):
        waarde = data.get(veld)
        if waarde is not None and not isinstance(waarde, str):
            raise BijlageFout(f"Veld '{veld}' moet een datum zijn als tekst (JJJJ-MM-DD).")
        datums[veld] = waarde
    teksten = {}
    for veld in ("titel", "bron", "kamerstuk", "inleiding"):
        waarde = data.get(veld) or ""
        if not isinstance(waarde, str):
            raise BijlageFout(f"Veld '{veld}' moet tekst zijn.")
        teksten[veld] = waarde.strip()
    return Bijlage(acties=acties, themas=themas, **teksten, **datums)
