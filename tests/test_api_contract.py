"""The API does what its OpenAPI document says: a short schemathesis run (all checks, every phase)
against a live server with the demo data with DEBUG off, and its coverage phase (every operation's
invalid, missing and boundary values and unexpected methods: the errors) with DEBUG on, where Django's
technical pages take the place of the URLconf's handlers. benchmarks/api_contract.py is the long run,
every phase on both servers, on PostgreSQL.
Every answer under /api/, also those the API's views do not make, has API-Version and is a problem
when it is an error.

schemathesis lives in its own virtualenv (var/schemathesis-venv; its dependencies clash with the
project's); the benchmark's helper makes it with pip when it is missing, so this test never skips."""

import importlib.util
import sys

import pytest
from django.urls import path

from tests.conftest import voeg_ronde_toe

BENCHMARK = __import__("pathlib").Path(__file__).resolve().parent.parent / "benchmarks" / "api_contract.py"


def _benchmark():
    spec = importlib.util.spec_from_file_location("api_contract", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("api_contract", module)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def contractdata(migratiedata, request):
    """The demo data for a live server (migratiedata: see tests/conftest.py), with a second round."""
    import datetime

    request.getfixturevalue("demodata")
    voeg_ronde_toe("December 2021", datetime.date(2021, 12, 1), {2: ("Nieuwe tekst.", "vertraagd")})


def test_schemathesis_finds_nothing_in_a_short_run(live_server, contractdata, tmp_path, settings):
    contract = _benchmark()
    programma = contract.schemathesis()
    opdracht = contract.opdracht(
        programma, live_server.url + contract.SCHEMA, max_examples=8, workers=1, seed=1
    )
    settings.DEBUG = False
    status, uitvoer, _ = contract.draai(opdracht, tmp_path)
    assert status == 0 and contract.unieke_fouten(uitvoer) == 0, uitvoer[-8000:]
    assert "Coverage" in uitvoer and "Fuzzing" in uitvoer and "Stateful" in uitvoer
    # DEBUG changes only how errors are answered, and the coverage phase is where every operation meets
    # its errors; valid requests get the same answer either way and were fuzzed above.
    settings.DEBUG = True
    status, uitvoer, _ = contract.draai([*opdracht, "--phases", "examples,coverage"], tmp_path)
    assert status == 0 and contract.unieke_fouten(uitvoer) == 0, "DEBUG:\n" + uitvoer[-8000:]
    assert "Coverage" in uitvoer


def _stuk(request):
    raise RuntimeError("een fout die niemand verwachtte")


# The URLconf of the test of a 500: a view under /api/ that breaks.
urlpatterns = [path("api/v1/stuk", _stuk)]


@pytest.mark.parametrize(
    ("methode", "pad", "extra", "debug", "status"),
    [
        ("get", "/api/v1/acties/geen-nummer", {}, False, 404),
        ("get", "/api/v1/acties/geen-nummer", {}, True, 404),
        ("delete", "/api/v1/acties", {}, False, 405),
        ("delete", "/api/v1/openapi.json", {}, False, 405),
        ("get", "/api/v1/openapi.json", {"HTTP_ACCEPT": "text/html"}, True, 406),
        ("post", "/api/v1/acties", {"CONTENT_LENGTH": str(10**9)}, False, 413),
    ],
    ids=["404", "404-debug", "405", "405-openapi", "406-openapi-debug", "413"],
)
def test_an_error_under_the_api_is_a_problem_with_the_version(
    client, settings, methode, pad, extra, debug, status
):
    settings.DEBUG = debug
    response = getattr(client, methode)(pad, **extra)
    assert response.status_code == status
    assert response["API-Version"] == "1.0.0"
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == status and response.json()["instance"] == pad


def test_a_server_error_under_the_api_with_debug_is_a_problem_not_the_technical_page(client, settings):
    settings.DEBUG = True
    settings.ROOT_URLCONF = __name__
    client.raise_request_exception = False
    response = client.get("/api/v1/stuk")
    assert response.status_code == 500 and response["API-Version"] == "1.0.0"
    assert response.json() == {
        "type": "about:blank",
        "title": "Interne fout",
        "status": 500,
        "instance": "/api/v1/stuk",
    }


def test_the_redirect_to_the_api_overview_has_the_version_and_no_content(client):
    response = client.get("/api/v1")
    assert response.status_code == 301 and response["Location"] == "/api/v1/"
    assert response["API-Version"] == "1.0.0"
    assert "Content-Type" not in response and response.content == b""
