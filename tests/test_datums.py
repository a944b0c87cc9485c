"""Dates are Dutch on every page ("2 december 2021"), through Django's localisation: no English month and
no capitalised abbreviation ("2 Dec") on the main public and work pages."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from acties.models import Actie
from moties.models import Opdracht
from rapportage.models import Rapportage, Voortgang
from tests.conftest import tekst_van

MAANDEN = "januari februari maart april mei juni juli augustus september oktober november december".split()
ENGELS = re.compile(
    r"\b(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|January|February|March|April|June|July"
    r"|August|September|October|November|December)\b"
)
# Django's "M" gives a Dutch abbreviation with a capital ("2 Mrt", "2 Dec"), which reads as English.
AFGEKORT = re.compile(r"\b\d{1,2} (Jan|Feb|Mrt|Apr|Mei|Jun|Jul|Aug|Sep|Okt|Nov|Dec)\b")


def _tekst(response):
    """What a reader sees: the page without markup, scripts and styles."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _op(maand):
    return timezone.make_aware(datetime.datetime(2021, maand, 2, 14, 5))


def _elke_maand():
    """Dates in every month where the pages show them: when actions, texts and history were changed."""
    # The other actions older, so that the home page's "recently changed" shows these twelve.
    Actie.objects.update(gewijzigd_op=_op(1) - datetime.timedelta(days=400))
    for maand in range(1, 13):
        Actie.objects.filter(nummer=maand).update(gewijzigd_op=_op(maand))
    Actie.history.filter(nummer=12).update(history_date=_op(12))
    Voortgang.objects.filter(rapportage__toestand=Rapportage.Toestand.OPEN).update(gewijzigd_op=_op(12))
    Opdracht.objects.filter(nummer=21).update(datum=datetime.date(2021, 5, 3))


def _controleer(response):
    assert response.status_code == 200, response.status_code
    tekst = _tekst(response)
    assert ENGELS.findall(tekst) == [] and AFGEKORT.findall(tekst) == []
    return tekst


PUBLIEK = [
    "/",
    "/acties/",
    "/acties/1/",
    "/acties/12/",
    "/themas/",
    "/themas/hersteloperatie/",
    "/moties/",
    "/moties/35510-21/",
    "/rapportages/",
    "/rapportages/{juni}/",
]


@pytest.mark.parametrize("url", PUBLIEK)
def test_public_pages_show_dutch_dates_only(client, open_ronde, url):
    _elke_maand()
    juni = Rapportage.objects.get(titel="Stand van zaken juni 2021")
    _controleer(client.get(url.format(juni=juni.pk)))


def test_the_action_list_shows_every_month_in_dutch(client, demodata):
    _elke_maand()
    tekst = _controleer(client.get("/acties/"))
    gevonden = {m for m in MAANDEN if re.search(rf"\b2 {m} 2021\b", tekst)}
    assert gevonden == set(MAANDEN)


def test_home_and_action_page_write_their_dates_in_full(client, demodata):
    _elke_maand()
    home = _controleer(client.get("/"))
    assert "(2 december 2021)" in home and "peildatum 29 juni 2021" in home
    actie = _controleer(client.get("/acties/12/"))
    assert "2 december 2021 14:05" in actie and "29 juni 2021" in actie
    assert "3 mei 2021" in _controleer(client.get("/moties/35510-21/"))


WERK = [
    ("coordinator_fin", "werk:mijn_acties", None),
    ("coordinator_fin", "werk:bewerk", "tekst"),
    ("redactie", "werk:overzicht", None),
    ("redactie", "werk:ronde", "ronde"),
    ("redactie", "werk:geschiedenis", "actie"),
    ("redactie", "importeer:nieuw", None),
]


@pytest.mark.parametrize(("rol", "naam", "argument"), WERK, ids=[naam for _rol, naam, _a in WERK])
def test_work_pages_show_dutch_dates_only(client, rollen, open_ronde, rol, naam, argument):
    _elke_maand()
    tekst = tekst_van(open_ronde, "FIN")
    argumenten = {"tekst": [tekst.pk], "ronde": [open_ronde.pk], "actie": [tekst.actie.nummer], None: []}
    client.force_login(rollen[rol])
    _controleer(client.get(reverse(naam, args=argumenten[argument])))


def test_the_check_catches_an_english_or_capitalised_month():
    assert ENGELS.findall("Gewijzigd: 2 Dec 2026") == ["Dec"]
    assert AFGEKORT.findall("Gewijzigd: 2 Mrt 14:05") == ["Mrt"]
    assert ENGELS.findall("2 december 2026, motie Marijnissen") == []
