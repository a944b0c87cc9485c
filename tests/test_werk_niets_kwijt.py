"""Nothing typed on the edit page is lost: evidence, a knelpunt or a target date added from it saves the text
and status being written as a draft, a refusal shows them again as typed, and saving a draft stays on the
text. In the browser at phone width: the vindplaats detour of 'afgerond', and the warning on leaving."""

import pytest
from django.urls import reverse

from acties.models import Status
from rapportage import tekststappen
from rapportage.models import StreefdatumWijziging, Vindplaats
from tests.conftest import WACHTWOORD, tekst_van


def _tekstvelden(tekst, **extra):
    return {
        "tekst": "Alle betalingen zijn gedaan.",
        "status": Status.AFGEROND,
        "versie": tekst.versie,
        **extra,
    }


def test_adding_evidence_saves_the_afgerond_text_typed_beside_it(client, coordinator_fin, open_ronde):
    tekst = tekst_van(open_ronde, "FIN")
    client.force_login(coordinator_fin)
    # First the refusal: 'afgerond' needs evidence, and the typed text stays in the form.
    response = client.post(reverse("werk:bewerk", args=[tekst.pk]), _tekstvelden(tekst, actie="bewaar"))
    assert response.status_code == 400
    assert "Alle betalingen zijn gedaan." in response.content.decode()

    gegevens = _tekstvelden(tekst, titel="Slotbrief", kamerstuk="35510-70")
    response = client.post(reverse("werk:vindplaats_tekst", args=[tekst.pk]), gegevens, follow=True)
    assert (
        response.redirect_chain[-1][0] == reverse("werk:bewerk", args=[tekst.pk]) + "#tekst-vindplaatsen-kop"
    )
    tekst.refresh_from_db()
    assert (tekst.tekst, tekst.status, tekst.toestand) == (
        "Alle betalingen zijn gedaan.",
        Status.AFGEROND,
        "concept",
    )
    assert Vindplaats.objects.filter(voortgang=tekst, titel="Slotbrief").exists()
    html = response.content.decode()
    assert "De vindplaats is bij de tekst gezet." in html and "Uw tekst is ook als concept bewaard." in html


def test_refused_evidence_shows_the_typed_text_and_status_again_and_saves_nothing(
    client, coordinator_fin, open_ronde
):
    tekst = tekst_van(open_ronde, "FIN")
    client.force_login(coordinator_fin)
    gegevens = _tekstvelden(tekst, titel="Slotbrief", kamerstuk="geen nummer")
    response = client.post(reverse("werk:vindplaats_tekst", args=[tekst.pk]), gegevens)
    assert response.status_code == 400
    html = response.content.decode()
    assert "Alle betalingen zijn gedaan.</textarea>" in html
    assert f'<option value="{Status.AFGEROND}" selected>' in html
    bewaard = tekst.tekst
    tekst.refresh_from_db()
    assert tekst.tekst == bewaard and not Vindplaats.objects.filter(voortgang=tekst).exists()


def test_a_knelpunt_and_a_target_date_save_the_text_typed_beside_them(client, coordinator_fin, open_ronde):
    tekst = tekst_van(open_ronde, "FIN")
    client.force_login(coordinator_fin)
    gegevens = {**_tekstvelden(tekst, status=Status.VERTRAAGD), "knelpunt": "on", "toelichting": "Wetgeving"}
    response = client.post(reverse("werk:knelpunt", args=[tekst.pk]), gegevens)
    assert response["Location"] == reverse("werk:bewerk", args=[tekst.pk]) + "#knelpunt-kop"
    tekst.refresh_from_db()
    assert (tekst.tekst, tekst.status, tekst.knelpunt) == (
        "Alle betalingen zijn gedaan.",
        Status.VERTRAAGD,
        "Wetgeving",
    )

    gegevens = {
        **_tekstvelden(tekst, status=Status.VERTRAAGD),
        "tekst": "Vertraagd door de wet.",
        "streefdatum": "2022-07-01",
        "reden": "Wetgeving loopt uit",
    }
    response = client.post(reverse("werk:streefdatum_tekst", args=[tekst.pk]), gegevens)
    assert response["Location"] == reverse("werk:bewerk", args=[tekst.pk]) + "#streefdatum-kop"
    tekst.refresh_from_db()
    assert tekst.tekst == "Vertraagd door de wet."
    assert StreefdatumWijziging.objects.get(actie=tekst.actie).reden == "Wetgeving loopt uit"


def test_a_text_someone_else_saved_meanwhile_is_not_overwritten_by_the_detour(
    client, coordinator_fin, redactie, open_ronde
):
    tekst = tekst_van(open_ronde, "FIN")
    gegevens = _tekstvelden(tekst, status=Status.VERTRAAGD, knelpunt="on", toelichting="Wetgeving")
    tekststappen.bewaar_tekst(tekst, "De redactie schreef dit.", Status.VERTRAAGD, tekst.versie, redactie)
    client.force_login(coordinator_fin)
    response = client.post(reverse("werk:knelpunt", args=[tekst.pk]), gegevens)
    assert response.status_code == 409
    assert "Alle betalingen zijn gedaan.</textarea>" in response.content.decode()
    tekst.refresh_from_db()
    assert tekst.tekst == "De redactie schreef dit."


def test_saving_a_draft_stays_on_the_text_and_says_so(client, coordinator_fin, open_ronde):
    tekst = tekst_van(open_ronde, "FIN")
    client.force_login(coordinator_fin)
    gegevens = _tekstvelden(tekst, status=Status.VERTRAAGD, actie="bewaar")
    response = client.post(reverse("werk:bewerk", args=[tekst.pk]), gegevens, follow=True)
    assert response.redirect_chain == [(reverse("werk:bewerk", args=[tekst.pk]) + "#deze-kop", 302)]
    assert "De tekst is als concept bewaard." in response.content.decode()


def _inloggen(page, url, naam, volgende):
    page.goto(f"{url}{reverse('login')}?next={volgende}")
    page.fill("#id_username", naam)
    page.fill("#id_password", WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{url}{volgende}")


@pytest.mark.browser
def test_at_390_px_the_vindplaats_detour_keeps_the_typed_text(
    migratiedata, live_server, page, demodata, open_ronde, coordinator_fin
):
    tekst = tekst_van(open_ronde, "FIN")
    page.set_viewport_size({"width": 390, "height": 800})
    bewerk = reverse("werk:bewerk", args=[tekst.pk])
    _inloggen(page, live_server.url, coordinator_fin.username, bewerk)
    # The textarea comes first on a phone; the previous round's text is folded below it.
    assert page.locator("#id_tekst").bounding_box()["y"] < page.locator("details#vorige").bounding_box()["y"]
    assert page.locator("details#vorige").get_attribute("open") is None

    page.fill("#id_tekst", "Alle ouders zijn betaald; de regeling is afgerond.")
    page.select_option("#id_status", Status.AFGEROND)
    page.get_by_role("button", name="Bewaar als concept").click()
    assert "Voeg eerst een vindplaats toe" in page.locator(".utrecht-alert, [role=alert]").first.inner_text()
    assert page.input_value("#id_tekst") == "Alle ouders zijn betaald; de regeling is afgerond."

    page.get_by_label("Titel").fill("Slotbrief hersteloperatie")
    page.get_by_label("Kamerstuk").fill("35510-70")
    page.get_by_role("button", name="Voeg de vindplaats toe").click()
    page.wait_for_load_state()
    assert page.input_value("#id_tekst") == "Alle ouders zijn betaald; de regeling is afgerond."
    assert page.input_value("#id_status") == Status.AFGEROND
    assert "Uw tekst is ook als concept bewaard." in page.locator(".meldingen").inner_text()
    tekst.refresh_from_db()
    assert tekst.status == Status.AFGEROND


@pytest.mark.browser
def test_leaving_the_edit_page_with_unsaved_text_asks_first(
    migratiedata, live_server, page, demodata, open_ronde, coordinator_fin
):
    tekst = tekst_van(open_ronde, "FIN")
    bewerk = reverse("werk:bewerk", args=[tekst.pk])
    _inloggen(page, live_server.url, coordinator_fin.username, bewerk)
    vragen = []
    page.on("dialog", lambda dialoog: (vragen.append(dialoog.type), dialoog.dismiss()))
    page.get_by_role("link", name="Terug naar het overzicht").click()
    page.wait_for_url(live_server.url + reverse("werk:mijn_acties"))
    assert vragen == []  # nothing typed, nothing asked

    page.goto(live_server.url + bewerk)
    page.locator("#id_tekst").press_sequentially(" Nog een zin.")
    page.get_by_role("link", name="Terug naar het overzicht").click()
    page.wait_for_timeout(500)
    assert vragen == ["beforeunload"]
    assert page.url.endswith(bewerk)  # the dismissed question keeps the user on the text
