"""The open data API against its own OpenAPI document: schemathesis, all checks, on PostgreSQL.

    .venv/bin/python benchmarks/api_contract.py [--seconden 300] [--max-examples N] [--workers 2]
        [--seed N] [--opnieuw] [--database pokvolg_api_contract]

Builds (or reuses) the PostgreSQL database `pokvolg_api_contract` with the demo data
(benchmarks/opstelling.py), starts gunicorn on a free port of 127.0.0.1 as in production (DEBUG off,
the page cache on) and runs

    schemathesis run http://127.0.0.1:PORT/api/v1/openapi.json --checks all --max-time SECONDEN

with every phase (examples, coverage, fuzzing, stateful). gunicorn runs with --limit-request-line 0:
its own 414 for a request line over 4094 bytes is HTML from the web server, and schemathesis makes such
lines (a parameter repeated a hundred times) to see the API refuse them itself. schemathesis 4.x lives in
its own virtualenv, var/schemathesis-venv (its dependencies clash with the project's), made here with pip
when it is missing.
Prints schemathesis's report, the number of unique failures and the run length, and exits with
schemathesis's exit code: 0 when it found nothing.

tests/test_api_contract.py runs the same with a few examples per operation, against the test database.
"""

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from opstelling import ROOT, Code, Diensten, Werkmap, collectstatic, demodatabase, omgeving, vrije_poort  # noqa: E402

VENV = ROOT / "var" / "schemathesis-venv"
VERSIE = "schemathesis>=4,<5"
SCHEMA = "/api/v1/openapi.json"


def schemathesis():
    """The schemathesis command of its own virtualenv, made (with pip from the index) when missing."""
    programma = VENV / "bin" / "schemathesis"
    if not programma.exists():
        print(f"schemathesis ontbreekt: {VENV} wordt gemaakt ({VERSIE})", flush=True)
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(VENV)], check=True)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", VERSIE], check=True)
    return programma


def opdracht(programma, url, seconden=None, max_examples=None, workers=1, seed=None):
    """The schemathesis run: all checks, all phases, within the time or example budget."""
    args = [str(programma), "run", url, "--checks", "all", "--workers", str(workers), "--no-color"]
    args += ["--request-timeout", "30", "--generation-database", "none"]
    if seconden:
        args += ["--max-time", str(seconden)]
    if max_examples:
        args += ["--max-examples", str(max_examples)]
    if seed is not None:
        args += ["--seed", str(seed)]
    return args


def unieke_fouten(uitvoer):
    """The number of unique failures in schemathesis's summary ('N unique failures'), 0 without."""
    gevonden = re.search(r"(\d+)\s+unique\s+failures?", uitvoer)
    return int(gevonden[1]) if gevonden else 0


def draai(args, map):
    """Run schemathesis in `map` (it keeps a .schemathesis/ cache in its working directory), echo its
    output as it comes, return (exit code, output, seconds)."""
    begin = time.monotonic()
    regels = []
    with subprocess.Popen(
        args, cwd=map, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, errors="replace"
    ) as proces:
        for regel in proces.stdout:
            print(regel, end="", flush=True)
            regels.append(regel)
    return proces.returncode, "".join(regels), time.monotonic() - begin


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconden", type=int, default=300, help="--max-time van schemathesis")
    parser.add_argument("--max-examples", type=int, help="voorbeelden per operatie")
    parser.add_argument("--workers", type=int, default=2, help="gelijktijdige verzoeken van schemathesis")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--database", default="pokvolg_api_contract")
    parser.add_argument("--opnieuw", action="store_true", help="bouw de database opnieuw op")
    args = parser.parse_args()

    programma = schemathesis()
    code = Code(ROOT)
    with Werkmap("api-contract") as werkmap:
        env = omgeving(args.database, STATIC_ROOT=werkmap.static, MEDIA_ROOT=werkmap.media)
        demodatabase(code, env, args.database, args.opnieuw)
        collectstatic(code, env)
        poort = vrije_poort()
        diensten = Diensten(code, env, werkmap, poort, workers=2, threads=2)
        # gunicorn refuses a request line over 4094 bytes with its own 414 (HTML); schemathesis makes
        # longer ones (a parameter repeated a hundred times) to see that the API refuses them itself.
        diensten.gunicorn_args += ["--limit-request-line", "0"]
        with diensten:
            url = f"http://127.0.0.1:{poort}{SCHEMA}"
            status, uitvoer, duur = draai(
                opdracht(programma, url, args.seconden, args.max_examples, args.workers, args.seed),
                werkmap.pad,
            )
            if status:
                diensten.staart("gunicorn", 40)
    fouten = unieke_fouten(uitvoer)
    print(f"schemathesis {VENV.name}: {fouten} unieke fouten in {duur:.0f} s (exitcode {status})")
    sys.exit(status)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
