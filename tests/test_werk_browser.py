"""The whole round in headless Chromium, as the people involved click through it."""

import pytest
from django.urls import reverse

from acties.models import Actie, Rol
from rapportage.models import Rapportage, Vindplaats, Voortgang
from tests.hulp import inloggen, toegankelijk


def eerste_actie_van(afkorting):
    return (
        Voortgang.objects.filter(
            rapportage__titel="Stand van zaken juni 2021",
            actie__actieministeries__ministerie__afkorting=afkorting,
            actie__actieministeries__rol=Rol.EERSTVERANTWOORDELIJK,
        )
        .order_by("actie__nummer")
        .values_list("actie__nummer", flat=True)
        .first()
    )


def uitloggen(page, naam):
    page.get_by_role("button", name=f"Uitloggen ({naam})").click()
    page.wait_for_load_state()


def melding(page):
    return page.locator(".meldingen").inner_text()


def schrijf_en_dien_in(page, nummer, tekst, status):
    page.get_by_role("link", name=f"Bewerk actie {nummer}", exact=True).click()
    page.fill("#id_tekst", tekst)
    page.select_option("#id_status", status)
    # The button asks for a confirmation first (a dialog, with JavaScript).
    vragen = []
    page.once("dialog", lambda dialoog: (vragen.append(dialoog.message), dialoog.accept()))
    page.get_by_role("button", name="Bewaar en dien in").click()
    assert f"Actie {nummer} is ingediend." in melding(page)
    assert vragen and "Indienen?" in vragen[0]


@pytest.mark.browser
def test_a_whole_round_from_opening_to_the_public_action_page(
    migratiedata, live_server, page, demodata, redactie, coordinator_fin, coordinator_bzk
):
    url = live_server.url
    fin, bzk = eerste_actie_van("FIN"), eerste_actie_van("BZK")
    werk = reverse("werk:mijn_acties")

    # The redactie opens the round.
    inloggen(page, url, "redactie", reverse("werk:ronde_openen"))
    toegankelijk(page)
    page.get_by_label("Titel").fill("Stand van zaken december 2021")
    page.get_by_label("Peildatum").fill("2021-12-01")
    page.get_by_label("Deadline").fill("2021-11-22")
    page.get_by_role("button", name="Ronde openen").click()
    assert "is geopend met 86 concept-teksten" in melding(page)
    rapportage = Rapportage.objects.get(titel="Stand van zaken december 2021")
    uitloggen(page, "redactie")

    # Each ministry's coordinator writes and submits a text, beside the previous round's text.
    inloggen(page, url, "coordinator-fin", werk)
    toegankelijk(page)
    assert page.get_by_role("link", name=f"Bewerk actie {bzk}", exact=True).count() == 0
    page.get_by_role("link", name=f"Bewerk actie {fin}", exact=True).click()
    assert page.get_by_role("heading", name="Vorige ronde: Stand van zaken juni 2021").is_visible()
    toegankelijk(page)
    page.go_back()
    schrijf_en_dien_in(page, fin, "De eerste betalingen zijn gedaan.", "in uitvoering")
    uitloggen(page, "coordinator-fin")

    # "afgerond" needs evidence: the law's Kamerstuk, as the redactie would have added it.
    Vindplaats.objects.create(actie=Actie.objects.get(nummer=bzk), kamerstuk="35510-60", titel="De wet")
    inloggen(page, url, "coordinator-bzk", werk)
    schrijf_en_dien_in(page, bzk, "De wet is aangenomen.", "afgerond")
    uitloggen(page, "coordinator-bzk")

    # The redactie sends the FIN text back with a comment.
    inloggen(page, url, "redactie", reverse("werk:ronde", args=[rapportage.pk]))
    toegankelijk(page)
    kaart = page.locator(f"#tekst-{rapportage.voortgang.get(actie__nummer=fin).pk}")
    kaart.get_by_text("Stuur terug met opmerking").click()
    toegankelijk(page)
    kaart.get_by_label("Opmerking voor de coördinator").fill("Noem het bedrag.")
    kaart.get_by_role("button", name="Stuur terug").click()
    assert "is teruggestuurd naar de coördinator" in melding(page)
    uitloggen(page, "redactie")

    # The FIN coordinator sees the comment and resubmits.
    inloggen(page, url, "coordinator-fin", werk)
    assert "Noem het bedrag." in page.content()
    schrijf_en_dien_in(
        page, fin, "De eerste betalingen, 30.000 euro per gezin, zijn gedaan.", "in uitvoering"
    )
    uitloggen(page, "coordinator-fin")

    # The redactie approves both and closes the round.
    inloggen(page, url, "redactie", reverse("werk:ronde", args=[rapportage.pk]))
    for nummer in (fin, bzk):
        page.get_by_role("button", name=f"Keur goed actie {nummer}", exact=True).click()
        assert f"actie {nummer} is goedgekeurd" in melding(page)
    page.get_by_role("link", name="Ronde vaststellen").click()
    toegankelijk(page)
    page.get_by_role("button", name="Ronde vaststellen en publiceren").click()
    assert "is vastgesteld en gepubliceerd" in melding(page)
    page.goto(f"{url}{reverse('werk:geschiedenis', args=[fin])}")
    versies = page.locator("ol.versies").first.inner_text()
    for stap in ("Tekst bewaard", "Ingediend", "Teruggestuurd", "Goedgekeurd", "coordinator-fin", "redactie"):
        assert stap in versies
    toegankelijk(page)
    uitloggen(page, "redactie")

    # Anyone now reads the new text, and what changed, on the public action page.
    page.goto(f"{url}{reverse('actie', args=[fin])}")
    tijdlijn = page.locator(f"#ronde-{rapportage.pk}")
    assert "De eerste betalingen, 30.000 euro per gezin, zijn gedaan." in tijdlijn.inner_text()
    tijdlijn.get_by_text("Wat is er veranderd ten opzichte van Stand van zaken juni 2021?").click()
    assert tijdlijn.locator("ins").first.is_visible()
    assert "Stand van zaken juni 2021" in page.locator(".tijdlijn").inner_text()
    page.goto(f"{url}{reverse('actie', args=[bzk])}")
    assert "status\nafgerond" in page.locator(".gegevens").inner_text().lower()
