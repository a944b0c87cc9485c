"""Drafts and corrections of the annex: a published round that is reopened keeps publishing the annex it
published (PDF and Word, to everyone, its page saying a correction is under way) until the correction is
published as the next version; the earlier one stays downloadable at an address of its own, with its date."""

import datetime
import io
import subprocess

import docx
import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from acties.models import Actie, Status, Thema
from rapportage import ronde, tekststappen
from rapportage.models import BijlageVersie, Rapportage, Voortgang

from .conftest import voeg_ronde_toe

EERSTE = "De eerste gepubliceerde stand van zaken."
HERZIEN = "De herziene stand van zaken na heropening."


def _pdftekst(inhoud):
    uit = subprocess.run(["pdftotext", "-layout", "-", "-"], input=inhoud, capture_output=True, check=True)
    return " ".join(uit.stdout.decode().split())


def _docxtekst(inhoud):
    document = docx.Document(io.BytesIO(inhoud))
    kop = " ".join(p.text for p in document.sections[0].header.paragraphs)
    cellen = " ".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    return f"{kop} {cellen}"


@pytest.fixture
def haal(client, django_capture_on_commit_callbacks):
    """GET a file as a visitor does (through the job's waiting page if need be); the bytes in `.inhoud`."""

    def _haal(url, bezoeker=client):
        with django_capture_on_commit_callbacks(execute=True):
            response = bezoeker.get(url)
        if response.status_code == 302 and response.url.startswith("/taken/"):
            klaar = bezoeker.get(response.url)
            assert klaar.status_code == 302, "de job werd niet klaar"
            response = bezoeker.get(klaar.url)
        if response.status_code == 200:
            response.inhoud = b"".join(response.streaming_content) if response.streaming else response.content
        return response

    return _haal


@pytest.fixture
def ronde_open(db, redactie, settings, tmp_path):
    """A round of two actions, opened and written through rapportage.ronde, ready to be closed."""
    settings.MEDIA_ROOT = tmp_path
    thema = Thema(naam="HERSTELOPERATIE", volgorde=0)
    thema.save()
    for nummer in (1, 2):
        Actie(nummer=nummer, omschrijving=f"Actie nummer {nummer}", thema=thema).save()
    rapportage = ronde.open_ronde(
        "Stand van zaken juni 2024", datetime.date(2024, 6, 1), datetime.date(2024, 5, 15), redactie
    )
    rapportage.kamerstuk = "35 510, nr. 99"
    rapportage.save()
    for voortgang in rapportage.voortgang.select_related("actie"):
        schrijf(voortgang, EERSTE if voortgang.actie.nummer == 1 else "Loopt.", redactie)
    return rapportage


def schrijf(voortgang, tekst, redactie):
    voortgang = Voortgang.objects.get(pk=voortgang.pk)
    voortgang, _gewijzigd = tekststappen.bewaar_tekst(
        voortgang, tekst, Status.IN_UITVOERING, voortgang.versie, redactie
    )
    tekststappen.keur_goed(voortgang, redactie)


@pytest.fixture
def stel_vast(django_capture_on_commit_callbacks, redactie):
    """Close the round as the redactie does; the background job stores its annex after the commit."""

    def _stel_vast(rapportage):
        reden = "Correctie in actie 1" if rapportage.is_gepubliceerd else ""
        with django_capture_on_commit_callbacks(execute=True):
            ronde.stel_vast(rapportage, redactie, reden)
        rapportage.refresh_from_db()
        assert rapportage.bijlage_pdf and rapportage.bijlage_docx
        return rapportage

    return _stel_vast


@pytest.fixture
def heropen(django_capture_on_commit_callbacks, redactie):
    def _heropen(rapportage):
        with django_capture_on_commit_callbacks(execute=True):
            ronde.heropen(rapportage, redactie, "Correctie in actie 1")
        rapportage.refresh_from_db()
        return rapportage

    return _heropen


def _urls(rapportage):
    return reverse("bijlage:pdf", args=[rapportage.pk]), reverse("bijlage:docx", args=[rapportage.pk])


def test_whole_revision_cycle_keeps_the_published_annex_public_and_every_version_reachable(
    client, haal, ronde_open, redactie, stel_vast, heropen, tmp_path
):
    pdf_url, docx_url = _urls(ronde_open)
    pagina_url = reverse("rapportage", args=[ronde_open.pk])

    # Closed: the annex is published as PDF and as Word.
    rapportage = stel_vast(ronde_open)
    eerste_pdf, eerste_docx = haal(pdf_url).inhoud, haal(docx_url).inhoud
    assert EERSTE in _pdftekst(eerste_pdf) and EERSTE in _docxtekst(eerste_docx)
    eerste_dag = rapportage.vastgesteld_op

    # Reopened: the same files, to everyone, and the round's page says a correction is under way.
    rapportage = heropen(rapportage)
    assert rapportage.toestand == Rapportage.Toestand.OPEN and rapportage.bijlage_pdf
    assert haal(pdf_url).inhoud == eerste_pdf and haal(docx_url).inhoud == eerste_docx
    client.force_login(redactie)
    assert haal(pdf_url).inhoud == eerste_pdf and haal(docx_url).inhoud == eerste_docx
    client.logout()
    rapportage.inleiding = "Een conceptinleiding die nog niet openbaar is."
    rapportage.save()
    schrijf(rapportage.voortgang.get(actie__nummer=1), HERZIEN, redactie)
    assert haal(pdf_url).inhoud == eerste_pdf, "een concepttekst mag de gepubliceerde bijlage niet raken"

    pagina = client.get(pagina_url)
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert (
        "Correctie in voorbereiding" in html and f'href="{pdf_url}"' in html and f'href="{docx_url}"' in html
    )
    # The published version, its statuses included; never the draft.
    assert "conceptinleiding" not in html and "Status van de acties in deze ronde" in html
    assert "Eerdere versies" not in html  # the only version is the one still published above

    # The redactie reads the draft at its own address; nobody else does.
    assert client.get(reverse("bijlage:concept_pdf", args=[rapportage.pk])).status_code == 404
    client.force_login(redactie)
    concept = haal(reverse("bijlage:concept_pdf", args=[rapportage.pk]))
    assert concept["Cache-Control"] == "private, no-store"
    assert HERZIEN in _pdftekst(concept.inhoud) and "CONCEPT" in _pdftekst(concept.inhoud)
    concept_docx = haal(reverse("bijlage:concept_docx", args=[rapportage.pk])).inhoud
    assert HERZIEN in _docxtekst(concept_docx) and "CONCEPT" in _docxtekst(concept_docx)
    client.logout()

    # Closed again: the new version is published, the earlier one stays at its own address.
    rapportage = stel_vast(rapportage)
    tweede_pdf, tweede_docx = haal(pdf_url).inhoud, haal(docx_url).inhoud
    assert HERZIEN in _pdftekst(tweede_pdf) and EERSTE not in _pdftekst(tweede_pdf)
    assert HERZIEN in _docxtekst(tweede_docx) and "CONCEPT" not in _docxtekst(tweede_docx)
    versie = BijlageVersie.objects.get(rapportage=rapportage)
    assert versie.vastgesteld_op == eerste_dag and versie.publicatie.versie == 1
    versie_pdf = reverse("bijlage:versie_pdf", args=[rapportage.pk, versie.pk])
    versie_docx = reverse("bijlage:versie_docx", args=[rapportage.pk, versie.pk])
    oud_pdf, oud_docx = haal(versie_pdf), haal(versie_docx)
    assert oud_pdf.inhoud == eerste_pdf and oud_docx.inhoud == eerste_docx
    assert f"-{timezone.localtime(eerste_dag):%Y-%m-%d}.pdf" in oud_pdf["Content-Disposition"]
    assert (
        len(list(tmp_path.glob("bijlagen/*.pdf"))) == 2 and len(list(tmp_path.glob("bijlagen/*.docx"))) == 2
    )

    html = client.get(pagina_url).content.decode()
    assert "Correctie in voorbereiding" not in html and "Eerdere versies" in html
    assert f'href="{versie_pdf}"' in html and f'href="{versie_docx}"' in html
    assert f"Versie 1, gepubliceerd op {date_format(timezone.localtime(eerste_dag), 'j F Y')}" in html
    assert "Status van de acties in deze ronde" in html and "versie 2, gecorrigeerd" in html


def test_reopened_a_second_time_it_publishes_the_latest_version_and_lists_the_first_as_earlier(
    client, haal, ronde_open, redactie, stel_vast, heropen
):
    pdf_url, _docx_url = _urls(ronde_open)
    rapportage = heropen(stel_vast(ronde_open))
    schrijf(rapportage.voortgang.get(actie__nummer=1), HERZIEN, redactie)
    rapportage = stel_vast(rapportage)
    tweede_pdf = haal(pdf_url).inhoud
    rapportage = heropen(rapportage)

    assert haal(pdf_url).inhoud == tweede_pdf
    # Only version 1 is earlier: version 2 is still the published one, above.
    eerste = BijlageVersie.objects.get()
    html = client.get(reverse("rapportage", args=[rapportage.pk])).content.decode()
    assert "Correctie in voorbereiding" in html
    assert reverse("bijlage:versie_pdf", args=[rapportage.pk, eerste.pk]) in html
    assert EERSTE in _pdftekst(haal(reverse("bijlage:versie_pdf", args=[rapportage.pk, eerste.pk])).inhoud)


def test_a_version_is_found_only_under_its_own_round(client, haal, ronde_open, stel_vast, heropen):
    rapportage = stel_vast(heropen(stel_vast(ronde_open)))
    versie = BijlageVersie.objects.get()
    ander = voeg_ronde_toe("Een andere ronde", datetime.date(2023, 1, 1), {})
    assert client.get(reverse("bijlage:versie_pdf", args=[ander.pk, versie.pk])).status_code == 404
    assert client.get(reverse("bijlage:versie_pdf", args=[rapportage.pk, versie.pk + 1])).status_code == 404
    assert haal(reverse("bijlage:versie_pdf", args=[rapportage.pk, versie.pk])).status_code == 200


def test_a_round_reopened_before_its_annex_was_stored_offers_its_publication_not_its_draft(
    client, haal, ronde_open, redactie
):
    # Published without running the job (it would run after the commit), then reopened.
    ronde.stel_vast(ronde_open, redactie)
    ronde.heropen(ronde_open, redactie, "Te vroeg vastgesteld")
    schrijf(ronde_open.voortgang.get(actie__nummer=1), HERZIEN, redactie)
    pdf_url, docx_url = _urls(ronde_open)
    assert not BijlageVersie.objects.exists()
    # Made from the frozen texts of the publication, as the HTML annex is.
    for url, tekst_van in ((pdf_url, _pdftekst), (docx_url, _docxtekst)):
        tekst = tekst_van(haal(url).inhoud)
        assert EERSTE in tekst and HERZIEN not in tekst and "CONCEPT" not in tekst
    html = client.get(reverse("bijlage:html", args=[ronde_open.pk])).content.decode()
    assert EERSTE in html and HERZIEN not in html
    # The round's page stays: its published texts and statuses are public, the draft is not.
    pagina = client.get(reverse("rapportage", args=[ronde_open.pk])).content.decode()
    assert "Correctie in voorbereiding" in pagina and HERZIEN not in pagina


def test_a_version_published_before_word_files_offers_its_pdf_and_says_there_is_no_word(
    client, haal, ronde_open, redactie
):
    ronde.stel_vast(ronde_open, redactie)
    rapportage = Rapportage.objects.get(pk=ronde_open.pk)
    rapportage.bijlage_pdf.save("oud.pdf", ContentFile(b"%PDF-1.7 oud"), save=True)
    ronde.heropen(rapportage, redactie, "Correctie")
    ronde.stel_vast(rapportage, redactie, "Correctie")
    versie = BijlageVersie.objects.get()
    assert not versie.bijlage_docx
    assert haal(reverse("bijlage:versie_pdf", args=[rapportage.pk, versie.pk])).inhoud == b"%PDF-1.7 oud"
    geen = client.get(reverse("bijlage:versie_docx", args=[rapportage.pk, versie.pk]))
    assert geen.status_code == 404 and "alleen de PDF" in geen.content.decode()
    html = client.get(reverse("rapportage", args=[rapportage.pk])).content.decode()
    assert reverse("bijlage:versie_pdf", args=[rapportage.pk, versie.pk]) in html


def test_the_draft_address_of_a_closed_round_leads_to_its_published_annex(client, ronde_open, stel_vast):
    rapportage = stel_vast(ronde_open)
    response = client.get(reverse("bijlage:concept_docx", args=[rapportage.pk]))
    assert response.status_code == 302 and response.url == reverse("bijlage:docx", args=[rapportage.pk])
