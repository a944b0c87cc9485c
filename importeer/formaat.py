"""The annex interchange format: plain dataclasses and their JSON form, and the annex's own notation.

The PDF and Word parsers produce these, ``laad_bijlage`` consumes them, and the JSON
written by ``importeer_bijlage --json`` is their ``naar_json``. No Django here,
so the format can be tested and used without a database.

The second half holds what both parsers read the same way whatever the file format:
the column headers, motion references, ministries, statuses, and the title,
introduction and dates above the table.
"""

from __future__ import annotations

import datetime
import re
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


# ---------------------------------------------------------------- the annex's own notation

# Kinds of column. "actie" is provisional: depending on the other headers it is
# the number column ("Actie | Omschrijving") or the description ("Nr. | Actie").
NUMMER, OMSCHRIJVING, STAND, MINISTERIE, STATUS, HERKOMST, ANDERS = (
    "nummer",
    "omschrijving",
    "stand",
    "ministerie",
    "status",
    "herkomst",
    "anders",
)
_ACTIE = "actie"

NUMMER_RE = re.compile(r"^(\d{1,4})[.)]?$")
_MOTIE_RE = re.compile(
    r"\(\s*NR\.?\s*(?P<nummer>\d+)\.?\s*[,:]?\s*motie\s+(?P<rest>[^()\n]*?)\s*"
    r"(?P<sluit>\)|(?=\n|\(|$))",
    re.IGNORECASE,
)
_DEEL_RE = re.compile(r"^(?P<indieners>.*?)[\s,]*\bdeel\s+(?P<deel>\d+)$", re.IGNORECASE)
# Our own annex's Herkomst column (bijlage.herkomst.aanhaling), one citation per paragraph, each starting
# with its kind: "Motie Marijnissen c.s. (35 510, nr. 21), deel 1", "Toezegging TZ202103-011",
# "Aanbeveling: <titel>", "Belofte: <titel> (Kamerstuk 31 066, nr. 1071)".
_AANHALING_BEGIN_RE = re.compile(r"\n(?=(?:Motie|Toezegging|Aanbeveling|Belofte)\b)")
_DEEL = r"(?:\s*,\s*deel\s+(?P<deel>\d+))?"
_KAMERSTUK = r"(?P<dossier>\d{1,3}(?:\s*\d{3})+)\s*,\s*nr\.\s*(?P<nummer>\d+)"
_HERKOMST_RE = re.compile(
    r"\bMotie\s+(?P<indieners>.+?)\s*\(\s*" + _KAMERSTUK + r"\s*\)" + _DEEL,
    re.IGNORECASE | re.DOTALL,
)
_TOEZEGGING_RE = re.compile(r"Toezegging\s+(?P<registernummer>[A-Z]+\d[\w-]*)" + _DEEL, re.IGNORECASE)
_OP_TITEL_RE = re.compile(
    r"(?P<soort>Toezegging|Aanbeveling|Belofte)\s*:\s*(?P<titel>.+?)"
    r"(?:\s*\(\s*Kamerstuk\s+" + _KAMERSTUK + r"\s*\))?" + _DEEL,
    re.IGNORECASE,
)
# The heading of our own annex's second table, after the actions: its rows are motions and commitments, not
# actions. Annexes made before commitments were in it say "Moties zonder actie".
KOPPEN_ZONDER_ACTIE = ("moties en toezeggingen zonder actie", "moties zonder actie")


def kolomsoort(tekst: str) -> str:
    t = re.sub(r"\s+", " ", tekst.lower()).strip(" .:")
    if t.startswith("stand van zaken"):
        return STAND
    if t == "status":
        return STATUS
    if t == "herkomst":
        return HERKOMST
    if re.match(r"(eerst)?verantwoordelijke?\b|ministeries?\b|departement", t):
        return MINISTERIE
    if re.fullmatch(r"nr\.?|nummer|no\.?|#", t):
        return NUMMER
    if "omschrijving" in t:
        return OMSCHRIJVING
    if t in ("actie", "acties", "maatregel"):
        return _ACTIE
    return ANDERS


def kolomsoorten(teksten: list[str]) -> list[str] | None:
    """The kind of each column of a header row, or None when this is not the annex's header:
    it needs exactly one number column, one description and one Stand van zaken."""
    soorten = [kolomsoort(t) for t in teksten]
    if STAND not in soorten:
        return None
    if NUMMER in soorten and OMSCHRIJVING not in soorten:
        soorten = [OMSCHRIJVING if s == _ACTIE else s for s in soorten]
    elif OMSCHRIJVING in soorten and NUMMER not in soorten:
        soorten = [NUMMER if s == _ACTIE else s for s in soorten]
    soorten = [ANDERS if s == _ACTIE else s for s in soorten]
    if soorten.count(NUMMER) != 1 or soorten.count(OMSCHRIJVING) != 1 or soorten.count(STAND) != 1:
        return None
    return soorten


def normaliseer(tekst: str) -> str:
    regels = (re.sub(r"\s+", " ", r).strip() for r in tekst.split("\n"))
    return "\n".join(r for r in regels if r)


def lees_moties(omschrijving: str, nummer: int, waarschuwingen: list[str]) -> list[MotieVerwijzing]:
    moties = []
    for m in _MOTIE_RE.finditer(omschrijving):
        rest = m.group("rest").rstrip(" ,;")
        deel = _DEEL_RE.match(rest)
        indieners = deel.group("indieners") if deel else rest
        moties.append(
            MotieVerwijzing(
                nummer=int(m.group("nummer")),
                indieners=indieners.rstrip(" ,;"),
                deel=int(deel.group("deel")) if deel else None,
            )
        )
        if m.group("sluit") != ")":
            waarschuwingen.append(f"motieverwijzing zonder sluithaakje bij actie {nummer}")
    return moties


def _herkomst(
    tekst: dict[str, str], nummer: int, waarschuwingen: list[str]
) -> tuple[list[MotieVerwijzing], list[OpdrachtVerwijzing] | None]:
    """The motions and other items an action carries out: those of its Herkomst cell, an empty one meaning
    none; without that column, or where it holds no citation we can read, the motions its description cites
    ('NR. 21 Motie …'), as the annexes of 2021 do, and nothing said of other items (None)."""
    if HERKOMST in tekst:
        moties, opdrachten = lees_herkomst(tekst[HERKOMST], nummer, waarschuwingen)
        if moties or opdrachten or not tekst[HERKOMST].strip():
            return moties, opdrachten
    return lees_moties(tekst[OMSCHRIJVING], nummer, waarschuwingen), None


def _getal(waarde: str | None) -> int | None:
    return int(re.sub(r"\s+", "", waarde)) if waarde else None


def _lees_aanhaling(aanhaling: str) -> list[MotieVerwijzing] | OpdrachtVerwijzing | None:
    moties = [
        MotieVerwijzing(
            nummer=int(m.group("nummer")),
            indieners=m.group("indieners").strip(" ,;"),
            deel=_getal(m.group("deel")),
            dossier=_getal(m.group("dossier")),
        )
        for m in _HERKOMST_RE.finditer(aanhaling)
    ]
    if moties:
        return moties
    toezegging = _TOEZEGGING_RE.fullmatch(aanhaling)
    if toezegging:
        return OpdrachtVerwijzing(
            "toezegging", registernummer=toezegging.group("registernummer"), deel=_getal(toezegging["deel"])
        )
    op_titel = _OP_TITEL_RE.fullmatch(aanhaling)
    if op_titel:
        return OpdrachtVerwijzing(
            op_titel.group("soort").lower(),
            titel=op_titel.group("titel"),
            dossier=_getal(op_titel.group("dossier")),
            nummer=_getal(op_titel.group("nummer")),
            deel=_getal(op_titel.group("deel")),
        )
    return None


def lees_herkomst(
    tekst: str, nummer: int, waarschuwingen: list[str]
) -> tuple[list[MotieVerwijzing], list[OpdrachtVerwijzing]]:
    """The motions (with their dossier) and the other items of a Herkomst cell
    (bijlage.herkomst.aanhaling). A citation begins a paragraph with its kind, and a line that does not
    continues the one above (a long title wraps); a citation this cannot read is skipped with a note."""
    moties, opdrachten, ongelezen = [], [], []
    for deel in _AANHALING_BEGIN_RE.split(tekst.strip()):
        aanhaling = re.sub(r"\s+", " ", deel).strip()
        if not aanhaling:
            continue
        gelezen = _lees_aanhaling(aanhaling)
        if gelezen is None:
            ongelezen.append(aanhaling)
        elif isinstance(gelezen, list):
            moties += gelezen
        else:
            opdrachten.append(gelezen)
    if ongelezen and not moties and not opdrachten:
        waarschuwingen.append(
            f"actie {nummer}: herkomst '{tekst}' niet gelezen (verwacht: 'Motie … (35 510, nr. 21)'); "
            "de moties komen uit de omschrijving"
        )
    else:
        waarschuwingen += [f"actie {nummer}: herkomst '{a}' niet gelezen; overgeslagen" for a in ongelezen]
    return moties, opdrachten


def is_kop_zonder_actie(tekst: str) -> bool:
    """Is this the heading above our annex's table of motions and commitments no action carries out?"""
    return re.sub(r"\s+", " ", tekst).strip(" .:").lower() in KOPPEN_ZONDER_ACTIE


def lees_ministeries(tekst: str) -> list[str]:
    delen = re.split(r"\s*(?:,|/|\n|\ben\b)\s*", tekst)
    return [d.strip() for d in delen if d.strip()]


def lees_status(tekst: str, nummer: int, waarschuwingen: list[str]) -> str | None:
    if not tekst:
        return None
    status = re.sub(r"\s+", " ", tekst.lower()).strip(" .")
    # Our own annex adds the redactie's confirmation: "Afgerond (bevestigd op 3 mei 2022)".
    status = re.sub(r"\s*\(bevestigd op [^)]*\)$", "", status)
    if status in STATUSSEN:
        return status
    waarschuwingen.append(
        f"actie {nummer} heeft een onbekende status '{tekst}' (verwacht: {', '.join(STATUSSEN)})"
    )
    return None


def dubbel_nummer(nummer: int) -> BijlageFout:
    return BijlageFout(
        f"Actienummer {nummer} komt meer dan één keer voor in de tabel; "
        "elk actienummer mag maar één keer voorkomen."
    )


class Opbouw:
    """Themes and actions in the order the rows of an annex table give them: the one way both parsers
    (PDF and Word) turn rows into a Bijlage's themes and actions, with the same warnings."""

    def __init__(self, waarschuwingen: list[str]):
        self.themas: list[ThemaRij] = []
        self.acties: list[ActieRij] = []
        self.waarschuwingen = waarschuwingen
        self._subthema: str | None = None
        self._gezien: set[int] = set()

    def thema(self, naam: str) -> None:
        """A theme row (capitals, or the first row) or a sub-theme row of the theme above."""
        if naam.upper() == naam or not self.themas:
            self.themas.append(ThemaRij(naam))
            self._subthema = None
        else:
            self._subthema = naam
            self.themas[-1].subthemas.append(naam)

    def nummer(self, nummer: int) -> None:
        """Claim an action number before its cells are read; raises BijlageFout when it came before."""
        if nummer in self._gezien:
            raise dubbel_nummer(nummer)
        self._gezien.add(nummer)

    def actie(self, nummer: int, tekst: dict[str, str], gedeeld_met: int | None) -> None:
        """An action from its cell texts per column kind; `gedeeld_met`: whose status cell it shares."""
        w = self.waarschuwingen
        # Every action has a theme and a description: the JSON format, the preview and the loading
        # require them, so an annex without is refused here, with what to change.
        if not self.themas:
            raise BijlageFout(
                f"Actie {nummer} staat niet onder een thema: boven de eerste actie hoort een rij met "
                "alleen de naam van een thema, over de hele breedte van de tabel."
            )
        if not tekst[OMSCHRIJVING]:
            raise BijlageFout(
                f"Actie {nummer} heeft geen omschrijving: vul de kolom Omschrijving in of haal de rij weg."
            )
        moties, opdrachten = _herkomst(tekst, nummer, w)
        actie = ActieRij(
            nummer=nummer,
            thema=self.themas[-1].naam,
            subthema=self._subthema,
            omschrijving=tekst[OMSCHRIJVING],
            stand_van_zaken=tekst[STAND],
            moties=moties,
            ministeries=lees_ministeries(tekst.get(MINISTERIE, "")),
            status=lees_status(tekst.get(STATUS, ""), nummer, w),
            opdrachten=opdrachten,
        )
        if gedeeld_met is not None:
            actie.gedeeld_met = gedeeld_met
            w.append(f"actie {actie.nummer} deelt de stand van zaken van actie {actie.gedeeld_met}")
        self.acties.append(actie)


# ---------------------------------------------------------------- title, introduction and dates

_MAANDEN = {
    "januari": 1,
    "jan": 1,
    "februari": 2,
    "feb": 2,
    "maart": 3,
    "mrt": 3,
    "april": 4,
    "apr": 4,
    "mei": 5,
    "juni": 6,
    "jun": 6,
    "juli": 7,
    "jul": 7,
    "augustus": 8,
    "aug": 8,
    "september": 9,
    "sep": 9,
    "sept": 9,
    "oktober": 10,
    "okt": 10,
    "november": 11,
    "nov": 11,
    "december": 12,
    "dec": 12,
}
_DATUM = (
    r"(?P<datum>\d{1,2}\s+(?:" + "|".join(sorted(_MAANDEN, key=len, reverse=True)) + r")\.?\s+\d{4}"
    r"|\d{1,2}-\d{1,2}-\d{4}|\d{4}-\d{2}-\d{2})"
)
# Only a date named as such counts: an introduction mentions other dates ("het debat van
# 19 januari 2021") that are neither the letter's date nor the date the status applies to.
_BRIEFDATUM = [
    re.compile(r"\bbrief\b[^.\n]{0,80}?\bvan\s+" + _DATUM, re.IGNORECASE),
    re.compile(r"^\s*datum(?:\s+van\s+de\s+brief|\s+brief)?\s*:?\s*" + _DATUM, re.IGNORECASE | re.MULTILINE),
]
_PEILDATUM = [
    re.compile(
        r"\b(?:stand(?:\s+van\s+zaken)?\s+(?:per|op)|peildatum(?:\s+van\s+d\w+\s+\w+)?(?:\s+is)?\s*:?)\s+"
        + _DATUM,
        re.IGNORECASE,
    )
]
_KAMERSTUK_RE = re.compile(
    r"\bKamerstuk(?:ken)?\s+(\d{2}\s?\d{3}(?:-[IVXLC]+)?,\s*nr\.\s*\d+)", re.IGNORECASE
)
# A reference line above the table ("Bijlage bij de brief van 29 juni 2021 (Kamerstuk 35 510, nr. 60)",
# "Datum: 29 juni 2021"): the annex's source, not its title or introduction.
_BRON_RE = re.compile(
    r"^(?:concept\W+)?(?:bijlage\b.*\b(?:brief|kamerstuk|\d{4})\b|(?:datum|kenmerk)\b)", re.IGNORECASE
)


# A page number at the end of a footer line ("… nr. 60    3", "… Pagina 3 van 21"), but not the
# number of the Kamerstuk itself ("nr. 60").
_PAGINANUMMER_ACHTER_RE = re.compile(r"(?<!nr\.)\s+(?:pagina\s+)?\d+(?:\s*(?:van|/)\s*\d+)?$", re.IGNORECASE)


def _als_datum(tekst: str) -> str | None:
    """JJJJ-MM-DD for a date written the Dutch way, or None when it is no real date."""
    tekst = tekst.lower().replace(".", " ")
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", tekst):
            return datetime.date.fromisoformat(tekst).isoformat()
        if m := re.fullmatch(r"(\d{1,2})-(\d{1,2})-(\d{4})", tekst):
            return datetime.date(int(m[3]), int(m[2]), int(m[1])).isoformat()
        dag, maand, jaar = tekst.split()
        return datetime.date(int(jaar), _MAANDEN[maand], int(dag)).isoformat()
    except (ValueError, KeyError):
        return None


def _zoek_datum(patronen: list[re.Pattern], teksten: list[str]) -> str | None:
    for tekst in teksten:
        for patroon in patronen:
            for m in patroon.finditer(tekst):
                if datum := _als_datum(m.group("datum")):
                    return datum
    return None


@dataclass
class Kop:
    """What the annex says above its table."""

    titel: str = ""
    inleiding: str = ""
    bron: str = ""
    peildatum: str | None = None
    briefdatum: str | None = None
    kamerstuk: str = ""


def lees_kop(alineas: list[str], voettekst: list[str] = ()) -> Kop:
    """Title, introduction, reference line and dates from the paragraphs above the table, in order.

    The first paragraph that is not a reference line is the title; the paragraphs after it
    are the introduction, kept word for word. ``voettekst``: the page headers and footers, where
    an annex often names its letter ("Bijlage bij de brief van 29 juni 2021, Kamerstuk 35 510,
    nr. 60"); only their reference lines count."""
    alineas = [a for a in (normaliseer(a) for a in alineas) if a]
    kop = Kop()
    bron, inleiding = [], []
    for alinea in alineas:
        if len(alinea) <= 200 and _BRON_RE.match(alinea):
            bron.append(alinea.replace("\n", " "))
        elif not kop.titel:
            kop.titel = alinea.replace("\n", " ")
        else:
            inleiding.append(alinea)
    for regel in (_PAGINANUMMER_ACHTER_RE.sub("", normaliseer(r).replace("\n", " ")) for r in voettekst):
        if len(regel) <= 200 and _BRON_RE.match(regel) and regel not in bron:
            bron.append(regel)
    kop.bron = "\n".join(bron)
    kop.inleiding = "\n".join(inleiding)
    alles = [*bron, kop.titel, *inleiding]
    kop.peildatum = _zoek_datum(_PEILDATUM, alles)
    kop.briefdatum = _zoek_datum(_BRIEFDATUM, alles)
    if m := next((m for t in alles if (m := _KAMERSTUK_RE.search(t))), None):
        kop.kamerstuk = re.sub(r"\s+", " ", m.group(1))
    return kop
