"""Templates: a renamed URL breaks loudly, and no design-system class is used that no stylesheet defines."""

import re
from pathlib import Path

import pytest
from django.conf import settings

SJABLONEN = sorted((Path(settings.BASE_DIR) / "templates").rglob("*.html"))
STIJLEN = sorted((Path(settings.BASE_DIR) / "static").rglob("*.css"))


def _klassen(sjabloon):
    for attribuut in re.finditer(r'class="([^"]*)"', sjabloon.read_text()):
        # Parts built from variables ("status--{{ … }}") cannot be checked here.
        yield from re.sub(r"{%.*?%}|{{.*?}}", " ", attribuut[1]).split()


@pytest.mark.parametrize("sjabloon", SJABLONEN, ids=lambda p: str(p.relative_to(settings.BASE_DIR)))
def test_no_url_is_looked_up_only_to_hide_a_link_when_it_is_missing(sjabloon):
    """`{% url … as x %}{% if x %}` turns a renamed URL into a silently missing link."""
    tekst = sjabloon.read_text()
    for naam in re.findall(r"{%\s*url\s[^%]*\sas\s+(\w+)\s*%}", tekst):
        assert not re.search(r"{%\s*if\s+(\w+\s+and\s+)?" + naam + r"\b", tekst), naam


def test_every_design_system_class_in_a_template_is_defined_in_a_stylesheet():
    css = "".join(pad.read_text() for pad in STIJLEN)
    gedefinieerd = set(re.findall(r"\.(-?[_a-zA-Z][_a-zA-Z0-9-]*)", css))
    onbekend = {
        (klasse, str(sjabloon.relative_to(settings.BASE_DIR)))
        for sjabloon in SJABLONEN
        for klasse in _klassen(sjabloon)
        if klasse.startswith(("utrecht-", "rhc-", "nl-")) and klasse not in gedefinieerd
    }
    assert onbekend == set()
