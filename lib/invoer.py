"""Input as it arrives from anyone: text the database cannot store, and whole numbers.

Text with a NUL byte (PostgreSQL refuses it in text) or a lone surrogate (no valid UTF-8) is refused as
invalid before it reaches a query.

A whole number in a parameter is ASCII digits and nothing else. str.isdigit() also takes '²' (which
int() then refuses: a 500), int() also takes '١٢', '１２', ' 12 ' and '1_2'; no form of ours sends those,
so they are refused like any other wrong value, with the page's own message."""

import re

_ONOPSLAANBAAR = re.compile("[\x00\ud800-\udfff]")
# 18 digits fit every integer column (PostgreSQL's bigint holds 19); a longer number names nothing here.
MAX_CIJFERS = 18


def onopslaanbaar(tekst):
    return bool(_ONOPSLAANBAAR.search(tekst))


def geheel_getal(waarde: object, max_cijfers: int = MAX_CIJFERS) -> int | None:
    """'12' → 12; None for anything but 1 to max_cijfers ASCII digits (None, '', '²', '-1', ' 12')."""
    if not isinstance(waarde, str) or not 1 <= len(waarde) <= max_cijfers:
        return None
    if not re.fullmatch("[0-9]+", waarde):
        return None
    return int(waarde)
