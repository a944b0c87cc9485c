"""The register's kinds to follow and take away: an Atom feed per kind and per item, the list of each kind
as CSV, XLSX and JSON with the list's filters, and the search on /acties/ pointing to the items it finds
in the register."""

import csv
import datetime
import io
import json
import xml.etree.ElementTree as ET

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from acties.models import Actie, ActieOpdracht, Ministerie
from moties.models import Opdracht, Soort, Stand
from tests.conftest import voeg_ronde_toe

ATOM = "{http://www.w3.org/2005/Atom}"


def _toezegging(registernummer="TZ202103-011", **velden):
    standaard = {
        "soort": Soort.TOEZEGGING,
        "registernummer": registernummer,
        "titel": "Brief over de kindregeling",
        "dictum": "De staatssecretaris stuurt de Kamer voor de zomer een brief over de kindregeling.",
        "adressaat": "staatssecretaris Toeslagen en Douane",
        "ministerie": Ministerie.objects.get(afkorting="FIN"),
        "uiterste_datum": datetime.date(2021, 7, 1),
    }
    return Opdracht.objects.create(**(standaard | velden))


def _feed(client, url):
    """The feed as parsed XML, after checking it is Atom with what RFC 4287 requires of a feed and of each
    entry (id, title, updated, a link)."""
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    assert feed.tag == f"{ATOM}feed"
    for element in (feed, *feed.iter(f"{ATOM}entry")):
        for verplicht in ("id", "title", "updated"):
            assert element.find(f"{ATOM}{verplicht}").text
    for entry in feed.iter(f"{ATOM}entry"):
        assert entry.find(f"{ATOM}link").get("href").startswith("http://testserver/")
    return feed


def _entries(feed):
    return [
        {
            "titel": e.find(f"{ATOM}title").text,
            "tekst": e.find(f"{ATOM}summary").text or "",
            "link": e.find(f"{ATOM}link").get("href"),
            "id": e.find(f"{ATOM}id").text,
        }
        for e in feed.iter(f"{ATOM}entry")
    ]


@pytest.fixture
def toezegging(demodata):
    return _toezegging()


def test_the_feed_of_a_kind_has_new_items_and_changes_of_standing_and_response(client, toezegging):
    toezegging.stand, toezegging.vervuld_door = Stand.VOLDAAN, "Brief van 1 juli 2021 over de kindregeling"
    toezegging._change_reason = "GEHEIME-NOTITIE van de redactie"
    toezegging.save()
    toezegging.save()  # changes nothing: no entry
    toezegging.reactie = "overgenomen"
    toezegging.save()
    toezegging.titel = "Brief over de kindregeling (bijgewerkt)"
    toezegging.save()
    weg = _toezegging("TZ202103-012", titel="Later verwijderd")
    weg.delete()

    feed = _feed(client, "/feeds/toezeggingen.atom")
    entries = _entries(feed)
    assert [e["titel"] for e in entries] == [
        "Toezegging TZ202103-011: gewijzigd: titel",
        "Toezegging TZ202103-011: reactie van het kabinet: overgenomen (was geen reactie vastgelegd)",
        "Toezegging TZ202103-011: stand voldaan (was open)",
        "Toezegging TZ202103-011: nieuw",
    ]
    assert {e["link"] for e in entries} == {"http://testserver/toezeggingen/TZ202103-011/"}
    assert len({e["id"] for e in entries}) == 4
    assert "Brief van 1 juli 2021 over de kindregeling" in entries[2]["tekst"]
    # Who changed it, from where and with which note is the history's, not the public's.
    assert b"GEHEIME-NOTITIE" not in client.get("/feeds/toezeggingen.atom").content
    # Other kinds have their own feed.
    assert not any("Toezegging" in e["titel"] for e in _entries(_feed(client, "/feeds/moties.atom")))


def test_a_feed_entry_escapes_the_items_text(client, toezegging):
    toezegging.dictum = "<script>alert(1)</script>"
    toezegging.save()
    tekst = _entries(_feed(client, "/feeds/toezeggingen.atom"))[0]["tekst"]
    assert "&lt;script&gt;" in tekst and "<script>" not in tekst


def test_the_feed_of_one_item_has_its_changes_and_its_actions_published_texts(client, toezegging):
    ActieOpdracht.objects.create(actie=Actie.objects.get(nummer=12), opdracht=toezegging)
    voeg_ronde_toe(
        "December 2021",
        datetime.date(2021, 12, 1),
        {12: ("De brief is verstuurd.", "afgerond"), 13: ("Andere actie.", "vertraagd")},
    )
    voeg_ronde_toe("Open", datetime.date(2022, 6, 1), {12: ("CONCEPT", "afgerond")}, toestand="open")
    toezegging.stand, toezegging.vervuld_door = Stand.VOLDAAN, "Brief van 1 december 2021"
    toezegging.save()
    _toezegging("TZ202103-012", titel="Een andere toezegging")

    feed = _feed(client, "/feeds/toezeggingen/TZ202103-011.atom")
    titels = [e["titel"] for e in _entries(feed)]
    assert titels[0] == "Toezegging TZ202103-011: stand voldaan (was open)"
    assert "Actie 12 – December 2021 (afgerond, gewijzigd)" in titels
    assert "Toezegging TZ202103-011: nieuw" in titels
    assert not any(t.startswith(("Actie 13", "Toezegging TZ202103-012")) for t in titels)
    assert b"CONCEPT" not in client.get("/feeds/toezeggingen/TZ202103-011.atom").content
    assert (
        feed.find(f"{ATOM}link[@rel='alternate']").get("href")
        == "http://testserver/toezeggingen/TZ202103-011/"
    )
    for url in ("/feeds/toezeggingen/TZ1999-1.atom", "/feeds/beloftes/TZ202103-011.atom"):
        assert client.get(url).status_code == 404


def test_every_kind_has_a_feed_per_item_and_the_old_motion_feed_answers_as_before(client, demodata):
    motie = Opdracht.objects.get(dossier=35510, nummer=21)
    motie.stand, motie.stand_reden = Stand.VERVALLEN, "Achterhaald door de wet."
    motie.save()
    oud = [e["titel"].split(" – ")[0] for e in _entries(_feed(client, "/feeds/motie/35510-21.atom"))]
    assert sorted(oud) == ["Actie 12", "Actie 81"]
    nieuw = [e["titel"] for e in _entries(_feed(client, "/feeds/moties/35510-21.atom"))]
    assert nieuw[0] == "Motie 35510-21: stand vervallen (was open)"
    assert {t.split(" – ")[0] for t in nieuw[1:]} >= {"Actie 12", "Actie 81"}
    aanbeveling = Opdracht.objects.create(soort=Soort.AANBEVELING, dossier=None, titel="Herontwerp")
    feed = _feed(client, f"/feeds/aanbevelingen/{aanbeveling.pk}.atom")
    assert [e["titel"] for e in _entries(feed)] == [f"Aanbeveling {aanbeveling.pk}: nieuw"]


def test_the_list_and_the_item_page_link_their_feeds_and_the_lists_exports(client, toezegging):
    for url, feed in (
        ("/toezeggingen/?stand=open", "/feeds/toezeggingen.atom"),
        ("/toezeggingen/TZ202103-011/", "/feeds/toezeggingen/TZ202103-011.atom"),
        ("/moties/35510-21/", "/feeds/moties/35510-21.atom"),
    ):
        doc = lxml.html.fromstring(client.get(url).content)
        assert feed in doc.xpath("//head/link[@rel='alternate'][@type='application/atom+xml']/@href")
        assert feed in doc.xpath("//main//a/@href")
        assert client.get(feed).status_code == 200
    doc = lxml.html.fromstring(client.get("/toezeggingen/?stand=open&q=kindregeling").content)
    downloads = doc.xpath("//p[@class='downloads']/a/@href")
    assert "/toezeggingen/export.csv?stand=open&q=kindregeling" in downloads
    assert "/toezeggingen/export.json?stand=open&q=kindregeling" in downloads


def _csv_rijen(response, scheiding=","):
    assert response.status_code == 200
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=scheiding))


def test_the_csv_export_follows_the_lists_filters_and_defuses_formulas(client, toezegging):
    ActieOpdracht.objects.create(actie=Actie.objects.get(nummer=12), opdracht=toezegging, deel=2)
    _toezegging(
        "TZ202103-012",
        titel='=HYPERLINK("http://kwaad.example","klik")',
        stand=Stand.VOLDAAN,
        vervuld_door="-Brief",
        ministerie=Ministerie.objects.get(afkorting="BZK"),
    )

    response = client.get("/toezeggingen/export.csv?stand=open")
    assert response["Content-Disposition"] == 'attachment; filename="pokvolg-toezeggingen.csv"'
    rijen = _csv_rijen(response)
    assert [r["Kenmerk"] for r in rijen] == ["TZ202103-011"]
    rij = rijen[0]
    assert rij["Soort"] == "toezegging" and rij["Ministerie"] == "FIN" and rij["Stand"] == "open"
    assert rij["Uiterste datum"] == "2021-07-01" and rij["Over tijd"] == "ja"
    assert rij["Acties"] == "12 deel 2" and rij["Adres"] == "http://testserver/toezeggingen/TZ202103-011/"

    rijen = _csv_rijen(client.get("/toezeggingen/export.csv?ministerie=bzk"))
    assert rijen[0]["Titel"] == '\'=HYPERLINK("http://kwaad.example","klik")'
    assert rijen[0]["Uitgevoerd met"] == "'-Brief"
    assert [r["Kenmerk"] for r in _csv_rijen(client.get("/toezeggingen/export.csv?q=hyperlink"))] == [
        "TZ202103-012"
    ]
    excel = _csv_rijen(client.get("/toezeggingen/export.nl.csv"), ";")
    assert [r["Kenmerk"] for r in excel] == ["TZ202103-011", "TZ202103-012"]
    # The motions' list has its own rows: no commitment among them.
    assert all(r["Soort"] == "motie" for r in _csv_rijen(client.get("/moties/export.csv")))


def test_the_xlsx_and_json_exports_follow_the_filters(client, toezegging):
    _toezegging("TZ202103-012", titel="=1+1", reactie="overgenomen")
    boek = load_workbook(io.BytesIO(client.get("/toezeggingen/export.xlsx?reactie=overgenomen").content))
    rijen = list(boek.active.iter_rows(values_only=True))
    assert boek.active.title == "Toezeggingen"
    assert rijen[0][:2] == ("Kenmerk", "Soort") and len(rijen) == 2
    assert rijen[1][0] == "TZ202103-012" and rijen[1][4] == "'=1+1"
    assert rijen[1][11] == datetime.datetime(2021, 7, 1)

    data = json.loads(client.get("/toezeggingen/export.json?reactie=overgenomen").content)
    assert data["aantal"] == 1 and data["bron"] == "http://testserver/toezeggingen/"
    api = json.loads(client.get("/api/v1/toezeggingen?reactie=overgenomen").content)
    assert data["toezeggingen"] == api["_embedded"]["opdrachten"]
    moties = json.loads(client.get("/moties/export.json?q=Marijnissen").content)
    assert moties["aantal"] >= 1 and all("Marijnissen" in m["indieners"] for m in moties["moties"])


def test_an_export_refuses_unreadable_filters_and_unknown_formats(client, toezegging):
    response = client.get("/toezeggingen/export.csv?stand=misschien")
    assert response.status_code == 400 and json.loads(response.content)["velden"] == {
        "stand": ["Onbekende stand."]
    }
    assert client.get("/toezeggingen/export.pdf").status_code == 404


def _veel(aantal):
    acties = list(Actie.objects.order_by("nummer")[:5])
    al = Opdracht.objects.filter(soort=Soort.TOEZEGGING).count()
    for i in range(al, al + aantal):
        opdracht = _toezegging(f"TZ2099-{i}", titel=f"Toeslag {i}")
        opdracht.stand, opdracht.vervuld_door = Stand.VOLDAAN, f"Brief {i}"
        opdracht.save()
        ActieOpdracht.objects.create(actie=acties[i % 5], opdracht=opdracht)
        motie = Opdracht.objects.create(soort=Soort.MOTIE, dossier=99999, nummer=i, indieners="Toeslag c.s.")
        ActieOpdracht.objects.create(actie=acties[i % 5], opdracht=motie)


URLS = [
    "/feeds/toezeggingen.atom",
    "/feeds/toezeggingen/TZ2099-1.atom",
    "/toezeggingen/export.csv?ministerie=FIN",
    "/toezeggingen/export.xlsx",
    "/toezeggingen/export.json",
    "/moties/export.json",
    "/feeds/moties.atom",
    "/acties/?q=toeslag",
]


def _tellingen(client):
    tellingen = {}
    for url in URLS:
        with CaptureQueriesContext(connection) as vangst:
            assert client.get(url).status_code == 200
        tellingen[url] = len(vangst.captured_queries)
    return tellingen


def test_feeds_exports_and_the_search_cost_the_same_queries_for_3_and_90_items(client, demodata):
    _veel(3)
    weinig = _tellingen(client)
    _veel(87)
    assert Opdracht.objects.filter(soort=Soort.TOEZEGGING).count() == 90
    assert Opdracht.objects.filter(dossier=99999).count() == 90
    assert _tellingen(client) == weinig


def test_the_search_on_actions_counts_what_it_finds_in_the_register_per_kind(client, demodata):
    _toezegging("TZ202103-011", titel="Brief over de kindregeling")
    _toezegging("TZ202103-012", titel="Kindregeling, tweede brief")
    Opdracht.objects.create(soort=Soort.BELOFTE, dossier=None, titel="Een kindregeling voor de zomer")
    Opdracht.objects.create(soort=Soort.BELOFTE, dossier=None, titel="Iets anders")

    doc = lxml.html.fromstring(client.get("/acties/?q=kindregeling").content)
    blok = doc.xpath("//*[@id='register-kop']/..")[0]
    assert " ".join(blok.xpath("string(.//h3)").split()) == "Ook gevonden in het register"
    links = [(" ".join(a.text_content().split()), a.get("href")) for a in blok.xpath(".//a")]
    assert links == [
        ("2 toezeggingen", "/toezeggingen/?q=kindregeling"),
        ("1 belofte", "/beloftes/?q=kindregeling"),
    ]
    # Each link's list finds what the block counted.
    assert len(client.get("/toezeggingen/?q=kindregeling").context["opdrachten"]) == 2
    assert len(client.get("/beloftes/?q=kindregeling").context["opdrachten"]) == 1


def test_the_register_block_is_absent_without_a_search_or_without_a_match(client, demodata):
    _toezegging()
    for url in ("/acties/", "/acties/?thema=toekomst-toeslagen", "/acties/?q=zzzgeenwoord"):
        assert b"register-kop" not in client.get(url).content


def test_the_list_without_a_search_reads_nothing_of_the_register(client, demodata):
    _toezegging()
    with CaptureQueriesContext(connection) as vangst:
        assert client.get("/acties/").status_code == 200
    assert not any('COUNT("moties_opdracht"."id") AS "aantal"' in q["sql"] for q in vangst.captured_queries)
