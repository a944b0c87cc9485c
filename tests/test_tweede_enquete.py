"""A second inquiry on an instance of its own: its name, committee and dossiers are settings (ENQUETE_NAAM,
ENQUETE_COMMISSIE, ENQUETE_DOSSIER, GEVOLGDE_DOSSIERS), its annex a file in the documented JSON format
(tests/tweede_enquete/, made up and labelled so), and it imports, runs a round, publishes its annex and
fetches the Tweede Kamer's data with no code change and without a trace of the first inquiry's dossier.
The first inquiry's motion addresses keep answering as before.
"""

import datetime
import json
import subprocess
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from acties.models import Status
from bijlage.samenstelling import bijlage_context
from importeer.formaat import uit_json
from importeer.laden import laad_bijlage
from moties import ophalen, toezeggingen_tk, tweedekamer
from moties.models import Kamerdata, Opdracht
from moties.tweedekamer import Antwoord, KamerdataFout
from rapportage import ronde, tekststappen

MAP = Path(__file__).parent / "tweede_enquete"
BIJLAGE = MAP / "bijlage-testenquete.json"
# What only the first inquiry may say.
EERSTE_ENQUETE = ("35510", "35 510", "Ongekend onrecht", "Kinderopvangtoeslag")
OPGEHAALD = datetime.datetime(2026, 3, 5, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def testenquete(settings, tmp_path):
    settings.ENQUETE_NAAM = "Testenquête"
    settings.ENQUETE_COMMISSIE = "Parlementaire enquêtecommissie Testzaken"
    settings.ENQUETE_DOSSIER = 36000
    settings.GEVOLGDE_DOSSIERS = []
    settings.BIJLAGE_STANDAARDTITEL = "Stand van zaken vervolgacties Testzaken"
    settings.BIJLAGE_STANDAARDINLEIDING = "De vervolgacties op het eindverslag van de Testenquête."
    settings.MEDIA_ROOT = tmp_path
    return settings


def laad_testbijlage():
    return laad_bijlage(
        uit_json(json.loads(BIJLAGE.read_text())),
        rapportage_titel="Stand van zaken maart 2026",
        reden="Bijlage van de Testenquête",
    )


def zonder_eerste_enquete(tekst, waar):
    for woord in EERSTE_ENQUETE:
        assert woord not in tekst, f"{waar} noemt '{woord}'"


def _pdftekst(inhoud):
    uit = subprocess.run(["pdftotext", "-layout", "-", "-"], input=inhoud, capture_output=True, check=True)
    return " ".join(uit.stdout.decode().split())


def test_the_second_inquiry_imports_runs_a_round_and_publishes_an_annex_without_35510(
    db, testenquete, redactie, client, django_capture_on_commit_callbacks
):
    samenvatting = laad_testbijlage()
    assert samenvatting.moties_nieuw == ["36000-3", "36000-5"]
    assert [m.sleutel for m in Opdracht.objects.all()] == ["36000-3", "36000-5"]

    rapportage = ronde.open_ronde(
        "Stand van zaken juni 2026",
        datetime.date(2026, 6, 1),
        timezone.localdate() + datetime.timedelta(days=10),
        redactie,
    )
    rapportage, _gewijzigd = ronde.wijzig_gegevens(
        rapportage,
        redactie,
        kamerstuk="36 000, nr. 20",
        bijlage_titel="Stand van zaken vervolgacties Testenquête",
        inleiding="De stand van zaken van de vervolgacties op het eindverslag van de Testenquête.",
    )
    voortgang = rapportage.voortgang.get(actie__nummer=1)
    voortgang, _gewijzigd = tekststappen.bewaar_tekst(
        voortgang, "Het loket is sinds april open.", Status.IN_UITVOERING, voortgang.versie, redactie
    )
    tekststappen.keur_goed(voortgang, redactie)
    with django_capture_on_commit_callbacks(execute=True):
        ronde.stel_vast(rapportage, redactie)
    rapportage.refresh_from_db()
    assert rapportage.is_vastgesteld and rapportage.bijlage_pdf

    context = bijlage_context(rapportage)
    assert context["kop"] == "Stand van zaken vervolgacties Testenquête"
    velden = ("kop", "document_titel", "verwijzing", "voetregel", "onderwerp", "inleiding", "blokken")
    zonder_eerste_enquete(" ".join(str(context[veld]) for veld in velden), "de context van de bijlage")
    html = client.get(reverse("bijlage:html", args=[rapportage.pk])).content.decode()
    assert "Het loket is sinds april open." in html and "Motie Jansen c.s." in html
    assert "Kamerstuk 36 000, nr. 20" in html
    zonder_eerste_enquete(html, "de HTML-bijlage")
    pdf = _pdftekst(rapportage.bijlage_pdf.read())
    assert "Het loket is sinds april open." in pdf and "36 000, nr. 20" in pdf
    zonder_eerste_enquete(pdf, "de PDF-bijlage")


def test_the_second_inquirys_pages_and_api_name_its_own_inquiry_and_dossier(db, testenquete, client):
    laad_testbijlage()
    home = client.get("/").content.decode()
    assert "Vervolgacties &#x27;Testenquête&#x27;" in home or "Vervolgacties 'Testenquête'" in home
    assert "Parlementaire enquêtecommissie Testzaken" in home and "Kamerstuk 36 000" in home
    motie = client.get("/moties/36000-3/")
    assert motie.status_code == 200
    api_motie = client.get("/api/v1/moties/36000-3")
    assert api_motie.json()["id"] == "36000-3"
    # The short key is a motion of the inquiry's own dossier.
    nummers = [a["nummer"] for a in client.get("/api/v1/acties?motie=3").json()["_embedded"]["acties"]]
    assert nummers == [1]
    assert client.get("/api/v1/acties?motie=36000-5").json()["_embedded"]["acties"][0]["nummer"] == 2
    for url, response in {
        "/": home,
        "/moties/": client.get("/moties/").content.decode(),
        "/moties/36000-3/": motie.content.decode(),
        "/acties/?motie=3": client.get("/acties/?motie=3").content.decode(),
        "/api/v1/moties/36000-3": api_motie.content.decode(),
    }.items():
        zonder_eerste_enquete(response, url)
    assert client.get("/moties/35510-3/").status_code == 404


class Kamer:
    """The Tweede Kamer's server as an HTTP client: each dossier's motions from tests/tweede_enquete/ and no
    commitments; `kapot` dossiers answer 502."""

    timeout = 30

    def __init__(self, kapot=()):
        self.kapot = set(kapot)
        self.gevraagd = []

    def __call__(self, url):
        self.gevraagd.append(url)
        for dossier in (36000, 36001):
            if url == tweedekamer.zaken_url(tweedekamer.STANDAARD_URL, dossier):
                if dossier in self.kapot:
                    return Antwoord(502, b"Bad Gateway")
                return Antwoord(200, (MAP / f"zaken-{dossier}.json").read_bytes())
            if url == toezeggingen_tk.toezeggingen_url(tweedekamer.STANDAARD_URL, dossier):
                return Antwoord(200, b'{"value": []}')
        raise AssertionError(f"onverwachte vraag: {url}")


@pytest.fixture
def twee_dossiers(db, testenquete):
    testenquete.GEVOLGDE_DOSSIERS = [36001]
    testenquete.TK_ODATA_URL = tweedekamer.STANDAARD_URL
    laad_testbijlage()
    Opdracht.objects.create(dossier=36001, nummer=8, indieners="Pieters")


def test_the_fetch_asks_each_followed_dossier_and_stores_them_in_one_run(twee_dossiers):
    kamer = Kamer()
    verslag = ophalen.ververs(client=kamer, nu=OPGEHAALD)
    assert sorted(kamer.gevraagd) == sorted(
        url(tweedekamer.STANDAARD_URL, d)
        for d in (36000, 36001)
        for url in (tweedekamer.zaken_url, toezeggingen_tk.toezeggingen_url)
    )
    assert verslag.bijgewerkt == ["36000-3", "36001-8"] and verslag.zonder_gegevens == ["36000-5"]
    assert Kamerdata.objects.get(opdracht__dossier=36000, opdracht__nummer=3).zetels_voor == 149
    assert Kamerdata.objects.get(opdracht__dossier=36001).kabinetsappreciatie == "Ontraden"


def test_a_failing_followed_dossier_fails_the_whole_run_and_stores_nothing(twee_dossiers):
    with pytest.raises(KamerdataFout, match="foutcode 502"):
        ophalen.ververs(client=Kamer(kapot={36001}), nu=OPGEHAALD)
    assert not Kamerdata.objects.exists()


def test_the_first_inquirys_motion_addresses_and_filters_answer_as_before(client, demodata):
    assert client.get("/moties/35510-21/").status_code == 200
    assert client.get("/api/v1/moties/35510-21").json()["id"] == "35510-21"
    for filter_ in ("motie=35510-21", "motie=21"):
        acties = client.get(f"/api/v1/acties?{filter_}").json()["_embedded"]["acties"]
        assert [a["nummer"] for a in acties] == [12, 81]


def test_the_second_inquirys_api_overview_and_openapi_document_name_its_own_examples(db, testenquete, client):
    laad_testbijlage()
    overzicht = client.get("/api/v1/", HTTP_ACCEPT="text/html").content.decode()
    assert 'href="/api/v1/moties/36000-3"' in overzicht
    assert "dossier 36000" in overzicht
    zonder_eerste_enquete(overzicht, "/api/v1/")
    zonder_eerste_enquete(client.get("/api/v1/openapi").content.decode(), "het OpenAPI-document")


def test_a_round_of_the_second_inquiry_without_its_own_heading_takes_the_instances(db, testenquete, redactie):
    laad_testbijlage()
    rapportage = ronde.open_ronde(
        "Stand van zaken juni 2026",
        datetime.date(2026, 6, 1),
        timezone.localdate() + datetime.timedelta(days=10),
        redactie,
    )
    context = bijlage_context(rapportage)
    assert context["kop"] == "Stand van zaken vervolgacties Testzaken"
    assert context["inleiding"] == ["De vervolgacties op het eindverslag van de Testenquête."]
    zonder_eerste_enquete(f"{context['kop']} {context['inleiding']}", "de standaardkop en -inleiding")
