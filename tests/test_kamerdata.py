"""The Tweede Kamer's data on each motion: reading the Gegevensmagazijn's OData answers, storing them in one
transaction, the motion page and the API, the command and the daily job.

No test touches the network. The Tweede Kamer's server is stood in for by `Kamer`, an HTTP client that
answers from tests/tweedekamer/ (built from the documented schema, not recorded; see the README there)
or fails as asked; urllib itself is tried against a server on 127.0.0.1.
"""

import datetime
import http.server
import re
import threading

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from jobs.models import Job
from jobs.planner import voer_dagelijks_uit
from moties import ophalen, tweedekamer
from moties.models import Kamerdata, Opdracht
from moties.tweedekamer import Antwoord, KamerdataFout
from tests.hulp import EERSTE, TWEEDE, TZ_EERSTE, TZ_TWEEDE, VOORBEELDEN, Kamer, als_bytes, voorbeeld

OPGEHAALD = datetime.datetime(2026, 12, 2, 9, 30, tzinfo=datetime.UTC)  # 10:30 in The Hague


@pytest.fixture
def kamer(monkeypatch, settings):
    """The stand-in every real run (command, job) uses in these tests."""
    settings.TK_ODATA_URL = tweedekamer.STANDAARD_URL
    server = Kamer()
    monkeypatch.setattr(ophalen, "maak_client", lambda: server)
    return server


@pytest.fixture(autouse=True)
def geen_netwerk(monkeypatch):
    """Only the server on 127.0.0.1 below may be asked; anything else would be the network."""
    echte = tweedekamer.urllib.request.urlopen

    def urlopen(verzoek, *args, **kwargs):
        url = verzoek.full_url if hasattr(verzoek, "full_url") else verzoek
        assert url.startswith("http://127.0.0.1:"), f"test vroeg het netwerk: {url}"
        return echte(verzoek, *args, **kwargs)

    monkeypatch.setattr(tweedekamer.urllib.request, "urlopen", urlopen)


def zaak_21():
    return next(z for z in voorbeeld("zaken-35510-pagina-1.json")["value"] if z["Volgnummer"] == 21)


# ---------------------------------------------------------------- reading the answers (no database)


def test_the_query_asks_for_the_dossiers_motions_with_their_documents_decisions_and_votes():
    url = tweedekamer.zaken_url("https://voorbeeld.test/OData/v4/2.0/", 35510)
    assert url.startswith("https://voorbeeld.test/OData/v4/2.0/Zaak?$filter=")
    leesbaar = tweedekamer.urllib.parse.unquote(url)
    assert "Soort eq 'Motie'" in leesbaar and "Verwijderd eq false" in leesbaar
    assert "Kamerstukdossier/any(d: d/Nummer eq 35510)" in leesbaar
    assert "$expand=Document($select=Id,Soort,Volgnummer,Verwijderd),Besluit($expand=Stemming)" in leesbaar


def test_a_motion_is_read_with_the_decision_that_has_votes_and_the_seats_summed_per_side():
    zaken = tweedekamer.lees_pagina(voorbeeld("zaken-35510-pagina-1.json"))
    # The record of motion 14 is marked Verwijderd, so it is not there.
    assert [z.volgnummers for z in zaken] == [(12,), (21,)]
    motie = zaken[1]
    assert motie.besluitsoort == "Stemmen - aangenomen" and motie.besluittekst == "Aangenomen."
    assert motie.stemmingssoort == "Met handopsteken"
    # The deleted VVD 'Voor' record is left out: otherwise voor would be 148.
    assert (motie.zetels_voor, motie.zetels_tegen, motie.zetels("Niet deelgenomen")) == (116, 32, 2)
    assert len(motie.stemmen) == 15
    assert [(s.fractie, s.soort, s.zetels) for s in motie.stemmen[:2]] == [
        ("VVD", "Tegen", 32),
        ("PVV", "Voor", 20),
    ]
    assert motie.kabinetsappreciatie == "Oordeel Kamer" and motie.afgedaan is False
    assert motie.datum == datetime.date(2021, 1, 19) and motie.zaaknummer == "2021Z00920"
    assert motie.onderwerp.startswith("Motie van het lid Marijnissen c.s.")


def test_a_date_with_an_offset_is_the_dutch_date_and_a_motion_without_votes_has_no_seats():
    motie_7 = next(
        z for z in tweedekamer.lees_pagina(voorbeeld("zaken-35510-pagina-2.json")) if z.volgnummers == (7,)
    )
    assert motie_7.datum == datetime.date(2021, 1, 19)  # 2021-01-18T23:30:00Z is 00:30 in The Hague
    assert motie_7.besluitsoort == "Ingediend" and motie_7.stemmen == ()
    assert (motie_7.zetels_voor, motie_7.zetels_tegen) == (None, None)


def test_a_roll_call_vote_counts_one_seat_per_member_and_keeps_a_declared_mistake():
    zaak = zaak_21()
    besluit = zaak["Besluit"][1]
    besluit["StemmingsSoort"] = "Hoofdelijk"
    besluit["Stemming"] = [
        {
            "Id": "1",
            "Soort": "Voor",
            "ActorNaam": "Marijnissen",
            "ActorFractie": "SP",
            "FractieGrootte": 14,
            "Persoon_Id": "p1",
            "Vergissing": False,
            "Verwijderd": False,
        },
        {
            "Id": "2",
            "Soort": "Voor",
            "ActorNaam": "Leijten",
            "ActorFractie": "SP",
            "FractieGrootte": 14,
            "Persoon_Id": "p2",
            "Vergissing": False,
            "Verwijderd": False,
        },
        {
            "Id": "3",
            "Soort": "Tegen",
            "ActorNaam": "Rutte",
            "ActorFractie": "VVD",
            "FractieGrootte": 32,
            "Persoon_Id": "p3",
            "Vergissing": True,
            "Verwijderd": False,
        },
    ]
    motie = tweedekamer.lees_zaak(zaak)
    assert (motie.zetels_voor, motie.zetels_tegen) == (2, 1)
    assert [(s.fractie, s.naam, s.vergissing) for s in motie.stemmen] == [
        ("SP", "Marijnissen", False),
        ("SP", "Leijten", False),
        ("VVD", "Rutte", True),
    ]


def test_the_decision_with_votes_wins_over_later_ones_without_and_a_proposal_loses_to_a_decision():
    met = {
        "BesluitSoort": "Stemmen - aangenomen",
        "Status": "Besluit",
        "GewijzigdOp": "2021-01-19T20:00:00",
        "Stemming": [{"Soort": "Voor"}],
    }
    later_zonder = {"BesluitSoort": "Ingediend", "Status": "Besluit", "GewijzigdOp": "2021-02-01T09:00:00"}
    voorstel = {"BesluitSoort": "Agenderen", "Status": "Voorstel", "GewijzigdOp": "2021-03-01T09:00:00"}
    verwijderd_gestemd = {**met, "Stemming": [{"Soort": "Voor", "Verwijderd": True}]}
    assert tweedekamer.kies_besluit([met, later_zonder, voorstel]) is met
    assert tweedekamer.kies_besluit([voorstel, later_zonder]) is later_zonder
    assert tweedekamer.kies_besluit([verwijderd_gestemd, later_zonder]) is later_zonder
    assert tweedekamer.kies_besluit([]) is None


def _zet(pad, waarde):
    def wijzig(zaak):
        doel = zaak
        for stap in pad[:-1]:
            doel = doel[stap]
        if waarde is KeyError:
            del doel[pad[-1]]
        else:
            doel[pad[-1]] = waarde

    return wijzig


@pytest.mark.parametrize(
    ("wijziging", "waarom"),
    [
        (_zet(["Besluit", 1, "Stemming", 0, "FractieGrootte"], "tweeëndertig"), "is geen aantal zetels"),
        (_zet(["Besluit", 1, "Stemming", 0, "FractieGrootte"], None), "is geen aantal zetels"),
        (_zet(["Besluit", 1, "Stemming", 0, "Soort"], "Misschien"), "onbekende stem 'Misschien'"),
        (_zet(["Besluit", 1, "Stemming", 0, "ActorFractie"], 32), "veld ActorFractie is geen tekst"),
        (_zet(["Besluit", 1, "Stemming", 1, "FractieGrootte"], 140), "meer dan de 150 van de Kamer"),
        (_zet(["Besluit"], {"Id": "x"}), "Besluit is geen lijst van records"),
        (_zet(["GestartOp"], "gisteren"), "'gisteren' is geen datum"),
        (_zet(["Afgedaan"], "nee"), "Afgedaan is geen ja of nee"),
        (_zet(["Id"], KeyError), "veld Id ontbreekt"),
        (_zet(["Soort"], "Amendement"), "de zaak is geen motie"),
        (_zet(["Document", 0, "Volgnummer"], "21"), "volgnummer van een document is geen geheel getal"),
    ],
)
def test_a_malformed_record_is_refused_with_a_dutch_reason_that_names_where(wijziging, waarom):
    zaak = zaak_21()
    wijziging(zaak)
    with pytest.raises(KamerdataFout) as fout:
        tweedekamer.lees_pagina({"value": [zaak]}, pagina=2)
    assert waarom in str(fout.value)
    assert str(fout.value).startswith("Het antwoord van de Tweede Kamer is onbruikbaar (pagina 2, record 1")
    assert str(fout.value).endswith("De vorige gegevens blijven staan.")
    assert not fout.value.tijdelijk  # the same answer tomorrow is just as wrong


def test_every_page_is_read_by_following_the_next_link():
    server = Kamer()
    zaken = tweedekamer.haal_zaken(server, tweedekamer.STANDAARD_URL, 35510)
    assert server.gevraagd == [EERSTE, TWEEDE]
    assert sorted(n for z in zaken for n in z.volgnummers) == [7, 12, 13, 21, 47]


def test_a_next_link_to_another_server_or_one_that_never_ends_is_refused():
    elders = voorbeeld("zaken-35510-pagina-1.json")
    elders["@odata.nextLink"] = "https://elders.example/OData/v4/2.0/Zaak?$skip=3"
    with pytest.raises(KamerdataFout, match="de volgende pagina staat op een andere server"):
        tweedekamer.haal_zaken(Kamer({EERSTE: als_bytes(elders)}), tweedekamer.STANDAARD_URL, 35510)

    rondje = voorbeeld("zaken-35510-pagina-2.json")
    rondje["@odata.nextLink"] = TWEEDE
    server = Kamer({TWEEDE: als_bytes(rondje)})
    with pytest.raises(KamerdataFout, match="meer dan 50 pagina's; er is niets bewaard"):
        tweedekamer.haal_zaken(server, tweedekamer.STANDAARD_URL, 35510)
    assert len(server.gevraagd) == tweedekamer.MAX_PAGINAS


@pytest.mark.parametrize(
    ("fout", "melding", "tijdelijk"),
    [
        (TimeoutError("timed out"), "gaf binnen 30 seconden geen antwoord (pagina 2)", True),
        (ConnectionRefusedError(111, "Connection refused"), "is niet bereikbaar", True),
        (Antwoord(503, b"<html>Service Unavailable</html>"), "antwoordde met foutcode 503 (pagina 2)", True),
        (Antwoord(429, b""), "foutcode 429", True),
        (Antwoord(400, b'{"error": {"message": "bad filter"}}'), "weigerde de vraag met foutcode 400", False),
        (Antwoord(200, b'{"value": [{"Id": "2a0'), "onvolledig of geen geldige JSON (pagina 2)", True),
        (Antwoord(200, b'{"waarde": []}'), "er staat geen lijst 'value' in", False),
        (Antwoord(200, b"[]"), "er staat geen lijst 'value' in", False),
    ],
)
def test_a_failing_second_page_fails_the_whole_fetch_with_a_dutch_message(fout, melding, tijdelijk):
    with pytest.raises(KamerdataFout) as gevangen:
        tweedekamer.haal_zaken(Kamer(fouten=[fout], bij=TWEEDE), tweedekamer.STANDAARD_URL, 35510)
    assert melding in str(gevangen.value)
    assert str(gevangen.value).endswith("De vorige gegevens blijven staan.")
    assert gevangen.value.tijdelijk is tijdelijk


class _Trage(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        if "traag" in self.path:
            self.server.los.wait(2)
        status = 503 if "kapot" in self.path else 200
        inhoud = (
            b"Service Unavailable"
            if status == 503
            else (VOORBEELDEN / "zaken-35510-pagina-2.json").read_bytes()
        )
        self.send_response(status)
        self.send_header("Content-Length", str(len(inhoud)))
        self.end_headers()
        self.wfile.write(inhoud)

    def log_message(self, *args):
        pass


@pytest.fixture
def lokale_server():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Trage)
    server.los = threading.Event()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}/OData/v4/2.0/"
    server.los.set()
    server.shutdown()
    server.server_close()


def test_the_urllib_client_reads_an_answer_returns_an_error_status_and_gives_up_after_its_timeout(
    lokale_server,
):
    client = tweedekamer.UrllibClient(timeout=0.3)
    zaken = tweedekamer.haal_zaken(client, lokale_server, 35510)
    assert sorted(n for z in zaken for n in z.volgnummers) == [7, 13, 47]
    assert client(lokale_server + "kapot").status == 503
    with pytest.raises(KamerdataFout, match="gaf binnen 0.3 seconden geen antwoord") as fout:
        tweedekamer.haal_zaken(client, lokale_server + "traag/", 35510)
    assert fout.value.tijdelijk


# ---------------------------------------------------------------- storing, the page and the API


def test_the_motion_page_of_35510_21_shows_its_decision_and_votes(client, demodata):
    ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    response = client.get("/moties/35510-21/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "In de Tweede Kamer" in html
    assert "Stemmen - aangenomen (Aangenomen.)" in html
    assert "116 zetels voor, 32 zetels tegen (met handopsteken)" in html
    assert "Oordeel Kamer" in html and "19 januari 2021" in html and "2021Z00920" in html
    assert "Stemming per fractie" in html
    rijen = [r for r in html.split("<tr") if "utrecht-table__cell" in r]
    assert any(">VVD</th>" in r and ">tegen<" in r and ">32<" in r for r in rijen)
    assert any(">GroenLinks</th>" in r and ">voor<" in r and ">14<" in r for r in rijen)
    assert any(">FvD</th>" in r and ">niet deelgenomen<" in r for r in rijen)
    assert "Totaal voor" in html and "<strong>116</strong>" in html
    assert "laatst opgehaald op 2 december 2026 10:30" in html


def test_a_motion_page_without_the_kamers_data_shows_none(client, demodata):
    html = client.get("/moties/35510-21/").content.decode()
    assert "In de Tweede Kamer" not in html and "Stemming per fractie" not in html


def test_a_cached_motion_page_shows_the_new_data_once_the_run_is_committed(
    client, demodata, settings, django_capture_on_commit_callbacks
):
    settings.PUBLIEK_CACHE_SECONDEN = 300
    assert "In de Tweede Kamer" not in client.get("/moties/35510-21/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    assert "Stemmen - aangenomen" in client.get("/moties/35510-21/").content.decode()
    assert client.get("/api/v1/moties/35510-21").json()["tweedeKamer"]["zetelsVoor"] == 116


def test_a_run_stores_the_motions_found_and_reports_the_missing_and_the_unknown(demodata):
    verslag = ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    assert verslag.bijgewerkt == ["35510-7", "35510-12", "35510-13", "35510-21"]
    assert "35510-14" in verslag.zonder_gegevens  # only a deleted record
    assert len(verslag.zonder_gegevens) == Opdracht.objects.count() - 4
    assert verslag.onbekend == 1  # 35510-47 is not followed by pokvolg
    assert verslag.tekst().startswith(
        "4 motie(s) bijgewerkt, 0 ongewijzigd; geen gegevens bij de Tweede Kamer voor "
    )
    assert verslag.tekst().endswith(
        "; 1 andere motie(s) in het dossier overgeslagen; 3 nieuwe toezegging(en) voorgesteld, 0 bijgewerkt."
    )
    kamer_21 = Kamerdata.objects.get(opdracht__nummer=21)
    assert (kamer_21.zetels_voor, kamer_21.zetels_tegen, kamer_21.stemmen.count()) == (116, 32, 15)
    assert kamer_21.opgehaald_op == OPGEHAALD and kamer_21.history.count() == 1


def test_a_run_without_changes_only_moves_the_fetch_time_and_writes_no_history(demodata):
    ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    later = OPGEHAALD + datetime.timedelta(days=1)
    verslag = ophalen.ververs(client=Kamer(), nu=later)
    assert verslag.bijgewerkt == [] and len(verslag.ongewijzigd) == 4
    kamer_21 = Kamerdata.objects.get(opdracht__nummer=21)
    assert kamer_21.opgehaald_op == later
    assert kamer_21.history.count() == 1


def test_a_changed_decision_is_saved_with_history_and_its_votes_replaced(demodata):
    ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    pagina = voorbeeld("zaken-35510-pagina-1.json")
    zaak = next(z for z in pagina["value"] if z["Volgnummer"] == 21)
    zaak["Kabinetsappreciatie"] = "Ontraden"
    zaak["Besluit"][1]["BesluitSoort"] = "Stemmen - verworpen"
    zaak["Besluit"][1]["Stemming"] = zaak["Besluit"][1]["Stemming"][:2]  # VVD tegen 32, PVV voor 20
    verslag = ophalen.ververs(
        client=Kamer({EERSTE: als_bytes(pagina)}), nu=OPGEHAALD + datetime.timedelta(days=1)
    )
    assert verslag.bijgewerkt == ["35510-21"]
    kamer_21 = Kamerdata.objects.get(opdracht__nummer=21)
    assert (kamer_21.besluitsoort, kamer_21.zetels_voor, kamer_21.zetels_tegen) == (
        "Stemmen - verworpen",
        20,
        32,
    )
    assert list(kamer_21.stemmen.values_list("fractie", "soort")) == [("VVD", "Tegen"), ("PVV", "Voor")]
    oud, nieuw = kamer_21.history.order_by("history_id")
    assert (oud.kabinetsappreciatie, nieuw.kabinetsappreciatie) == ("Oordeel Kamer", "Ontraden")
    assert nieuw.history_change_reason == "Opgehaald bij de Tweede Kamer"


def _staat():
    return [
        (
            k.opdracht.nummer,
            k.besluitsoort,
            k.zetels_voor,
            k.zetels_tegen,
            k.opgehaald_op,
            k.stemmen.count(),
            k.history.count(),
        )
        for k in Kamerdata.objects.select_related("opdracht").order_by("opdracht__nummer")
    ]


@pytest.mark.parametrize(
    ("tweede_pagina", "melding"),
    [
        (TimeoutError("timed out"), "gaf binnen 30 seconden geen antwoord (pagina 2)"),
        (Antwoord(502, b"Bad Gateway"), "foutcode 502 (pagina 2)"),
        (Antwoord(200, (VOORBEELDEN / "zaken-35510-pagina-2.json").read_bytes()[:5000]), "onvolledig"),
        (
            Antwoord(200, (VOORBEELDEN / "kapot-fractiegrootte.json").read_bytes()),
            "FractieGrootte 'tweeëndertig'",
        ),
    ],
)
def test_a_failed_run_leaves_every_motions_previous_data_intact(demodata, tweede_pagina, melding):
    ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    voor = _staat()
    # Page 1 now says motion 21 was rejected; the run fails on page 2, so not even that is stored.
    pagina = voorbeeld("zaken-35510-pagina-1.json")
    next(z for z in pagina["value"] if z["Volgnummer"] == 21)["Besluit"][1]["BesluitSoort"] = (
        "Stemmen - verworpen"
    )
    server = Kamer({EERSTE: als_bytes(pagina)}, fouten=[tweede_pagina], bij=TWEEDE)
    with pytest.raises(KamerdataFout, match=re.escape(melding)):
        ophalen.ververs(client=server, nu=OPGEHAALD + datetime.timedelta(days=1))
    assert _staat() == voor


def test_an_answer_without_any_followed_motion_changes_nothing(demodata):
    ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    voor = _staat()
    leeg = {"@odata.context": "…", "value": []}
    with pytest.raises(KamerdataFout, match="bevat geen van de moties van dossier 35510 die pokvolg volgt"):
        ophalen.ververs(client=Kamer({EERSTE: als_bytes(leeg)}), nu=OPGEHAALD + datetime.timedelta(days=1))
    assert _staat() == voor


def test_the_api_gives_the_decision_in_the_list_and_the_votes_per_party_in_the_detail(client, demodata):
    ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    moties = {m["id"]: m for m in client.get("/api/v1/moties?pageSize=100").json()["_embedded"]["moties"]}
    kamer = moties["35510-21"]["tweedeKamer"]
    assert kamer["besluit"] == "Stemmen - aangenomen" and kamer["besluitTekst"] == "Aangenomen."
    assert (kamer["zetelsVoor"], kamer["zetelsTegen"]) == (116, 32)
    assert kamer["kabinetsappreciatie"] == "Oordeel Kamer" and kamer["afgedaan"] is False
    assert kamer["datum"] == "2021-01-19" and kamer["zaak"] == "2021Z00920"
    assert kamer["opgehaaldOp"] == "2026-12-02T10:30:00+01:00"
    assert "stemmen" not in kamer
    assert moties["35510-14"]["tweedeKamer"] is None
    assert moties["35510-7"]["tweedeKamer"]["zetelsVoor"] is None

    detail = client.get("/api/v1/moties/35510-21").json()["tweedeKamer"]
    assert len(detail["stemmen"]) == 15
    assert detail["stemmen"][0] == {
        "fractie": "VVD",
        "naam": "VVD",
        "stem": "Tegen",
        "zetels": 32,
        "vergissing": False,
    }
    assert {s["stem"] for s in detail["stemmen"]} == {"Voor", "Tegen", "Niet deelgenomen"}
    assert client.get("/api/v1/moties/35510-14").json()["tweedeKamer"] is None


def test_the_openapi_document_describes_the_kamers_data_with_the_possible_votes(client, db):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]

    def doel(eigenschap):
        return schema[eigenschap["allOf"][0]["$ref"].rsplit("/", 1)[1]]

    assert set(doel(schema["Fractiestem"]["properties"]["stem"])["enum"]) == {
        "Voor",
        "Tegen",
        "Niet deelgenomen",
    }
    assert schema["Fractiestem"]["properties"]["zetels"] | {"description": ""} == {
        "type": "integer",
        "minimum": 0,
        "maximum": 150,
        "description": "",
    }
    for naam, kamerdata in (("Motie", "Kamerdata"), ("MotieDetail", "KamerdataDetail")):
        veld = schema[naam]["properties"]["tweedeKamer"]
        assert veld["nullable"] is True and doel(veld) is schema[kamerdata]
    assert "stemmen" in schema["KamerdataDetail"]["properties"]
    assert "stemmen" not in schema["Kamerdata"]["properties"]
    assert schema["Kamerdata"]["properties"]["zetelsVoor"]["nullable"] is True


# ---------------------------------------------------------------- the command and the jobs


def test_the_command_fetches_and_says_what_it_did(demodata, kamer, capsys):
    call_command("haal_kamerdata")
    assert capsys.readouterr().out.startswith("4 motie(s) bijgewerkt, 0 ongewijzigd;")
    assert Kamerdata.objects.get(opdracht__nummer=21).besluitsoort == "Stemmen - aangenomen"
    assert kamer.gevraagd == [EERSTE, TWEEDE, TZ_EERSTE, TZ_TWEEDE]


def test_the_command_fails_with_the_dutch_reason(demodata, kamer):
    kamer.fouten = [Antwoord(503, b"")]
    with pytest.raises(CommandError, match=re.escape("antwoordde met foutcode 503 (pagina 1)")):
        call_command("haal_kamerdata")
    assert not Kamerdata.objects.exists()


def test_the_job_tries_again_after_a_timeout_and_an_error_status(
    demodata, kamer, django_capture_on_commit_callbacks
):
    kamer.fouten = [TimeoutError("timed out"), Antwoord(503, b"")]
    with django_capture_on_commit_callbacks(execute=True):
        job = ophalen.start_ophalen()
    job.refresh_from_db()
    assert (job.status, job.pogingen) == (Job.Status.KLAAR, 3)
    assert job.stap_tekst.startswith("4 motie(s) bijgewerkt")
    assert kamer.gevraagd == [EERSTE, EERSTE, EERSTE, TWEEDE, TZ_EERSTE, TZ_TWEEDE]
    assert Kamerdata.objects.get(opdracht__nummer=21).zetels_voor == 116


def test_the_job_fails_after_its_last_attempt_with_the_reason_and_keeps_the_data(
    demodata, kamer, django_capture_on_commit_callbacks
):
    ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    voor = _staat()
    kamer.fouten = [TimeoutError("timed out")] * 10
    with django_capture_on_commit_callbacks(execute=True):
        job = ophalen.start_ophalen()
    job.refresh_from_db()
    assert (job.status, job.pogingen) == (Job.Status.MISLUKT, 3)
    assert job.melding == (
        "Het Gegevensmagazijn van de Tweede Kamer gaf binnen 30 seconden geen antwoord (pagina 1). "
        "De vorige gegevens blijven staan."
    )
    assert len(kamer.gevraagd) == 3
    assert _staat() == voor


def test_the_job_does_not_retry_an_answer_that_will_stay_malformed(
    demodata, kamer, django_capture_on_commit_callbacks
):
    kamer.paginas[TWEEDE] = "kapot-fractiegrootte.json"
    with django_capture_on_commit_callbacks(execute=True):
        job = ophalen.start_ophalen()
    job.refresh_from_db()
    assert (job.status, job.pogingen) == (Job.Status.MISLUKT, 1)
    assert "FractieGrootte 'tweeëndertig' is geen aantal zetels" in job.melding
    assert not Kamerdata.objects.exists()


def test_the_workers_fetch_once_a_day_from_its_hour(
    demodata, kamer, settings, django_capture_on_commit_callbacks
):
    settings.JOBS_DAGELIJKS = {"moties.ophalen.start_dagelijks": 6}
    vandaag = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        voer_dagelijks_uit(vandaag.replace(hour=5))
    assert not Job.objects.filter(sleutel__startswith="kamerdata:").exists()
    with django_capture_on_commit_callbacks(execute=True):
        voer_dagelijks_uit(vandaag.replace(hour=7))
        voer_dagelijks_uit(vandaag.replace(hour=8))  # another worker, or the next look: nothing more
    jobs = Job.objects.filter(sleutel=f"kamerdata:{vandaag.date().isoformat()}")
    assert [j.status for j in jobs] == [Job.Status.KLAAR]
    assert kamer.gevraagd == [EERSTE, TWEEDE, TZ_EERSTE, TZ_TWEEDE]
    assert Kamerdata.objects.filter(opdracht__nummer=21).exists()

    morgen = timezone.localdate() + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        _, nieuw = ophalen.start_dagelijks(morgen)
    assert nieuw and kamer.gevraagd == [EERSTE, TWEEDE, TZ_EERSTE, TZ_TWEEDE] * 2


def test_a_failed_day_is_not_started_again_that_day(demodata, kamer, django_capture_on_commit_callbacks):
    kamer.fouten = [Antwoord(400, b"")]
    with django_capture_on_commit_callbacks(execute=True):
        job, nieuw = ophalen.start_dagelijks()
        job_2, nieuw_2 = ophalen.start_dagelijks()
    job.refresh_from_db()
    assert nieuw and not nieuw_2 and job_2.pk == job.pk
    assert job.status == Job.Status.MISLUKT and len(kamer.gevraagd) == 1


def test_the_admin_shows_the_kamers_data_read_only_and_starts_a_fetch(client, beheerder, demodata, kamer):
    ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    client.force_login(beheerder)
    kamer_21 = Kamerdata.objects.get(opdracht__nummer=21)
    pagina = client.get(f"/admin/moties/kamerdata/{kamer_21.pk}/change/")
    assert pagina.status_code == 200
    html = pagina.content.decode()
    assert "Stemmen - aangenomen" in html and 'name="besluitsoort"' not in html
    motie = Opdracht.objects.get(nummer=21)
    response = client.post(
        "/admin/moties/opdracht/", {"action": "haal_kamerdata", "_selected_action": [motie.pk]}
    )
    job = Job.objects.get(sleutel="kamerdata")
    assert response.status_code == 302 and response["Location"].endswith(f"/taken/{job.pk}/")
    assert job.eigenaar == beheerder
