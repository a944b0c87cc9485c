"""Importing an annex PDF: command line and browser (upload, reading in a background job, preview with diff,
apply whole or nothing)."""

import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from acties.models import Actie
from importeer import veilig
from importeer.models import Import
from jobs.models import Job
from rapportage.models import Rapportage, Voortgang
from tests.conftest import maak_gebruiker

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
    assert (gelezen["titel"], gelezen["inleiding"]) == (verwacht["titel"], verwacht["inleiding"])


def test_command_imports_into_a_new_round_and_dry_run_writes_nothing(db, capsys):
    call_command(
        "importeer_bijlage", str(ANNEX_PDF), rapportage="Juni 2021", peildatum="2021-06-29", dry_run=True
    )
    assert Actie.objects.count() == 0 and Rapportage.objects.count() == 0
    assert "Acties nieuw: 86" in capsys.readouterr().out

    call_command("importeer_bijlage", str(ANNEX_PDF), rapportage="Juni 2021", peildatum="2021-06-29")
    assert Actie.objects.count() == 86
    assert Voortgang.objects.get(actie__nummer=4).gedeeld_met.actie.nummer == 3
    rapportage = Rapportage.objects.get()
    assert rapportage.inleiding == json.loads(FIXTURE.read_text())["inleiding"]
    assert rapportage.briefdatum is None, "the PDF names no letter date"
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


def test_command_takes_the_letter_date_as_the_rounds_closing_date(db):
    stil(
        "importeer_bijlage",
        str(ANNEX_PDF),
        rapportage="Juni 2021",
        peildatum="2021-06-29",
        briefdatum="2021-06-29",
        kamerstuk="35 510, nr. 60",
    )
    rapportage = Rapportage.objects.get()
    assert str(rapportage.briefdatum) == "2021-06-29" and rapportage.kamerstuk == "35 510, nr. 60"
    assert rapportage.vastgesteld_op.date().isoformat() == "2021-06-29"


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


def test_redactie_uploads_previews_and_applies_an_annex(
    client, redactie, pdf_bytes, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(redactie)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = upload(client, pdf_bytes, naam="../../etc/passwd.pdf")
    assert antwoord.status_code == 302
    job = Job.objects.get()
    assert antwoord.url == reverse("jobs:job", args=[job.pk]) and job.eigenaar == redactie
    imp = Import.objects.get()
    assert "passwd" not in imp.bestand.name and imp.bestand.name.startswith("importen/")
    assert Actie.objects.count() == 0, "uploading alone writes no domain data"
    job.refresh_from_db()
    assert job.status == Job.Status.KLAAR
    assert job.resultaat_url == reverse("importeer:voorbeeld", args=[imp.pk])

    wachtpagina = client.get(antwoord.url)
    assert wachtpagina.status_code == 302 and wachtpagina.url == f"/importeren/{imp.pk}/"
    voorbeeld = client.get(wachtpagina.url)
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


def test_the_upload_request_does_not_read_the_pdf_the_job_does(
    client, redactie, pdf_bytes, tmp_path, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    gelezen = []
    echt = veilig.lees_bijlage_veilig

    def lees_en_tel(data, **opties):
        gelezen.append(len(data))
        return echt(data, **opties)

    monkeypatch.setattr(veilig, "lees_bijlage_veilig", lees_en_tel)
    client.force_login(redactie)
    with django_capture_on_commit_callbacks() as na_commit:
        antwoord = upload(client, pdf_bytes)
    imp, job = Import.objects.get(), Job.objects.get()
    assert antwoord.status_code == 302 and antwoord.url == reverse("jobs:job", args=[job.pk])
    assert gelezen == [] and imp.bijlage == {} and imp.waarschuwingen == [] and not imp.is_gelezen
    assert (tmp_path / imp.bestand.name).read_bytes() == pdf_bytes
    assert job.status == Job.Status.WACHT and job.argumenten == {"import_id": imp.pk}
    # While it is being read there is nothing to preview or apply; the preview sends its owner to the job.
    assert client.get(f"/importeren/{imp.pk}/").url == antwoord.url
    assert client.post(f"/importeren/{imp.pk}/toepassen/").status_code == 404
    assert "Wacht op zijn beurt" in client.get(antwoord.url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        for terugroep in na_commit:
            terugroep()
    imp.refresh_from_db()
    job.refresh_from_db()
    assert gelezen == [len(pdf_bytes)]
    assert imp.is_gelezen and len(imp.bijlage["acties"]) == 86
    assert "actie 4 deelt de stand van zaken van actie 3" in imp.waarschuwingen
    assert (job.status, job.stap, job.stappen, job.stap_tekst) == (Job.Status.KLAAR, 2, 2, "gelezen")
    assert Actie.objects.count() == 0


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
    ],
    ids=["html-als-pdf", "leeg"],
)
def test_bad_upload_shows_a_dutch_error_page_and_writes_nothing(
    client, redactie, tmp_path, settings, inhoud, melding, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(redactie)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = upload(client, inhoud)
    assert antwoord.status_code == 400
    assert melding in antwoord.content.decode()
    assert Import.objects.count() == 0 and not any(tmp_path.rglob("*.pdf"))
    assert Job.objects.count() == 0


def test_a_pdf_that_cannot_be_read_fails_in_its_job_with_a_dutch_message_and_nothing_to_apply(
    client, redactie, tmp_path, settings, django_capture_on_commit_callbacks
):
    """Only the parser finds that this file is cut off: the upload is accepted, the job fails."""
    settings.MEDIA_ROOT = tmp_path
    client.force_login(redactie)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = upload(client, b"%PDF-1.7\n" + b"0" * 100)
    job = Job.objects.get()
    assert antwoord.status_code == 302 and antwoord.url == reverse("jobs:job", args=[job.pk])
    job.refresh_from_db()
    assert job.status == Job.Status.MISLUKT and job.pogingen == 1, "a parse error is not retried"
    assert "PDF" in job.melding and "onvolledig" in job.melding

    pagina = client.get(antwoord.url)
    inhoud = pagina.content.decode()
    assert pagina.status_code == 200 and "Dit is niet gelukt." in inhoud and job.melding in inhoud
    assert reverse("jobs:opnieuw", args=[job.pk]) in inhoud and "Probeer opnieuw" in inhoud

    imp = Import.objects.get()
    assert imp.bijlage == {} and imp.waarschuwingen == [] and not imp.is_gelezen
    assert client.get(f"/importeren/{imp.pk}/").url == antwoord.url, "the preview points to the failure"
    assert client.post(f"/importeren/{imp.pk}/toepassen/").status_code == 404
    assert Actie.objects.count() == 0 and Rapportage.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("jobs:opnieuw", args=[job.pk])).url == antwoord.url
    job.refresh_from_db()
    imp.refresh_from_db()
    assert job.status == Job.Status.MISLUKT and "onvolledig" in job.melding and not imp.is_gelezen


def test_another_user_cannot_see_the_reading_or_the_unread_import(
    client, redactie, pdf_bytes, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(redactie)
    with django_capture_on_commit_callbacks():
        antwoord = upload(client, pdf_bytes)
    imp = Import.objects.get()
    client.force_login(maak_gebruiker("collega-redactie", "Redactie", is_staff=True))
    assert client.get("/importeren/").status_code == 200, "the colleague may import"
    assert client.get(antwoord.url).status_code == 404
    assert client.get(f"/importeren/{imp.pk}/").status_code == 404


def test_upload_over_the_size_limit_is_refused(client, redactie, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.BIJLAGE_MAX_BYTES = 1000
    client.force_login(redactie)
    antwoord = upload(client, b"%PDF-1.7\n" + b"0" * 2000)
    assert antwoord.status_code == 400 and Import.objects.count() == 0
    assert "te groot" in antwoord.content.decode() and Job.objects.count() == 0


def test_coordinator_and_anonymous_cannot_import(client, coordinator_fin, pdf_bytes):
    assert client.get("/importeren/").status_code == 302
    client.force_login(coordinator_fin)
    assert upload(client, pdf_bytes).status_code == 403
    assert Import.objects.count() == 0 and Job.objects.count() == 0


def test_a_long_sub_theme_name_twice_gets_a_unique_slug_within_the_column(client, db):
    """A sub-theme of the longest name twice, once in capitals under another main theme: the second's slug
    (the main theme's name before its own) would be 400 characters, which PostgreSQL refuses; names
    without letters (two dashes) still get slugs. Every theme's page opens; loading again keeps the slugs."""
    import datetime

    from acties.models import Thema
    from importeer.formaat import MAX_NAAM, ActieRij, Bijlage, ThemaRij
    from importeer.laden import laad_bijlage

    sub = ("Herstel van vertrouwen " * 14)[:MAX_NAAM]
    hoofd = ["Eerste " + "a" * (MAX_NAAM - 7), "Tweede " + "b" * (MAX_NAAM - 7)]
    themas = [ThemaRij(hoofd[0], [sub, "—"]), ThemaRij(hoofd[1], [sub.upper(), "–"])]
    acties = [
        ActieRij(nummer=n, thema=h, subthema=s, omschrijving=f"Actie {n}.", stand_van_zaken="Loopt.")
        for n, (h, s) in enumerate(
            [(hoofd[0], sub), (hoofd[1], sub.upper()), (hoofd[0], "—"), (hoofd[1], "–")], 1
        )
    ]

    def laad(titel, peildatum):
        bijlage = Bijlage(acties=acties, themas=themas)
        laad_bijlage(bijlage, rapportage_titel=titel, peildatum=peildatum, reden="Test")
        return {(t.hoofdthema_id, t.naam): t.slug for t in Thema.objects.all()}

    slugs = laad("Stand van zaken juni 2021", datetime.date(2021, 6, 29))
    assert laad("Stand van zaken december 2021", datetime.date(2021, 12, 1)) == slugs
    assert len(set(slugs.values())) == len(slugs) == 6
    assert all(0 < len(slug) <= Thema._meta.get_field("slug").max_length for slug in slugs.values())
    for thema in Thema.objects.all():
        assert client.get(thema.get_absolute_url()).status_code == 200
