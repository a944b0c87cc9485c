"""The API does what its OpenAPI document says: a short schemathesis run (all checks, every phase)
against a live server with the demo data. benchmarks/api_contract.py is the long run, on PostgreSQL.

schemathesis lives in its own virtualenv (var/schemathesis-venv; its dependencies clash with the
project's); the benchmark's helper makes it with pip when it is missing, so this test never skips."""

import importlib.util
import sys

import pytest

from tests.test_publiek_lijst import voeg_ronde_toe

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


def test_schemathesis_finds_nothing_in_a_short_run(live_server, contractdata, tmp_path):
    contract = _benchmark()
    programma = contract.schemathesis()
    status, uitvoer, duur = contract.draai(
        contract.opdracht(
            programma, live_server.url + contract.SCHEMA, seconden=30, max_examples=8, workers=1, seed=1
        ),
        tmp_path,
    )
    assert status == 0 and contract.unieke_fouten(uitvoer) == 0, uitvoer[-8000:]
    assert "Coverage" in uitvoer and "Fuzzing" in uitvoer and "Stateful" in uitvoer
