"""Input the database cannot store (a NUL byte) gets the Dutch 400 of other invalid input, on every list,
export, feed and API address; under /api/ every error is problem+json. A host outside ALLOWED_HOSTS is a
400 (a warning in the log, no error); numbers are ASCII digits only; an evidence address that urlsplit
cannot read gets the form's message; an annex the import's preview could not read is refused when it is
read, with a Dutch message."""

import io
import logging
from pathlib import Path

import docx
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from acties.models import Actie, ActieOpdracht, Thema
from importeer.bijlage import lees_bijlage
from importeer.formaat import MAX_NAAM, BijlageFout, naar_json, uit_json
from importeer.models import Import
from importeer.word import lees_word
from jobs.models import Job
from lib.invoer import geheel_getal
from lib.vindplaats import controleer_url
from moties.models import Opdracht
from rapportage.models import Vindplaats, Voortgang
from volgen import tokens
from volgen.models import Abonnement, Soort, Volger

ANNEXEN = Path(__file__).resolve().parent / "annexen"

ADRESSEN = [
    "/acties/?thema=%00",
    "/acties/?ministerie=FIN%00",
    "/acties/?q=schuld%00",
    "/acties/?subthema=%00",
    "/acties/export.csv?thema=%00",
    "/acties/lijst.pdf?ministerie=%00",
    "/feeds/ministerie/%00.atom",
    "/feeds/thema/x%00.atom",
    "/feeds/motie/35510-21%00.atom",
    "/moties/35510-%0021/",
    "/api/v1/acties?thema=%00",
    "/api/v1/acties?subthema=a%00b",
    "/api/v1/moties/35510-21%00",
    "/api/v1/acties?%00=1",
]


@pytest.mark.parametrize("adres", ADRESSEN)
def test_a_nul_byte_anywhere_gives_a_dutch_400(client, demodata, adres):
    response = client.get(adres)
    assert response.status_code == 400
    if adres.startswith("/api/"):
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 400 and "niet zijn toegestaan" in response.json()["detail"]
    else:
        assert "niet zijn toegestaan" in response.content.decode()


def test_an_unknown_api_address_is_a_problem_json_404(client, db):
    response = client.get("/api/v1/bestaat-niet")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Niet gevonden",
        "status": 404,
        "instance": "/api/v1/bestaat-niet",
        "detail": "Deze bron bestaat niet.",
    }


def test_a_server_error_under_the_api_is_problem_json(rf):
    from pokvolg.views import serverfout

    response = serverfout(rf.get("/api/v1/acties"))
    assert response.status_code == 500 and response["Content-Type"] == "application/problem+json"
    assert serverfout(rf.get("/acties/")).status_code == 500


# ---------------------------------------------------------------- a host outside ALLOWED_HOSTS


class _Opvanger(logging.Handler):
    def __init__(self):
        super().__init__()
        self.records = []

    def emit(self, record):
        self.records.append(record)


@pytest.fixture
def host_log():
    """What Django logs about a disallowed host, as the configured logger hands it on."""
    opvanger = _Opvanger()
    logger = logging.getLogger("django.security.DisallowedHost")
    logger.addHandler(opvanger)
    yield opvanger.records
    logger.removeHandler(opvanger)


HOST_ADRESSEN = ["/", "/acties/", "/acties/1/", "/werk/", "/bestaat-niet/", "/api/v1/acties"]


@pytest.mark.parametrize("cache", [0, 60])
@pytest.mark.parametrize("adres", HOST_ADRESSEN)
def test_a_host_outside_allowed_hosts_is_a_400_logged_as_a_warning(
    client, demodata, settings, host_log, adres, cache
):
    settings.PUBLIEK_CACHE_SECONDEN = cache  # the page cache keys pages by host: it must refuse too
    response = client.get(adres, HTTP_HOST="evil.example")
    assert response.status_code == 400
    if adres.startswith("/api/"):
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 400 and response.json()["title"] == "Ongeldig verzoek"
    else:
        pagina = response.content.decode()
        assert "Ongeldig verzoek" in pagina and "De server kon dit verzoek niet verwerken." in pagina
        assert "evil.example" not in pagina
    assert [r.levelname for r in host_log] == ["WARNING"] and host_log[0].exc_info is None
    assert client.get(adres).status_code in (200, 302, 404)


def test_a_logged_in_editor_on_a_disallowed_host_gets_the_400_too(client, redactie):
    client.force_login(redactie)
    assert client.get("/werk/", HTTP_HOST="evil.example").status_code == 400


# ---------------------------------------------------------------- numbers: ASCII digits only


@pytest.mark.parametrize(
    ("waarde", "verwacht"),
    [
        ("12", 12),
        ("007", 7),
        ("²", None),
        ("١٢", None),
        ("１２", None),
        (" 12", None),
        ("12\n", None),
        ("1_2", None),
        ("-1", None),
        ("+1", None),
        ("", None),
        (None, None),
        ("9" * 18, 10**18 - 1),
        ("9" * 19, None),
        ("9" * 5000, None),
    ],
)
def test_a_whole_number_is_ascii_digits_and_nothing_else(waarde, verwacht):
    assert geheel_getal(waarde) == verwacht


def test_unsubscribing_one_thing_with_an_odd_number_stops_nothing_and_keeps_the_address(client, demodata):
    volger = Volger.objects.create(email="alice@example.nl")
    abonnement = Abonnement.objects.create(
        volger=volger, soort=Soort.ACTIE, actie=Actie.objects.order_by("nummer").first()
    )
    url = reverse("volgen:afmelden", args=[tokens.afmeldtoken(volger)])
    for stop in ["²", "١", str(abonnement.pk) + "²", "9" * 40, "-1"]:
        response = client.post(url, {"stop": stop})
        assert response.status_code == 200, stop
        assert list(volger.abonnementen.all()) == [abonnement], stop
    assert client.post(url, {"stop": str(abonnement.pk)}).status_code == 200
    assert not Volger.objects.filter(pk=volger.pk).exists()


def test_approving_texts_with_odd_numbers_approves_only_the_real_ones(client, redactie, open_ronde):
    tekst = open_ronde.voortgang.filter(gedeeld_met__isnull=True).order_by("pk").first()
    tekst.toestand = Voortgang.Toestand.INGEDIEND
    tekst.save()
    client.force_login(redactie)
    url = reverse("werk:goedkeuren_meerdere", args=[open_ronde.pk])
    response = client.post(url, {"tekst": ["²", "١٢", "9" * 30, str(tekst.pk)]})
    assert response.status_code == 302
    tekst.refresh_from_db()
    assert tekst.toestand == Voortgang.Toestand.GOEDGEKEURD
    assert client.post(url, {"tekst": "²"}).status_code == 200


@pytest.mark.parametrize("waarde", ["²", "١", "９", "1²"])
def test_page_numbers_and_sizes_in_other_scripts_are_a_400(client, demodata, waarde):
    assert client.get("/acties/", {"page": waarde}).status_code == 400
    assert client.get("/api/v1/acties", {"page": waarde}).status_code == 400
    assert client.get("/api/v1/acties", {"pageSize": waarde}).status_code == 400


# ---------------------------------------------------------------- addresses of evidence


@pytest.mark.parametrize(
    ("url", "melding"),
    [
        ("https://www.rijksoverheid.nl:99999/x", "poortnummer"),
        ("https://www.rijksoverheid.nl:abc/x", "poortnummer"),
        ("https://www.rijksoverheid.nl:８０/x", "poortnummer"),
        ("https://www.rijksoverheid.nl:8443/x", "poortnummer"),
        ("https://[::1/x", "geen geldig webadres"),
        ("https://[www.rijksoverheid.nl]/x", "geen geldig webadres"),
    ],
)
def test_an_evidence_address_with_an_odd_port_or_host_gets_the_forms_dutch_message(
    client, redactie, open_ronde, url, melding
):
    with pytest.raises(ValidationError, match=melding):
        controleer_url(url)
    tekst = open_ronde.voortgang.filter(gedeeld_met__isnull=True).order_by("pk").first()
    client.force_login(redactie)
    response = client.post(reverse("werk:vindplaats_tekst", args=[tekst.pk]), {"titel": "Brief", "url": url})
    assert response.status_code == 400 and melding in response.content.decode()
    assert not Vindplaats.objects.exists()


# ---------------------------------------------------------------- an annex the preview could not read


def _word_bijlage(rijen):
    """A .docx with a title and a table 'Actie | Omschrijving | Stand van zaken' of these rows; a str is a
    theme row (one cell over the full width)."""
    document = docx.Document()
    document.add_paragraph("Stand van zaken")
    tabel = document.add_table(rows=1, cols=3)
    for cel, kop in zip(tabel.rows[0].cells, ("Actie", "Omschrijving", "Stand van zaken"), strict=True):
        cel.text = kop
    for rij in rijen:
        cellen = tabel.add_row().cells
        if isinstance(rij, str):
            cellen[0].merge(cellen[-1]).text = rij
        else:
            for cel, tekst in zip(cellen, rij, strict=True):
                cel.text = tekst
    uit = io.BytesIO()
    document.save(uit)
    return uit.getvalue()


ZONDER_THEMA = [("1", "Herstel voor ouders.", "Loopt."), ("2", "Een tweede actie.", "Ook.")]
ZONDER_OMSCHRIJVING = ["HERSTEL", ("1", "Herstel voor ouders.", "Loopt."), ("2", "", "Ook.")]


@pytest.mark.parametrize(
    ("rijen", "melding"),
    [
        (ZONDER_THEMA, "Actie 1 staat niet onder een thema"),
        (ZONDER_OMSCHRIJVING, "Actie 2 heeft geen omschrijving"),
    ],
)
def test_a_word_annex_the_preview_could_not_read_is_refused_with_a_dutch_message(rijen, melding):
    with pytest.raises(BijlageFout, match=melding):
        lees_word(_word_bijlage(rijen))
    gelezen = lees_word(_word_bijlage(["HERSTEL", *ZONDER_THEMA]))
    assert uit_json(naar_json(gelezen)).acties[0].thema == "HERSTEL"


@pytest.mark.parametrize(
    ("naam", "melding"),
    [
        ("fout-zonder-thema.pdf", "Actie 1 staat niet onder een thema"),
        ("fout-zonder-omschrijving.pdf", "Actie 2 heeft geen omschrijving"),
    ],
)
def test_a_pdf_annex_the_preview_could_not_read_is_refused_with_a_dutch_message(naam, melding):
    # _word_bijlage(ZONDER_THEMA) and (ZONDER_OMSCHRIJVING) as LibreOffice prints them
    # (soffice --headless --convert-to pdf), as real annexes are made.
    with pytest.raises(BijlageFout, match=melding):
        lees_bijlage((ANNEXEN / naam).read_bytes())


@pytest.mark.parametrize(
    ("rijen", "melding"),
    [
        (ZONDER_THEMA, "Actie 1 staat niet onder een thema"),
        (ZONDER_OMSCHRIJVING, "Actie 2 heeft geen omschrijving"),
    ],
)
def test_an_uploaded_word_annex_the_preview_could_not_read_shows_the_message_and_writes_nothing(
    client, redactie, tmp_path, settings, django_capture_on_commit_callbacks, rijen, melding
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(redactie)
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(
            reverse("importeer:nieuw"),
            {
                "bestand": SimpleUploadedFile("bijlage.docx", _word_bijlage(rijen)),
                "rapportage_titel": "Stand van zaken juni 2021",
                "peildatum": "2021-06-29",
            },
        )
    job, imp = Job.objects.get(), Import.objects.get()
    assert antwoord.status_code == 302 and antwoord["Location"] == reverse("jobs:job", args=[job.pk])
    assert job.status == Job.Status.MISLUKT and job.melding.startswith(melding)
    # The preview sends its uploader to the job's page with the message, where it gave a 500 before.
    voorbeeld = client.get(reverse("importeer:voorbeeld", args=[imp.pk]), follow=True)
    assert voorbeeld.redirect_chain == [(reverse("jobs:job", args=[job.pk]), 302)]
    assert voorbeeld.status_code == 200 and melding in voorbeeld.content.decode()
    assert not imp.is_gelezen and imp.toegepast_op is None
    assert not Thema.objects.exists() and not Actie.objects.exists()


def test_a_theme_name_longer_than_its_column_is_refused_whole_not_cut():
    assert MAX_NAAM == Thema._meta.get_field("naam").max_length
    assert MAX_NAAM == Opdracht._meta.get_field("indieners").max_length
    assert MAX_NAAM == ActieOpdracht._meta.get_field("vermelding").max_length
    naam = "HERSTEL " + "Z" * MAX_NAAM
    with pytest.raises(BijlageFout, match=f"{len(naam)} tekens lang, meer dan de 200"):
        lees_word(_word_bijlage([naam, *ZONDER_THEMA]))
    assert lees_word(_word_bijlage([naam[:MAX_NAAM], *ZONDER_THEMA])).themas[0].naam == naam[:MAX_NAAM]
