"""Two app servers with one Redis: does a change made by a third process show on both at the next request?

    .venv/bin/python benchmarks/twee_servers.py [--workers 2] [--threads 2] [--herhalen 5] [--opnieuw]

Builds (or reuses) the PostgreSQL database `pokvolg_twee_servers` with the demo data, collects the static
files into a temporary directory and starts two gunicorn instances on two ports, as two app servers, each
with the page cache on (PUBLIEK_CACHE_SECONDEN=60) and REDIS_URL=redis://127.0.0.1:6379/12 (one shared
cache; database 12 is emptied at the start). Then, for the public pages /acties/1/ and / (the overview
lists the most recently changed actions with their description):

1. warm: every page is asked for on both servers, and must then be in Redis under the current version;
2. control: action 1's description is changed with plain SQL, which the app cannot notice; both servers
   must still show the cached /acties/1/ (otherwise they do not serve from the cache and step 3 proves
   nothing);
3. the change: a third process (`manage.py shell -c` with the same settings) puts a new word in front of
   action 1's description through the ORM and saves it, which gives the page cache a new version after the
   commit. The moment it prints that the save returned, both pages are asked for on both servers at once,
   and then --herhalen times more (new connections, so also other gunicorn workers).

Prints per server and page whether the first answer after the change showed it, the number of stale
answers after the change, and the time from the save to both servers having shown it. Targets: both
servers show the change at the first request, 0 stale answers. Exits 1 when a target is missed.
"""

import argparse
import concurrent.futures
import contextlib
import hashlib
import os
import pickle
import signal
import subprocess
import sys
import time
import uuid

from opstelling import (
    ROOT,
    Code,
    Diensten,
    Werkmap,
    collectstatic,
    demodatabase,
    meld_doelen,
    omgeving,
    psql,
    shell,
    vraag,
    vrije_poort,
)

REDIS_URL = "redis://127.0.0.1:6379/12"
DB = "pokvolg_twee_servers"
CACHE_SECONDEN = 60
PADEN = ("/acties/1/", "/")
# Words this script put in front of action 1's description in earlier runs; removed before a new one.
OUDE_MERKEN = r"^((CONTROLE|TWEESERVERS)-[0-9a-f]+ )+"

WIJZIG = """
import re, time
from acties.models import Actie
actie = Actie.objects.get(nummer=1)
actie.omschrijving = "{merk} " + re.sub(r"{oude}", "", actie.omschrijving)
# Autocommit: save() commits, and the on_commit hook that gives the page cache a new version has run
# when it returns.
actie.save()
print("GEWIJZIGD", repr(time.time()), flush=True)
"""

CONTROLEER = """
from acties.models import Actie
print("ACTIE1", Actie.objects.filter(nummer=1).exists())
"""


def _stop_bij_signaal(signum, _frame):
    # SystemExit leaves the with blocks, which stop both servers.
    raise SystemExit(f"gestopt door signaal {signum}")


def redis_client():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError as fout:
        sys.exit(f"Redis op {REDIS_URL} is niet bereikbaar ({fout}); zie /work/shared/notes/stack.md")
    return client


def cacheversie(client):
    """The page-cache version as the servers see it (Django's key ':1:publiek:versie', pickled)."""
    waarde = client.get(":1:publiek:versie")
    return None if waarde is None else pickle.loads(waarde)


def in_cache(client, versie, poort, pad):
    # lib/paginacache.py keys a page on its whole address, host and port included (http.client sends both).
    adres = f"http://127.0.0.1:{poort}{pad}"
    sleutel = f":1:publiek:{versie}:{hashlib.sha256(adres.encode()).hexdigest()}"
    return bool(client.exists(sleutel))


def vraag_pagina(poort, pad):
    status, _kop, inhoud, _duur = vraag(poort, pad, timeout=30)
    return status, inhoud.decode("utf-8", errors="replace"), time.time()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn-workers per server")
    parser.add_argument("--threads", type=int, default=2, help="threads per gunicorn-worker")
    parser.add_argument(
        "--herhalen", type=int, default=5, help="verzoeken per server en pagina na het eerste"
    )
    parser.add_argument("--opnieuw", action="store_true", help="bouw de database opnieuw op")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _stop_bij_signaal)

    code = Code(ROOT)
    if not code.leest_redis:
        sys.exit("deze code leest REDIS_URL niet")
    client = redis_client()
    client.flushdb()
    fouten = []
    with contextlib.ExitStack() as stapel:
        werkmap = stapel.enter_context(Werkmap("twee-servers"))
        # Only for the second server's log: Diensten writes <werkmap>/logs/gunicorn.log.
        werkmap_b = stapel.enter_context(Werkmap("twee-servers-b"))
        env = omgeving(
            DB,
            STATIC_ROOT=werkmap.static,
            MEDIA_ROOT=werkmap.media,
            PUBLIEK_CACHE_SECONDEN=CACHE_SECONDEN,
            REDIS_URL=REDIS_URL,
        )
        demodatabase(code, env, DB, args.opnieuw)
        if "ACTIE1 True" not in shell(code, env, CONTROLEER):
            sys.exit("de demodata hebben geen actie 1")
        collectstatic(code, env)
        servers = {}
        for naam, map_ in (("A", werkmap), ("B", werkmap_b)):
            poort = vrije_poort()
            diensten = Diensten(code, env, map_, poort, workers=args.workers, threads=args.threads)
            # Two gunicorns (and other people's) would otherwise share ~/.gunicorn/gunicorn.ctl.
            diensten.gunicorn_args.append("--no-control-socket")
            # On the stack before it starts: a signal while it waits for gunicorn stops that one too.
            stapel.push(diensten)
            servers[naam] = (poort, diensten.__enter__())
        print(
            f"servers: A op poort {servers['A'][0]}, B op poort {servers['B'][0]}, elk gunicorn "
            f"{args.workers} workers x {args.threads} threads; paginacache {CACHE_SECONDEN} s in {REDIS_URL}"
        )

        # 1. Warm both servers' caches (one shared cache: the first answer fills it for both).
        for naam, (poort, _d) in servers.items():
            for pad in PADEN:
                for _ in range(3):
                    status, _tekst, _t = vraag_pagina(poort, pad)
                    if status != 200:
                        fouten.append(f"opwarmen {naam} {pad}: {status}")
        versie_voor = cacheversie(client)
        warm = versie_voor is not None and all(
            in_cache(client, versie_voor, poort, pad) for poort, _d in servers.values() for pad in PADEN
        )
        print(f"opgewarmd: versie {versie_voor}, beide pagina's in Redis: {'ja' if warm else 'NEE'}")

        # 2. Control: a change the app does not see must stay invisible while the cached page is served.
        controle = f"CONTROLE-{uuid.uuid4().hex[:12]}"
        psql(f"UPDATE acties_actie SET omschrijving = '{controle} ' || omschrijving WHERE nummer = 1", db=DB)
        uit_cache = {}
        for naam, (poort, _d) in servers.items():
            status, tekst, _t = vraag_pagina(poort, "/acties/1/")
            uit_cache[naam] = status == 200 and controle not in tekst
        print(
            "controle (wijziging buiten Django om, geen nieuwe versie): "
            + ", ".join(f"{n} {'uit de cache' if ok else 'NIET uit de cache'}" for n, ok in uit_cache.items())
        )

        # 3. The change, by a third process.
        merk = f"TWEESERVERS-{uuid.uuid4().hex[:12]}"
        derde = subprocess.Popen(
            [sys.executable, "manage.py", "shell", "-c", WIJZIG.format(merk=merk, oude=OUDE_MERKEN)],
            cwd=code.pad,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        stapel.callback(lambda: derde.poll() is None and derde.kill())
        gewijzigd = None
        for regel in derde.stdout:
            if regel.startswith("GEWIJZIGD "):
                gewijzigd = float(regel.split()[1])
                break
        if gewijzigd is None:
            derde.wait(timeout=60)
            print(derde.stderr.read()[-3000:], file=sys.stderr)
            sys.exit(f"het derde proces wijzigde niets (exitcode {derde.returncode})")
        # Straight away: every page on both servers at once.
        doelen_paar = [(naam, poort, pad) for naam, (poort, _d) in servers.items() for pad in PADEN]
        with concurrent.futures.ThreadPoolExecutor(len(doelen_paar)) as pool:
            eerste = dict(
                zip(
                    doelen_paar,
                    pool.map(lambda d: vraag_pagina(d[1], d[2]), doelen_paar),
                    strict=True,
                )
            )
        getoond = {}  # (server, pad) -> time.time() of the first answer that showed the change
        verouderd = []
        for (naam, _poort, pad), (status, tekst, t) in eerste.items():
            if status != 200:
                fouten.append(f"na de wijziging {naam} {pad}: {status}")
            elif merk in tekst:
                getoond[(naam, pad)] = t
            else:
                verouderd.append((naam, pad))
        # Then --herhalen more answers each; and, if one was stale, until it shows (at most the cache time).
        eind = time.monotonic() + CACHE_SECONDEN + 30
        for naam, poort, pad in doelen_paar:
            n = 0
            while n < args.herhalen or ((naam, pad) not in getoond and time.monotonic() < eind):
                status, tekst, t = vraag_pagina(poort, pad)
                n += 1
                if status != 200:
                    fouten.append(f"na de wijziging {naam} {pad}: {status}")
                elif merk in tekst:
                    getoond.setdefault((naam, pad), t)
                else:
                    verouderd.append((naam, pad))
                    time.sleep(0.2)
        versie_na = cacheversie(client)
        derde.wait(timeout=60)
        if derde.returncode:
            fouten.append(f"derde proces: exitcode {derde.returncode}")
        for naam, (_poort, diensten) in servers.items():
            proces, _log = diensten.processen["gunicorn"]
            if proces.poll() is not None:
                fouten.append(f"server {naam} gestopt (exitcode {proces.returncode})")
        if fouten:
            for _naam, (_poort, diensten) in servers.items():
                diensten.staart("gunicorn")

    print(f"\nwijziging door een derde proces (manage.py shell): versie {versie_voor} -> {versie_na}")
    print(f"{'server':6} {'pagina':12} {'eerste verzoek':>16} {'getoond na':>12}")
    for naam, _poort, pad in doelen_paar:
        status, tekst, _t = eerste[(naam, _poort, pad)]
        eerst = "toont wijziging" if status == 200 and merk in tekst else f"OUD ({status})"
        na = f"{(getoond[(naam, pad)] - gewijzigd) * 1000:.0f} ms" if (naam, pad) in getoond else "nooit"
        print(f"{naam:6} {pad:12} {eerst:>16} {na:>12}")
    beide_eerst = {
        naam: all(merk in eerste[(n, p, pad)][1] for n, p, pad in doelen_paar if n == naam)
        for naam in servers
    }
    allemaal = len(getoond) == len(doelen_paar)
    tijd = max(getoond.values()) - gewijzigd if allemaal else None
    aantal = len(doelen_paar) * (1 + args.herhalen)
    print(
        f"verouderde antwoorden na de wijziging: {len(verouderd)} van ten minste {aantal} "
        f"{sorted(set(verouderd)) or ''}"
    )
    print(
        "tijd van de wijziging tot beide servers haar tonen: "
        + (f"{tijd * 1000:.0f} ms" if tijd is not None else f"niet binnen {CACHE_SECONDEN + 30} s")
    )
    print(
        f"fouten: {len(fouten)} {fouten or ''}\n"
        f"machine: {os.cpu_count()} kernen, load average (1 min) {os.getloadavg()[0]:.1f} "
        "(servers, PostgreSQL, Redis en dit script op dezelfde machine)"
    )
    meld_doelen(
        {
            "cache warm in Redis en in gebruik op beide servers": warm and all(uit_cache.values()),
            "server A toont de wijziging bij het eerste verzoek": beide_eerst["A"],
            "server B toont de wijziging bij het eerste verzoek": beide_eerst["B"],
            "0 verouderde antwoorden": not verouderd,
            "0 fouten": not fouten,
        }
    )


if __name__ == "__main__":
    main()
