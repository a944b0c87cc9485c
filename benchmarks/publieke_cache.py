"""Cached public pages against a hello-world view, side by side in one gunicorn configured as in the Procfile.

    .venv/bin/python benchmarks/publieke_cache.py [--seconden 2] [--rondes 8] [--verbindingen 200]
        [--zonder-redis] [--code DIR] [--opnieuw]

Builds (or reuses) the PostgreSQL database `pokvolg_publieke_cache` with the demo data (another checkout
given with --code gets `pokvolg_publieke_cache_<map>`), collects the static files into a temporary directory
and starts gunicorn as the Procfile does (`--workers 3 --timeout 60 --access-logfile -`, sync workers), on
127.0.0.1 only, with the page cache on (PUBLIEK_CACHE_SECONDEN=60) and REDIS_URL=redis://127.0.0.1:6379/14
(database 14 is emptied at the start; --zonder-redis: a cache per process). DJANGO_SETTINGS_MODULE is
benchmarks/hallo_settings.py: pokvolg's settings, with pokvolg's URLs plus a hello-world view at /hallo/
(benchmarks/hallo.py) that goes through all of the middleware.

Every target is first asked for during a second (which fills the caches of every worker), then, --rondes
times in turn, each target alone for --seconden seconds by --verbindingen connections at once, each asking
again as soon as it has its answer (gunicorn's sync workers close the connection after each answer, so every
request is a new connection). The action page is that of the first action. Short rounds, each starting with
the next target, spread whatever else the machine does over all targets alike. The load generator is
benchmarks/publicatiedag.py's answer reader in asyncio, in this process, on the same two cores as gunicorn
and PostgreSQL: it costs every request the same, which brings the ratios of requests per second nearer to 1.
So the CPU time of the gunicorn workers per request is printed as well (from /proc), with hello-world's
divided by the page's: that ratio is the server's alone.

Prints per target the requests per second, its ratio to hello-world (over all rounds, and the lowest and
highest of single rounds), and the gunicorn CPU milliseconds per request. Targets: every cached page at
least half the requests per second of hello-world over all rounds, 0 errors. Exits 1 when a target is
missed.
"""

import argparse
import asyncio
import os
import time
from collections import defaultdict
from pathlib import Path

from opstelling import (
    ROOT,
    Code,
    Diensten,
    Werkmap,
    collectstatic,
    demodatabase,
    meld_doelen,
    omgeving,
    shell,
    vraag,
    vrije_poort,
)
from publicatiedag import GeenAntwoord, lees_antwoord

REDIS_URL = "redis://127.0.0.1:6379/14"
DB = "pokvolg_publieke_cache"
DOEL_VERHOUDING = 0.5
EERSTE_ACTIE = """
from acties.models import Actie
print("ACTIE", Actie.objects.order_by("nummer").values_list("nummer", flat=True).first())
"""


def doelen_van(actie):
    return {"hallo": "/hallo/", "overzicht": "/", "lijst": "/acties/", "actie": f"/acties/{actie}/"}


async def verbinding(poort, pad, eind, tellers):
    """One visitor asking `pad` again as soon as the answer is in, until `eind`."""
    verzoek = (
        f"GET {pad} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\nUser-Agent: publieke-cache\r\n\r\n"
    )
    reader = writer = None
    while time.monotonic() < eind:
        try:
            if writer is None:
                reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", poort), 10)
            writer.write(verzoek.encode())
            status, sluiten = await asyncio.wait_for(lees_antwoord(reader), 30)
        except (OSError, TimeoutError, ValueError, IndexError, GeenAntwoord, asyncio.IncompleteReadError):
            status, sluiten = None, True
        klaar = time.monotonic()
        if sluiten and writer is not None:
            writer.close()
            reader = writer = None
        tellers["alle"] += 1
        if klaar <= eind:
            tellers[status] += 1
    if writer is not None:
        writer.close()


def werkers(master):
    """The pids of gunicorn's workers: the children of its master process."""
    return [int(p) for p in Path(f"/proc/{master}/task/{master}/children").read_text().split()]


def cpu_seconden(pids):
    """User + system CPU time of these processes, in seconds."""
    tik = os.sysconf("SC_CLK_TCK")
    totaal = 0
    for pid in pids:
        velden = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
        totaal += int(velden[11]) + int(velden[12])
    return totaal / tik


async def fase(poort, pad, verbindingen, seconden, pids):
    """req/s of `pad` under `verbindingen` connections, the errors, and gunicorn's CPU ms per request."""
    tellers = defaultdict(int)
    cpu = cpu_seconden(pids)
    begin = time.monotonic()
    await asyncio.gather(*(verbinding(poort, pad, begin + seconden, tellers) for _ in range(verbindingen)))
    cpu = cpu_seconden(pids) - cpu
    fouten = {k: v for k, v in tellers.items() if k not in (200, "alle")}
    return tellers[200] / seconden, fouten, cpu * 1000 / max(tellers["alle"], 1)


def leeg_redis():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.flushdb()
    finally:
        client.close()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconden", type=float, default=2, help="seconden per doel per ronde")
    parser.add_argument("--rondes", type=int, default=8)
    parser.add_argument("--verbindingen", type=int, default=200, help="verbindingen tegelijk")
    parser.add_argument("--zonder-redis", action="store_true", help="een cache per proces, zonder REDIS_URL")
    parser.add_argument("--code", default=str(ROOT), help="map met de code (standaard: dit project)")
    parser.add_argument("--opnieuw", action="store_true", help="bouw de database opnieuw op")
    args = parser.parse_args()

    code = Code(args.code)
    db = code.database(DB)
    redis = not args.zonder_redis and code.leest_redis
    with Werkmap("publieke-cache") as werkmap:
        extra = {
            "STATIC_ROOT": werkmap.static,
            "MEDIA_ROOT": werkmap.media,
            "PUBLIEK_CACHE_SECONDEN": 60,
            "DJANGO_SETTINGS_MODULE": "hallo_settings",
            "PYTHONPATH": os.pathsep.join(
                p for p in (str(ROOT / "benchmarks"), os.environ.get("PYTHONPATH")) if p
            ),
        }
        if redis:
            extra["REDIS_URL"] = REDIS_URL
            leeg_redis()
        env = omgeving(db, **extra)
        demodatabase(code, env, db, args.opnieuw)
        actie = next(
            r for r in shell(code, env, EERSTE_ACTIE).splitlines() if r.startswith("ACTIE ")
        ).split()[1]
        doelen = doelen_van(actie)
        collectstatic(code, env)
        poort = vrije_poort()
        # As the Procfile: 3 sync workers, a 60 s timeout, an access log line per request.
        diensten = Diensten(code, env, werkmap, poort, workers=3, threads=1, timeout=60)
        diensten.gunicorn_args += ["--access-logfile", "-"]
        with diensten:
            for naam, pad in doelen.items():
                status = vraag(poort, pad)[0]
                if status != 200:
                    diensten.staart("gunicorn")
                    raise SystemExit(f"{naam} ({pad}) gaf {status}")
            pids = werkers(diensten.processen["gunicorn"][0].pid)
            for pad in doelen.values():
                asyncio.run(fase(poort, pad, args.verbindingen, 1, pids))
            metingen = defaultdict(list)
            namen = list(doelen)
            for ronde in range(args.rondes):
                for naam in namen[ronde % len(namen) :] + namen[: ronde % len(namen)]:
                    metingen[naam].append(
                        asyncio.run(fase(poort, doelen[naam], args.verbindingen, args.seconden, pids))
                    )

    print(f"\ncode: {code.beschrijving()}")
    print(
        f"gunicorn als in de Procfile (3 sync workers, access log) op 127.0.0.1, {os.cpu_count()} kernen, "
        f"samen met PostgreSQL en de lastgenerator; {args.verbindingen} verbindingen, "
        f"{args.rondes} x {args.seconden:g} s per doel; paginacache 60 s, "
        f"{'in Redis' if redis else 'per proces'}; demodata"
    )
    per_seconde = {naam: sum(m[0] for m in ms) / len(ms) for naam, ms in metingen.items()}
    cpu = {naam: sum(m[2] for m in ms) / len(ms) for naam, ms in metingen.items()}
    fouten = defaultdict(int)
    kop = f"{'doel':10} {'pad':14} {'req/s':>6} {'x hallo':>8} {'per ronde':>11}"
    print(f"\n{kop}   CPU-ms/verzoek (x hallo)")
    for naam, ms in metingen.items():
        for _per_seconde, f, _cpu in ms:
            for soort, aantal in f.items():
                fouten[f"{naam} {soort or 'geen antwoord'}"] += aantal
        per_ronde = [m[0] / h[0] for m, h in zip(ms, metingen["hallo"], strict=True)]
        verhouding = per_seconde[naam] / per_seconde["hallo"]
        print(
            f"{naam:10} {doelen[naam]:14} {per_seconde[naam]:6.0f} {verhouding:8.2f} "
            f"{min(per_ronde):5.2f}-{max(per_ronde):4.2f}   {cpu[naam]:5.2f} ({cpu['hallo'] / cpu[naam]:.2f})"
        )
    print(f"fouten: {sum(fouten.values())} {dict(fouten) or ''}")
    doelen_gehaald = {
        f"{naam} >= {DOEL_VERHOUDING:g} x hallo": per_seconde[naam] / per_seconde["hallo"] >= DOEL_VERHOUDING
        for naam in doelen
        if naam != "hallo"
    }
    meld_doelen({**doelen_gehaald, "0 fouten": not fouten})


if __name__ == "__main__":
    main()
