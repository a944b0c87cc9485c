"""A readable word-level diff between two texts, as escaped HTML with <ins> and <del>."""

import difflib
import re

from django.utils.html import escape
from django.utils.safestring import mark_safe

_WOORDEN = re.compile(r"\s+|[^\s]+")


def woordverschil(oud: str, nieuw: str):
    """Every piece of text is escaped before it is wrapped, so stored text can never become markup."""
    a = _WOORDEN.findall(oud or "")
    b = _WOORDEN.findall(nieuw or "")
    delen = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            delen.append(escape("".join(a[i1:i2])))
            continue
        if i2 > i1:
            delen.append(f"<del>{escape(''.join(a[i1:i2]))}</del>")
        if j2 > j1:
            delen.append(f"<ins>{escape(''.join(b[j1:j2]))}</ins>")
    return mark_safe("".join(delen))
