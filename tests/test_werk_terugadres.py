"""The way back to the review board survives the edit page: a redactie member who opened a text from a
filtered board and saves it, is refused, or adds evidence, a knelpunt or a target date from it, lands on
the text again with its link back to that same filtered board. Only a local path is carried along."""

from urllib.parse import parse_qs, urlsplit

import lxml.html
import pytest
from django.urls import reverse

from acties.models import Status
from rapportage.models import Vindplaats
from tests.conftest import tekst_van


@pytest.fixture
def bord(client, redactie, open_ronde):
    """A return address as the board's 'Bekijk' link gives it: the board with its filter, at a text."""
    client.force_login(redactie)
    return reverse("werk:ronde", args=[open_ronde.pk]) + "?gewijzigd=nee&ministerie=FIN#tekst-7"


def _velden(tekst, terug, **extra):
    """The edit form's fields as the browser posts them, with the return address the page carried (if any)."""
    if terug is None:
        return {"tekst": "Bijna klaar.", "status": Status.IN_UITVOERING, "versie": tekst.versie, **extra}
    return {
        "tekst": "Bijna klaar.",
        "status": Status.IN_UITVOERING,
        "versie": tekst.versie,
        "terug": terug,
        **extra,
    }


def _terug_uit(adres):
    """The return address an address to the edit page carries, or None."""
    return parse_qs(urlsplit(adres).query).get("terug", [None])[0]


def _weg_terug(html):
    """The page's link back and the return address its one form (#tekstformulier) posts along."""
    doc = lxml.html.fromstring(html)
    (link,) = doc.xpath('//a[normalize-space()="Terug naar het overzicht"]')
    meegestuurd = doc.xpath('//form[@id="tekstformulier"]//input[@name="terug"]/@value')
    return link.get("href"), meegestuurd[0] if meegestuurd else None


def _heeft_weg_terug(html, terug):
    return _weg_terug(html) == (terug, terug)


def _geopend(client, tekst, terug):
    """Open the edit page from the board: the return address its form will post along."""
    return _weg_terug(client.get(reverse("werk:bewerk", args=[tekst.pk]), {"terug": terug}).content)[1]


def test_saving_a_text_opened_from_the_board_keeps_the_way_back_to_that_filter(client, open_ronde, bord):
    tekst = tekst_van(open_ronde, "FIN")
    terug = _geopend(client, tekst, bord)
    assert terug == bord

    response = client.post(reverse("werk:bewerk", args=[tekst.pk]), _velden(tekst, terug, actie="bewaar"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("werk:bewerk", args=[tekst.pk]) + "?")
    assert response["Location"].endswith("#deze-kop")
    assert _terug_uit(response["Location"]) == bord
    pagina = client.get(response["Location"]).content.decode()
    assert "De tekst is als concept bewaard." in pagina
    assert _heeft_weg_terug(pagina, bord)


def test_a_refused_save_keeps_the_way_back(client, open_ronde, bord):
    tekst = tekst_van(open_ronde, "FIN")
    # 'afgerond' without evidence is refused; the page shown again still leads back to the board.
    terug = _geopend(client, tekst, bord)
    gegevens = _velden(tekst, terug, actie="bewaar", status=Status.AFGEROND)
    response = client.post(reverse("werk:bewerk", args=[tekst.pk]), gegevens)
    assert response.status_code == 400
    assert _heeft_weg_terug(response.content.decode(), bord)
    # An invalid form too.
    response = client.post(reverse("werk:bewerk", args=[tekst.pk]), _velden(tekst, terug, status="x"))
    assert response.status_code == 400
    assert _heeft_weg_terug(response.content.decode(), bord)


@pytest.mark.parametrize(
    "stap, velden, anker",
    [
        ("werk:vindplaats_tekst", {"titel": "Slotbrief", "kamerstuk": "35510-70"}, "tekst-vindplaatsen-kop"),
        ("werk:knelpunt", {"knelpunt": "on", "toelichting": "Wetgeving"}, "knelpunt-kop"),
        (
            "werk:streefdatum_tekst",
            {"streefdatum": "2022-07-01", "reden": "Wet loopt uit"},
            "streefdatum-kop",
        ),
    ],
)
def test_a_parts_step_on_the_edit_page_keeps_the_way_back(client, open_ronde, bord, stap, velden, anker):
    tekst = tekst_van(open_ronde, "FIN")
    terug = _geopend(client, tekst, bord)
    response = client.post(reverse(stap, args=[tekst.pk]), _velden(tekst, terug, **velden))
    assert response.status_code == 302
    assert response["Location"].endswith("#" + anker)
    assert _terug_uit(response["Location"]) == bord
    assert _heeft_weg_terug(client.get(response["Location"]).content.decode(), bord)


@pytest.mark.parametrize(
    "stap, velden",
    [
        ("werk:vindplaats_tekst", {"titel": "Slotbrief"}),  # neither a Kamerstuk nor an address
        ("werk:streefdatum_tekst", {"streefdatum": "geen datum", "reden": "x"}),
    ],
)
def test_a_refused_parts_step_keeps_the_way_back(client, open_ronde, bord, stap, velden):
    tekst = tekst_van(open_ronde, "FIN")
    terug = _geopend(client, tekst, bord)
    response = client.post(reverse(stap, args=[tekst.pk]), _velden(tekst, terug, **velden))
    assert response.status_code == 400
    assert _heeft_weg_terug(response.content.decode(), bord)


def test_removing_evidence_keeps_the_way_back(client, open_ronde, bord):
    tekst = tekst_van(open_ronde, "FIN")
    terug = _geopend(client, tekst, bord)
    client.post(
        reverse("werk:vindplaats_tekst", args=[tekst.pk]),
        _velden(tekst, terug, titel="Slotbrief", kamerstuk="35510-70"),
    )
    tekst.refresh_from_db()
    vindplaats = Vindplaats.objects.get(voortgang=tekst)
    response = client.post(
        reverse("werk:vindplaats_verwijderen", args=[vindplaats.pk]), _velden(tekst, terug)
    )
    assert _terug_uit(response["Location"]) == bord


@pytest.mark.parametrize(
    "elders",
    ["//evil.example", "https://evil.example", "//evil.example/werk/", "/\\evil.example", "javascript:x"],
)
def test_a_return_address_elsewhere_is_not_carried_along(client, open_ronde, bord, elders):
    tekst = tekst_van(open_ronde, "FIN")
    pagina = client.get(reverse("werk:bewerk", args=[tekst.pk]), {"terug": elders}).content.decode()
    assert "evil.example" not in pagina and "javascript:x" not in pagina
    assert _weg_terug(pagina) == (reverse("werk:ronde", args=[open_ronde.pk]), None)
    # Posted by hand, it is not carried to the next page either.
    response = client.post(reverse("werk:bewerk", args=[tekst.pk]), _velden(tekst, elders, actie="bewaar"))
    assert response["Location"] == reverse("werk:bewerk", args=[tekst.pk]) + "#deze-kop"
