"""Split a Dutch letter's text into sentences, each kept exactly as it stands in the text.

A paragraph is a block between blank lines; inside a block a line break ends a paragraph only
after a short line that looks like a heading or ends a sentence (PDF text breaks lines anywhere,
the published HTML and Word do not). A sentence ends at . ! or ? (after a closing quote or a footnote
number glued to it, ``ingegaan.7``) before a capital, a digit or an opening quote, except after
abbreviations Dutch officials use (``bijv.``, ``nr.``, ``o.a.``) and initials (``A.C. van Huffelen``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

AFKORTINGEN = frozenset(
    "bijv b.v a.s jl j.l nr nrs o.a ca resp incl excl m.i.v d.w.z e.d mr dhr mw drs dr ir ing prof art "
    "z.s.m t.z.t p blz min mln mld i.p.v m.b.t t.a.v vgl zgn z.g.n etc enz evt i.o.m i.s.m e.a n.a.v "
    "m.u.v o.b.v t.b.v t.o.v p.m m.n a.d kst nl".split()
)
# A date's 'jl.' or 'a.s.' can also end a sentence: then a capital after it starts the next one.
_EINDE_MOGELIJK = frozenset({"jl", "j.l", "a.s", "etc", "enz", "e.d", "e.a"})

_GRENS = re.compile(r"[.!?][»”’\"')]*(?:\d{1,2}(?=\s))?\s+(?=[«“\"‘'(]?[A-ZÀ-Ý0-9])")


@dataclass(frozen=True)
class Zin:
    tekst: str
    begin: int
    eind: int


def _blokken(tekst: str):
    """(begin, eind) of each paragraph. In a block of wrapped lines (PDF) a line much shorter than the
    block's longest ends a paragraph when it ends a sentence, or is a heading when the next line starts
    with a capital; a line as long as the others is a wrapped line."""
    for blok in re.finditer(r"[^\n](?:[^\n]|\n(?![ \t]*\n))*", tekst):
        regels = list(re.finditer(r"[^\n]+", blok.group(0)))
        breedte = max(len(r.group(0).rstrip()) for r in regels)
        start = blok.start() + regels[0].start()
        for vorige, volgende in zip(regels, regels[1:], strict=False):
            r = vorige.group(0).rstrip()
            kort = len(r) < 0.8 * breedte
            kop = kort and not r.endswith((",", ";", "-")) and volgende.group(0).lstrip()[:1].isupper()
            if kop or (kort and r.endswith((".", "!", "?", ":"))):
                yield start, blok.start() + vorige.end()
                start = blok.start() + volgende.start()
        yield start, blok.start() + regels[-1].end()


def _woord_voor(tekst: str, punt: int) -> str:
    return re.search(r"[\w.]*$", tekst[max(0, punt - 24) : punt]).group(0).lower().strip(".")


def _afkorting(woord: str) -> bool:
    """Is a period after ``woord`` the end of an abbreviation or an initial?"""
    return (len(woord) == 1 and woord.isalpha()) or woord in AFKORTINGEN


def zinnen(tekst: str) -> list[Zin]:
    uit: list[Zin] = []
    for begin, eind in _blokken(tekst):
        start = begin
        for m in _GRENS.finditer(tekst, begin, eind):
            woord = _woord_voor(tekst, m.start())
            if tekst[m.start()] == "." and _afkorting(woord) and woord not in _EINDE_MOGELIJK:
                continue
            _voeg_toe(uit, tekst, start, m.end())
            start = m.end()
        _voeg_toe(uit, tekst, start, eind)
    return uit


def _voeg_toe(uit: list[Zin], tekst: str, begin: int, eind: int) -> None:
    stuk = tekst[begin:eind]
    links = len(stuk) - len(stuk.lstrip())
    stuk = stuk.strip()
    if re.search(r"[^\W\d_]", stuk):  # een los voetnootnummer is geen zin
        uit.append(Zin(stuk, begin + links, begin + links + len(stuk)))
