"""Shared by the job-queue benchmarks (wachtrij_herstel, wachtrij_vloed): the PostgreSQL database
`pokvolg_wachtrij` with the demo data (made once, then reused), Django set up in this process to queue
real jobs (public list PDFs; the import of tests/annexen/liggend-ministerie.pdf, as the full annex of
29 June 2021 hits the parser's 20 s limit on a busy machine), and `manage.py werker` processes, each in
a process group of its own so that a kill reaches it whole. Only processes this module started are
stopped.
"""

import os
import signal
import subprocess
import sys
import tempfile
import time

from opstelling import ROOT, Code, demodatabase, omgeving

DB = "pokvolg_wachtrij"
ANNEX = ROOT / "tests" / "annexen" / "liggend-ministerie.pdf"


def opzetten(opnieuw=False, db=DB):
    """The database `db`, a temporary MEDIA_ROOT, and Django in this process; returns the environment."""
    # Stopped (timeout, Ctrl-C), the benchmark still stops the workers it started (finally blocks).
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    # The daily jobs the worker starts at once (Kamerdata, reminders) are left out: they are not measured.
    env = omgeving(
        db, MEDIA_ROOT=tempfile.mkdtemp(prefix="pokvolg-wachtrij-"), KAMERDATA_UUR=24, HERINNER_UUR=24
    )
    demodatabase(Code(ROOT), env, db, opnieuw)
    os.environ.update(env)
    os.environ["DJANGO_SETTINGS_MODULE"] = "pokvolg.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django_tasks_db.models import DBTaskResult

    from jobs.models import Job

    # Every run starts from an empty queue.
    Job.objects.all().delete()
    DBTaskResult.objects.all().delete()
    return env


def start_pdfs(aantal, merk):
    """`aantal` public list PDFs with each its own filter (thema and status), as visitors ask for them."""
    from acties.models import Actie, Thema
    from bijlage import taken
    from jobs.taken import do_start

    themas = list(Thema.objects.filter(hoofdthema__isnull=True).values_list("slug", flat=True))
    statussen = sorted(set(Actie.objects.values_list("status", flat=True)))
    paren = [(t, s) for s in statussen for t in themas]
    jobs = []
    for n in range(aantal):
        thema, status = paren[n % len(paren)]
        query = f"thema={thema}&status={status}"
        sleutel = f"{merk}-{n}"
        jobs.append(
            do_start(
                taken.maak_pdf,
                f"Lijst {n}",
                sleutel=f"pdf:{sleutel}",
                groep="publiek",
                soort="lijst",
                sleutel_bestand=sleutel,
                terug=f"/acties/lijst.pdf?{query}",
                query=query,
            )
        )
    return jobs


def start_import():
    """The redactie uploads an annex and its job reads it (importeer.taken.lees_import)."""
    import datetime

    from django.contrib.auth import get_user_model
    from django.core.files.base import ContentFile

    from importeer.models import Import
    from importeer.taken import start_lezen

    gebruiker = get_user_model().objects.filter(is_superuser=True).first() or get_user_model().objects.first()
    imp = Import(
        bestandsnaam=ANNEX.name,
        bijlage={},
        rapportage_titel="Benchmark",
        peildatum=datetime.date(2021, 6, 29),
        door=gebruiker,
    )
    imp.bestand.save("bijlage.pdf", ContentFile(ANNEX.read_bytes()), save=False)
    imp.save()
    return start_lezen(imp, gebruiker)


def werker(env, **extra):
    return subprocess.Popen(
        [sys.executable, "manage.py", "werker"],
        cwd=ROOT,
        env={**env, **{k: str(v) for k, v in extra.items()}},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def db_worker_voor_alles(env):
    """The worker as it was: one db_worker for every queue, so public PDFs and the redactie's jobs wait
    in one line."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--no-reload", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def stop(proces, signaal=signal.SIGTERM):
    """Stop the process and its group; SIGKILL what is left after 40 s."""
    try:
        os.killpg(proces.pid, signaal)
        proces.wait(40)
    except ProcessLookupError:
        pass
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proces.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    proces.wait(10)


def verbreek(seconden, elke=0.25):
    """Ends every connection to this database but this process's own (the workers'), every `elke`
    seconds for `seconden` seconds; returns how many were ended."""
    from django.db import connection

    verbroken = 0
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                "WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
            verbroken += cursor.fetchone()[0]
        time.sleep(elke)
    return verbroken


def wacht_tot(voorwaarde, seconden, stap=0.2):
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():
            return True
        time.sleep(stap)
    return False
