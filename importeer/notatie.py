"""The annex's own notation, read the same way whatever the file format: the column headers, the
references to motions and other items, ministries, statuses, the rows built into actions and themes, and
the title, introduction and dates above the table. No Django here; the PDF and Word parsers use it.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass

from .formaat import STATUSSEN, ActieRij, BijlageFout, MotieVerwijzing, OpdrachtVerwijzing, ThemaRij

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
# Our own annex's indicator lines under a status text (bijlage.indicatoren), each a paragraph of its own:
# "Indicator: <naam>: …", or "Indicator (actie 4): …" in a cell several actions share. Figures pokvolg
# keeps as indicators, no part of the text a ministry wrote.
_INDICATORREGEL_RE = re.compile(r"Indicator(?:\s+\(actie\s+\d+\))?\s*:\s")


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


def zonder_indicatorregels(stand: str) -> tuple[str, int]:
    """A status text without the indicator lines our annex prints under it, and how many there were: only
    at the end of the cell, where our annex puts them, so a paragraph of the text itself stays."""
    alineas = stand.split("\n")
    aantal = 0
    while alineas and _INDICATORREGEL_RE.match(alineas[-1]):
        alineas.pop()
        aantal += 1
    return "\n".join(alineas), aantal


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
        stand, indicatorregels = zonder_indicatorregels(tekst[STAND])
        if indicatorregels:
            w.append(
                f"actie {nummer}: {indicatorregels} indicatorregel(s) onder de stand van zaken overgeslagen; "
                "de cijfers staan bij de indicatoren"
            )
        actie = ActieRij(
            nummer=nummer,
            thema=self.themas[-1].naam,
            subthema=self._subthema,
            omschrijving=tekst[OMSCHRIJVING],
            stand_van_zaken=stand,
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
