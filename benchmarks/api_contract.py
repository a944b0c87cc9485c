"""The open data API against its own OpenAPI document: schemathesis, all checks, on two servers.

    .venv/bin/python benchmarks/api_contract.py [--seconden 300] [--max-examples N] [--workers 2]
        [--seed N] [--opnieuw] [--database pokvolg_api_contract]

Builds (or reuses) the PostgreSQL database `pokvolg_api_contract` with the demo data
(benchmarks/opstelling.py) and runs, one after the other on a free port of 127.0.0.1,

- `manage.py runserver` with DEBUG=true, as a developer runs it: Django's technical pages for a 404
  or a 500 take the place of the URLconf's handlers there;
- gunicorn as in production (the Procfile): DEBUG off, the page cache on;

each for SECONDEN with

    schemathesis run http://127.0.0.1:PORT/api/v1/openapi.json --checks all --max-time SECONDEN

and every phase (examples, coverage, fuzzing, stateful). gunicorn runs with --limit-request-line 0, as
in the Procfile (benchmarks/opstelling.py): its own 414 for a request line over 4094 bytes is HTML from
the web server, and schemathesis makes such lines (a parameter repeated a hundred times) to see the API
refuse them itself. schemathesis 4.x lives in
its own virtualenv, var/schemathesis-venv (its dependencies clash with the project's), made here with pip
when it is missing.
Prints schemathesis's report for each server, then per server the requests it answered under /api/
(counted in its request log), the number of unique failures and the run length; exits 1 when
schemathesis found something on either server, 0 when it found nothing on both.

tests/test_api_contract.py runs the same with a few examples per operation, against the test database,
with DEBUG off and on.
"""

import argparse
import fcntl
import os
import re
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from opstelling import (  # noqa: E402
    ROOT,
    Code,
    Diensten,
    Werkmap,
    collectstatic,
    demodatabase,
    omgeving,
    vraag,
    vrije_poort,
)

VENV = ROOT / "var" / "schemathesis-venv"
VERSIE = "schemathesis>=4,<5"
SCHEMA = "/api/v1/openapi.json"


def schemathesis():
    """The schemathesis command of its own virtualenv, made (with pip from the index) when missing."""
    programma = VENV / "bin" / "schemathesis"
    VENV.parent.mkdir(parents=True, exist_ok=True)
    # Test processes side by side (pytest -n 2) may both need it: one makes it while the other waits.
    with open(VENV.parent / "schemathesis-venv.lock", "w") as slot:
        fcntl.flock(slot, fcntl.LOCK_EX)
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


def verzoeken(log):
    """The requests under /api/ in a server's request log (runserver's, or gunicorn's access log)."""
    return len(re.findall(r'"[A-Z]+ /api/', log.read_text(errors="replace")))


class Runserver(Diensten):
    """`manage.py runserver` with DEBUG=true, as a developer runs it, in place of gunicorn."""

    def __init__(self, code, env, werkmap, poort):
        super().__init__(code, {**env, "DEBUG": "true"}, werkmap, poort, workers=1)

    def __enter__(self):
        # --noreload: one process, which leaving the block stops.
        self._start(
            "runserver", [sys.executable, "manage.py", "runserver", f"127.0.0.1:{self.poort}", "--noreload"]
        )
        proces = self.processen["runserver"][0]
        eind = time.monotonic() + 60
        while time.monotonic() < eind and proces.poll() is None:
            if vraag(self.poort, "/gezondheid", timeout=5)[0] == 200:
                return self
            time.sleep(0.2)
        self.staart("runserver")
        self.__exit__()
        sys.exit("runserver antwoordde niet binnen 60 s op /gezondheid")


def controleer(naam, diensten, programma, args, werkmap):
    """One schemathesis run against `diensten`, whose request log is `naam`.log:
    (exit code, unique failures, requests, seconds)."""
    print(f"=== {naam} op poort {diensten.poort} ===", flush=True)
    with diensten:
        url = f"http://127.0.0.1:{diensten.poort}{SCHEMA}"
        status, uitvoer, duur = draai(
            opdracht(programma, url, args.seconden, args.max_examples, args.workers, args.seed), werkmap.pad
        )
        if status:
            diensten.staart(naam, 40)
    return status, unieke_fouten(uitvoer), verzoeken(werkmap.logs / f"{naam}.log"), duur


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconden", type=int, default=300, help="--max-time van schemathesis, per server")
    parser.add_argument("--max-examples", type=int, help="voorbeelden per operatie")
    parser.add_argument("--workers", type=int, default=2, help="gelijktijdige verzoeken van schemathesis")
    parser.add_argument("--seed", type=int)
    parser.add_argument("--database", default="pokvolg_api_contract")
    parser.add_argument("--opnieuw", action="store_true", help="bouw de database opnieuw op")
    args = parser.parse_args()

    programma = schemathesis()
    code = Code(ROOT)
    uitslagen = {}
    with Werkmap("api-contract") as werkmap:
        env = omgeving(args.database, STATIC_ROOT=werkmap.static, MEDIA_ROOT=werkmap.media)
        demodatabase(code, env, args.database, args.opnieuw)
        collectstatic(code, env)
        runserver = Runserver(code, env, werkmap, vrije_poort())
        uitslagen["runserver"] = controleer("runserver", runserver, programma, args, werkmap)
        gunicorn = Diensten(code, env, werkmap, vrije_poort(), workers=2, threads=2)
        gunicorn.gunicorn_args += ["--access-logfile", "-"]
        uitslagen["gunicorn"] = controleer("gunicorn", gunicorn, programma, args, werkmap)
    for naam, (status, fouten, aantal, duur) in uitslagen.items():
        print(
            f"schemathesis tegen {naam}: {aantal} verzoeken, {fouten} unieke fouten in {duur:.0f} s"
            f" (exitcode {status})"
        )
    sys.exit(1 if any(status for status, *_rest in uitslagen.values()) else 0)


if __name__ == "__main__":
    os.chdir(ROOT)
    main()
