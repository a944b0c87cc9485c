"""Text the database cannot store: a NUL byte (PostgreSQL refuses it in text) or a lone surrogate
(no valid UTF-8). Such input is refused as invalid before it reaches a query."""

import re

_ONOPSLAANBAAR = re.compile("[\x00\ud800-\udfff]")


def onopslaanbaar(tekst):
    return bool(_ONOPSLAANBAAR.search(tekst))
