"""Server-side timings of the public pages on PostgreSQL with 10,000 actions and 100,000 status texts.

    .venv/bin/python benchmarks/publiek.py [--acties 10000] [--voortgang 100000] [--herhalingen 40]

Uses (and if needed creates, migrates and fills) the database pokvolg_bench on the local PostgreSQL,
or BENCH_DATABASE_URL. Requests go through Django's test client, so the figures are the time Django
and the database need, without network or browser. Prints p50/p95 and the query count per page type.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

BASIS = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASIS))
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/pokvolg_bench")
DOELEN_MS = {"lijst met filter en zoekterm": 150, "actiepagina": 100}


def maak_database():
    naam = DATABASE_URL.rsplit("/", 1)[1]
    basis = DATABASE_URL.rsplit("/", 1)[0] + "/postgres"
    bestaat = subprocess.run(
        ["psql", basis, "-tAc", f"SELECT 1 FROM pg_database WHERE datname='{naam}'"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not bestaat:
        subprocess.run(["psql", basis, "-c", f'CREATE DATABASE "{naam}"'], check=True)


def teller(lijst):
    def wrapper(execute, sql, *args):
        lijst.append(sql)
        return execute(sql, *args)

    return wrapper


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--acties", type=int, default=10_000)
    parser.add_argument("--voortgang", type=int, default=100_000)
    parser.add_argument("--herhalingen", type=int, default=40)
    args = parser.parse_args()

    maak_database()
    os.environ["DATABASE_URL"] = DATABASE_URL
    os.environ.setdefault("SECRET_KEY", "alleen-voor-benchmarks")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pokvolg.settings")
    # Every request is made afresh: these figures are for making pages, not for serving them from the cache.
    os.environ["PUBLIEK_CACHE_SECONDEN"] = "0"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    settings.WHITENOISE_AUTOREFRESH = True
    call_command("migrate", verbosity=0)

    from acties.models import Actie, Thema
    from moties.models import Opdracht
    from rapportage.models import Voortgang

    if Actie.objects.count() < args.acties:
        call_command("genereer_testdata", acties=args.acties, voortgang=args.voortgang)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    acties, teksten = Actie.objects.count(), Voortgang.objects.count()
    midden = Actie.objects.order_by("nummer").values_list("nummer", flat=True)[acties // 2]
    thema = Thema.objects.filter(hoofdthema__isnull=True).order_by("volgorde").first()
    motie = Opdracht.objects.order_by("nummer").first()

    paginas = {
        "overzicht": "/",
        "lijst zonder filter": "/acties/",
        "lijst met filter en zoekterm": f"/acties/?thema={thema.slug}&q=schulden",
        "lijst, pagina 20": "/acties/?status=in+uitvoering&page=20",
        "zoeken (alleen zoekterm)": "/acties/?q=ouders+compensatie",
        "actiepagina": f"/acties/{midden}/",
        "motiepagina": f"/moties/{motie.sleutel}/",
        "themapagina": f"/themas/{thema.slug}/",
        "API acties (filter + zoekterm)": f"/api/v1/acties?thema={thema.slug}&q=schulden",
        "API actie": f"/api/v1/acties/{midden}",
    }
    # Loads views and templates and freezes them out of the garbage collector's way, as in the server.
    import pokvolg.wsgi  # noqa: F401

    client = Client()
    print(f"PostgreSQL, {acties} acties, {teksten} teksten; {args.herhalingen} metingen per pagina.\n")
    print(f"{'pagina':34} {'p50 ms':>8} {'p95 ms':>8} {'queries':>8}  doel")
    for naam, url in paginas.items():
        client.get(url)  # warm caches and connections
        queries = []
        # Counted with a wrapper: the request_started signal empties Django's own query log.
        with connection.execute_wrapper(teller(queries)):
            antwoord = client.get(url)
        assert antwoord.status_code == 200, (url, antwoord.status_code)
        tijden = []
        for _ in range(args.herhalingen):
            begin = time.perf_counter()
            client.get(url)
            tijden.append((time.perf_counter() - begin) * 1000)
        p50 = statistics.median(tijden)
        p95 = statistics.quantiles(tijden, n=20)[18]
        doel = DOELEN_MS.get(naam)
        oordeel = f"p95 < {doel} ms: {'ja' if p95 < doel else 'NEE'}" if doel else ""
        print(f"{naam:34} {p50:8.1f} {p95:8.1f} {len(queries):8d}  {oordeel}")


if __name__ == "__main__":
    main()
