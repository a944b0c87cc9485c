"""Background jobs: queued with their Job, progress people can see, retries, and recovery from a killed
worker (a real worker process on PostgreSQL). tests/test_jobs_herstel.py has the real `werker`."""

import datetime
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from bijlage import samenstelling
from jobs import taken
from jobs.models import Job
from rapportage import ronde, tekststappen
from tests import jobs_voor_tests

REDIS_URL = "redis://127.0.0.1:6379/13"
DB_TAKEN = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "publiek"]}}


@pytest.fixture(autouse=True)
def _geen_pogingen():
    jobs_voor_tests.POGINGEN.clear()


def test_closing_a_round_stores_its_annex_in_a_background_job_that_builds_its_context_once(
    open_ronde, redactie, settings, tmp_path, monkeypatch, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    gebouwd = []
    echt = samenstelling.bijlage_context

    def bouw_en_tel(rapportage, *args, **kwargs):
        gebouwd.append(rapportage.pk)
        return echt(rapportage, *args, **kwargs)

    monkeypatch.setattr(samenstelling, "bijlage_context", bouw_en_tel)
    for voortgang in open_ronde.voortgang.exclude(toestand="concept", versie=1):
        tekststappen.keur_goed(voortgang, redactie)
    with django_capture_on_commit_callbacks(execute=True):
        ronde.stel_vast(open_ronde, redactie)
    job = Job.objects.get(sleutel=f"bijlage:{open_ronde.pk}")
    assert job.status == Job.Status.KLAAR and job.pogingen == 1
    assert job.resultaat_url == reverse("bijlage:pdf", args=[open_ronde.pk])
    open_ronde.refresh_from_db()
    assert open_ronde.bijlage_pdf.name.startswith("bijlagen/")
    assert (tmp_path / open_ronde.bijlage_pdf.name).read_bytes().startswith(b"%PDF-")
    # The page estimate of the waiting page and the PDF and Word files come from one context.
    assert gebouwd == [open_ronde.pk]


def test_the_same_work_asked_twice_is_one_job(db, tmp_path):
    eerste = taken.do_start(jobs_voor_tests.schrijf_langzaam, "Bestand", sleutel="x", pad=str(tmp_path / "a"))
    tweede = taken.do_start(jobs_voor_tests.schrijf_langzaam, "Bestand", sleutel="x", pad=str(tmp_path / "a"))
    assert eerste.pk == tweede.pk and Job.objects.count() == 1


def test_waiting_page_shows_a_progress_bar_and_refreshes_itself_without_javascript(client, db):
    job = Job.objects.create(
        taak="x",
        omschrijving="Bijlage van juni",
        status=Job.Status.BEZIG,
        stap=12,
        stappen=21,
        stap_tekst="pagina 12 van 21",
        hartslag=timezone.now(),
    )
    pagina = client.get(reverse("jobs:job", args=[job.pk]))
    inhoud = pagina.content.decode()
    assert pagina.status_code == 200 and pagina["Cache-Control"] == "no-store"
    assert '<progress id="job-voortgang" class="job__balk" max="21" value="12">57 %</progress>' in inhoud
    assert "pagina 12 van 21" in inhoud
    assert '<noscript><meta http-equiv="refresh" content="2"></noscript>' in inhoud
    staat = client.get(reverse("jobs:job", args=[job.pk]), {"formaat": "json"}).json()
    assert (staat["stap"], staat["stappen"], staat["voortgang"], staat["url"]) == (
        12,
        21,
        "pagina 12 van 21",
        "",
    )


def test_a_finished_job_sends_the_visitor_to_its_result(client, db):
    job = Job.objects.create(
        taak="x", omschrijving="Lijst", status=Job.Status.KLAAR, resultaat_url="/acties/"
    )
    assert client.get(reverse("jobs:job", args=[job.pk])).url == "/acties/"


def test_a_failing_job_is_retried_and_then_shows_a_dutch_message_and_a_retry_button(
    client, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = taken.do_start(jobs_voor_tests.mislukt_altijd, "Iets")
    job.refresh_from_db()
    assert len(jobs_voor_tests.POGINGEN) == taken.MAX_POGINGEN
    assert job.status == Job.Status.MISLUKT and job.pogingen == taken.MAX_POGINGEN
    inhoud = client.get(reverse("jobs:job", args=[job.pk])).content.decode()
    assert "Er ging iets mis bij het maken. Probeer het opnieuw." in inhoud
    assert reverse("jobs:opnieuw", args=[job.pk]) in inhoud and "Probeer opnieuw" in inhoud
    assert client.post(reverse("jobs:opnieuw", args=[job.pk])).status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.WACHT and job.pogingen == 0


def test_a_job_that_fails_once_succeeds_on_its_second_attempt(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = taken.do_start(jobs_voor_tests.lukt_de_tweede_keer, "Iets")
    job.refresh_from_db()
    assert (job.status, job.pogingen, job.resultaat_url) == (Job.Status.KLAAR, 2, "/gelukt/")


def test_a_job_that_cannot_succeed_fails_at_once_with_its_own_message(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        job = taken.do_start(jobs_voor_tests.weigert, "Iets")
    job.refresh_from_db()
    assert (job.status, job.pogingen, job.melding) == (Job.Status.MISLUKT, 1, "Het bestand is leeg.")


def test_a_job_whose_worker_died_goes_back_in_the_queue_then_fails_after_the_last_attempt(db, settings):
    oud = timezone.now() - datetime.timedelta(seconds=settings.JOBS_VERLATEN_NA + 1)
    job = Job.objects.create(taak="x", omschrijving="Iets", status=Job.Status.BEZIG, pogingen=1, hartslag=oud)
    vers = Job.objects.create(taak="x", omschrijving="Vers", status=Job.Status.BEZIG, hartslag=timezone.now())
    taken.herstel_verlaten()
    job.refresh_from_db()
    vers.refresh_from_db()
    assert job.status == Job.Status.WACHT and vers.status == Job.Status.BEZIG
    Job.objects.filter(pk=job.pk).update(status=Job.Status.BEZIG, pogingen=taken.MAX_POGINGEN, hartslag=oud)
    taken.herstel_verlaten()
    job.refresh_from_db()
    assert job.status == Job.Status.MISLUKT and "onderbroken" in job.melding


def test_someone_elses_job_is_not_found(client, db, coordinator_fin, coordinator_bzk):
    job = Job.objects.create(taak="x", omschrijving="Import", eigenaar=coordinator_fin)
    client.force_login(coordinator_bzk)
    assert client.get(reverse("jobs:job", args=[job.pk])).status_code == 404
    assert client.post(reverse("jobs:opnieuw", args=[job.pk])).status_code == 404
    client.force_login(coordinator_fin)
    assert client.get(reverse("jobs:job", args=[job.pk])).status_code == 200


def _instellingen(omgeving, *namen):
    """The settings pokvolg/settings.py makes in a fresh process with this environment."""
    code = (
        "import django, json; django.setup(); from django.conf import settings; print(json.dumps(["
        + ", ".join(f"settings.{naam}" for naam in namen)
        + "]))"
    )
    uit = subprocess.run(
        [sys.executable, "-c", code],
        cwd=settings.BASE_DIR,
        env={**omgeving, "DJANGO_SETTINGS_MODULE": "pokvolg.settings", "SECRET_KEY": "alleen-voor-tests"},
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(uit.stdout)


def test_jobs_wait_in_the_database_whether_or_not_redis_is_set():
    zonder = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "TASKS_BACKEND")}
    for omgeving in (zonder, {**zonder, "REDIS_URL": REDIS_URL}):
        [tasks, apps] = _instellingen(omgeving, "TASKS", "INSTALLED_APPS")
        assert tasks == DB_TAKEN
        assert "django_tasks_db" in apps and "django_rq" not in apps


def test_a_job_and_its_task_are_stored_in_one_transaction(db, settings):
    """Rolled back with the request that asked for it, the task is gone as well: no task without a Job."""
    from django.db import transaction
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TAKEN
    with pytest.raises(RuntimeError), transaction.atomic():
        taken.do_start(jobs_voor_tests.weigert, "Teruggedraaid")
        assert DBTaskResult.objects.count() == 1
        raise RuntimeError
    assert not Job.objects.exists() and not DBTaskResult.objects.exists()
    job = taken.do_start(jobs_voor_tests.weigert, "Bewaard", groep="publiek")
    taak = DBTaskResult.objects.get()
    assert str(taak.pk) == job.taak_id and taak.args_kwargs["args"] == [str(job.pk)]
    assert taak.queue_name == "publiek"


def _worker(omgeving):
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--interval", "0.2", "--no-startup-delay"],
        cwd=settings.BASE_DIR,
        env=omgeving,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wacht_tot(voorwaarde, seconden=30):
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():
            return True
        time.sleep(0.2)
    return False


if connection.vendor == "postgresql" or settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):

    @pytest.mark.postgres
    def test_a_worker_killed_mid_job_leaves_no_half_file_and_the_job_is_done_again(
        migratiedata, settings, tmp_path
    ):
        """A real db_worker process is killed with SIGKILL halfway; within a minute the job is queued
        again, a second worker finishes it, and the file is whole. PostgreSQL only: the worker process
        needs the test's database, which on SQLite lives in this process's memory."""
        omgeving = {
            **os.environ,
            "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
            "JOBS_HARTSLAG": "1",
            "SECRET_KEY": "alleen-voor-tests",
            "LOG_LEVEL": "WARNING",
        }
        settings.TASKS = DB_TAKEN
        settings.JOBS_VERLATEN_NA = 3
        doel = tmp_path / "uit.txt"
        job = taken.do_start(
            jobs_voor_tests.schrijf_langzaam, "Bestand", pad=str(doel), stappen=20, pauze=0.3
        )
        eerste = _worker(omgeving)
        try:
            assert _wacht_tot(lambda: Job.objects.get(pk=job.pk).stap >= 3)
            eerste.send_signal(signal.SIGKILL)
            eerste.wait(10)
        finally:
            eerste.kill()
        job.refresh_from_db()
        assert job.status == Job.Status.BEZIG and not doel.exists()

        def weer_in_de_rij():
            taken.herstel_verlaten()
            return Job.objects.get(pk=job.pk).status == Job.Status.WACHT

        assert _wacht_tot(weer_in_de_rij, 60)
        tweede = _worker(omgeving)
        try:
            assert _wacht_tot(lambda: Job.objects.get(pk=job.pk).status == Job.Status.KLAAR, 60)
        finally:
            tweede.kill()
            tweede.wait(10)
        job.refresh_from_db()
        assert job.pogingen == 2
        assert doel.read_text().splitlines() == [f"regel {n}" for n in range(1, 21)]


def test_jobs_of_a_full_group_wait_their_turn_however_many_workers_run(
    db, settings, tmp_path, django_capture_on_commit_callbacks
):
    """Anonymous visitors' PDFs (group 'publiek') never take more than one worker at a time."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = DB_TAKEN
    settings.JOBS_TEGELIJK = {"publiek": 1}
    eerste = Job.objects.create(
        taak="tests.jobs_voor_tests.schrijf_langzaam",
        omschrijving="Eerste",
        groep="publiek",
        status=Job.Status.BEZIG,
        hartslag=timezone.now(),
    )
    doel = tmp_path / "tweede.txt"
    tweede = taken.do_start(
        jobs_voor_tests.schrijf_langzaam, "Tweede", groep="publiek", pad=str(doel), stappen=1, pauze=0
    )
    with django_capture_on_commit_callbacks(execute=True):
        taken.voer_uit.call(str(tweede.pk))  # a second worker picks it up while the first is busy
    tweede.refresh_from_db()
    assert tweede.status == Job.Status.WACHT and tweede.pogingen == 0 and not doel.exists()
    assert DBTaskResult.objects.filter(run_after__gt=timezone.now(), queue_name="publiek").exists()
    eerste.status = Job.Status.KLAAR
    eerste.save()
    taken.voer_uit.call(str(tweede.pk))
    tweede.refresh_from_db()
    assert tweede.status == Job.Status.KLAAR and doel.exists()
