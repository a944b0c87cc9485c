"""Shared by the benchmarks that run pokvolg as in production (pdf_vloed, vaststellen, publicatiedag).

A PostgreSQL database with the demo data, static files collected into a temporary directory, gunicorn
and, for code with background jobs (a jobs/ directory), one `manage.py db_worker`; everything on
127.0.0.1, and only processes this module started are stopped. The code may be another checkout
(`--code DIR`): its manage.py and its pokvolg package are used, with this virtualenv.
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PG = ["psql", "-h", "127.0.0.1", "-U", "postgres"]
# Variables of the caller's shell that would change what is measured.
WEG = ("DATABASE_URL", "REDIS_URL", "TASKS_BACKEND", "DJANGO_SETTINGS_MODULE", "STATIC_ROOT", "MEDIA_ROOT")


class Code:
    """A checkout of pokvolg: this project, or an older one to compare with."""

    def __init__(self, pad):
        self.pad = Path(pad).resolve()
        if not (self.pad / "manage.py").is_file():
            sys.exit(f"{self.pad} is geen pokvolg-map (geen manage.py)")
        # The old code renders every PDF in the request and has no worker.
        self.met_taken = (self.pad / "jobs").is_dir()
        self.leest_redis = "REDIS_URL" in (self.pad / "pokvolg" / "settings.py").read_text()

    def database(self, basis):
        """One database per checkout: the schemas of old and new code differ."""
        if self.pad == ROOT:
            return basis
        return f"{basis}_{re.sub(r'[^a-z0-9]+', '_', self.pad.name.lower()).strip('_')}"

    def beschrijving(self):
        soort = "met achtergrondtaken" if self.met_taken else "zonder achtergrondtaken: PDF in het verzoek"
        return f"{self.pad} ({soort})"


def omgeving(db, **extra):
    env = {k: v for k, v in os.environ.items() if k not in WEG}
    env.update(
        DATABASE_URL=f"postgresql://postgres@127.0.0.1:5432/{db}",
        SECRET_KEY="benchmark-" + "x" * 50,
        DEBUG="false",
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
        PYTHONUNBUFFERED="1",
    )
    env.update({k: str(v) for k, v in extra.items()})
    return env


def psql(sql, db="postgres"):
    subprocess.run([*PG, "-d", db, "-qc", sql], check=True)


def database_bestaat(db):
    uit = subprocess.run(
        [*PG, "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{db}'"],
        capture_output=True,
        text=True,
        check=True,
    )
    return uit.stdout.strip() == "1"


def manage(code, env, *args, stil=False):
    """Run manage.py of `code`; with stil, its output is kept back (the demo prints passwords)."""
    uit = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=code.pad, env=env, capture_output=stil, text=True
    )
    if uit.returncode:
        if stil:
            print(uit.stdout[-3000:], uit.stderr[-3000:], sep="\n", file=sys.stderr)
        sys.exit(f"manage.py {args[0]} mislukte (exitcode {uit.returncode})")
    return uit.stdout


def shell(code, env, python):
    """Run Python in `manage.py shell` of `code` and return what it printed."""
    return manage(code, env, "shell", "-c", python, stil=True)


def demodatabase(code, env, db, opnieuw):
    """The database with the demo data: made afresh when asked or missing, else migrated and reused."""
    begin = time.monotonic()
    if opnieuw or not database_bestaat(db):
        psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        psql(f"CREATE DATABASE {db}")
        manage(code, env, "migrate", "--noinput", "-v0")
        manage(code, env, "demo", stil=True)
        print(f"database {db} gemaakt met demodata: {time.monotonic() - begin:.0f} s")
    else:
        manage(code, env, "migrate", "--noinput", "-v0")
        print(f"database {db} hergebruikt (--opnieuw maakt hem opnieuw)")


class Werkmap:
    """Temporary static, media and log directories; removed afterwards."""

    def __init__(self, naam):
        self.pad = Path(tempfile.mkdtemp(prefix=f"pokvolg-{naam}-"))
        for sub in ("static", "media", "logs"):
            (self.pad / sub).mkdir()
        self.static, self.media, self.logs = self.pad / "static", self.pad / "media", self.pad / "logs"

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.pad, ignore_errors=True)


def collectstatic(code, env):
    """gunicorn without DEBUG serves the collected, hashed static files (whitenoise's manifest)."""
    manage(code, env, "collectstatic", "--noinput", "-v0")


def vrije_poort():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def vraag(poort, pad, timeout=30.0):
    """One GET on a new connection: (status or None, headers, body, seconds)."""
    begin = time.perf_counter()
    verbinding = http.client.HTTPConnection("127.0.0.1", poort, timeout=timeout)
    try:
        verbinding.request("GET", pad)
        antwoord = verbinding.getresponse()
        inhoud = antwoord.read()
        kop = {k.lower(): v for k, v in antwoord.getheaders()}
        return antwoord.status, kop, inhoud, time.perf_counter() - begin
    except (OSError, http.client.HTTPException):
        return None, {}, b"", time.perf_counter() - begin
    finally:
        verbinding.close()


class Diensten:
    """gunicorn (and optionally one job worker) of `code`, stopped on leaving the block."""

    def __init__(self, code, env, werkmap, poort, workers, threads=1, timeout=60, worker=False):
        self.code, self.env, self.werkmap, self.poort = code, env, werkmap, poort
        # No control socket: two gunicorns (or someone else's) would fight over ~/.gunicorn/gunicorn.ctl.
        # Any request line, as the Procfile and the Dockerfile take it.
        self.gunicorn_args = [
            "--limit-request-line",
            "0",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--timeout",
            str(timeout),
            "--no-control-socket",
        ]
        self.met_worker = worker
        self.processen = {}

    def _start(self, naam, args):
        log = open(self.werkmap.logs / f"{naam}.log", "wb")  # closed in __exit__
        self.processen[naam] = (
            subprocess.Popen(args, cwd=self.code.pad, env=self.env, stdout=log, stderr=subprocess.STDOUT),
            log,
        )

    def __enter__(self):
        self._start(
            "gunicorn",
            [
                sys.executable,
                "-m",
                "gunicorn",
                "pokvolg.wsgi",
                "--chdir",
                str(self.code.pad),
                "--bind",
                f"127.0.0.1:{self.poort}",
                *self.gunicorn_args,
                "--log-level",
                "warning",
            ],
        )
        if self.met_worker:
            # Code with `werker` starts the worker of its backend (RQ with REDIS_URL); older code: db_worker.
            werker = (self.code.pad / "jobs" / "management" / "commands" / "werker.py").exists()
            self._start("worker", [sys.executable, "manage.py", "werker" if werker else "db_worker"])
        eind = time.monotonic() + 60
        while time.monotonic() < eind:
            for naam, (proces, _log) in self.processen.items():
                if proces.poll() is not None:
                    self.staart(naam)
                    self.__exit__()
                    sys.exit(f"{naam} stopte bij het starten (exitcode {proces.returncode})")
            if vraag(self.poort, "/gezondheid", timeout=5)[0] == 200:
                return self
            time.sleep(0.2)
        self.staart("gunicorn")
        self.__exit__()
        sys.exit("gunicorn antwoordde niet binnen 60 s op /gezondheid")

    def staart(self, naam, regels=20):
        pad = self.werkmap.logs / f"{naam}.log"
        if pad.is_file():
            tekst = pad.read_text(errors="replace").splitlines()[-regels:]
            print(f"--- laatste regels van {naam}.log ---", *tekst, sep="\n", file=sys.stderr)

    def __exit__(self, *exc):
        for proces, _log in self.processen.values():
            if proces.poll() is None:
                proces.terminate()
        for proces, log in self.processen.values():
            try:
                proces.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proces.kill()
                proces.wait(timeout=10)
            log.close()
        self.processen.clear()


def percentiel(waarden, p):
    waarden = sorted(waarden)
    return waarden[min(len(waarden) - 1, int(round(p / 100 * (len(waarden) - 1))))]


def meld_doelen(doelen):
    """Print each target ({name: met?}) and exit 1 when one is missed."""
    for naam, gehaald in doelen.items():
        print(f"doel {naam}: {'ja' if gehaald else 'NEE'}")
    gehaald = all(doelen.values())
    print("doel gehaald" if gehaald else "DOEL NIET GEHAALD")
    sys.exit(0 if gehaald else 1)
