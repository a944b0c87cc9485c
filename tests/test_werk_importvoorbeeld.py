"""The import preview for people: a summary per theme first, then only what changes (new actions in full,
changed ones as a word diff), unchanged actions counted and numbered but never printed; the preview of an
import that changes nothing (the reference annex loaded again) fits on one screen."""

import json

import pytest
from django.conf import settings
from django.urls import reverse

from importeer.models import Import
from tests.conftest import WACHTWOORD

REFERENTIE = settings.BASE_DIR / "fixtures" / "bijlage-2021-06-29.json"
# At 1280 px the folded preview of an import that changed nothing was 1,550 px (and 75,312 px unfolded);
# what is left, the summary, the apply button and the site's header and footer, is about 1,020 px.
EEN_SCHERM = 1_100


def _import(gebruiker, wijzigingen=None):
    """The reference annex read again for its own round, with `wijzigingen` per action number."""
    data = json.loads(REFERENTIE.read_text())
    for nummer, velden in (wijzigingen or {}).items():
        data["acties"][nummer - 1].update(velden)
    return Import.objects.create(
        bijlage=data,
        bestandsnaam="bijlage-2021-06-29.pdf",
        rapportage_titel="Stand van zaken juni 2021",
        peildatum="2021-06-29",
        door=gebruiker,
    )


def _actie(nummer):
    return json.loads(REFERENTIE.read_text())["acties"][nummer - 1]


def test_an_import_that_changes_nothing_shows_a_summary_and_no_texts(client, redactie, demodata):
    imp = _import(redactie)
    client.force_login(redactie)
    html = client.get(reverse("importeer:voorbeeld", args=[imp.pk])).content.decode()
    assert "Geen wijzigingen: alle 86 acties zijn gelijk aan wat er nu staat." in html
    assert "0 nieuw, 0 gewijzigd, 86 ongewijzigd" in html
    # No action's text, and one apply button: the page is short enough to need no second one.
    for nummer in (1, 40, 86):
        assert _actie(nummer)["stand_van_zaken"][:60] not in html
    assert html.count(f'action="{reverse("importeer:toepassen", args=[imp.pk])}"') == 1
    assert '<details class="verschil"' not in html and "Aantallen per thema" in html


def test_only_new_and_changed_actions_are_shown_in_full_unchanged_ones_by_number(client, redactie, demodata):
    imp = _import(redactie, {1: {"stand_van_zaken": "Alle ouders zijn geholpen."}})
    client.force_login(redactie)
    html = client.get(reverse("importeer:voorbeeld", args=[imp.pk])).content.decode()
    assert "1 gewijzigd" in html and "<ins>Alle</ins> ouders" in html
    # Action 2 is unchanged: named by its number under its theme, its text not printed.
    assert _actie(2)["stand_van_zaken"][:60] not in html
    assert "Ongewijzigd: acties 2, " in html
    gewijzigd = html[html.index('id="wijzigingen-kop"') :]
    assert gewijzigd.count("<h3>") == 1 and "<h3>Actie 1</h3>" in gewijzigd


def _inloggen(page, url, naam, volgende):
    page.goto(f"{url}{reverse('login')}?next={volgende}")
    page.fill("#id_username", naam)
    page.fill("#id_password", WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{url}{volgende}")


@pytest.mark.browser
def test_at_1280_px_the_preview_of_an_import_that_changes_nothing_fits_on_one_screen(
    migratiedata, live_server, page, demodata, redactie
):
    imp = _import(redactie)
    page.set_viewport_size({"width": 1280, "height": 800})
    _inloggen(page, live_server.url, redactie.username, reverse("importeer:voorbeeld", args=[imp.pk]))
    hoogte = page.evaluate("document.documentElement.scrollHeight")
    assert hoogte < EEN_SCHERM, hoogte
    # What to decide and the button to do it are on the first screen, without scrolling.
    assert page.get_by_text("Geen wijzigingen: alle 86 acties").is_visible()
    knop = page.get_by_role("button", name="Import toepassen op Stand van zaken juni 2021", exact=True)
    assert knop.count() == 1
    vak = knop.bounding_box()
    assert vak["y"] + vak["height"] <= 800
