"""Publication day: 200 visitors at once on the overview, the list and the action pages, from the page cache.

    .venv/bin/python benchmarks/publicatiedag.py [--seconden 60] [--klanten 200] [--denktijd 0.3] [--redis]
        [--opwarmen 10] [--workers N] [--threads 4] [--cache-seconden 60] [--code DIR] [--opnieuw]

Builds (or reuses) the PostgreSQL database `pokvolg_publicatiedag` with the demo data (86 actions;
another checkout given with --code gets `pokvolg_publicatiedag_<map>`), collects the static files into a
temporary directory and starts gunicorn with 2 × cores + 1 workers of --threads threads each, as
benchmarks/belasting.py does, with the page cache on (PUBLIEK_CACHE_SECONDEN=60) and, with --redis,
REDIS_URL=redis://127.0.0.1:6379/5 (one cache shared by all workers; without it each worker has its own).

Then --klanten anonymous visitors (asyncio in this one process, each one keep-alive HTTP/1.1 connection,
no cookies) ask for `/`, `/acties/` and `/acties/<nummer>/` (a random action), a third each, for --seconden
seconds, each waiting --denktijd seconds on average (exponential) between an answer and the next request.
200 visitors with 0.3 s think time ask for at most about 650 pages a second; with --denktijd 0 they ask
as fast as the server answers, and then, by Little's law, every request waits about klanten / throughput.
The first requests of every page in every worker (with --redis: of every page) are cache misses and
are counted too; a second table leaves out the requests of the first --opwarmen seconds (default 10).

Prints requests per second, p50/p95/p99 per page type and overall, and errors (any answer other than 200,
or none). Targets, over the whole run: ≥ 500 requests/s, p99 < 250 ms, 0 errors. The load generator runs
on the same machine as gunicorn and PostgreSQL. Exits 1 when a target is missed.
"""

import argparse
import asyncio
import os
import random
import statistics
import time
from collections import defaultdict

from opstelling import (
    ROOT,
    Code,
    Diensten,
    Werkmap,
    collectstatic,
    demodatabase,
    meld_doelen,
    omgeving,
    percentiel,
    shell,
    vrije_poort,
)

REDIS_URL = "redis://127.0.0.1:6379/5"
DOEL_PER_SECONDE = 500
DOEL_P99_MS = 250
SOORTEN = ("overzicht", "lijst", "actie")
NUMMERS = """
from acties.models import Actie
print("NUMMERS", ",".join(str(n) for n in Actie.objects.order_by("nummer").values_list("nummer", flat=True)))
"""


class GeenAntwoord(Exception):
    pass


async def lees_antwoord(reader):
    """Status of one HTTP/1.1 answer, its body read whole; and whether the server closes the connection."""
    regel = await reader.readline()
    if not regel:
        raise GeenAntwoord("verbinding gesloten")
    status = int(regel.split()[1])
    kop = {}
    for _ in range(200):
        regel = await reader.readline()
        if regel in (b"\r\n", b"\n", b""):
            break
        naam, _, waarde = regel.decode("latin-1").partition(":")
        kop[naam.strip().lower()] = waarde.strip()
    if kop.get("transfer-encoding", "").lower() == "chunked":
        for _ in range(100_000):
            grootte = int((await reader.readline()).split(b";")[0], 16)
            await reader.readexactly(grootte + 2)
            if grootte == 0:
                break
    else:
        await reader.readexactly(int(kop.get("content-length", "0")))
    return status, kop.get("connection", "").lower() == "close"


async def klant(nummer, poort, start, eind, args, nummers, tijden, fouten):
    rnd = random.Random(nummer)
    reader = writer = None
    # Visitors arrive spread over the first think time, not in one instant.
    await asyncio.sleep(rnd.uniform(0, args.denktijd))
    for _ in range(1_000_000):
        if time.monotonic() >= eind:
            break
        soort = rnd.choice(SOORTEN)
        pad = {"overzicht": "/", "lijst": "/acties/", "actie": f"/acties/{rnd.choice(nummers)}/"}[soort]
        verzoek = (
            f"GET {pad} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: text/html\r\nUser-Agent: publicatiedag\r\n\r\n"
        )
        begin = time.perf_counter()
        na = time.monotonic() - start
        status = None
        for poging in (1, 2):
            hergebruikt = writer is not None
            try:
                if writer is None:
                    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", poort), 10)
                writer.write(verzoek.encode())
                status, sluiten = await asyncio.wait_for(lees_antwoord(reader), 30)
                if sluiten:
                    writer.close()
                    reader = writer = None
                break
            except (OSError, TimeoutError, ValueError, IndexError, GeenAntwoord, asyncio.IncompleteReadError):
                if writer is not None:
                    writer.close()
                reader = writer = None
                # A keep-alive connection the server closed while idle: a browser reconnects once.
                if not (hergebruikt and poging == 1):
                    break
        duur = time.perf_counter() - begin
        if status == 200:
            tijden[soort].append((na, duur))
        else:
            fouten[f"{soort} {status or 'geen antwoord'}"] += 1
        await asyncio.sleep(rnd.expovariate(1 / args.denktijd) if args.denktijd else 0)
    if writer is not None:
        writer.close()


async def belast(poort, args, nummers):
    tijden = defaultdict(list)
    fouten = defaultdict(int)
    begin = time.monotonic()
    eind = begin + args.seconden
    await asyncio.gather(
        *(klant(i, poort, begin, eind, args, nummers, tijden, fouten) for i in range(args.klanten))
    )
    return tijden, fouten, time.monotonic() - begin


def tabel(kop, tijden, vanaf):
    print(f"\n{kop}")
    print(f"{'pagina':10} {'n':>7} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'max ms':>8}")
    per_soort = {soort: [t for na, t in tijden[soort] if na >= vanaf] for soort in SOORTEN}
    per_soort["totaal"] = [t for waarden in per_soort.values() for t in waarden]
    for soort, waarden in per_soort.items():
        if not waarden:
            print(f"{soort:10} {0:7d}")
            continue
        print(
            f"{soort:10} {len(waarden):7d} {statistics.median(waarden) * 1000:8.1f} "
            f"{percentiel(waarden, 95) * 1000:8.1f} {percentiel(waarden, 99) * 1000:8.1f} "
            f"{max(waarden) * 1000:8.1f}"
        )


def main():
    kernen = os.cpu_count() or 1
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconden", type=float, default=60)
    parser.add_argument("--klanten", type=int, default=200, help="bezoekers tegelijk")
    parser.add_argument("--denktijd", type=float, default=0.3, help="gemiddelde seconden tussen verzoeken")
    parser.add_argument(
        "--workers", type=int, default=2 * kernen + 1, help="gunicorn-workers (2 × kernen + 1)"
    )
    parser.add_argument("--threads", type=int, default=4, help="threads per gunicorn-worker")
    parser.add_argument(
        "--opwarmen",
        type=float,
        default=10,
        help="ook cijfers zonder de verzoeken van de eerste zoveel seconden",
    )
    parser.add_argument("--cache-seconden", type=int, default=60, help="PUBLIEK_CACHE_SECONDEN")
    parser.add_argument("--redis", action="store_true", help=f"REDIS_URL={REDIS_URL}")
    parser.add_argument("--code", default=str(ROOT), help="map met de code (standaard: dit project)")
    parser.add_argument("--opnieuw", action="store_true", help="bouw de database opnieuw op")
    args = parser.parse_args()

    code = Code(args.code)
    db = code.database("pokvolg_publicatiedag")
    redis = args.redis and code.leest_redis
    if args.redis and not redis:
        print("let op: deze code leest REDIS_URL nog niet; gemeten zonder Redis")
    with Werkmap("publicatiedag") as werkmap:
        extra = {
            "STATIC_ROOT": werkmap.static,
            "MEDIA_ROOT": werkmap.media,
            "PUBLIEK_CACHE_SECONDEN": args.cache_seconden,
        }
        if redis:
            extra["REDIS_URL"] = REDIS_URL
        env = omgeving(db, **extra)
        demodatabase(code, env, db, args.opnieuw)
        regel = next(r for r in shell(code, env, NUMMERS).splitlines() if r.startswith("NUMMERS "))
        nummers = [int(n) for n in regel.split()[1].split(",")]
        collectstatic(code, env)
        poort = vrije_poort()
        with Diensten(code, env, werkmap, poort, workers=args.workers, threads=args.threads) as diensten:
            tijden, fouten, duur = asyncio.run(belast(poort, args, nummers))
            if fouten:
                diensten.staart("gunicorn")

    alle = [t for waarden in tijden.values() for _na, t in waarden]
    per_seconde = (len(alle) + sum(fouten.values())) / duur
    print(f"\ncode: {code.beschrijving()}")
    print(
        f"{args.klanten} anonieme bezoekers (denktijd {args.denktijd} s, keep-alive), {duur:.0f} s; "
        f"gunicorn {args.workers} workers x {args.threads} threads op {kernen} kernen, samen met "
        f"PostgreSQL en de lastgenerator; paginacache {args.cache_seconden} s, "
        f"{'in Redis' if redis else 'per proces'}; "
        f"demodata ({len(nummers)} acties)"
    )
    tabel("hele meting", tijden, 0)
    if 0 < args.opwarmen < args.seconden:
        tabel(f"zonder de eerste {args.opwarmen:g} s (de cache vult zich)", tijden, args.opwarmen)
    p99 = percentiel(alle, 99) * 1000 if alle else float("inf")
    print(f"\nverzoeken per seconde: {per_seconde:.0f}")
    print(f"fouten: {sum(fouten.values())} {dict(fouten) or ''}")
    doelen = {
        f"≥ {DOEL_PER_SECONDE} verzoeken/s": per_seconde >= DOEL_PER_SECONDE,
        f"p99 < {DOEL_P99_MS} ms": p99 < DOEL_P99_MS,
        "0 fouten": not fouten,
    }
    meld_doelen(doelen)


if __name__ == "__main__":
    main()
