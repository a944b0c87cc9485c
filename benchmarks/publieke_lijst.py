"""The public action list with filters and search at 10,000 actions and 100,000 published texts on
PostgreSQL: per URL the time of the page in the app beside the time of its own SQL alone.

    .venv/bin/python benchmarks/publieke_lijst.py [--herhalingen 60] [--database pokvolg_lijst]
        [--explain] [--profiel URL] [--vergelijk]

Uses (and if needed creates, migrates and fills with `genereer_testdata --acties 10000 --voortgang 100000`,
which takes a while: the database is kept for the next run) the database on the local PostgreSQL.
Requests go through Django's test client in this process, with DEBUG off and PUBLIEK_CACHE_SECONDEN=0, so
every page is made afresh: view, queries and template, without network or gunicorn. The SQL of each URL is
captured once with CaptureQueriesContext; in every round each URL is requested and then its captured SQL is
executed again directly on the connection (execute and fetch, statement by statement), so page and SQL are
measured side by side under the same load of the machine.

Prints per URL p50 and p95 of the page, p50 of its SQL, the ratio of the page's p50 to the SQL's p50, the
p50 of the CPU time this process spent on the page (Python's share, which the load of a shared machine
stretches less than the wall-clock times; it also counts psycopg's part of the SQL) and the
number of queries. Targets per URL: p95 < 50 ms and a ratio of at most 2. Exits 1 when one is missed.
--explain prints EXPLAIN (ANALYZE, BUFFERS) of every captured statement; --profiel URL prints the cProfile
of 20 requests of that URL instead of measuring. --vergelijk also requests every URL with the filter
form's lists made afresh (not kept per version, as before openbaar.filters.Keuzelijsten), in the same
rounds, and prints that p50, p95 and CPU p50 beside the others: a comparison under the same load.
"""

import argparse
import cProfile
import os
import pstats
import re
import statistics
import sys
import time
from pathlib import Path

from opstelling import database_bestaat, meld_doelen, percentiel, psql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DOEL_P95_MS = 50
DOEL_VERHOUDING = 2.0
ZOEKWOORD = "schulden"
# A queryset iterated through .iterator() (a form's choices) runs on a server-side cursor; alone, the
# statement is its query.
CURSOR = re.compile(r'^DECLARE "[^"]+" NO SCROLL CURSOR WITH(?:OUT)? HOLD FOR ')


def django_opzetten(database):
    if not database_bestaat(database):
        psql(f"CREATE DATABASE {database}")
    os.environ["DATABASE_URL"] = f"postgresql://postgres@127.0.0.1:5432/{database}"
    os.environ["SECRET_KEY"] = "benchmark-" + "x" * 50
    os.environ["DEBUG"] = "false"
    os.environ["PUBLIEK_CACHE_SECONDEN"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "pokvolg.settings"
    for naam in ("REDIS_URL", "TASKS_BACKEND"):
        os.environ.pop(naam, None)
    import django

    django.setup()
    from django.conf import settings

    settings.ALLOWED_HOSTS = ["testserver"]
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"


def vul(database, acties, voortgang):
    from django.core.management import call_command

    from acties.models import Actie

    call_command("migrate", verbosity=0)
    if Actie.objects.count() < acties:
        begin = time.monotonic()
        call_command("genereer_testdata", acties=acties, voortgang=voortgang)
        psql("ANALYZE", db=database)
        print(f"database {database} gevuld: {time.monotonic() - begin:.0f} s")


def urls():
    from acties.models import Ministerie, Thema
    from openbaar.query import rondes

    thema = Thema.objects.filter(hoofdthema__isnull=True).order_by("volgorde").first()
    ministerie = Ministerie.objects.filter(opgeheven=False).order_by("afkorting").first()
    ronde = rondes().order_by("peildatum").first()
    return [
        "/acties/",
        f"/acties/?q={ZOEKWOORD}&status=in+uitvoering&thema={thema.slug}",
        f"/acties/?q={ZOEKWOORD}",
        "/acties/?q=ouders+herstel&status=vertraagd",
        f"/acties/?status=in+uitvoering&ministerie={ministerie.afkorting}&sorteer=-gewijzigd&page=2",
        f"/acties/?thema={thema.slug}&knelpunt=nee&sorteer=thema",
        f"/acties/?rapportage={ronde.pk}&status=afgerond&q=kinderopvangtoeslag",
        "/acties/?page=20",
    ]


def vang_sql(client, url):
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext

    reset_queries()
    with CaptureQueriesContext(connection) as vangst:
        antwoord = client.get(url)
    assert antwoord.status_code == 200, (url, antwoord.status_code)
    return [CURSOR.sub("", q["sql"]) for q in vangst.captured_queries]


def draai_sql(statements):
    """Seconds to execute and fetch the statements on the connection's own cursor, without Django."""
    from django.db import connection

    connection.ensure_connection()
    begin = time.perf_counter()
    with connection.connection.cursor() as cursor:
        for sql in statements:
            cursor.execute(sql)
            if cursor.description:
                cursor.fetchall()
    return time.perf_counter() - begin


def zonder_bewaarde_keuzes(client, url):
    """(seconds, CPU seconds) for the page with the filter form's lists made afresh, as before they were
    kept: a store that keeps none stands in for the process's one."""
    from openbaar import filters

    bewaard, filters.keuzelijsten = filters.keuzelijsten, filters.Keuzelijsten(max_lijsten=0)
    try:
        begin, cpu = time.perf_counter(), time.process_time()
        client.get(url)
        return time.perf_counter() - begin, time.process_time() - cpu
    finally:
        filters.keuzelijsten = bewaard


def explain(statements):
    from django.db import connection

    with connection.connection.cursor() as cursor:
        for sql in statements:
            print(f"\n{sql}\n")
            cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            print("\n".join(rij[0] for rij in cursor.fetchall()))


def profiel(client, url):
    for _ in range(3):
        client.get(url)
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(20):
        client.get(url)
    profiler.disable()
    pstats.Stats(profiler).sort_stats("cumulative").print_stats(50)
    pstats.Stats(profiler).sort_stats("tottime").print_stats(30)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="pokvolg_lijst")
    parser.add_argument("--acties", type=int, default=10_000)
    parser.add_argument("--voortgang", type=int, default=100_000)
    parser.add_argument("--herhalingen", type=int, default=60)
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--profiel", metavar="URL")
    parser.add_argument("--vergelijk", action="store_true")
    args = parser.parse_args()

    django_opzetten(args.database)
    vul(args.database, args.acties, args.voortgang)
    from django.test import Client

    # Loads views and templates and freezes them out of the garbage collector's way, as in the server.
    import pokvolg.wsgi  # noqa: F401
    from acties.models import Actie
    from openbaar.query import teksten

    client = Client()
    if args.profiel:
        profiel(client, args.profiel)
        return
    lijst = urls()
    sql = {}
    for url in lijst:
        for _ in range(3):
            client.get(url)  # warm caches and the connection
        sql[url] = vang_sql(client, url)
    if args.explain:
        for url in lijst:
            print(f"\n===== {url}")
            explain(sql[url])
        return

    begin_belasting = os.getloadavg()[0]
    pagina_ms = {url: [] for url in lijst}
    cpu_ms = {url: [] for url in lijst}
    sql_ms = {url: [] for url in lijst}
    zonder_ms = {url: [] for url in lijst}
    zonder_cpu_ms = {url: [] for url in lijst}
    for _ in range(args.herhalingen):
        for url in lijst:
            begin, cpu = time.perf_counter(), time.process_time()
            client.get(url)
            pagina_ms[url].append((time.perf_counter() - begin) * 1000)
            cpu_ms[url].append((time.process_time() - cpu) * 1000)
            sql_ms[url].append(draai_sql(sql[url]) * 1000)
            if args.vergelijk:
                seconden, cpu_seconden = zonder_bewaarde_keuzes(client, url)
                zonder_ms[url].append(seconden * 1000)
                zonder_cpu_ms[url].append(cpu_seconden * 1000)

    # The machine is shared: its load says how far these figures are from an idle machine's.
    print(
        f"PostgreSQL, {Actie.objects.count()} acties, {teksten().count()} gepubliceerde teksten; Django's "
        f"test client in dit proces, zonder paginacache; {args.herhalingen} metingen per URL; "
        f"load average {begin_belasting:.1f} aan het begin, {os.getloadavg()[0]:.1f} aan het eind.\n"
    )
    zonder = f" {'zonder p50':>10} {'zonder p95':>10} {'zonder cpu':>10}" if args.vergelijk else ""
    print(f"{'p50 ms':>7} {'p95 ms':>7} {'sql ms':>7} {'ratio':>6} {'cpu ms':>7} {'queries':>7}{zonder}  url")
    doelen = {}
    for url in lijst:
        p50, p95 = statistics.median(pagina_ms[url]), percentiel(pagina_ms[url], 95)
        sql_p50 = statistics.median(sql_ms[url])
        verhouding = p50 / sql_p50
        cpu = statistics.median(cpu_ms[url])
        zonder = ""
        if args.vergelijk:
            zonder = (
                f" {statistics.median(zonder_ms[url]):10.1f} {percentiel(zonder_ms[url], 95):10.1f}"
                f" {statistics.median(zonder_cpu_ms[url]):10.1f}"
            )
        rij = f"{p50:7.1f} {p95:7.1f} {sql_p50:7.1f} {verhouding:6.2f} {cpu:7.1f} {len(sql[url]):7d}"
        print(f"{rij}{zonder}  {url}")
        doelen[f"p95 < {DOEL_P95_MS} ms {url}"] = p95 < DOEL_P95_MS
        doelen[f"ratio <= {DOEL_VERHOUDING} {url}"] = verhouding <= DOEL_VERHOUDING
    print()
    meld_doelen(doelen)


if __name__ == "__main__":
    main()
