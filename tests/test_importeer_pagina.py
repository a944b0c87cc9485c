"""The import pages for people: errors that name their field, the preview that says what it compares with,
human labels, the apply button above and below, details per theme folded away."""

import json

from django.urls import reverse

from acties.models import Status
from importeer.models import Import
from rapportage import ronde, tekststappen
from tests.conftest import BIJLAGE_JSON as FIXTURE
from tests.conftest import tekst_van


def _import(gebruiker, titel, wijzigingen=None):
    data = json.loads(FIXTURE.read_text())
    for nummer, velden in (wijzigingen or {}).items():
        data["acties"][nummer - 1].update(velden)
    return Import.objects.create(
        bijlage=data,
        bestandsnaam="bijlage.pdf",
        rapportage_titel=titel,
        peildatum="2021-06-29",
        door=gebruiker,
    )


def test_form_errors_name_their_field_and_say_to_choose_the_file_again(client, redactie, db):
    client.force_login(redactie)
    leeg = client.post(reverse("importeer:nieuw"), {}).content.decode()
    assert "Bijlage (PDF of Word)</a>: Kies het bestand van de bijlage." in leeg
    assert "Rapportage</a>: Geef de titel van de rapportage op." in leeg
    assert "Kies het bestand opnieuw" not in leeg
    from django.core.files.uploadedfile import SimpleUploadedFile

    met_bestand = client.post(
        reverse("importeer:nieuw"),
        {"bestand": SimpleUploadedFile("bijlage.pdf", b"%PDF-1.7 x"), "rapportage_titel": ""},
    ).content.decode()
    assert "Kies het bestand opnieuw" in met_bestand


def test_preview_compares_with_the_round_it_replaces_not_a_later_one(
    client, redactie, coordinator_fin, open_ronde
):
    # A later round changes action 1's text and is closed: re-importing June must compare with June.
    voortgang = tekst_van(open_ronde, "FIN")
    tekststappen.bewaar_tekst(voortgang, "December-tekst.", Status.IN_UITVOERING, 1, coordinator_fin)
    tekststappen.keur_goed(voortgang, redactie)
    ronde.stel_vast(open_ronde, redactie)
    imp = _import(redactie, "Stand van zaken juni 2021")
    client.force_login(redactie)
    html = client.get(reverse("importeer:voorbeeld", args=[imp.pk])).content.decode()
    assert "0 gewijzigd" in html and "86 ongewijzigd" in html
    assert "Vergeleken met" in html and "Stand van zaken juni 2021 (stand per 29 juni 2021)" in html
    assert "vervangt de bestaande ronde" in html

    nieuw = _import(redactie, "Stand van zaken maart 2022")
    html = client.get(reverse("importeer:voorbeeld", args=[nieuw.pk])).content.decode()
    assert "Stand van zaken december 2021" in html and "1 gewijzigd" in html


def test_preview_has_human_labels_apply_above_and_below_and_themes_folded(client, redactie, demodata):
    imp = _import(redactie, "Stand van zaken december 2021", {1: {"stand_van_zaken": "Anders."}})
    client.force_login(redactie)
    html = client.get(reverse("importeer:voorbeeld", args=[imp.pk])).content.decode()
    assert "stand_van_zaken" not in html and "<dt>Stand van zaken</dt>" in html
    assert html.count(f'action="{reverse("importeer:toepassen", args=[imp.pk])}"') == 2
    assert "<details" in html and "<details open" not in html
    assert "HERSTELOPERATIE: " in html and "1 gewijzigd" in html
