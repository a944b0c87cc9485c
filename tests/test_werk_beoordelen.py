"""Review in flow: every step on the board (approve, send back, approve many) returns to the board as it was,
with its filter and at the next text; the board shows per text the old and new status, the knelpunt with
its explanation and the evidence added; the remark box shows no error before anything is typed."""

import re

import pytest
from django.urls import reverse

from acties.models import Status
from rapportage import tekststappen, verantwoording
from rapportage.models import Voortgang
from tests.conftest import WACHTWOORD, tekst_van


def _terug_op_het_bord(html, pk):
    """The return address the board gives the review forms of text `pk`."""
    kaart = html[html.index(f'id="tekst-{pk}"') :]
    return re.search(r'name="terug" value="([^"]+)"', kaart).group(1).replace("&amp;", "&")


@pytest.fixture
def drie_gewijzigd(open_ronde, coordinator_fin):
    """Three FIN texts changed and submitted, in the board's order."""
    teksten = []
    for n in range(3):
        tekst = tekst_van(open_ronde, "FIN", n)
        tekst, _ = tekststappen.bewaar_tekst(
            tekst, tekst.tekst + " Bijgewerkt.", tekst.status, 1, coordinator_fin
        )
        teksten.append(tekststappen.dien_in(tekst, coordinator_fin)[0])
    return sorted(teksten, key=lambda v: v.actie.nummer)


def test_approving_on_a_filtered_board_returns_to_that_filter_at_the_next_text(
    client, redactie, open_ronde, drie_gewijzigd
):
    client.force_login(redactie)
    bord = reverse("werk:ronde", args=[open_ronde.pk])
    response = client.get(bord, {"gewijzigd": "ja"})
    getoond = response.context["teksten"]
    eerste, tweede = getoond[0], getoond[1]
    assert eerste.pk == drie_gewijzigd[0].pk
    terug = _terug_op_het_bord(response.content.decode(), eerste.pk)
    assert terug == f"{bord}?gewijzigd=ja#tekst-{tweede.pk}"
    # After the last text the board opens at the top of the same filtered list.
    assert getoond[-1].terug == f"{bord}?gewijzigd=ja#teksten"

    response = client.post(reverse("werk:goedkeuren", args=[eerste.pk]), {"terug": terug})
    assert response["Location"] == terug
    assert Voortgang.objects.get(pk=eerste.pk).toestand == "goedgekeurd"


def test_sending_back_returns_to_the_filter_and_an_empty_remark_keeps_it(
    client, redactie, open_ronde, drie_gewijzigd
):
    client.force_login(redactie)
    bord = reverse("werk:ronde", args=[open_ronde.pk])
    response = client.get(bord, {"toestand": "ingediend", "ministerie": "FIN"})
    eerste, tweede = response.context["teksten"][:2]
    terug = _terug_op_het_bord(response.content.decode(), eerste.pk)
    assert terug == f"{bord}?toestand=ingediend&ministerie=FIN#tekst-{tweede.pk}"

    # No remark: the form says why, and sending it again still returns to the board as it was.
    weigering = client.post(reverse("werk:terugsturen", args=[eerste.pk]), {"opmerking": "", "terug": terug})
    assert weigering.status_code == 200
    assert f'name="terug" value="{terug.replace("&", "&amp;")}"' in weigering.content.decode()
    response = client.post(
        reverse("werk:terugsturen", args=[eerste.pk]), {"opmerking": "Korter graag.", "terug": terug}
    )
    assert response["Location"] == terug
    assert Voortgang.objects.get(pk=eerste.pk).toestand == "teruggestuurd"


def test_reviewing_from_a_texts_own_page_returns_to_the_filtered_board(
    client, redactie, open_ronde, drie_gewijzigd
):
    client.force_login(redactie)
    bord = reverse("werk:ronde", args=[open_ronde.pk])
    response = client.get(bord, {"gewijzigd": "ja"})
    eerste, tweede = response.context["teksten"][:2]
    terug = f"{bord}?gewijzigd=ja#tekst-{tweede.pk}"
    bekijk = re.search(
        rf'href="({reverse("werk:bewerk", args=[eerste.pk])}\?terug=[^"]+)"', response.content.decode()
    ).group(1)
    pagina = client.get(bekijk.replace("&amp;", "&")).content.decode()
    assert f'href="{terug}"' in pagina  # "Terug naar het overzicht"
    assert f'<input type="hidden" name="terug" value="{terug}">' in pagina
    response = client.post(reverse("werk:goedkeuren", args=[eerste.pk]), {"terug": terug})
    assert response["Location"] == terug


def test_a_filter_that_leaves_the_board_empty_shows_an_empty_board(client, redactie, open_ronde):
    client.force_login(redactie)
    antwoord = client.get(reverse("werk:ronde", args=[open_ronde.pk]), {"gewijzigd": "ja"})
    assert antwoord.status_code == 200 and antwoord.context["teksten"] == []


@pytest.mark.parametrize("elders", ["https://example.org/", "//example.org/werk/", "javascript:alert(1)"])
def test_a_return_address_elsewhere_is_ignored(client, redactie, open_ronde, drie_gewijzigd, elders):
    client.force_login(redactie)
    response = client.post(reverse("werk:goedkeuren", args=[drie_gewijzigd[0].pk]), {"terug": elders})
    assert response["Location"] == reverse("werk:ronde", args=[open_ronde.pk])


def test_approving_many_from_a_filtered_board_returns_to_that_filter(
    client, redactie, open_ronde, drie_gewijzigd
):
    client.force_login(redactie)
    bord = reverse("werk:ronde", args=[open_ronde.pk])
    html = client.get(bord, {"gewijzigd": "ja"}).content.decode()
    keuze = html[html.index('id="kies-teksten"') :]
    assert '<input type="hidden" name="gewijzigd" value="ja">' in keuze[: keuze.index("</form>")]

    url = reverse("werk:goedkeuren_meerdere", args=[open_ronde.pk])
    gekozen = [v.pk for v in drie_gewijzigd]
    bevestiging = client.get(url, {"tekst": gekozen, "gewijzigd": "ja"})
    assert f'href="{bord}?gewijzigd=ja#teksten"' in bevestiging.content.decode()  # Annuleren
    # The confirmation posts to its own address, the filter in its query string.
    response = client.post(f"{url}?gewijzigd=ja", {"tekst": gekozen})
    assert response["Location"] == f"{bord}?gewijzigd=ja#teksten"
    assert {v.toestand for v in Voortgang.objects.filter(pk__in=[v.pk for v in drie_gewijzigd])} == {
        "goedgekeurd"
    }


def test_the_board_shows_old_and_new_status_the_knelpunt_explained_and_the_evidence(
    client, redactie, coordinator_fin, open_ronde
):
    tekst = tekst_van(open_ronde, "FIN")
    vorige = tekststappen.vorige_voortgang(tekst)
    nieuw = Status.VERTRAAGD if vorige.status != Status.VERTRAAGD else Status.IN_UITVOERING
    tekst, _ = tekststappen.bewaar_tekst(tekst, "Vertraagd door de wet.", nieuw, 1, coordinator_fin)
    verantwoording.zet_knelpunt(tekst, "De wet is pas in 2023 in werking.", coordinator_fin)
    verantwoording.voeg_vindplaats_toe_aan_tekst(tekst, "Brief over de wet", coordinator_fin, "35510-70")
    client.force_login(redactie)
    html = client.get(reverse("werk:ronde", args=[open_ronde.pk]), {"gewijzigd": "ja"}).content.decode()
    kaart = html[html.index(f'id="tekst-{tekst.pk}"') :]
    kaart = kaart[: kaart.index("</li>")]
    assert f"{vorige.get_status_display()} → {Status(nieuw).label}" in kaart
    assert "De wet is pas in 2023 in werking." in kaart
    assert "Brief over de wet" in kaart and "35510-70" in kaart


def test_the_remark_box_on_the_board_is_not_marked_invalid_before_typing(
    client, redactie, open_ronde, drie_gewijzigd
):
    client.force_login(redactie)
    html = client.get(reverse("werk:ronde", args=[open_ronde.pk])).content.decode()
    vakken = re.findall(r"<textarea[^>]*id=\"opmerking-\d+\"[^>]*>", html)
    assert len(vakken) == 3
    # A required field is :invalid (red) from the start; the server refuses an empty remark instead.
    assert not any("required" in vak for vak in vakken)


def test_the_board_costs_the_same_queries_with_evidence_on_more_texts(
    client, redactie, open_ronde, django_assert_max_num_queries
):
    client.force_login(redactie)
    url = reverse("werk:ronde", args=[open_ronde.pk])
    with django_assert_max_num_queries(14) as ervoor:
        client.get(url)
    for n, tekst in enumerate(open_ronde.voortgang.filter(gedeeld_met__isnull=True).order_by("pk")[:4]):
        verantwoording.voeg_vindplaats_toe_aan_tekst(tekst, f"Brief {n}", redactie, f"35510-{n + 1}")
        verantwoording.zet_knelpunt(tekst, f"Knelpunt {n}", redactie)
    with django_assert_max_num_queries(len(ervoor.captured_queries)):
        assert "Brief 3" in client.get(url).content.decode()


def _inloggen(page, url, naam, volgende):
    page.goto(f"{url}{reverse('login')}?next={volgende}")
    page.fill("#id_username", naam)
    page.fill("#id_password", WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{url}{volgende}")


@pytest.mark.browser
def test_at_390_px_the_board_keeps_its_filter_and_place_after_approving(
    migratiedata, live_server, page, demodata, open_ronde, redactie, coordinator_fin
):
    teksten = []
    for n in range(3):
        tekst = tekst_van(open_ronde, "FIN", n)
        tekststappen.bewaar_tekst(tekst, tekst.tekst + " Bijgewerkt.", tekst.status, 1, coordinator_fin)
        teksten.append(tekst)
    teksten.sort(key=lambda v: v.actie.nummer)
    page.set_viewport_size({"width": 390, "height": 800})
    bord = reverse("werk:ronde", args=[open_ronde.pk]) + "?gewijzigd=ja"
    _inloggen(page, live_server.url, redactie.username, bord)
    page.get_by_role("button", name=f"Keur goed actie {teksten[0].actie.nummer}", exact=True).click()
    page.wait_for_url(f"{live_server.url}{bord}#tekst-{teksten[1].pk}")
    assert "is goedgekeurd" in page.locator(".meldingen").inner_text()
    assert page.locator("#filter-gewijzigd").input_value() == "ja"
    # The next text is where the user is: its top within the viewport.
    volgende = page.locator(f"#tekst-{teksten[1].pk}").bounding_box()
    assert -1 <= volgende["y"] < 800
    assert page.evaluate("window.scrollY") > 0
