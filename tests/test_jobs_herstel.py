"""Background work that cannot get stuck: a waiting job whose task vanished, a result that cannot be
stored, a flood of public PDFs, and stopping the worker. With a real `manage.py werker` process on
PostgreSQL (the worker needs the test's database, which on SQLite lives in this process's memory)."""

import datetime
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobs import taken
from jobs.models import Job
from tests import jobs_voor_tests

DB_TAKEN = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default", "publiek"]}}


@pytest.fixture
def db_taken(settings):
    settings.TASKS = DB_TAKEN
    settings.JOBS_TEGELIJK = {"publiek": 1}


def _oud():
    return timezone.now() - datetime.timedelta(seconds=settings.JOBS_VERLATEN_NA + 1)


def test_a_waiting_job_whose_task_failed_before_it_began_is_queued_again(db, db_taken):
    job = taken.do_start(jobs_voor_tests.weigert, "Iets")
    DBTaskResult.objects.filter(pk=job.taak_id).update(status=TaskResultStatus.FAILED)
    Job.objects.filter(pk=job.pk).update(hartslag=_oud())
    taken.herstel_verlaten()
    job.refresh_from_db()
    nieuw = DBTaskResult.objects.get(pk=job.taak_id)
    assert (job.status, job.pogingen, nieuw.status) == (Job.Status.WACHT, 1, TaskResultStatus.READY)


def test_a_waiting_job_that_keeps_losing_its_task_fails_with_a_message(db, db_taken):
    job = taken.do_start(jobs_voor_tests.weigert, "Iets")
    DBTaskResult.objects.filter(pk=job.taak_id).delete()
    Job.objects.filter(pk=job.pk).update(hartslag=_oud(), pogingen=taken.MAX_POGINGEN - 1)
    taken.herstel_verlaten()
    job.refresh_from_db()
    assert job.status == Job.Status.MISLUKT and "onderbroken" in job.melding


def test_a_waiting_job_whose_task_is_still_queued_waits_however_long(db, db_taken):
    job = taken.do_start(jobs_voor_tests.weigert, "Iets", groep="publiek")
    Job.objects.filter(pk=job.pk).update(hartslag=_oud())
    taken.herstel_verlaten()
    job.refresh_from_db()
    assert (job.status, job.pogingen, DBTaskResult.objects.count()) == (Job.Status.WACHT, 0, 1)


def test_a_waiting_job_a_worker_just_took_is_not_lost_however_long_it_waited(db, db_taken):
    job = taken.do_start(jobs_voor_tests.weigert, "Iets", groep="publiek")
    DBTaskResult.objects.filter(pk=job.taak_id).update(
        status=TaskResultStatus.RUNNING, started_at=timezone.now()
    )
    Job.objects.filter(pk=job.pk).update(hartslag=_oud())
    taken.herstel_verlaten()
    job.refresh_from_db()
    assert (job.status, job.pogingen, DBTaskResult.objects.count()) == (Job.Status.WACHT, 0, 1)
    DBTaskResult.objects.filter(pk=job.taak_id).update(started_at=_oud())  # its worker died
    taken.herstel_verlaten()
    job.refresh_from_db()
    assert (job.status, job.pogingen, DBTaskResult.objects.count()) == (Job.Status.WACHT, 1, 2)


def test_a_running_job_without_a_heartbeat_holds_no_place_in_its_group(db, db_taken, tmp_path):
    Job.objects.create(taak="x", omschrijving="Verlaten", groep="publiek", status="bezig", hartslag=_oud())
    doel = tmp_path / "uit.txt"
    job = taken.do_start(jobs_voor_tests.schrijf_langzaam, "PDF", groep="publiek", pad=str(doel), stappen=1)
    taken.voer_uit.call(str(job.pk))
    job.refresh_from_db()
    assert job.status == Job.Status.KLAAR and doel.exists()


def _omgeving(**extra):
    return {
        **os.environ,
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}",
        "JOBS_HARTSLAG": "1",
        "JOBS_VERLATEN_NA": "3",
        "SECRET_KEY": "alleen-voor-tests",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def _werker(omgeving):
    """`manage.py werker` in a process group of its own, as a process manager starts it."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "werker"],
        cwd=settings.BASE_DIR,
        env=omgeving,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _stop(werker):
    try:
        os.killpg(werker.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    werker.wait(10)


def _wacht_tot(voorwaarde, seconden=30):
    einde = time.monotonic() + seconden
    while time.monotonic() < einde:
        if voorwaarde():
            return True
        time.sleep(0.2)
    return False


def _status(job):
    return Job.objects.get(pk=job.pk).status


def _levend(pid):
    """Whether the process runs (a zombie waiting to be reaped has stopped)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except FileNotFoundError:
        return False


def _kinderen(pid):
    gevonden = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            velden = stat.read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        if int(velden[1]) == pid:
            gevonden.append(int(stat.parent.name))
    return gevonden


if connection.vendor == "postgresql" or settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):

    @pytest.mark.postgres
    def test_a_waiting_job_whose_task_vanished_is_run_within_the_recovery_window(
        migratiedata, db_taken, tmp_path
    ):
        doel = tmp_path / "uit.txt"
        job = taken.do_start(jobs_voor_tests.schrijf_langzaam, "Bestand", pad=str(doel), stappen=1, pauze=0)
        DBTaskResult.objects.filter(pk=job.taak_id).delete()  # as a queue in a Redis restarted empty lost it
        werker = _werker(_omgeving())
        try:
            assert _wacht_tot(lambda: _status(job) == Job.Status.KLAAR, 40)
        finally:
            _stop(werker)
        job.refresh_from_db()
        assert job.pogingen == 2 and doel.read_text() == "regel 1\n"

    @pytest.mark.postgres
    def test_a_result_that_cannot_be_stored_ends_the_job_and_the_next_public_pdf_runs(
        migratiedata, db_taken, tmp_path
    ):
        """Recovery is set far away (10 minutes): only the job's own end can free the one public place."""
        vergiftigd = taken.do_start(jobs_voor_tests.onbewaarbaar, "Vergiftigd", groep="publiek")
        lang = taken.do_start(jobs_voor_tests.lange_url, "Lange URL", groep="publiek")
        doel = tmp_path / "lijst.pdf"
        volgende = taken.do_start(
            jobs_voor_tests.schrijf_langzaam, "Lijst", groep="publiek", pad=str(doel), stappen=1, pauze=0
        )
        werker = _werker(_omgeving(JOBS_VERLATEN_NA="600"))
        try:
            assert _wacht_tot(lambda: _status(volgende) == Job.Status.KLAAR, 40)
        finally:
            _stop(werker)
        vergiftigd.refresh_from_db()
        lang.refresh_from_db()
        assert vergiftigd.status == Job.Status.MISLUKT and "bewaren van het resultaat" in vergiftigd.melding
        assert lang.status == Job.Status.KLAAR and lang.resultaat_url == jobs_voor_tests.lange_url(None)

    def verliest_zijn_verbinding(progress):
        """Job: the database drops its connection (a restart, a failover) after the work, before the
        result is stored."""
        with pytest.raises(OperationalError), connection.cursor() as cursor:
            cursor.execute("SELECT pg_terminate_backend(pg_backend_pid())")
        return "/klaar/"

    @pytest.mark.postgres
    def test_a_job_whose_connection_dropped_before_its_result_was_stored_still_ends_with_it(
        transactional_db, db_taken
    ):
        job = taken.do_start(verliest_zijn_verbinding, "PDF", groep="publiek")
        taken.voer_uit.call(str(job.pk))
        job.refresh_from_db()
        assert (job.status, job.resultaat_url, job.pogingen) == (Job.Status.KLAAR, "/klaar/", 1)

    @pytest.mark.postgres
    def test_a_redactie_job_runs_while_the_public_queue_is_busy_with_one_worker_process(
        migratiedata, db_taken, tmp_path
    ):
        los = tmp_path / "los"
        openbaar = taken.do_start(jobs_voor_tests.wacht_op, "Openbare PDF", groep="publiek", pad=str(los))
        werker = _werker(_omgeving())
        try:
            assert _wacht_tot(lambda: _status(openbaar) == Job.Status.BEZIG)
            doel = tmp_path / "import.txt"
            redactie = taken.do_start(
                jobs_voor_tests.schrijf_langzaam, "Import", pad=str(doel), stappen=1, pauze=0
            )
            assert _wacht_tot(lambda: _status(redactie) == Job.Status.KLAAR)
            assert _status(openbaar) == Job.Status.BEZIG
            los.touch()
            assert _wacht_tot(lambda: _status(openbaar) == Job.Status.KLAAR)
        finally:
            _stop(werker)

    @pytest.mark.postgres
    @pytest.mark.parametrize(
        "stop",
        [
            pytest.param(lambda werker: os.killpg(werker.pid, signal.SIGTERM), id="process-group-sigterm"),
            pytest.param(lambda werker: werker.send_signal(signal.SIGINT), id="sigint"),
            pytest.param(lambda werker: werker.send_signal(signal.SIGKILL), id="kill-9"),
        ],
    )
    def test_stopping_the_worker_stops_its_children(migratiedata, stop):
        werker = _werker(_omgeving())
        try:
            assert _wacht_tot(lambda: len(_kinderen(werker.pid)) == 2)
            kinderen = _kinderen(werker.pid)
            stop(werker)
            werker.wait(40)
            assert _wacht_tot(lambda: not any(_levend(pid) for pid in kinderen), 15)
        finally:
            _stop(werker)
