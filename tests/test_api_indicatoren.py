"""Indicators in the open data API and in their exports: the figures, sources, verdicts and projections
of the indicator's page, a moved target still there as eerderBeloofd, in the OpenAPI document, and in
the same number of queries for 1 and 50 indicators."""

import csv
import datetime
import importlib.util
import io
import json
import pathlib
import re
import sys

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from acties.models import Actie, Thema
from indicatoren import beheer, demo, query
from indicatoren.models import Indicator

D = datetime.date


@pytest.fixture
def actie(db):
    thema = Thema.objects.create(naam="HERSTELOPERATIE", slug="hersteloperatie")
    return Actie.objects.create(nummer=1, omschrijving="Opschalen hersteloperatie", thema=thema)


def vul(actie, redactie, naam="Integrale beoordelingen afgerond"):
    """A baseline, three measurements, a target a later letter moved, and a new target in between."""
    indicator = beheer.bewaar_indicator(
        Indicator(
            actie=actie,
            naam=naam,
            eenheid="%",
            wat_telt="Afgeronde integrale beoordelingen.",
            basis_waarde=0,
            basis_datum=D(2021, 6, 29),
            basis_bron="Bijlage juni 2021",
        ),
        redactie,
    )
    for dag, waarde in ((D(2022, 1, 1), 10), (D(2022, 7, 1), 20), (D(2023, 4, 1), 35)):
        beheer.meet(indicator, waarde, dag, redactie, "Brief 2023")
    eerst = beheer.beloof_doel(
        indicator, 100, D(2024, 3, 31), redactie, "Bijlage juni 2021", kamerstuk="35510-60"
    )
    beheer.verschuif_doel(eerst, 100, D(2025, 9, 30), redactie, "Brief 2023")
    beheer.beloof_doel(indicator, "87.5", D(2025, 3, 31), redactie, "Brief 2023")
    return indicator


def test_an_indicator_in_the_api_has_its_figures_sources_and_a_verdict_per_target(client, actie, redactie):
    indicator = vul(actie, redactie)
    response = client.get(f"/api/v1/indicatoren/{indicator.pk}")
    assert response.status_code == 200 and response["API-Version"] == "1.0.0"
    data = response.json()
    assert (data["naam"], data["eenheid"], data["watTelt"]) == (
        "Integrale beoordelingen afgerond",
        "%",
        "Afgeronde integrale beoordelingen.",
    )
    assert data["actie"]["nummer"] == 1
    assert data["actie"]["_links"]["self"]["href"] == "http://testserver/api/v1/acties/1"
    assert data["basis"] == {"waarde": 0, "datum": "2021-06-29", "bron": "Bijlage juni 2021"}
    assert [(m["meetdatum"], m["waarde"]) for m in data["metingen"]] == [
        ("2022-01-01", 10),
        ("2022-07-01", 20),
        ("2023-04-01", 35),
    ]
    eerder, tussen, later = data["doelen"]
    # The moved target stays, with its own source, and the one that replaced it says so.
    assert (eerder["datum"], eerder["eerderBeloofd"], eerder["kamerstuk"]) == ("2024-03-31", True, "35510-60")
    assert eerder["url"] == "https://zoek.officielebekendmakingen.nl/kst-35510-60.html"
    assert eerder["oordeel"] == {
        "soort": "verschoven",
        "tekst": "doel verschoven van 31 maart 2024 naar 30 september 2025",
        "prognose": None,
    }
    assert (later["vervangt"], later["eerderBeloofd"], later["kamerstuk"]) == (eerder["id"], False, None)
    assert (tussen["waarde"], tussen["oordeel"]["soort"]) == (87.5, "achter")
    # The same verdict and projection as the indicator's page.
    stand = query.een(indicator.pk, timezone.localdate())
    assert (
        tussen["oordeel"]["tekst"]
        == stand.actueel[0].oordeel.tekst
        == ("achter op schema: bij dit tempo 75,1% op 31 maart 2025")
    )
    assert tussen["oordeel"]["prognose"] == round(stand.actueel[0].oordeel.schatting, 2)
    assert data["oordeel"] == tussen["oordeel"]
    assert data["_links"]["html"]["href"] == f"http://testserver/indicatoren/{indicator.pk}/"


def test_an_unknown_indicator_is_a_404_problem(client, db):
    response = client.get("/api/v1/indicatoren/999999")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_the_openapi_document_describes_the_indicators_with_an_indicator_as_example(client, actie, redactie):
    indicator = vul(actie, redactie)
    document = client.get("/api/v1/openapi.json").json()
    lijst = document["paths"]["/api/v1/indicatoren"]["get"]
    detail = document["paths"]["/api/v1/indicatoren/{id}"]["get"]
    assert "X-Total-Count" in lijst["responses"]["200"]["headers"]
    assert "application/problem+json" in detail["responses"]["404"]["content"]
    assert "API-Version" in detail["responses"]["200"]["headers"]
    assert detail["parameters"][0]["example"] == indicator.pk
    schema = document["components"]["schemas"]["Indicator"]["properties"]
    assert {"naam", "eenheid", "watTelt", "actie", "basis", "doelen", "metingen", "oordeel"} <= set(schema)
    doel = document["components"]["schemas"]["Doel"]["properties"]
    assert {"vervangt", "eerderBeloofd", "kamerstuk", "url", "oordeel"} <= set(doel)


ADRESSEN = [
    "/api/v1/indicatoren",
    "/api/v1/indicatoren?pageSize=100",
    "/indicatoren/export.csv",
    "/indicatoren/export.nl.csv",
    "/indicatoren/export.xlsx",
    "/indicatoren/export.json",
]


def test_the_api_and_exports_ask_the_same_number_of_queries_for_1_and_50_indicators(
    client, actie, redactie, django_assert_num_queries
):
    eerste = vul(actie, redactie, "Indicator 0")
    aantallen = {}
    for adres in [*ADRESSEN, f"/api/v1/indicatoren/{eerste.pk}"]:
        with CaptureQueriesContext(connection) as vragen:
            assert client.get(adres).status_code == 200, adres
        aantallen[adres] = len(vragen)
    assert aantallen["/api/v1/indicatoren"] <= 4 and aantallen["/indicatoren/export.csv"] <= 3
    for n in range(1, 50):
        vul(actie, redactie, f"Indicator {n}")
    for adres, aantal in aantallen.items():
        with django_assert_num_queries(aantal):
            response = client.get(adres)
        if adres.endswith("pageSize=100"):
            assert len(response.json()["_embedded"]["indicatoren"]) == 50
        if adres.endswith("export.json"):
            assert json.loads(response.content)["aantal"] == 50


def test_the_export_has_a_row_per_figure_and_opens_in_dutch_excel(client, actie, redactie):
    indicator = vul(actie, redactie)
    response = client.get("/indicatoren/export.nl.csv")
    assert response["Content-Disposition"] == 'attachment; filename="pokvolg-indicatoren-excel-nl.csv"'
    tekst = response.content.decode("utf-8")
    assert tekst.startswith("\ufeff")
    rijen = list(csv.DictReader(io.StringIO(tekst.removeprefix("\ufeff")), delimiter=";"))
    assert [(r["Soort"], r["Datum"], r["Waarde"]) for r in rijen] == [
        ("basiswaarde", "2021-06-29", "0"),
        ("meting", "2022-01-01", "10"),
        ("meting", "2022-07-01", "20"),
        ("meting", "2023-04-01", "35"),
        ("eerder beloofd", "2024-03-31", "100"),
        ("doel", "2025-03-31", "87,5"),
        ("doel", "2025-09-30", "100"),
    ]
    eerder, tussen = rijen[4], rijen[5]
    assert eerder["Oordeel"] == "doel verschoven van 31 maart 2024 naar 30 september 2025"
    assert (eerder["Kamerstuk"], eerder["Prognose op de doeldatum"]) == ("35510-60", "")
    assert tussen["Oordeel"] == "achter op schema: bij dit tempo 75,1% op 31 maart 2025"
    assert tussen["Prognose op de doeldatum"] == "75,11"
    assert {r["Adres"] for r in rijen} == {f"http://testserver/indicatoren/{indicator.pk}/"}
    # The standard CSV: commas, and a decimal point.
    standaard = client.get("/indicatoren/export.csv").content.decode("utf-8").removeprefix("\ufeff")
    assert list(csv.DictReader(io.StringIO(standaard)))[5]["Waarde"] == "87.5"
    assert client.get("/indicatoren/export.pdf").status_code == 404


def test_the_xlsx_has_a_frozen_header_real_dates_and_numbers(client, actie, redactie):
    vul(actie, redactie)
    response = client.get("/indicatoren/export.xlsx")
    blad = load_workbook(io.BytesIO(response.content)).active
    assert blad.title == "Indicatoren" and blad.freeze_panes == "A2"
    assert blad.auto_filter.ref == "A1:M8"
    kop = [c.value for c in blad[1]]
    tussen = dict(zip(kop, [c.value for c in blad[7]], strict=True))
    assert tussen["Datum"] == datetime.datetime(2025, 3, 31) and blad.cell(7, 5).number_format == "dd-mm-yyyy"
    assert (tussen["Waarde"], tussen["Prognose op de doeldatum"]) == (87.5, 75.11)


def test_the_json_export_is_the_api_representation(client, actie, redactie):
    indicator = vul(actie, redactie)
    export = json.loads(client.get("/indicatoren/export.json").content)
    api = client.get(f"/api/v1/indicatoren/{indicator.pk}").json()
    assert export["aantal"] == 1 and export["indicatoren"] == [api]


def test_the_indicator_list_links_every_export_and_the_api(client, actie, redactie):
    vul(actie, redactie)
    pagina = client.get("/indicatoren/").content.decode()
    for adres in ("export.csv", "export.nl.csv", "export.xlsx", "export.json"):
        assert f'href="/indicatoren/{adres}"' in pagina
        assert client.get(f"/indicatoren/{adres}").status_code == 200
    assert 'href="/api/v1/indicatoren"' in pagina


def _api_contract():
    """benchmarks/api_contract.py, which runs schemathesis (from its own virtualenv)."""
    pad = pathlib.Path(__file__).resolve().parent.parent / "benchmarks" / "api_contract.py"
    spec = importlib.util.spec_from_file_location("api_contract", pad)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("api_contract", module)
    spec.loader.exec_module(module)
    return module


def test_schemathesis_finds_nothing_in_the_indicators_with_the_demo_figures(
    live_server, migratiedata, request, tmp_path
):
    request.getfixturevalue("demodata")
    demo.laad()
    # The demo has one measurement per indicator; this one also has a baseline and projections.
    vul(Actie.objects.get(nummer=1), request.getfixturevalue("redactie"), "Met prognose")
    assert Indicator.objects.count() == 3
    contract = _api_contract()
    args = contract.opdracht(
        contract.schemathesis(), live_server.url + contract.SCHEMA, max_examples=8, workers=1, seed=1
    )
    status, uitvoer, _duur = contract.draai([*args, "--include-tag", "indicatoren"], tmp_path)
    assert status == 0 and contract.unieke_fouten(uitvoer) == 0, uitvoer[-8000:]
    assert re.search(r"Operations:\s+2 selected", uitvoer), uitvoer[-8000:]
