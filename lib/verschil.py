"""A readable word-level diff between two texts, as escaped HTML with <ins> and <del>."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

from .tekst import normaliseer


def _gemarkeerd(tag, stuk):
    """<tag> around a run of words; its leading whitespace stays outside, so words do not run together."""
    woorden = stuk.lstrip()
    return escape(stuk[: len(stuk) - len(woorden)]) + f"<{tag}>{escape(woorden)}</{tag}>"


def woordverschil(oud, nieuw):
    """Every piece of text is escaped before it is wrapped, so stored text can never become markup. Both
    texts are compared in normal form, so a CRLF or a trailing space stored before is no change."""
    # Each token is a word with the whitespace before it, so a changed phrase is one <del>/<ins> pair.
    a = re.findall(r"\s*\S+", normaliseer(oud or ""))
    b = re.findall(r"\s*\S+", normaliseer(nieuw or ""))
    delen = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            delen.append(escape("".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            delen.append(_gemarkeerd("del", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            delen.append(_gemarkeerd("ins", "".join(b[j1:j2])))
    return mark_safe("".join(delen))  # noqa: S308 - every piece of text went through escape()
