"""Faults while people use the site: Redis gone, a poisoned URL, the database dropping connections.
Does any request get a 5xx, does any job stay unfinished, is any text half-saved?

    .venv/bin/python benchmarks/storingen.py [--scenario redis|gif|database|alle] [--opnieuw]
        [--database pokvolg_storingen] [--redis-poort 6390] [--code DIR]

Builds (or reuses) the PostgreSQL database `pokvolg_storingen` with the demo data and an open round,
starts its own Redis (`redis-server --port 6390 --save '' --appendonly no`, never the shared one on 6379),
and per scenario gunicorn (3 workers, as the Dockerfile) and one `manage.py werker` (as the Procfile),
production settings, REDIS_URL on that Redis, a queue emptied beforehand. Visitors follow a PDF as a
browser does (redirect, waiting page every 0.25 s, Retry-After on a 429). Follow requests come each from
their own address in X-Forwarded-For (CLIENT_IP_HEADER), so the per-IP limit of the form does not refuse
them.

- redis: 3 PDF visitors and 2 follow requests (/volgen/, each a confirmation mail job) for 15 s, then
  Redis stopped (SIGTERM) for 30 s and started empty, 15 s more. Counts 5xx before, during and after
  the outage, jobs unfinished 2 minutes after Redis came back, and then times 100 PDF requests
  (25 new lists, each asked 4 times, 4 at a time) against 10 asked before the outage.
- gif: every 5 s for 60 s the poisoned URL `/acties/lijst.pdf?status=afgerond&x=<480 × a>` and, in
  turn, a search of 200 accented characters, while 2 visitors ask ordinary list PDFs. Compares the
  ordinary PDFs with 8 asked before, and counts jobs still waiting or running 2 minutes later.
- database: 4 coordinators (two per ministry) save texts through /werk/teksten/<pk>/ with their CSRF
  token, and a visitor asks PDFs, for 10 s, then every 250 ms for 30 s every connection to the database
  is ended (pg_terminate_backend), then 10 s more. Checks that every saved text has its history row and
  that the text's versie matches its history (0 half-saved), counts 5xx by status for GET and POST
  and jobs unfinished 2 minutes after the fault. A POST answered 503 ("Uw wijziging is niet bewaard",
  nothing saved, send it again) is the intended answer to a cut and not counted as a failure.

--code DIR runs another checkout (its manage.py and pokvolg package, with this virtualenv), e.g. a
`git archive HEAD` of main while the working tree holds someone's unfinished change. Prints the figures
with the load average. Exits 1 when a 5xx was seen (but such a POST's 503), a job stayed unfinished or
a text was half-saved.
"""

import argparse
import http.client
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from itertools import product
from pathlib import Path

from opstelling import (
    ROOT,
    Code,
    Diensten,
    Werkmap,
    collectstatic,
    database_bestaat,
    manage,
    omgeving,
    psql,
    vrije_poort,
)

DB = "pokvolg_storingen"
WACHTWOORD = "storingen-wachtwoord-123"
COORDINATOREN = ("coordinator-fin", "coordinator-bzk")
NA_DE_FOUT = 120  # seconds after a fault at which no job may be unfinished
WOORDEN = ["ouders", "herstel", "schulden", "informatie", "wetgeving", "toeslag", "gemeente", "brief"]
NUMMER = re.compile(r"[0-9a-f-]{32,}|\d+")
ACCENTEN = "éèëêáàäâóòöôúùüûíìïîçñ"


def _code_van(adres):
    delen = urllib.parse.urlsplit(adres)
    return delen.path + (f"?{delen.query}" if delen.query else "")


class Bezoeker:
    """One browser: cookies, and every answer logged as (moment, soort, status or None, seconds)."""

    def __init__(self, poort, log, soort, ip=None):
        self.poort, self.log, self.soort, self.ip = poort, log, soort, ip
        self.cookies = {}

    def vraag(self, methode, pad, velden=None, soort=None, timeout=60):
        kop = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if self.ip:
            kop["X-Forwarded-For"] = self.ip
        body = None
        if velden is not None:
            body = urllib.parse.urlencode(velden)
            kop["Content-Type"] = "application/x-www-form-urlencoded"
        begin = time.perf_counter()
        verbinding = http.client.HTTPConnection("127.0.0.1", self.poort, timeout=timeout)
        try:
            verbinding.request(methode, pad, body=body, headers=kop)
            antwoord = verbinding.getresponse()
            inhoud = antwoord.read()
            status, koppen = antwoord.status, antwoord.getheaders()
        except (OSError, http.client.HTTPException):
            status, koppen, inhoud = None, [], b""
        finally:
            verbinding.close()
        duur = time.perf_counter() - begin
        self.log.append((time.monotonic(), soort or self.soort, methode, status, duur, pad.split("?")[0]))
        for naam, waarde in koppen:
            if naam.lower() == "set-cookie":
                sleutel, _, rest = waarde.partition("=")
                self.cookies[sleutel] = rest.split(";")[0]
        return status, {k.lower(): v for k, v in koppen}, inhoud

    def pdf(self, pad, wachttijd=90):
        """As a browser: follow the redirect to the waiting page and poll it until the PDF is there.
        Returns (first status, seconds until the PDF or None)."""
        begin, eind = time.monotonic(), time.monotonic() + wachttijd
        eerste, url = None, pad
        while time.monotonic() < eind:
            status, kop, inhoud = self.vraag("GET", url, soort="pdf")
            eerste = eerste or status
            if status == 200 and inhoud.startswith(b"%PDF-"):
                return eerste, time.monotonic() - begin
            if status == 200 and "?formaat=json" in url:
                staat = json.loads(inhoud)
                if staat["status"] == "mislukt":
                    return eerste, None
                if staat["status"] == "klaar":
                    url = _code_van(staat["url"])
                else:
                    time.sleep(0.25)
                continue
            if status in (301, 302):
                url = _code_van(kop["location"])
                if url.startswith("/taken/"):
                    url += "?formaat=json"
                continue
            if status == 429:
                time.sleep(min(float(kop.get("retry-after", "5")), 5))
                continue
            return eerste, None
        return eerste, None


def csrf(inhoud):
    gevonden = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', inhoud)
    return gevonden.group(1).decode() if gevonden else ""


# --- set-up ------------------------------------------------------------------------------------------


def database(code, env, db, opnieuw):
    """The demo data, an open round and known passwords for the two coordinators."""
    if opnieuw or not database_bestaat(db):
        begin = time.monotonic()
        psql(f"DROP DATABASE IF EXISTS {db} WITH (FORCE)")
        psql(f"CREATE DATABASE {db}")
        manage(code, env, "migrate", "--noinput", "-v0")
        # The demo's passwords go to a temporary file, not to var/ of the working tree.
        manage(code, env, "demo", "--wachtwoorden", tempfile.mktemp(prefix="pokvolg-storingen-"), stil=True)
        print(f"database {db} gemaakt met demodata: {time.monotonic() - begin:.0f} s")
    else:
        manage(code, env, "migrate", "--noinput", "-v0")
        print(f"database {db} hergebruikt (--opnieuw maakt hem opnieuw)")
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pokvolg.settings"
    sys.path.insert(0, str(code.pad))
    import django

    django.setup()
    import datetime

    from django.contrib.auth.models import User

    from rapportage import ronde
    from rapportage.models import Rapportage

    for naam in COORDINATOREN:
        gebruiker = User.objects.get(username=naam)
        gebruiker.set_password(WACHTWOORD)
        gebruiker.save()
    if not Rapportage.objects.filter(vastgesteld_op__isnull=True).exists():
        vandaag = datetime.date.today()
        redactie = User.objects.get(username="redactie")
        ronde.open_ronde("Storingsronde", vandaag, vandaag + datetime.timedelta(days=30), redactie)


def lege_wachtrij():
    from django_tasks_db.models import DBTaskResult

    from jobs.models import Job

    Job.objects.all().delete()
    DBTaskResult.objects.all().delete()


class Lijsten:
    """Many different valid list filters (thema × status × ministerie × word), shuffled, each asked once,
    so each renders its own PDF; shared by the visitors' threads."""

    def __init__(self, zaad):
        from acties.models import Ministerie, Thema
        from openbaar.filters import ActieFilter

        themas = list(Thema.objects.filter(hoofdthema__isnull=True).values_list("slug", flat=True))
        statussen = [w for w, _l in ActieFilter().form.fields["status"].choices if w]
        ministeries = list(Ministerie.objects.values_list("afkorting", flat=True))
        self.paden = [
            "/acties/lijst.pdf?" + urllib.parse.urlencode({"thema": t, "status": s, "ministerie": m, "q": w})
            for t, s, m, w in product(themas, statussen, ministeries, WOORDEN)
        ]
        random.Random(zaad).shuffle(self.paden)
        self.slot = threading.Lock()

    def __next__(self):
        with self.slot:
            return self.paden.pop()


class Redis:
    """This benchmark's own Redis server: no persistence, so a restart starts it empty."""

    def __init__(self, poort):
        self.poort, self.proces = poort, None
        self.url = f"redis://127.0.0.1:{poort}/0"

    def start(self):
        self.proces = subprocess.Popen(
            ["redis-server", "--port", str(self.poort), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        import redis

        for _ in range(50):
            try:
                redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping()
                return
            except redis.exceptions.ConnectionError:
                time.sleep(0.1)
        sys.exit(f"redis-server op poort {self.poort} startte niet")

    def stop(self):
        if self.proces and self.proces.poll() is None:
            self.proces.terminate()
            self.proces.wait(10)


# --- counting ----------------------------------------------------------------------------------------


def vijfhonderden(log, van=0.0, tot=float("inf"), methode=None):
    return sum(
        1
        for moment, _s, m, status, _d, _p in log
        if van <= moment < tot and (methode is None or m == methode) and status is not None and status >= 500
    )


def per_status(log, methode, van=0.0, tot=float("inf")):
    """5xx answers to `methode` by status, e.g. {"500": 2, "503": 5}."""
    return dict(
        sorted(
            Counter(
                str(status)
                for moment, _s, m, status, _d, _p in log
                if van <= moment < tot and m == methode and status is not None and status >= 500
            ).items()
        )
    )


def zonder_antwoord(log):
    return sum(1 for _m, _s, _me, status, _d, _p in log if status is None)


def statussen(log, soort=None):
    return dict(sorted(Counter(str(s) for _m, k, _me, s, _d, _p in log if soort in (None, k)).items()))


def waar_vijfhonderd(log):
    """Where the 5xx answers were: method and path, ids as <n>."""
    plekken = Counter(m + " " + NUMMER.sub("<n>", p) for _t, _s, m, s, _d, p in log if s and s >= 500)
    return dict(plekken.most_common(6))


def onaf(tot_moment):
    """Wait until `tot_moment` (monotonic) and return the jobs not finished then, with their state."""
    from jobs.models import Job

    time.sleep(max(0.0, tot_moment - time.monotonic()))
    return list(Job.objects.lopend().values_list("status", "taak", "pogingen", "hartslag"))


def taken_per_status():
    from django.db.models import Count

    from jobs.models import Job

    return dict(Job.objects.values_list("status").annotate(n=Count("pk")).order_by("status"))


def tijden(reeks):
    if not reeks:
        return "geen"
    return f"n={len(reeks)} p50 {statistics.median(reeks):.1f} s, max {max(reeks):.1f} s"


def in_lus(stop, functie):
    def lus():
        while not stop.is_set():
            functie()

    draad = threading.Thread(target=lus, daemon=True)
    draad.start()
    return draad


def pdf_bezoeker(poort, log, paden, stop, tijd_lijst):
    bezoeker = Bezoeker(poort, log, "pdf")

    def een():
        _status, seconden = bezoeker.pdf(next(paden))
        if seconden is not None:
            tijd_lijst.append(seconden)

    return in_lus(stop, een)


def volg_bezoeker(poort, log, nummer, stop):
    teller = [0]

    def een():
        teller[0] += 1
        n = nummer * 10000 + teller[0]
        bezoeker = Bezoeker(poort, log, "volgen", ip=f"198.51.{n // 250 % 250}.{n % 250 + 1}")
        status, _kop, inhoud = bezoeker.vraag("GET", "/volgen/")
        opties = [o for o in re.findall(rb'<option value="([^"]+)"', inhoud) if b":" in o]
        if status != 200 or not opties:
            time.sleep(1)
            return
        velden = {
            "csrfmiddlewaretoken": csrf(inhoud),
            "volg": random.choice(opties).decode(),
            "email": f"storing-{n}-{time.time_ns()}@example.org",
        }
        bezoeker.vraag("POST", "/volgen/", velden)
        time.sleep(0.5)

    return in_lus(stop, een)


def stop_draden(stop, draden):
    stop.set()
    for draad in draden:
        draad.join(timeout=120)


def load_average():
    return " ".join(f"{x:.1f}" for x in os.getloadavg())


# --- scenarios ---------------------------------------------------------------------------------------


def redis_scenario(poort, redis, paden):
    log, pdf_tijden, stop = [], [], threading.Event()
    bezoeker = Bezoeker(poort, log, "pdf-vooraf")
    vooraf = [bezoeker.pdf(next(paden))[1] for _ in range(10)]
    vooraf = [t for t in vooraf if t is not None]
    draden = [pdf_bezoeker(poort, log, paden, stop, pdf_tijden) for _ in range(3)]
    draden += [volg_bezoeker(poort, log, n, stop) for n in range(2)]
    time.sleep(15)
    weg = time.monotonic()
    redis.stop()
    time.sleep(30)
    redis.start()
    terug = time.monotonic()
    time.sleep(15)
    stop_draden(stop, draden)
    open_ = onaf(terug + NA_DE_FOUT)

    na_log, na_tijden, eerste = [], [], []
    lijsten = [next(paden) for _ in range(25)]
    werk = iter([pad for pad in lijsten for _ in range(4)])
    slot = threading.Lock()

    def vier():
        b = Bezoeker(poort, na_log, "pdf-na")
        while True:
            with slot:
                pad = next(werk, None)
            if pad is None:
                return
            status, seconden = b.pdf(pad)
            eerste.append(status)
            if seconden is not None:
                na_tijden.append(seconden)

    vieren = [threading.Thread(target=vier) for _ in range(4)]
    for d in vieren:
        d.start()
    for d in vieren:
        d.join()
    return {
        "5xx voor de storing": vijfhonderden(log, tot=weg),
        "5xx waar": waar_vijfhonderd(log + na_log),
        "5xx tijdens de storing (30 s)": vijfhonderden(log, weg, terug),
        "5xx na de storing": vijfhonderden(log, terug),
        "verzoeken zonder antwoord": zonder_antwoord(log),
        "antwoorden PDF-bezoekers": statussen(log, "pdf"),
        "antwoorden volgen": statussen(log, "volgen"),
        "taken": taken_per_status(),
        f"taken niet af {NA_DE_FOUT} s na de storing": len(open_),
        "welke": open_,
        "PDF's tijdens de last": tijden(pdf_tijden),
        "10 PDF's vooraf (tot binnen)": tijden(vooraf),
        "100 PDF's daarna: eerste antwoord": dict(sorted(Counter(str(s) for s in eerste).items())),
        "100 PDF's daarna: alle antwoorden": statussen(na_log),
        "100 PDF's daarna (tot binnen)": tijden(na_tijden),
        "100 PDF's daarna: 5xx": vijfhonderden(na_log),
        "_fout": vijfhonderden(log) + vijfhonderden(na_log) + len(open_) + (len(na_tijden) < 100),
    }


def gif_scenario(poort, paden):
    log, tijden_gewoon, stop = [], [], threading.Event()
    bezoeker = Bezoeker(poort, log, "pdf-vooraf")
    vooraf = [bezoeker.pdf(next(paden))[1] for _ in range(8)]
    vooraf = [t for t in vooraf if t is not None]
    draden = [pdf_bezoeker(poort, log, paden, stop, tijden_gewoon) for _ in range(2)]
    aanvaller = Bezoeker(poort, log, "gif")
    rnd = random.Random(22)
    begin = time.monotonic()
    for n in range(12):
        if n % 2 == 0:
            pad = "/acties/lijst.pdf?" + urllib.parse.urlencode({"status": "afgerond", "x": "a" * 480})
        else:
            pad = "/acties/lijst.pdf?" + urllib.parse.urlencode(
                {"q": "".join(rnd.choice(ACCENTEN) for _ in range(200))}
            )
        aanvaller.vraag("GET", pad)
        time.sleep(max(0.0, begin + 5 * (n + 1) - time.monotonic()))
    stop_draden(stop, draden)
    open_ = onaf(begin + 60 + NA_DE_FOUT)
    from jobs.models import Job

    gif_taken = Job.objects.filter(argumenten__terug__icontains="q=%C3")
    return {
        "antwoorden op de vergiftigde verzoeken": statussen(log, "gif"),
        "taken van de vergiftigde verzoeken": dict(Counter(gif_taken.values_list("status", flat=True))),
        "antwoorden gewone PDF-bezoekers": statussen(log, "pdf"),
        "8 gewone PDF's vooraf (tot binnen)": tijden(vooraf),
        "gewone PDF's tijdens het gif (tot binnen)": tijden(tijden_gewoon),
        "5xx": vijfhonderden(log),
        "5xx waar": waar_vijfhonderd(log),
        "verzoeken zonder antwoord": zonder_antwoord(log),
        "taken": taken_per_status(),
        f"taken wacht/bezig {NA_DE_FOUT} s na het laatste gif": len(open_),
        "welke": open_,
        "_fout": vijfhonderden(log) + len(open_),
    }


def bewerkbare_teksten(per):
    """Per coordinator `per` texts of the open round they may change, none shared between them."""
    from django.contrib.auth.models import User

    from rapportage import rechten
    from rapportage.models import Voortgang

    uitkomst = {}
    genomen = set()
    for naam in COORDINATOREN:
        gebruiker = User.objects.get(username=naam)
        kandidaten = Voortgang.objects.filter(
            rapportage__vastgesteld_op__isnull=True, gedeeld_met__isnull=True
        )
        lijst = []
        for v in kandidaten.select_related("rapportage").order_by("pk"):
            if v.pk not in genomen and rechten.mag_bewerken(gebruiker, v):
                lijst.append(v.pk)
                genomen.add(v.pk)
            if len(lijst) == per:
                break
        uitkomst[naam] = lijst
    return uitkomst


def schrijver(poort, log, naam, pks, stop, bewaard, onzeker, nummer):
    bezoeker = Bezoeker(poort, log, "werk")
    status, _kop, inhoud = bezoeker.vraag("GET", "/account/login/")
    status, _kop, _inhoud = bezoeker.vraag(
        "POST",
        "/account/login/",
        {"csrfmiddlewaretoken": csrf(inhoud), "username": naam, "password": WACHTWOORD},
    )
    if status != 302:
        sys.exit(f"inloggen als {naam} mislukte: {status}")
    teller = [0]
    rnd = random.Random(nummer)

    def een():
        pk = rnd.choice(pks)
        status, _kop, inhoud = bezoeker.vraag("GET", f"/werk/teksten/{pk}/")
        versie = re.search(rb'name="versie" value="(\d+)"', inhoud or b"")
        if status != 200 or not versie:
            time.sleep(0.2)
            return
        teller[0] += 1
        merk = f"[storing {nummer}-{teller[0]}-{time.time_ns()}]"
        velden = {
            "csrfmiddlewaretoken": csrf(inhoud),
            "tekst": f"Stand van zaken bijgewerkt tijdens de storingstest {merk}.",
            "status": "in uitvoering",
            "versie": versie.group(1).decode(),
            "actie": "bewaar",
        }
        status, _kop, _inhoud = bezoeker.vraag("POST", f"/werk/teksten/{pk}/", velden)
        (bewaard if status == 302 else onzeker).append((pk, merk, status))

    return in_lus(stop, een)


def half_bewaard(pks, bewaard, onzeker, begin_id):
    """Texts whose row and history disagree, saves answered 302 without exactly one history row, and
    saves answered otherwise that are stored anyway."""
    from rapportage.models import Voortgang

    fouten = []
    for pk in pks:
        huidig = Voortgang.objects.get(pk=pk)
        historie = list(Voortgang.history.filter(id=pk).order_by("history_id"))
        laatste = historie[-1]
        if (laatste.tekst, laatste.versie) != (huidig.tekst, huidig.versie):
            fouten.append(f"tekst {pk}: rij versie {huidig.versie}, historie versie {laatste.versie}")
        nieuw = [h.versie for h in historie if h.history_id > begin_id]
        if nieuw and nieuw != list(range(nieuw[0], nieuw[0] + len(nieuw))):
            fouten.append(f"tekst {pk}: versies in de historie {nieuw}")
    for pk, merk, _status in bewaard:
        n = Voortgang.history.filter(id=pk, tekst__contains=merk).count()
        if n != 1:
            fouten.append(f"tekst {pk} bewaard (302) met {n} historierijen: {merk}")
    toch = sum(Voortgang.history.filter(id=pk, tekst__contains=merk).exists() for pk, merk, _s in onzeker)
    return fouten, toch


def database_scenario(poort, paden):
    from django.db import connection
    from django.db.models import Max
    from wachtrij_opstelling import verbreek

    from rapportage.models import Voortgang

    log, stop, bewaard, onzeker, pdf_tijden = [], threading.Event(), [], [], []
    teksten = bewerkbare_teksten(20)
    begin_id = Voortgang.history.aggregate(m=Max("history_id"))["m"] or 0
    draden = []
    for nummer in range(4):
        naam = COORDINATOREN[nummer % 2]
        draden.append(schrijver(poort, log, naam, teksten[naam], stop, bewaard, onzeker, nummer))
    draden.append(pdf_bezoeker(poort, log, paden, stop, pdf_tijden))
    time.sleep(10)
    fout = time.monotonic()
    verbroken = verbreek(30)
    einde = time.monotonic()
    time.sleep(10)
    stop_draden(stop, draden)
    connection.close()
    open_ = onaf(einde + NA_DE_FOUT)
    alle = [pk for lijst in teksten.values() for pk in lijst]
    fouten, toch = half_bewaard(alle, bewaard, onzeker, begin_id)
    return {
        "verbindingen verbroken": verbroken,
        "5xx GET (waarvan tijdens de storing)": (
            f"{per_status(log, 'GET')} ({per_status(log, 'GET', fout, einde)})"
        ),
        "5xx POST (waarvan tijdens de storing)": (
            f"{per_status(log, 'POST')} ({per_status(log, 'POST', fout, einde)})"
        ),
        "verzoeken zonder antwoord": zonder_antwoord(log),
        "5xx waar": waar_vijfhonderd(log),
        "antwoorden coördinatoren": statussen(log, "werk"),
        "antwoorden PDF-bezoeker": statussen(log, "pdf"),
        "opslagen met 302": len(bewaard),
        "opslagen zonder 302 (status)": dict(Counter(str(s) for *_x, s in onzeker)),
        "waarvan toch bewaard": toch,
        "half bewaard": len(fouten),
        "welke half": fouten[:10],
        "taken": taken_per_status(),
        f"taken niet af {NA_DE_FOUT} s na de storing": len(open_),
        "welke": open_,
        # A change cut off gets the 503 that says it was not saved and may be sent again (the issue's
        # "clear message for POST"); any other 5xx, and any 5xx on a page that only reads, is a failure.
        "_fout": vijfhonderden(log) - per_status(log, "POST").get("503", 0) + len(fouten) + len(open_),
    }


def druk(naam, uitkomst):
    print(f"\n== {naam} (load average {load_average()}) ==")
    for sleutel, waarde in uitkomst.items():
        if not sleutel.startswith("_") and waarde not in ([], None):
            print(f"{sleutel}: {waarde}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scenario", choices=["redis", "gif", "database", "alle"], default="alle")
    parser.add_argument("--opnieuw", action="store_true", help="bouw de database opnieuw op")
    parser.add_argument("--database", default=DB)
    parser.add_argument("--redis-poort", type=int, default=6390)
    parser.add_argument("--code", default=str(ROOT), help="map met de code (standaard: dit project)")
    args = parser.parse_args()
    if not Path("/usr/bin/redis-server").exists() and subprocess.run(["which", "redis-server"]).returncode:
        sys.exit("redis-server ontbreekt (apt-get install redis-server)")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    code = Code(args.code)
    redis = Redis(args.redis_poort)
    redis.start()
    fouten = 0
    try:
        with Werkmap("storingen") as werkmap:
            env = omgeving(
                args.database,
                STATIC_ROOT=werkmap.static,
                MEDIA_ROOT=werkmap.media,
                REDIS_URL=redis.url,
                CLIENT_IP_HEADER="HTTP_X_FORWARDED_FOR",
                KAMERDATA_UUR=24,
                HERINNER_UUR=24,
                RAPPEL_UUR=24,
                AXES_FAILURE_LIMIT=1000,
            )
            database(code, env, args.database, args.opnieuw)
            collectstatic(code, env)
            paden = Lijsten(time.time_ns())
            print(f"load average bij het begin: {load_average()}")
            scenarios = {
                "redis": lambda p: redis_scenario(p, redis, paden),
                "gif": lambda p: gif_scenario(p, paden),
                "database": lambda p: database_scenario(p, paden),
            }
            for naam, scenario in scenarios.items():
                if args.scenario not in (naam, "alle"):
                    continue
                lege_wachtrij()
                poort = vrije_poort()
                diensten = Diensten(code, env, werkmap, poort, workers=3, worker=True)
                with diensten:
                    uitkomst = scenario(poort)
                    if uitkomst["_fout"]:
                        diensten.staart("gunicorn", 40)
                        diensten.staart("worker", 40)
                druk(naam, uitkomst)
                fouten += uitkomst["_fout"]
    finally:
        redis.stop()
    print("\ndoel gehaald: 0 × 5xx, 0 taken onaf, 0 half bewaard" if not fouten else "\nDOEL NIET GEHAALD")
    sys.exit(1 if fouten else 0)


if __name__ == "__main__":
    main()
