"""Dutch time expressions in a cabinet letter, normalised to a period relative to the letter's date.

Rules, not a date library: the words cabinet letters use for a moment are few and fixed
(``begin juni``, ``voor de zomer``, ``in het eerste kwartaal van 2025``, ``na een half jaar``),
and each maps to a period by the table in ``../shared/brieven/README.md``:

- a year, quarter, half year or month: the whole of it; ``begin/medio/eind <maand>``: days 1–10,
  11–20, 21–end; ``begin/medio/eind <jaar>``: Jan–Apr, May–Aug, Sep–Dec;
- ``voorjaar`` 1 Mar–31 May, ``zomer`` Jun–Aug, ``na de zomer`` 1 Sep–31 Oct, ``najaar`` 1 Sep–30 Nov;
- ``voor de zomer``: up to the start of the Tweede Kamer's summer recess, which is the first Friday
  of July (2021: 2 July, 2023: 7 July, 2024: 5 July, 2025: 4 July);
- ``Prinsjesdag``, ``de (ontwerp)begroting <jaar+1>``, ``de Miljoenennota``: the third Tuesday of
  September (Grondwet art. 65);
- ``voor/uiterlijk/tot/in aanloop naar X`` and ``X, of (zoveel) eerder``: from the letter date to
  the end of X; ``vanaf/per/met ingang van <datum>``: that day;
- ``na/over/binnen <n> maanden``: counted from the letter date; with an anchor of its own
  (``een jaar na inwerkingtreding``) it has no date;
- open words (``de komende periode``, ``op korte termijn``, ``periodiek``): from the letter date,
  no end, not certain.

A promise cannot be kept before it is made, so every period starts no earlier than the letter.
A day, month or season without a year is the letter's year; it moves to the next year only when
that one has passed and the sentence speaks of the future (``a.s.``, ``zal``): whether a sentence
does is the finder's call (``vinden.py``), passed in as ``toekomst``.
"""

from __future__ import annotations

import calendar
import datetime
import re
from dataclasses import dataclass

MAANDEN = {
    "januari": 1, "jan": 1, "februari": 2, "feb": 2, "maart": 3, "mrt": 3, "april": 4, "apr": 4,
    "mei": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "augustus": 8, "aug": 8, "september": 9,
    "sep": 9, "sept": 9, "oktober": 10, "okt": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}  # fmt: skip
GETALLEN = {
    "een": 1, "één": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6, "zeven": 7, "acht": 8,
    "negen": 9, "tien": 10, "elf": 11, "twaalf": 12, "achttien": 18, "vierentwintig": 24,
}  # fmt: skip
RANGTELWOORDEN = {"eerste": 1, "1e": 1, "tweede": 2, "2e": 2, "derde": 3, "3e": 3, "vierde": 4, "4e": 4}

# A short month name may carry a period ('jan.'); a full one may not, so a sentence's period stays its own.
_M = (
    r"(?P<maand>januari|februari|maart|april|mei|juni|juli|augustus|september|oktober|november|december"
    r"|jan|feb|mrt|apr|jun|jul|aug|sept|sep|okt|nov|dec)\b"
    r"(?:(?<=jan|feb|mrt|apr|jun|jul|aug|ept|sep|okt|nov|dec)\.)?"
)
_J = r"(?P<jaar>(?:19|20)\d\d)\b"
_DIT_JAAR = r"(?P<ditjaar>dit jaar|het huidige jaar|(?:volgend|komend) jaar)"
_JAAR_OF_DIT = rf"(?:{_J}|{_DIT_JAAR})"
_GETAL = r"(?P<getal>\d{1,2}|een|één|twee|drie|vier|vijf|zes|zeven|acht|negen|tien|elf|twaalf|achttien" \
         r"|vierentwintig|een half|een halve|anderhalf|anderhalve|half)"  # fmt: skip
_SEIZOEN = r"(?P<seizoen>voorjaar|lente|zomer|najaar|herfst|winter)"
_DEEL = r"(?P<deel>begin|medio|half|halverwege|midden|eind|einde)"

# Every pattern below is an *anchor*: a moment or period. Words before it (uiterlijk, voor, vanaf,
# in aanloop naar) and after it (a.s., jl., of eerder) change what the period means.
_ANKERS: list[tuple[str, re.Pattern]] = [
    (
        "voor_zomer",
        re.compile(
            r"\b(?:voor|vóór) (?:de zomer|het zomerreces|de zomervakantie)(?:reces)?\b(?: van " + _J + r")?",
            re.I,
        ),
    ),
    (
        "na_zomer",
        re.compile(r"\bna (?:de zomer(?:vakantie)?|het zomerreces)(?: van " + _J + r")?", re.I),
    ),
    ("einde_jaar", re.compile(r"\b(?:het )?eind(?:e)? van (?:het|dit) jaar\b", re.I)),
    ("prinsjesdag", re.compile(r"\b(?:Prinsjesdag|de Miljoenennota)(?: (?:van )?" + _J + r")?", re.I)),
    ("begroting", re.compile(r"\b(?:de )?(?:ontwerp)?begroting(?: voor)? " + _J, re.I)),
    (
        "kwartaal",
        re.compile(
            r"\b(?:het )?(?P<rang>eerste|tweede|derde|vierde|laatste|1e|2e|3e|4e) kwartaal"
            r"(?: (?:van |in )?" + _JAAR_OF_DIT + ")?",
            re.I,
        ),
    ),
    ("kwartaal_q", re.compile(r"\bQ(?P<rang>[1-4])(?:[ -]?(?:van )?" + _J + ")?", re.I)),
    (
        "helft",
        re.compile(
            r"\b(?:de )?(?P<rang>eerste|tweede) (?:helft|halfjaar|jaarhelft)(?: (?:van )?"
            + _JAAR_OF_DIT
            + ")?",
            re.I,
        ),
    ),
    (
        "dag",
        re.compile(
            r"\b(?:(?:maandag|dinsdag|woensdag|donderdag|vrijdag|zaterdag|zondag) )?"
            r"(?P<dag>[1-9]|[12]\d|3[01]) " + _M + r"(?: " + _J + ")?",
            re.I,
        ),
    ),
    ("deel_maand", re.compile(r"\b" + _DEEL + r"(?: van)? " + _M + r"(?: " + _J + ")?", re.I)),
    ("deel_jaar", re.compile(r"\b" + _DEEL + r"(?: van)? " + _JAAR_OF_DIT, re.I)),
    (
        "seizoen",
        re.compile(
            r"\b(?P<lidw>het |de |dit |deze |komend |komende |volgend |aankomend |aanstaand )?"
            + _SEIZOEN
            + r"(?: (?:van )?"
            + _J
            + ")?",
            re.I,
        ),
    ),
    ("maand", re.compile(r"\b(?P<in>in (?:de maand )?)?" + _M + r"(?: " + _J + ")?", re.I)),
    (
        "relatief",
        re.compile(
            r"\b(?:(?P<vz>na|binnen|over|uiterlijk binnen|in de|in het) )?"
            + _GETAL
            + r" ?(?P<eenheid>dagen|dag|weken|week"
            r"|maanden|maand|jaren|jaar)(?P<anker> na| nadat| daarna| later)?",
            re.I,
        ),
    ),
    ("jaar", re.compile(r"\b(?P<in>(?:in de loop van|in|gedurende|tijdens|rond|het jaar) )?" + _J, re.I)),
    ("dit_jaar", re.compile(r"\b(?P<lidw>in )?" + _DIT_JAAR + r"\b", re.I)),
    (
        "vaag",
        re.compile(
            r"\b(?:(?:de|het) )?(?:komende?|eerstvolgende|volgende) (?:periode|maanden|jaren|weken|tijd"
            r"|kabinetsperiode)\b|\bop (?:korte|zo kort mogelijke) termijn\b"
            r"|\bop de kortst mogelijke termijn\b"
            r"|\bbinnenkort\b|\bzo (?:spoedig|snel) mogelijk\b|\bz\.s\.m\.|\bperiodiek\b"
            r"|\b(?:half|twee|drie)?jaarlijks\b|\bop gezette tijd(?:en|stippen)?\b|\bvoortaan\b"
            r"|\bte zijner tijd\b|\bt\.z\.t\.|\bna (?:afronding|besluitvorming|ontvangst|afloop)\b"
            r"|\bin (?:de|het) (?:volgende|eerstvolgende|komende) (?:voortgangsrapportage|voortgangsbrief"
            r"|rapportage|brief|verslag)\b"
            r"|\b(?:voor|bij|tijdens|na) (?:de|het) (?:eerstvolgende |volgende )?(?:begrotingsbehandeling"
            r"|commissiedebat|notaoverleg|wetgevingsoverleg|plenaire debat)\b",
            re.I,
        ),
    ),
]

_VOOR = re.compile(
    r"(?:\buiterlijk|\bvoor|\bvóór|\btot en met|\btot|\bniet later dan|\bten laatste"
    r"|\bin (?:de )?aanloop naar"
    r"|\buiterlijk in|\buiterlijk op|\bvoor of op|\bvoorafgaand aan)(?: het)? $",
    re.I,
)
_VANAF = re.compile(r"(?:\bvanaf|\bper|\bmet ingang van|\bm\.i\.v\.|\bingaande)(?: het)? $", re.I)
_NA = re.compile(r"\bna(?: het)? $", re.I)
_SINDS = re.compile(r"\b(?:sinds|sedert|afgelopen|vorig(?:e)?|eerder in)(?: het)? $", re.I)
_OF_EERDER = re.compile(r"^,? of (?:zo(?:veel)? )?(?:eerder|zoveel eerder|zo mogelijk eerder)", re.I)
_AS = re.compile(r"^ (?:a\.s\.|aanstaande)", re.I)
_JL = re.compile(r"^ (?:jl\.|j\.l\.|jongstleden)", re.I)
_GELEDEN = re.compile(r"^ geleden\b", re.I)


@dataclass(frozen=True)
class Tijd:
    """A time expression as it stands in the sentence, and its period. ``tot`` None: no end."""

    tekst: str
    begin: int
    eind: int
    van: datetime.date
    tot: datetime.date | None
    zeker: bool
    verleden: bool = False
    begonnen: bool = False  # de periode liep al op de briefdatum


def maand_eind(jaar: int, maand: int) -> datetime.date:
    return datetime.date(jaar, maand, calendar.monthrange(jaar, maand)[1])


def plus_maanden(datum: datetime.date, maanden: int) -> datetime.date:
    jaar, maand = divmod(datum.month - 1 + maanden, 12)
    jaar += datum.year
    return datetime.date(jaar, maand + 1, min(datum.day, calendar.monthrange(jaar, maand + 1)[1]))


def eerste_vrijdag_juli(jaar: int) -> datetime.date:
    dag = datetime.date(jaar, 7, 1)
    return dag + datetime.timedelta(days=(4 - dag.weekday()) % 7)


def prinsjesdag(jaar: int) -> datetime.date:
    dag = datetime.date(jaar, 9, 15)  # de derde dinsdag valt op 15..21 september
    return dag + datetime.timedelta(days=(1 - dag.weekday()) % 7)


def _getal(woord: str) -> float:
    woord = woord.lower()
    if woord.isdigit():
        return int(woord)
    if woord.startswith("anderhalf"):
        return 1.5
    if woord.startswith("een hal") or woord == "half":
        return 0.5
    return GETALLEN[woord]


def _jaar(m: re.Match, brief: datetime.date) -> tuple[int, bool]:
    """The year an anchor names, and whether it named one (``dit jaar`` counts as named)."""
    groepen = m.groupdict()
    if groepen.get("jaar"):
        return int(groepen["jaar"]), True
    dit = (groepen.get("ditjaar") or "").lower()
    if dit:
        return brief.year + (1 if dit.startswith(("volgend", "komend")) else 0), True
    return brief.year, False


def _seizoen(naam: str, jaar: int) -> tuple[datetime.date, datetime.date]:
    naam = naam.lower()
    if naam in ("voorjaar", "lente"):
        return datetime.date(jaar, 3, 1), datetime.date(jaar, 5, 31)
    if naam == "zomer":
        return datetime.date(jaar, 6, 1), datetime.date(jaar, 8, 31)
    if naam in ("najaar", "herfst"):
        return datetime.date(jaar, 9, 1), datetime.date(jaar, 11, 30)
    return datetime.date(jaar, 12, 1), maand_eind(jaar + 1, 2)  # winter


def _deel(deel: str) -> int:
    deel = deel.lower()
    return 0 if deel == "begin" else 2 if deel.startswith("eind") else 1


def _periode(soort: str, m: re.Match, brief: datetime.date):
    """(van, tot, jaar genoemd, zeker) of an anchor; None when the match is no time (a bare '2025')."""
    g = m.groupdict()
    jaar, genoemd = _jaar(m, brief)
    if soort == "voor_zomer":
        # "voor de zomer van 2024" names its recess; without a year it is the next one after the letter.
        reces = eerste_vrijdag_juli(jaar)
        if not genoemd and brief > reces:
            reces = eerste_vrijdag_juli(jaar + 1)
        return brief, reces, True, True
    if soort == "na_zomer":
        return datetime.date(jaar, 9, 1), datetime.date(jaar, 10, 31), genoemd, True
    if soort == "einde_jaar":
        return datetime.date(brief.year, 9, 1), datetime.date(brief.year, 12, 31), True, True
    if soort == "prinsjesdag":
        dag = prinsjesdag(jaar)
        if not genoemd and dag < brief:
            dag = prinsjesdag(jaar + 1)
        return dag, dag, True, True
    if soort == "begroting":
        dag = prinsjesdag(jaar - 1)
        return dag, dag, True, True
    if soort in ("kwartaal", "kwartaal_q"):
        rang = g["rang"].lower()
        k = 4 if rang == "laatste" else int(rang) if rang.isdigit() else RANGTELWOORDEN[rang]
        return datetime.date(jaar, 3 * k - 2, 1), maand_eind(jaar, 3 * k), genoemd, True
    if soort == "helft":
        if RANGTELWOORDEN[g["rang"].lower()] == 1:
            return datetime.date(jaar, 1, 1), datetime.date(jaar, 6, 30), genoemd, True
        return datetime.date(jaar, 7, 1), datetime.date(jaar, 12, 31), genoemd, True
    if soort == "dag":
        maand = MAANDEN[g["maand"].lower()]
        try:
            dag = datetime.date(jaar, maand, int(g["dag"]))
        except ValueError:
            return None
        return dag, dag, genoemd, True
    if soort == "deel_maand":
        maand = MAANDEN[g["maand"].lower()]
        i = _deel(g["deel"])
        van = datetime.date(jaar, maand, 1 + 10 * i)
        tot = maand_eind(jaar, maand) if i == 2 else datetime.date(jaar, maand, 10 + 10 * i)
        return van, tot, genoemd, True
    if soort == "deel_jaar":
        i = _deel(g["deel"])
        return datetime.date(jaar, 1 + 4 * i, 1), maand_eind(jaar, 4 + 4 * i), True, True
    if soort == "seizoen":
        lidw = (g["lidw"] or "").strip().lower()
        if not lidw and not g.get("jaar"):
            return None  # 'zomertijd', 'de zomer' zonder lidwoord of jaar: geen moment
        van, tot = _seizoen(g["seizoen"], jaar)
        if lidw in ("komend", "komende", "volgend", "aankomend", "aanstaand") and tot < brief:
            van, tot = _seizoen(g["seizoen"], jaar + 1)
        return van, tot, genoemd or lidw in ("dit", "deze"), True
    if soort == "maand":
        if not g["in"] and not g.get("jaar"):
            return None  # een losse maandnaam ('mei' is ook een werkwoordvorm niet, maar 'jan' een naam)
        maand = MAANDEN[g["maand"].lower()]
        return datetime.date(jaar, maand, 1), maand_eind(jaar, maand), genoemd, True
    if soort == "relatief":
        if g["anker"]:
            return brief, None, True, False  # 'een jaar na inwerkingtreding': een eigen anker, geen datum
        if not g["vz"]:
            return None  # 'twee jaar' zonder voorzetsel is een duur, geen moment
        aantal = _getal(g["getal"])
        eenheid = g["eenheid"].lower()
        if eenheid.startswith("dag") or eenheid.startswith("we"):
            dagen = aantal * (7 if eenheid.startswith("we") else 1)
            doel = brief + datetime.timedelta(days=round(dagen))
        else:
            doel = plus_maanden(brief, round(aantal * (12 if eenheid.startswith("ja") else 1)))
        vz = g["vz"].lower()
        if vz.startswith(("binnen", "uiterlijk", "in de")):
            return brief, doel, True, True
        return doel, doel, True, True
    if soort in ("jaar", "dit_jaar"):
        return datetime.date(jaar, 1, 1), datetime.date(jaar, 12, 31), True, True
    return brief, None, True, False  # vaag


def vind_tijden(zin: str, brief: datetime.date, toekomst: bool = False) -> list[Tijd]:
    """The time expressions in ``zin`` with their periods, left to right, none overlapping.

    ``toekomst``: the sentence speaks of the future, so a day or season without a year that has
    passed this year means next year's."""
    kandidaten = []
    for volgorde, (soort, patroon) in enumerate(_ANKERS):
        for m in patroon.finditer(zin):
            kandidaten.append((m.start(), -(m.end() - m.start()), volgorde, soort, m))
    kandidaten.sort(key=lambda k: k[:3])
    tijden: list[Tijd] = []
    bezet_tot = -1
    for begin, _, _, soort, m in kandidaten:
        if begin < bezet_tot:
            continue
        tijd = _tijd(soort, m, zin, brief, toekomst)
        if tijd is not None:
            tijden.append(tijd)
            bezet_tot = m.end()
    return tijden


def _tijd(soort: str, m: re.Match, zin: str, brief: datetime.date, toekomst: bool) -> Tijd | None:
    voor, na = zin[max(0, m.start() - 30) : m.start()], zin[m.end() : m.end() + 40]
    periode = _periode(soort, m, brief)
    if periode is None:
        return None
    van, tot, genoemd, zeker = periode
    voorvoegsel = _VOOR.search(voor) or _VANAF.search(voor) or _NA.search(voor) or _SINDS.search(voor)
    if soort == "jaar" and not (m.group("in") or voorvoegsel):
        return None  # een jaartal in een naam: 'Rijk 2025', 'rapport 2017/095'
    if soort == "maand" and not m.groupdict().get("in") and not voorvoegsel and not m.group("jaar"):
        return None
    begin = voorvoegsel.start() + max(0, m.start() - 30) if voorvoegsel else m.start()
    eind = m.end()
    verleden = bool(_JL.match(na) or _GELEDEN.match(na) or (voorvoegsel and _SINDS.search(voor)))
    if not verleden and not genoemd and tot is not None and tot < brief and (toekomst or _AS.match(na)):
        van, tot = plus_maanden(van, 12), plus_maanden(tot, 12)
    if soort in ("voor_zomer", "na_zomer", "relatief", "vaag") or not voorvoegsel:
        pass  # het voorzetsel hoort al bij het anker, of er is er geen
    elif _VOOR.search(voor):
        van = brief
    elif _VANAF.search(voor) and soort == "dag":
        tot = van
    elif _NA.search(voor):
        van, tot, zeker = (tot or van) + datetime.timedelta(days=1), None, False
    achter = _OF_EERDER.match(na)
    if achter:
        van = brief
        eind += achter.end()
    elif _AS.match(na) or _JL.match(na):
        eind += (_AS.match(na) or _JL.match(na)).end()
    begonnen = van < brief
    if tot is not None and tot < brief:
        verleden = True
    elif begonnen:
        van = brief
    return Tijd(zin[begin:eind].strip(" ,"), begin, eind, van, tot, zeker, verleden, begonnen)
