"""Find the dated promises in a cabinet letter: sentence, who promises, what, and when.

A sentence is proposed when it ties a time that is not past to a commitment of the cabinet's
side. The rules are about Dutch letter language in general, not about one letter:

- *time*: ``tijd.vind_tijden``; a period wholly before the letter is past, and so is a time with
  ``jl.``, ``geleden``, ``sinds`` or ``afgelopen``;
- *not past*: a sentence in the perfect or simple past (``is … gestuurd``, ``werd``) with a period
  that already began is a report, not a promise (``dit jaar is … stilgestaan``); with a period wholly
  ahead it is a result promised (``eind 2025 zijn alle ouders geholpen``);
- *commitment*: with a dated time, Dutch uses the present for the future, so any sentence that
  is not past, not a counterfactual (``zonder deze versnelling medio 2027``), not a withdrawn aim
  (``is te optimistisch``), not a question and not about what an independent body or the Kamer
  does, commits; an open time (``de komende periode``) only counts with an explicit commitment
  (``zal``, ``zullen``, ``gaat … informeren``), and is marked not certain;
- *who*: a minister or state secretary named as actor, ``ik`` (the signatory), else the cabinet;
- *what*: inform the Kamer, send a plan or proposal, reach a figure, or complete a measure.

Two times in one sentence are two proposals with the same quote.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import asdict, dataclass

from .tijd import MAANDEN, Tijd, vind_tijden
from .zinnen import zinnen

_TOEKOMST = re.compile(
    r"\b(?:zal|zullen|zult|zouden we|gaat|gaan|wil|willen|streeft|streven|het streven|beoogt"
    r"|beogen|is voornemens"
    r"|zijn voornemens|voornemen|verwacht|verwachten|neem(?:t|en)? .{0,40}\bvoor|kom(?:t|en)? .{0,60}\bmet"
    r"|zeg(?:t|gen)? toe|a\.s\.|aanstaande|ontvangt u|informe(?:er|ert|ren)|stuur|stuurt|sturen"
    r"|kom(?:t|en)? .{0,60}\bterug)\b",
    re.I,
)
_STERK = re.compile(
    r"\b(?:zal|zullen|zult|gaat|gaan|wil|willen|streeft|streven|het streven|is voornemens|zeg(?:t|gen)? toe"
    r"|ontvangt u|ontvangt uw Kamer|informe(?:er|ert|ren)|kom(?:t|en)? .{0,60}\bterug)\b",
    re.I,
)
_VOLTOOID = re.compile(
    r"\b(?:heeft|hebben|heb|is|zijn|ben|werd|werden|was|waren|had|hadden)\b.{0,160}?"
    r"\b(?:(?:aan|af|bij|door|in|mee|na|om|op|over|terug|toe|uit|vast|voor|weg"
    r"|stil)?ge[a-zëï]{2,}(?:d|t|en|aan)"
    r"|(?:be|ver|ont|her|er)[a-zëï]{2,}(?:d|t|en))\b",
    re.I,
)
_LIJDEND = re.compile(r"\b(?:wordt|worden)\b", re.I)
_VERLEDEN_WOORD = re.compile(
    r"\b(?:geleden|afgelopen|vorig(?:e)?|eerder dit jaar|tot dusver|inmiddels|destijds)\b", re.I
)
_TEGENFEITELIJK = re.compile(r"\bzonder\b[^,;:]*$|\b(?:zou|zouden)\b[^,;:]*\b(?:zijn|hebben|worden)\b", re.I)
_INGETROKKEN = re.compile(
    r"\b(?:te optimistisch|niet haalbaar|niet (?:meer )?mogelijk|niet gelukt|lukt niet"
    r"|niet lukken|niet langer"
    r"|komt te vervallen|is losgelaten|laten we los)\b",
    re.I,
)
# Wie zelf handelt en niet onder een bewindspersoon staat: dan belooft het kabinet niets. Vooraan als
# onderwerp ('De Kamer heeft gevraagd …'), of als onderwerp direct na de persoonsvorm ('In mei publiceert de
# Nationale ombudsman …'); niet als de Kamer iets ontvangt ('Uw Kamer ontvangt in mei …').
_ONAFHANKELIJK = (
    r"(?:Tweede Kamer|Eerste Kamer|Kamer|Nationale ombudsman|ombudsman|College voor de Rechten van de Mens"
    r"|College|Raad van State|Algemene Rekenkamer|Rekenkamer|rechter|rechterlijke macht|Autoriteit \w+"
    r"|Staatscommissie|commissie|Kinderombudsman|Adviesraad \w+|Raad voor \w+)"
)
_ONDERWERP_NA_WERKWOORD = re.compile(
    r"^[^,]{0,60}?\b(?:publiceert|publiceren|brengt|brengen|komt|komen|start|starten|doet|doen|besluit"
    r"|geeft|geven|houdt|houden|stuurt|zal|zullen|gaat|gaan|heeft|hebben|wil|willen|vraagt|adviseert)"
    r" (?:de|het) " + _ONAFHANKELIJK + r"\b"
)
_KAMER_ONTVANGT = re.compile(r"^(?:De |Uw )?(?:Tweede |Eerste )?Kamer (?:ontvangt|krijgt|wordt)\b", re.I)
_GELD = re.compile(r"€|\b(?:euro|miljoen|miljard|mln|mld)\b", re.I)
_ANDEREN = re.compile(
    r"^(?:Daarnaast |Ook |Verder |Vervolgens )?(?:heeft |zal |zullen |gaat )?(?:de |het |uw )?"
    r"(?:Tweede Kamer|Eerste Kamer|Kamer|Nationale ombudsman|ombudsman"
    r"|College voor de Rechten van de Mens|College"
    r"|Raad van State|Algemene Rekenkamer|Rekenkamer|rechter|rechterlijke macht|Autoriteit Persoonsgegevens"
    r"|Staatscommissie|gemeenten|VNG|Vereniging van Nederlandse Gemeenten|commissie|Kinderombudsman)\b",
    re.I,
)
_BEWINDSPERSOON = re.compile(
    r"\b(?:de |het )?(?P<wie>Minister-President|[Mm]inister|[Ss]taatssecretaris|[Mm]inisterie)"
    r"(?: (?:van|voor) "
    r"(?P<van>[A-Z][\w&-]*(?: (?:en|van|voor) [A-Z][\w&-]*)*))?",
)
_IK = re.compile(r"\b(?:ik|mij|mijn)\b", re.I)
_CIJFER = re.compile(r"\d+(?:[.,]\d+)? ?(?:%|procent)|\balle (?:ouders|gedupeerden|zaken|aanvragen)\b", re.I)
_IN_WERKING = re.compile(r"\b(?:in werking|treedt|treden|ingevoerd|invoeren|afgerond|afronden)\b", re.I)
_PLAN = re.compile(
    r"\b(?:plan|plannen|plan van aanpak|actieplan|voorstel|wetsvoorstel|consultatie|visie"
    r"|scenario’s|scenario's"
    r"|scenario|beleidslijn|uitvoeringsagenda|routekaart)\b",
    re.I,
)
_INFORMEREN = re.compile(
    r"\b(?:informe(?:er|ert|ren)|geïnformeerd|ontvangt u|ontvangt uw Kamer|Kamer ontvangt|stuur|stuurt|sturen"
    r"|verzonden|gezonden"
    r"|toe(?:zenden|gezonden|sturen|gestuurd)|rapportage|voortgangsrapportage|voortgangsbrief"
    r"|brief|Kamerbrief"
    r"|bericht(?:en)?|ingaan op|in gaat op|gaat .{0,40} in op|kom(?:t|en)? .{0,60}\bterug)\b",
    re.I,
)
_BRIEFDATUM = re.compile(
    r"(?:Den Haag|'s-Gravenhage|Datum)\s*[,:]?\s+(\d{1,2})\s+("
    + "|".join(MAANDEN)
    + r")\s+((?:19|20)\d\d)\b",
    re.I,
)
_KAMERSTUK = re.compile(r"^\s*(\d{2}\s\d{3})(?:-[A-Z]+)?\s+[^\n]*\n(?:\s*\n)*\s*Nr\.\s*(\d+)", re.I | re.M)
_AFZENDER = re.compile(r"\bBRIEF VAN (?:DE )?(MINISTER|STAATSSECRETARIS)", re.I)
MAX_ZIN = 2000  # tekens; de langste zin in de brief van juni 2021 heeft er 456
_NOTEN = re.compile(r"^\s*(?:X Noot|Noten)\s*$", re.M)


@dataclass
class Belofte:
    citaat: str
    van: str
    tot: str | None
    wie: str
    wat: str
    tijd: str
    zeker: bool
    bron: str
    begin: int  # teken in de brieftekst waar het citaat begint

    def als_dict(self) -> dict:
        return asdict(self)


def briefdatum(tekst: str) -> datetime.date | None:
    """The date the letter states ('Den Haag, 29 juni 2021', 'Datum 3 maart 2023'), if it states one."""
    m = _BRIEFDATUM.search(_leesbaar(tekst[:6000]))
    if not m:
        return None
    try:
        return datetime.date(int(m.group(3)), MAANDEN[m.group(2).lower()], int(m.group(1)))
    except ValueError:
        return None


def kamerstuk(tekst: str) -> str:
    """'35 510, nr. 60' from the head of a published Kamerstuk, or ''."""
    m = _KAMERSTUK.search(_leesbaar(tekst[:2000]))
    return f"{m.group(1)}, nr. {m.group(2)}" if m else ""


def _leesbaar(tekst: str) -> str:
    """Same length, so positions stay those of the letter: hard spaces and tabs become spaces."""
    return tekst.translate({0xA0: " ", 0x202F: " ", 0x2007: " ", 0x09: " "})


def vind_beloftes(tekst: str, brief: datetime.date | None = None) -> list[Belofte]:
    """The proposed promises in text order. ``brief``: the letter date, else the one the letter states.
    Raises ValueError when neither gives a date."""
    brief = brief or briefdatum(tekst)
    if brief is None:
        raise ValueError("De brief noemt geen datum ('Den Haag, 29 juni 2021'); geef de briefdatum op.")
    bron = kamerstuk(tekst)
    afzender = _AFZENDER.search(tekst[:3000])
    ondertekenaar = afzender.group(1).lower() if afzender else "kabinet"
    leesbaar = _leesbaar(tekst)
    noten = _NOTEN.search(leesbaar)
    # Footnotes are read too, as a letter may make a promise in one ("zal op korte termijn … uitvoering
    # worden gegeven"); but a note is an aside, which a careful reader never counts for certain.
    begin_noten = noten.start() if noten else len(leesbaar)
    uit: list[Belofte] = []
    for zin in zinnen(leesbaar):
        if len(zin.tekst) > MAX_ZIN:
            continue  # geen zin maar tekst zonder leestekens (een tabel, een kapotte PDF)
        regel = zin.tekst.replace("\n", " ")  # een PDF breekt regels midden in een zin
        if _BRIEFDATUM.match(regel):
            continue  # de dagtekening zelf
        for tijd in _beloofde_tijden(regel, brief):
            uit.append(
                Belofte(
                    citaat=re.sub(r"[ \t]*\n\s*", " ", tekst[zin.begin : zin.eind]),
                    van=tijd.van.isoformat(),
                    tot=tijd.tot.isoformat() if tijd.tot else None,
                    wie=_wie(regel, ondertekenaar),
                    wat=_wat(regel),
                    tijd=tijd.tekst,
                    zeker=tijd.zeker and zin.begin < begin_noten,
                    bron=bron,
                    begin=zin.begin,
                )
            )
    return uit


def _van_anderen(zin: str) -> bool:
    if _KAMER_ONTVANGT.match(zin):
        return False
    return bool(_ANDEREN.match(zin) or _ONDERWERP_NA_WERKWOORD.match(zin))


def _beloofde_tijden(zin: str, brief: datetime.date) -> list[Tijd]:
    if zin.endswith("?") or _INGETROKKEN.search(zin) or _van_anderen(zin):
        return []
    sterk = bool(_STERK.search(zin))
    if _VERLEDEN_WOORD.search(zin) and not sterk:
        return []  # 'vier jaar geleden', 'inmiddels', zonder dat de zin iets toezegt
    toekomst = bool(_TOEKOMST.search(zin))
    if _GELD.search(zin) and not toekomst:
        return []  # 'voor 2024 is € 5 mln gereserveerd': een begroting, geen toezegging
    voltooid = bool(_VOLTOOID.search(zin)) and not toekomst and not _LIJDEND.search(zin)
    gezien: set[tuple] = set()
    uit = []
    for tijd in vind_tijden(zin, brief, toekomst=toekomst and not voltooid):
        if tijd.verleden or _TEGENFEITELIJK.search(zin[max(0, tijd.begin - 200) : tijd.begin]):
            continue
        if _GELD.search(zin) and re.match(r"(?i)voor (?:19|20)\d\d$", tijd.tekst):
            continue  # '€ 4 mln voor 2025': het jaar waarvoor het geld is, geen termijn
        if not tijd.zeker and not sterk:
            continue
        if voltooid and tijd.begonnen:
            continue  # een periode die al liep, in de voltooide tijd: verslag, geen belofte
        if (tijd.van, tijd.tot) in gezien:
            continue
        gezien.add((tijd.van, tijd.tot))
        uit.append(tijd)
    if any(t.zeker for t in uit):  # 'eind juni, kort voor het commissiedebat': de datum zegt het al
        uit = [t for t in uit if t.zeker]
    return uit


def _wie(zin: str, ondertekenaar: str) -> str:
    m = _BEWINDSPERSOON.search(zin)
    if m and m.group("wie") != "Minister-President":
        wie = m.group("wie").lower()
        return "minister" if wie == "ministerie" else wie
    if _IK.search(zin):
        return ondertekenaar
    return "kabinet"


def _wat(zin: str) -> str:
    """Reach a figure, complete a measure (a law in force), send a plan, inform the Kamer, else complete
    a measure. A plan the Kamer is told
    'over' (about) is the subject of the information, not the thing sent."""
    if _CIJFER.search(zin):
        return "cijfer halen"
    if _IN_WERKING.search(zin):
        return "maatregel uitvoeren"
    if any(not re.search(r"\bover\b", zin[max(0, m.start() - 30) : m.start()]) for m in _PLAN.finditer(zin)):
        return "plan of voorstel"
    if _INFORMEREN.search(zin):
        return "Kamer informeren"
    return "maatregel uitvoeren"
