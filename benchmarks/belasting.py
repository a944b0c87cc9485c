"""Load test: gunicorn + PostgreSQL on this machine, 10,000 actions, readers and saving coordinators.

    .venv/bin/python benchmarks/belasting.py [--seconden 300] [--lezers 50] [--schrijvers 5] [--opnieuw]
        [--servers 1] [--redis]

Builds the database `pokvolg_belasting` on the local PostgreSQL (10,000 actions, 100,000 status texts,
an open round, five coordinators), starts gunicorn, and runs for the given time:
- readers: each a person with a browser, requesting list, search, action and API pages with a think
  time of --denktijd seconds (default 1) between requests;
- coordinators: each logs in through the login form and saves texts through the edit form, as fast as
  the server answers; now and then two of them save the same text, which must end in a refusal (409),
  never in a lost update.
Afterwards every successful save must be present with exactly one history row. Prints p50/p95 per page
type, error counts and the save check; exits 1 when a target is missed. Targets: read p95 < 300 ms,
0 errors, 0 lost updates (and at least one successful save).

With --servers N (N > 1) it starts N gunicorn instances on ports 8765, 8766, ..., each with --workers
workers, all on the same database, and one job worker (`manage.py werker`), as a ministry with more than one
app server runs it; readers and coordinators are spread over the servers round-robin (reader i and
coordinator i on server i mod N), so coordinators who share a ministry save on different servers.
--redis gives every server and the worker REDIS_URL=redis://127.0.0.1:6379/11 (shared cache, jobs in RQ,
database 11 emptied at the start) and starts the worker also with one server. Without --servers and
--redis: one gunicorn, no worker, as before.
"""

import argparse
import atexit
import http.client
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DB = "pokvolg_belasting"
POORT = 8765
REDIS_URL = "redis://127.0.0.1:6379/11"
WACHTWOORD = "belasting-wachtwoord-123"
OMGEVING = {
    **os.environ,
    "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{DB}",
    "SECRET_KEY": "belasting-" + "x" * 50,
    "DEBUG": "false",
    "ALLOWED_HOSTS": "127.0.0.1",
    "SECURE_SSL_REDIRECT": "false",
    "AXES_FAILURE_LIMIT": "1000",
}
sys.path.insert(0, str(ROOT))

from opstelling import meld_doelen  # noqa: E402  (benchmarks/ is on sys.path as the script's directory)


def psql(sql, db="postgres"):
    subprocess.run(["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-qc", sql], check=True)


def manage(*args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=OMGEVING, check=True)


def bouw_database():
    psql(f"DROP DATABASE IF EXISTS {DB}")
    psql(f"CREATE DATABASE {DB}")
    manage("migrate", "--noinput", "-v0")
    begin = time.monotonic()
    manage("genereer_testdata", "--acties", "10000", "--voortgang", "100000")
    print(f"testdata: {time.monotonic() - begin:.0f} s")
    # Fresh planner statistics, as autovacuum would have made them by the time a real database is this full.
    psql("ANALYZE", db=DB)
    code = f"""
import datetime
from django.contrib.auth.models import Group, User
from acties.models import Ministerie
from rapportage import ronde
redactie = User.objects.create_user("redactie", password="{WACHTWOORD}")
redactie.groups.add(Group.objects.get(name="Redactie"))
for i, afkorting in enumerate(["FIN", "FIN", "BZK", "BZK", "SZW"]):
    u = User.objects.create_user(f"coordinator-{{i}}", password="{WACHTWOORD}")
    u.groups.add(Group.objects.get(name="Coördinator"))
    Ministerie.objects.get(afkorting=afkorting).coordinatoren.add(u)
vandaag = datetime.date.today()
ronde.open_ronde("Belastingronde", vandaag, vandaag + datetime.timedelta(days=30), redactie)
"""
    begin = time.monotonic()
    subprocess.run([sys.executable, "manage.py", "shell", "-c", code], cwd=ROOT, env=OMGEVING, check=True)
    print(f"ronde geopend: {time.monotonic() - begin:.0f} s")


class Verbinding:
    """One keep-alive HTTP connection with a cookie jar, like one browser tab."""

    def __init__(self, poort=POORT):
        self.poort = poort
        self.http = http.client.HTTPConnection("127.0.0.1", poort, timeout=30)
        self.cookies = {}

    def vraag(self, methode, pad, velden=None):
        kop = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if velden is not None:
            body = urllib.parse.urlencode(velden)
            kop["Content-Type"] = "application/x-www-form-urlencoded"
            kop["Referer"] = f"http://127.0.0.1:{self.poort}{pad}"
        begin = time.perf_counter()
        for poging in (1, 2):
            try:
                self.http.request(methode, pad, body=body, headers=kop)
                antwoord = self.http.getresponse()
                inhoud = antwoord.read()
                break
            except (OSError, http.client.HTTPException):
                # The server closes idle keep-alive connections; a browser then simply reconnects.
                self.http.close()
                if poging == 2:
                    return None, b"", time.perf_counter() - begin
        for naam, waarde in antwoord.getheaders():
            if naam.lower() == "set-cookie":
                sleutel, _, rest = waarde.partition("=")
                self.cookies[sleutel] = rest.split(";")[0]
        return antwoord.status, inhoud, time.perf_counter() - begin


def csrf(inhoud):
    return re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', inhoud).group(1).decode()


def lezer(stop, tijden, fouten, denktijd, seed, poort, per_poort):
    rnd = random.Random(seed)
    v = Verbinding(poort)
    woorden = ["schulden", "ouders", "herstel", "wetgeving", "discriminatie", "informatie"]
    while not stop.is_set():
        soort = rnd.choice(["lijst", "zoeken", "actie", "api"])
        if soort == "lijst":
            pad = f"/acties/?status=in+uitvoering&q={rnd.choice(woorden)}"
        elif soort == "zoeken":
            pad = f"/acties/?q={rnd.choice(woorden)}+{rnd.choice(woorden)}"
        elif soort == "actie":
            pad = f"/acties/{rnd.randint(1, 10000)}/"
        else:
            pad = f"/api/v1/acties?ministerie=FIN&page={rnd.randint(1, 5)}"
        status, _, duur = v.vraag("GET", pad)
        tijden[soort].append(duur)
        per_poort[poort].append(duur)
        if status != 200:
            fouten[f"{soort} {status}"] += 1
        stop.wait(rnd.expovariate(1 / denktijd) if denktijd else 0)


def schrijver(nummer, stop, pks, bewaard, fouten, tijden, gedeeld, run, poort):
    rnd = random.Random(f"{run}-{nummer}")
    v = Verbinding(poort)
    status, inhoud, _ = v.vraag("GET", "/account/login/")
    status, _, _ = v.vraag(
        "POST",
        "/account/login/",
        {"csrfmiddlewaretoken": csrf(inhoud), "username": f"coordinator-{nummer}", "password": WACHTWOORD},
    )
    if status != 302:
        fouten[f"login {status}"] += 1
        return
    teller = 0
    while not stop.is_set():
        # Coordinators 0/1 and 2/3 share a ministry; a shared list of pks makes them collide sometimes.
        pk = rnd.choice(gedeeld if rnd.random() < 0.2 else pks)
        status, inhoud, duur = v.vraag("GET", f"/werk/teksten/{pk}/")
        tijden["bewerken (GET)"].append(duur)
        if status != 200:
            fouten[f"bewerken GET {status}"] += 1
            continue
        versie = re.search(rb'name="versie" value="(\d+)"', inhoud).group(1).decode()
        teller += 1
        merk = f"[belasting {run} {nummer}-{teller}]"
        velden = {
            "csrfmiddlewaretoken": csrf(inhoud),
            "tekst": f"Stand van zaken bijgewerkt tijdens de belastingtest {merk}.",
            "status": "in uitvoering",
            "versie": versie,
            "actie": "bewaar",
        }
        status, _, duur = v.vraag("POST", f"/werk/teksten/{pk}/", velden)
        tijden["opslaan (POST)"].append(duur)
        if status == 302:
            bewaard.append((pk, versie, merk))
        elif status == 409:
            fouten["conflict (geweigerd, niet verloren)"] += 1
        else:
            fouten[f"opslaan {status}"] += 1


def percentiel(waarden, p):
    waarden = sorted(waarden)
    return waarden[min(len(waarden) - 1, int(round(p / 100 * (len(waarden) - 1))))]


def controleer_opslag(bewaard):
    """Every successful save is in the history exactly once, and no two saves started from one version.

    Two successful saves from the same version of a text would mean the second silently replaced the
    first: a lost update.
    """
    os.environ.update(OMGEVING)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pokvolg.settings"
    import django

    django.setup()
    from rapportage.models import Voortgang

    zonder, dubbel = 0, 0
    for pk, _versie, merk in bewaard:
        n = Voortgang.history.filter(id=pk, tekst__contains=merk).count()
        zonder += n == 0
        dubbel += n > 1
    verloren = len(bewaard) - len({(pk, versie) for pk, versie, _merk in bewaard})
    return zonder, dubbel, verloren


class Processen:
    """The servers and the worker this script started; stopped on leaving the block, also on an error."""

    def __init__(self, stop):
        self.stop = stop
        self.lijst = []  # (naam, Popen, open log file or None)

    def start(self, naam, args, log=None):
        uit = open(log, "wb") if log else None  # closed in __exit__
        self.lijst.append(
            (
                naam,
                subprocess.Popen(
                    args, cwd=ROOT, env=OMGEVING, stdout=uit, stderr=subprocess.STDOUT if uit else None
                ),
                uit,
            )
        )

    def gestopt(self):
        return [(naam, p.returncode) for naam, p, _ in self.lijst if p.poll() is not None]

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        # Readers and coordinators stop first: gunicorn waits for open requests before it stops.
        self.stop.set()
        for _naam, p, _log in self.lijst:
            if p.poll() is None:
                p.terminate()
        for _naam, p, log in self.lijst:
            try:
                p.wait(timeout=30)
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=10)
            if log:
                log.close()
        self.lijst.clear()


def staart(pad, regels=20):
    if pad.is_file():
        tekst = pad.read_text(errors="replace").splitlines()[-regels:]
        print(f"--- laatste regels van {pad.name} ---", *tekst, sep="\n", file=sys.stderr)


def wacht_op_servers(poorten, processen, seconden=60):
    """Until every server answers /gezondheid with 200; stops the script when one does not start."""
    eind = time.monotonic() + seconden
    for poort in poorten:
        while True:
            if processen.gestopt():
                sys.exit(f"gestopt bij het starten: {processen.gestopt()}")
            try:
                if Verbinding(poort).vraag("GET", "/gezondheid")[0] == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > eind:
                sys.exit(f"gunicorn op poort {poort} antwoordde niet binnen {seconden} s op /gezondheid")
            time.sleep(0.2)


def leeg_redis():
    import redis

    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2).flushdb()
    except redis.exceptions.ConnectionError as fout:
        sys.exit(f"Redis op {REDIS_URL} is niet bereikbaar ({fout}); zie /work/shared/notes/stack.md")


def _stop_bij_signaal(signum, _frame):
    # SystemExit runs the finally blocks and __exit__, which stop the servers and the worker.
    raise SystemExit(f"gestopt door signaal {signum}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconden", type=float, default=300)
    parser.add_argument("--lezers", type=int, default=50)
    parser.add_argument("--schrijvers", type=int, default=5)
    parser.add_argument("--denktijd", type=float, default=1.0)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn-workers per server")
    parser.add_argument("--servers", type=int, default=1, help="gunicorn-instanties, elk op een eigen poort")
    parser.add_argument("--redis", action="store_true", help=f"REDIS_URL={REDIS_URL} voor servers en worker")
    parser.add_argument("--opnieuw", action="store_true", help="Bouw de database opnieuw op.")
    args = parser.parse_args()
    if args.servers < 1:
        parser.error("--servers moet minstens 1 zijn")
    signal.signal(signal.SIGTERM, _stop_bij_signaal)
    met_worker = args.servers > 1 or args.redis
    if args.redis:
        OMGEVING["REDIS_URL"] = REDIS_URL
        leeg_redis()

    bestaat = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname='{DB}'",
        ],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if args.opnieuw or not bestaat:
        bouw_database()
    else:
        # A database built by older code gets the new tables and columns; its rows stay.
        manage("migrate", "--noinput", "-v0")

    werkmap = Path(tempfile.mkdtemp(prefix="pokvolg-belasting-"))
    # Static files and the worker's log; removed at exit, also after an error or SIGTERM.
    atexit.register(shutil.rmtree, werkmap, ignore_errors=True)
    OMGEVING["STATIC_ROOT"] = str(werkmap / "static")
    manage("collectstatic", "--noinput", "-v0")
    poorten = [POORT + i for i in range(args.servers)]
    belasting_voor = os.getloadavg()[0]
    stop = threading.Event()
    with Processen(stop) as processen:
        for i, poort in enumerate(poorten):
            processen.start(
                f"gunicorn {i + 1} (poort {poort})",
                [
                    str(ROOT / ".venv" / "bin" / "gunicorn"),
                    "pokvolg.wsgi",
                    "--bind",
                    f"127.0.0.1:{poort}",
                    "--workers",
                    str(args.workers),
                    "--threads",
                    "4",
                    "--log-level",
                    "warning",
                    "--limit-request-line",
                    "0",
                    # Every gunicorn would otherwise take ~/.gunicorn/gunicorn.ctl, also other people's.
                    "--no-control-socket",
                ],
            )
        if met_worker:
            # `werker` picks the worker that fits TASKS_BACKEND: RQ with REDIS_URL, else the database.
            processen.start("worker", [sys.executable, "manage.py", "werker"], log=werkmap / "worker.log")
        wacht_op_servers(poorten, processen)

        code = """
from django.db.models import Q
from rapportage.models import Voortgang
qs = Voortgang.objects.filter(rapportage__titel="Belastingronde")
for afk in ["FIN", "BZK", "SZW"]:
    mijn = qs.filter(actie__actieministeries__ministerie__afkorting=afk)
    pks = list(mijn.values_list("pk", flat=True)[:2000])
    print(afk, ",".join(map(str, pks)))
"""
        uit = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", code],
            cwd=ROOT,
            env=OMGEVING,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        per_ministerie = {
            r.split()[0]: [int(x) for x in r.split()[1].split(",")]
            for r in uit.splitlines()
            if r[:4] in ("FIN ", "BZK ", "SZW ")
        }
        ministerie_van = ["FIN", "FIN", "BZK", "BZK", "SZW"]

        # Marks every saved text with this run, so the history check never sees a text of an earlier run.
        run = time.strftime("%Y%m%d%H%M%S")
        tijden = defaultdict(list)
        fouten = defaultdict(int)
        bewaard = []
        per_poort = defaultdict(list)
        # Round-robin: reader i and coordinator i talk to server i mod N (with one server: all to it).
        draden = [
            threading.Thread(
                target=lezer,
                args=(stop, tijden, fouten, args.denktijd, i, poorten[i % len(poorten)], per_poort),
                daemon=True,
            )
            for i in range(args.lezers)
        ]
        for i in range(args.schrijvers):
            pks = per_ministerie[ministerie_van[i % 5]]
            draden.append(
                threading.Thread(
                    target=schrijver,
                    args=(i, stop, pks, bewaard, fouten, tijden, pks[:5], run, poorten[i % len(poorten)]),
                    daemon=True,
                )
            )
        for d in draden:
            d.start()
        time.sleep(args.seconden)
        stop.set()
        for d in draden:
            d.join(timeout=60)
        # A server or worker that died during the run is an error, even when the others carried the load.
        for naam, code_ in processen.gestopt():
            fouten[f"{naam} gestopt (exitcode {code_})"] += 1
            if naam == "worker":
                staart(werkmap / "worker.log")
    belasting_na = os.getloadavg()[0]

    opstelling = (
        f"{args.servers} x gunicorn (poorten {', '.join(map(str, poorten))}), "
        f"elk {args.workers} workers x 4 threads"
        if args.servers > 1
        else f"gunicorn {args.workers} workers x 4 threads"
    )
    if args.redis:
        opstelling += f", Redis {REDIS_URL} (cache en RQ)"
    if met_worker:
        opstelling += ", 1 worker (manage.py werker)"
    print(
        f"\n{args.lezers} lezers (denktijd {args.denktijd} s), {args.schrijvers} coördinatoren, "
        f"{args.seconden:.0f} s, {opstelling}, PostgreSQL, 10.000 acties"
    )
    print(
        f"machine: {os.cpu_count()} kernen, load average (1 min) voor {belasting_voor:.1f}, "
        f"na {belasting_na:.1f} "
        "(lastgenerator, servers en PostgreSQL op dezelfde machine)"
    )
    lees = []
    for soort, waarden in sorted(tijden.items()):
        if soort in ("lijst", "zoeken", "actie", "api"):
            lees += waarden
        print(
            f"{soort:16s} n={len(waarden):6d}  p50={statistics.median(waarden) * 1000:7.1f} ms  "
            f"p95={percentiel(waarden, 95) * 1000:7.1f} ms"
        )
    p95_lezen = percentiel(lees, 95) * 1000 if lees else float("inf")
    echte_fouten = {k: v for k, v in fouten.items() if not k.startswith("conflict")}
    if args.servers > 1:
        for poort, waarden in sorted(per_poort.items()):
            print(f"lezen poort {poort} n={len(waarden):6d}  p95={percentiel(waarden, 95) * 1000:7.1f} ms")
    print(f"lezen totaal     n={len(lees):6d}  p95={p95_lezen:.1f} ms")
    print(f"fouten: {sum(echte_fouten.values())} {dict(echte_fouten) or ''}")
    print(
        "conflicten (tweede opslag geweigerd met 409):",
        fouten.get("conflict (geweigerd, niet verloren)", 0),
    )
    zonder, dubbel, verloren = controleer_opslag(bewaard)
    print(
        f"opslagen: {len(bewaard)} geslaagd; zonder historie {zonder}, "
        f"met meer dan één historierij {dubbel}, "
        f"verloren updates (twee geslaagde opslagen vanaf dezelfde versie) {verloren}"
    )
    meld_doelen(
        {
            "lezen p95 < 300 ms": p95_lezen < 300,
            "0 fouten": not echte_fouten,
            "0 verloren updates (elke opslag één keer in de historie)": not (zonder or dubbel or verloren),
            "opslagen geslaagd": bool(bewaard),
        }
    )


if __name__ == "__main__":
    main()
