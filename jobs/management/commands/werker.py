"""`manage.py werker`: one process that does all background work. It starts one db_worker child per
queue (TASKS QUEUES: 'default' for the redactie's work, 'publiek' for the PDFs anonymous visitors ask
for), so a flood of public PDFs never takes the capacity for an import or a mail; the public child runs
at a lower CPU priority as well. The parent itself recovers jobs that stopped moving, starts the daily
jobs, restarts a child that died, and stops its children when it is stopped (SIGTERM, SIGINT) or killed.
"""

import ctypes
import logging
import os
import signal
import subprocess
import sys
import threading
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import connection
from django_tasks import DEFAULT_TASK_QUEUE_NAME

from jobs.planner import ELKE, voer_dagelijks_uit
from jobs.taken import herstel_verlaten

logger = logging.getLogger(__name__)

# Seconds a child may take to finish its task after SIGTERM before it is killed.
STOP_WACHT = 30
# CPU priority of the children for other queues than 'default' (nice: higher is lower priority).
ANDERE_NICE = 10
PR_SET_PDEATHSIG = 1


def _bij_het_starten(nice):
    """Runs in the child before db_worker: a lower priority for public work, and (Linux) SIGTERM when
    the parent dies, even by kill -9, so no child outlives its werker."""

    def voorbereiden():
        if nice:
            os.nice(nice)
        if sys.platform == "linux":
            ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)

    return voorbereiden


def _start(wachtrij, burst):
    opdracht = [
        sys.executable,
        str(settings.BASE_DIR / "manage.py"),
        "db_worker",
        "--queue-name",
        wachtrij,
        "--no-reload",
        "--no-startup-delay",
    ]
    if burst:
        opdracht.append("--batch")
    nice = 0 if wachtrij == DEFAULT_TASK_QUEUE_NAME else ANDERE_NICE
    return subprocess.Popen(opdracht, cwd=settings.BASE_DIR, preexec_fn=_bij_het_starten(nice))


def _stop(kinderen):
    for kind in kinderen.values():
        if kind.poll() is None:
            kind.terminate()
    einde = time.monotonic() + STOP_WACHT
    for kind in kinderen.values():
        try:
            kind.wait(max(0, einde - time.monotonic()))
        except subprocess.TimeoutExpired:
            kind.kill()
            kind.wait()


class Command(BaseCommand):
    help = (
        "Voert achtergrondtaken uit: één db_worker per wachtrij (openbare PDF's apart van het werk van de "
        "redactie), herstelt taken die stilstaan en start de dagelijkse taken."
    )

    def add_arguments(self, parser):
        parser.add_argument("--burst", action="store_true", help="Stop zodra de wachtrijen leeg zijn.")

    def handle(self, *args, burst=False, **options):
        wachtrijen = sorted(settings.TASKS["default"].get("QUEUES", [DEFAULT_TASK_QUEUE_NAME]))
        stop = threading.Event()
        for signaal in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signaal, lambda *_: stop.set())
        kinderen = {wachtrij: _start(wachtrij, burst) for wachtrij in wachtrijen}
        dagelijks = time.monotonic()
        try:
            while not stop.is_set():
                self._herstel()
                if not burst and time.monotonic() >= dagelijks:
                    voer_dagelijks_uit()
                    dagelijks = time.monotonic() + ELKE
                connection.close()
                for wachtrij, kind in kinderen.items():
                    if kind.poll() is not None and not burst:
                        logger.warning("Worker van wachtrij %s stopte (%s)", wachtrij, kind.returncode)
                        kinderen[wachtrij] = _start(wachtrij, burst)
                if burst and all(kind.poll() is not None for kind in kinderen.values()):
                    return
                stop.wait(1 if burst else settings.JOBS_HARTSLAG)
        finally:
            _stop(kinderen)

    def _herstel(self):
        try:
            herstel_verlaten()
        except Exception:
            # A database that is away for a moment must not stop the worker: the next round tries again.
            logger.exception("Herstel van stilstaande taken mislukt")
