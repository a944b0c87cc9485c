"""Importing an annex PDF: command line and browser (upload, preview with diff, apply whole or nothing)."""

import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from acties.models import Actie
from importeer.models import Import
from rapportage.models import Rapportage, Voortgang

ANNEX_PDF = settings.BASE_DIR / "tests" / "annexen" / "stand-van-zaken-2021-06-29.pdf"
FIXTURE = settings.BASE_DIR / "fixtures" / "bijlage-2021-06-29.json"


@pytest.fixture(scope="module")
def pdf_bytes():
    return ANNEX_PDF.read_bytes()


def stil(*args, **opties):
    call_command(*args, stdout=open("/dev/null", "w"), **opties)


def test_shipped_fixture_is_what_the_importer_makes_of_the_pdf(tmp_path):
    uit = tmp_path / "uit.json"
    stil("importeer_bijlage", str(ANNEX_PDF), json=str(uit))
    gelezen = json.loads(uit.read_text())
    verwacht = json.loads(FIXTURE.read_text())
    assert gelezen["themas"] == verwacht["themas"]
    assert gelezen["acties"] == verwacht["acties"]


def test_command_imports_into_a_new_round_and_dry_run_writes_nothing(db, capsys):
    call_command(
        "importeer_bijlage", str(ANNEX_PDF), rapportage="Juni 2021", peildatum="2021-06-29", dry_run=True
    )
    assert Actie.objects.count() == 0 and Rapportage.objects.count() == 0
    assert "Acties nieuw: 86" in capsys.readouterr().out

    call_command("importeer_bijlage", str(ANNEX_PDF), rapportage="Juni 2021", peildatum="2021-06-29")
    assert Actie.objects.count() == 86
    assert Voortgang.objects.get(actie__nummer=4).gedeeld_met.actie.nummer == 3
    assert Actie.history.first().history_change_reason.startswith("Import van stand-van-zaken-2021-06-29.pdf")


@pytest.mark.parametrize(
    "inhoud, melding",
    [
        (b"<html><body>geen pdf</body></html>", "PDF"),
        (b"", "leeg"),
    ],
    ids=["html-als-pdf", "leeg"],
)
def test_command_rejects_bad_input_with_a_dutch_message_and_writes_nothing(db, tmp_path, inhoud, melding):
    pad = tmp_path / "bijlage.pdf"
    pad.write_bytes(inhoud)
    with pytest.raises(CommandError, match=melding):
        stil("importeer_bijlage", str(pad), rapportage="Juni 2021", peildatum="2021-06-29")
    assert Actie.objects.count() == 0 and Rapportage.objects.count() == 0


def test_command_needs_json_or_a_round(db):
    with pytest.raises(CommandError, match="--json"):
        stil("importeer_bijlage", str(ANNEX_PDF))


def upload(client, inhoud, naam="bijlage.pdf", titel="Stand van zaken juni 2021"):
    return client.post(
        "/importeren/",
        {
            "bestand": SimpleUploadedFile(naam, inhoud, content_type="application/pdf"),
            "rapportage_titel": titel,
            "peildatum": "2021-06-29",
            "kamerstuk": "35 510, nr. 60",
        },
    )


def test_redactie_uploads_previews_and_applies_an_annex(client, redactie, pdf_bytes, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(redactie)
    antwoord = upload(client, pdf_bytes, naam="../../etc/passwd.pdf")
    assert antwoord.status_code == 302
    imp = Import.objects.get()
    assert "passwd" not in imp.bestand.name and imp.bestand.name.startswith("importen/")
    assert Actie.objects.count() == 0, "uploading alone writes no domain data"

    voorbeeld = client.get(antwoord.url)
    html = voorbeeld.content.decode()
    assert "actie 4 deelt de stand van zaken van actie 3" in html
    assert "HERSTELOPERATIE" in html and "86 nieuw" in html

    client.post(f"/importeren/{imp.pk}/toepassen/")
    assert Actie.objects.count() == 86
    actie = Actie.objects.get(nummer=12)
    assert actie.history.first().history_change_reason == imp.reden
    assert actie.history.first().history_user == redactie
    imp.refresh_from_db()
    assert imp.toegepast_op and imp.rapportage.titel == "Stand van zaken juni 2021"


def _import_uit_fixture(gebruiker, wijzigingen=None):
    data = json.loads(FIXTURE.read_text())
    for nummer, velden in (wijzigingen or {}).items():
        data["acties"][nummer - 1].update(velden)
    return Import.objects.create(
        bijlage=data,
        bestandsnaam="bijlage.pdf",
        rapportage_titel="Stand van zaken december 2021",
        peildatum="2021-12-01",
        door=gebruiker,
    )


def test_preview_shows_a_readable_diff_against_current_data(client, redactie, demodata):
    imp = _import_uit_fixture(redactie, {1: {"stand_van_zaken": "Alle ouders <b>zijn</b> geholpen."}})
    client.force_login(redactie)
    html = client.get(f"/importeren/{imp.pk}/").content.decode()
    assert "1 gewijzigd" in html and "85 ongewijzigd" in html
    assert "<ins>" in html and "<del>" in html
    assert "&lt;b&gt;zijn&lt;/b&gt;" in html and "<b>zijn</b>" not in html


def test_applying_twice_changes_once(client, redactie, demodata):
    imp = _import_uit_fixture(redactie)
    client.force_login(redactie)
    client.post(f"/importeren/{imp.pk}/toepassen/")
    aantal = Voortgang.history.count()
    client.post(f"/importeren/{imp.pk}/toepassen/")
    assert Voortgang.history.count() == aantal
    assert Rapportage.objects.filter(titel="Stand van zaken december 2021").count() == 1


@pytest.mark.parametrize(
    "inhoud, melding",
    [
        (b"<html>geen pdf</html>", "geen PDF-bestand"),
        (b"", "leeg"),
        (b"%PDF-1.7\n" + b"0" * 100, "PDF"),
    ],
    ids=["html-als-pdf", "leeg", "afgekapt"],
)
def test_bad_upload_shows_a_dutch_error_page_and_writes_nothing(
    client, redactie, tmp_path, settings, inhoud, melding
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(redactie)
    antwoord = upload(client, inhoud)
    assert antwoord.status_code == 400
    assert melding in antwoord.content.decode()
    assert Import.objects.count() == 0 and not any(tmp_path.rglob("*.pdf"))


def test_upload_over_the_size_limit_is_refused(client, redactie, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.BIJLAGE_MAX_BYTES = 1000
    client.force_login(redactie)
    antwoord = upload(client, b"%PDF-1.7\n" + b"0" * 2000)
    assert antwoord.status_code == 400 and Import.objects.count() == 0


def test_coordinator_and_anonymous_cannot_import(client, coordinator_fin, pdf_bytes):
    assert client.get("/importeren/").status_code == 302
    client.force_login(coordinator_fin)
    assert upload(client, pdf_bytes).status_code == 403
    assert Import.objects.count() == 0
