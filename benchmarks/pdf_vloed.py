"""A flood of PDF requests: does the site stay up while twelve visitors ask for a list PDF at once?

    .venv/bin/python benchmarks/pdf_vloed.py [--code DIR] [--aantal 12] [--wachttijd 120] [--redis]
        [--opnieuw]

Builds (or reuses) the PostgreSQL database `pokvolg_vloed` with the demo data (another checkout given
with --code gets its own database, `pokvolg_vloed_<map>`), collects the static files into a temporary
directory and starts gunicorn as the Dockerfile does (3 sync workers, timeout 60) and, for code with
background jobs (a jobs/ directory), one `manage.py db_worker` as the Procfile does. Then --aantal anonymous
visitors at once ask for `/acties/lijst.pdf` with each a different filter (thema, subthema, status, q).
New code answers with a 302 to the job's waiting page /taken/<id>/; the visitor follows it
(`?formaat=json` every 0.25 s) until the PDF arrives. Old code renders in the request and answers 200.
Meanwhile a separate visitor asks `/gezondheid` every 100 ms.

Prints the /gezondheid answer times (p50, p95, worst), the number of 5xx and of requests without an answer,
and per PDF the time until it arrived and through how many jobs it went.
Targets: /gezondheid worst < 1 s, 0 5xx, no request without an answer, and every PDF within --wachttijd.
Exits 1 when a target is missed.

--redis gives gunicorn and the worker REDIS_URL=redis://127.0.0.1:6379/5 (shared cache, and with it one
page-cache version, which is part of a PDF's key); without it each gunicorn process has its own.
"""

import argparse
import json
import statistics
import sys
import threading
import time
import urllib.parse

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
    vraag,
    vrije_poort,
)

REDIS_URL = "redis://127.0.0.1:6379/5"
GEZONDHEID_ELKE = 0.1
WOORDEN = ["ouders", "herstel", "schulden", "informatie", "wetgeving"]

GEGEVENS = """
import json
from django.db.models import Count
from acties.models import Actie, Thema
themas = Thema.objects.order_by("volgorde", "naam")
lopend = 0
try:
    from jobs.models import Job
    lopend = Job.objects.lopend().count()
except ImportError:
    pass
print("GEGEVENS", json.dumps({
    "themas": list(themas.filter(hoofdthema__isnull=True).values_list("slug", flat=True)),
    "subthemas": list(themas.filter(hoofdthema__isnull=False).values_list("slug", flat=True)),
    "statussen": [r["status"] for r in Actie.objects.values("status").annotate(n=Count("pk")).order_by("-n")],
    "lopend": lopend,
}))
"""


class Fout(Exception):
    pass


def gegevens(code, env):
    for regel in shell(code, env, GEGEVENS).splitlines():
        if regel.startswith("GEGEVENS "):
            return json.loads(regel.split(" ", 1)[1])
    sys.exit("kon thema's en statussen niet lezen")


def kies_filters(g, aantal):
    """`aantal` different valid filters: every theme, then a status, words, combinations, sub-themes."""
    status = g["statussen"][0]
    kandidaten = [{"thema": t} for t in g["themas"]]
    kandidaten += [{"status": status}, {"q": WOORDEN[0]}, {"q": WOORDEN[1]}]
    kandidaten += [{"thema": t, "status": status} for t in g["themas"][:1]]
    kandidaten += [{"thema": t, "q": w} for t, w in zip(g["themas"][1:], WOORDEN[2:], strict=False)]
    kandidaten += [{"subthema": s} for s in g["subthemas"]]
    kandidaten += [{"q": w} for w in WOORDEN[2:]]
    if len(kandidaten) < aantal:
        sys.exit(f"maar {len(kandidaten)} verschillende filters te maken; kies --aantal {len(kandidaten)}")
    return ["/acties/lijst.pdf?" + urllib.parse.urlencode(f) for f in kandidaten[:aantal]]


def pad_van(locatie):
    delen = urllib.parse.urlsplit(locatie)
    return delen.path + (f"?{delen.query}" if delen.query else "")


def wacht_op_taak(poort, taak, eind, statussen):
    """Poll the waiting page's JSON until the job is done; the URL of its result."""
    for _ in range(2000):
        over = eind - time.monotonic()
        if over <= 0:
            raise Fout(f"taak {taak} niet klaar binnen de wachttijd")
        status, _kop, inhoud, _duur = vraag(poort, f"{taak}?formaat=json", timeout=over)
        statussen.append(status)
        if status != 200:
            raise Fout(f"wachtpagina {taak}: {status or 'geen antwoord'}")
        staat = json.loads(inhoud)
        if staat["status"] == "klaar":
            return staat["url"] or taak
        if staat["status"] == "mislukt":
            raise Fout(f"taak mislukt: {staat['melding']}")
        time.sleep(min(0.25, max(0.0, eind - time.monotonic())))
    raise Fout(f"taak {taak}: te vaak gevraagd")


def haal_pdf(poort, pad, begin, eind, statussen):
    """Like a browser: follow redirects and waiting pages until the PDF is there."""
    url, taken = pad, 0
    for _ in range(50):
        over = eind - time.monotonic()
        if over <= 0:
            break
        status, kop, inhoud, _duur = vraag(poort, url, timeout=over)
        statussen.append(status)
        if status == 200 and inhoud.startswith(b"%PDF-"):
            return {"seconden": time.monotonic() - begin, "taken": taken, "bytes": len(inhoud)}
        if status == 302:
            url = pad_van(kop["location"])
            if url.startswith("/taken/"):
                taken += 1
                url = pad_van(wacht_op_taak(poort, url, eind, statussen))
            continue
        if status == 429:
            time.sleep(min(float(kop.get("retry-after", "5")), max(0.0, eind - time.monotonic())))
            continue
        raise Fout(f"{url}: {status or 'geen antwoord'}")
    raise Fout("niet binnen de wachttijd")


def meet(poort, paden, wachttijd):
    stop = threading.Event()
    gezond = []  # (seconds, status)
    statussen = []  # every status of the PDF visitors, None for no answer

    def gezondheid():
        volgende = time.monotonic()
        for _ in range(int((wachttijd + 30) / GEZONDHEID_ELKE)):
            if stop.is_set():
                return
            status, _kop, _inhoud, duur = vraag(poort, "/gezondheid", timeout=60)
            gezond.append((duur, status))
            volgende = max(volgende + GEZONDHEID_ELKE, time.monotonic())
            stop.wait(volgende - time.monotonic())

    uitslagen = {}

    def bezoeker(pad):
        try:
            uitslagen[pad] = haal_pdf(poort, pad, begin, eind, statussen)
        except Fout as fout:
            uitslagen[pad] = {"fout": str(fout)}

    bewaker = threading.Thread(target=gezondheid, daemon=True)
    bewaker.start()
    time.sleep(1)  # a baseline before the flood
    begin = time.monotonic()
    eind = begin + wachttijd
    bezoekers = [threading.Thread(target=bezoeker, args=(pad,), daemon=True) for pad in paden]
    for b in bezoekers:
        b.start()
    for b in bezoekers:
        b.join(timeout=max(0.0, eind - time.monotonic()) + 70)
    time.sleep(1)
    stop.set()
    bewaker.join(timeout=70)
    return gezond, statussen, uitslagen


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--code", default=str(ROOT), help="map met de code (standaard: dit project)")
    parser.add_argument(
        "--aantal", type=int, default=12, help="zoveel PDF's tegelijk, elk met een ander filter"
    )
    parser.add_argument("--wachttijd", type=float, default=120, help="seconden dat een bezoeker wacht")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn-workers (Dockerfile: 3)")
    parser.add_argument("--redis", action="store_true", help=f"REDIS_URL={REDIS_URL}")
    parser.add_argument("--opnieuw", action="store_true", help="bouw de database opnieuw op")
    args = parser.parse_args()

    code = Code(args.code)
    db = code.database("pokvolg_vloed")
    with Werkmap("vloed") as werkmap:
        extra = {"STATIC_ROOT": werkmap.static, "MEDIA_ROOT": werkmap.media}
        if args.redis:
            if not code.leest_redis:
                print("let op: deze code leest REDIS_URL niet; gemeten zonder Redis")
            extra["REDIS_URL"] = REDIS_URL
        env = omgeving(db, **extra)
        demodatabase(code, env, db, args.opnieuw)
        g = gegevens(code, env)
        if g["lopend"]:
            # Jobs of an interrupted earlier run would take the worker's time first.
            print(f"{g['lopend']} onafgemaakte taken van een eerdere meting: database opnieuw")
            demodatabase(code, env, db, True)
            g = gegevens(code, env)
        paden = kies_filters(g, args.aantal)
        collectstatic(code, env)
        poort = vrije_poort()
        diensten = Diensten(code, env, werkmap, poort, workers=args.workers, worker=code.met_taken)
        with diensten:
            gezond, statussen, uitslagen = meet(poort, paden, args.wachttijd)
            if any("fout" in u for u in uitslagen.values()):
                diensten.staart("gunicorn")
                if code.met_taken:
                    diensten.staart("worker")

    worker = "1 db_worker" if code.met_taken else "geen worker"
    print(f"\ncode: {code.beschrijving()}")
    print(
        f"{len(paden)} PDF's tegelijk (anoniem, /acties/lijst.pdf, elk een ander filter); "
        f"gunicorn {args.workers} workers (sync), {worker}, Redis {'aan' if args.redis else 'uit'}\n"
    )
    print(f"{'filter':64} {'binnen na':>10} {'taken':>6} {'kB':>6}")
    for pad in paden:
        u = uitslagen.get(pad, {"fout": "geen uitslag"})
        filter_ = pad.split("?", 1)[1]
        if "fout" in u:
            print(f"{filter_:64} FOUT: {u['fout']}")
        else:
            print(f"{filter_:64} {u['seconden']:8.1f} s {u['taken']:6d} {u['bytes'] / 1024:6.0f}")

    tijden = [duur for duur, _status in gezond]
    zonder = sum(status is None for _duur, status in gezond)
    vijf_gezond = sum(status is not None and status >= 500 for _duur, status in gezond)
    vijf_pdf = sum(status is not None and status >= 500 for status in statussen)
    zonder_pdf = sum(status is None for status in statussen)
    slechtste = max(tijden)
    binnen = [u["seconden"] for u in uitslagen.values() if "fout" not in u]
    print(
        f"\n/gezondheid elke {GEZONDHEID_ELKE * 1000:.0f} ms: n={len(tijden)}  "
        f"p50={statistics.median(tijden) * 1000:.0f} ms  p95={percentiel(tijden, 95) * 1000:.0f} ms  "
        f"slechtste={slechtste * 1000:.0f} ms  zonder antwoord: {zonder}"
    )
    print(
        f"5xx: /gezondheid {vijf_gezond}, PDF-bezoekers {vijf_pdf}; zonder antwoord bij PDF's: {zonder_pdf}"
    )
    print(
        f"verzoeken van de PDF-bezoekers: {len(statussen)} "
        f"(taken doorlopen: {sum(u.get('taken', 0) for u in uitslagen.values())})"
    )
    if len(binnen) == len(paden):
        print(f"alle {len(paden)} PDF's binnen na {max(binnen):.1f} s")
    else:
        print(f"{len(paden) - len(binnen)} van de {len(paden)} PDF's NIET binnen {args.wachttijd:.0f} s")

    doelen = {
        "/gezondheid slechtste < 1 s": slechtste < 1,
        "0 5xx": vijf_gezond + vijf_pdf == 0,
        "elk verzoek een antwoord": zonder + zonder_pdf == 0,
        f"alle PDF's binnen {args.wachttijd:.0f} s": len(binnen) == len(paden),
    }
    meld_doelen(doelen)


if __name__ == "__main__":
    main()
