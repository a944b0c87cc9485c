"""Starting background work and running it. One django-tasks task runs every Job, so the queue is the
library's (the database: django-tasks-db), and what people see (state, progress, result) is the Job.

A job function takes a Progress first and its own keyword arguments, returns the URL of its result,
and raises Mislukt with a message for the user when retrying cannot help. Any other exception is
retried a few times. While it runs, a thread renews the job's heartbeat; herstel_verlaten(), which the
worker (`manage.py werker`) runs every few seconds, queues again or fails a job that stopped moving:
running without a heartbeat (its worker was killed), or waiting without a task in the queue.
"""

import datetime
import logging
import threading

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import DEFAULT_TASK_QUEUE_NAME, task
from django_tasks.base import TaskResultStatus
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from .models import Job

logger = logging.getLogger(__name__)

MAX_POGINGEN = 3


class Mislukt(Exception):
    """The job cannot succeed; the message is for the user."""


class Progress:
    """What a job function reports while it works: stap of stappen, and a text such as 'pagina 3 van 21'."""

    def __init__(self, job):
        self.job = job

    def zet(self, stap, stappen, tekst=""):
        Job.objects.filter(pk=self.job.pk).update(
            stap=stap, stappen=stappen, stap_tekst=tekst[:200], hartslag=timezone.now()
        )


def _naam(functie):
    return f"{functie.__module__}.{functie.__qualname__}"


def do_start(functie, omschrijving, *, sleutel="", eigenaar=None, groep="", **argumenten):
    """A job that runs `functie(progress, **argumenten)` in the background; with a `sleutel` already in
    progress, that job instead. Jobs of a `groep` run at most JOBS_TEGELIJK[groep] at a time, however many
    workers there are, and a group with a queue of its own (TASKS QUEUES, such as 'publiek') waits there,
    apart from everyone else's work."""
    if sleutel:
        bestaand = Job.objects.lopend().filter(sleutel=sleutel).first()
        if bestaand is not None:
            return bestaand
    try:
        with transaction.atomic():
            job = Job(
                taak=_naam(functie),
                omschrijving=omschrijving[:300],
                sleutel=sleutel,
                argumenten=argumenten,
                eigenaar=eigenaar,
                groep=groep,
                hartslag=timezone.now(),
            )
            job.taak_id = _zet_in_de_rij(job)
            job.save(force_insert=True)
    except IntegrityError:
        # Another request created it between our look and our insert.
        return Job.objects.lopend().get(sleutel=sleutel)
    return job


def do_opnieuw(job):
    """Try a failed job again from the start."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.status != Job.Status.MISLUKT:
            return job
        job.status, job.pogingen, job.melding, job.stap, job.stappen = Job.Status.WACHT, 0, "", 0, 0
        job.hartslag = timezone.now()
        job.taak_id = _zet_in_de_rij(job)
        job.save()
    return job


def _wachtrij(groep):
    """A group with a queue of its own (TASKS QUEUES) waits there; all other work in 'default'."""
    if groep and groep in voer_uit.get_backend().queues:
        return groep
    return DEFAULT_TASK_QUEUE_NAME


def _zet_in_de_rij(job, na=None):
    """Queue the job's task; returns the task's id for Job.taak_id. The database queue takes the task in
    the caller's transaction, so a task exists exactly when its Job does. A backend that runs tasks at
    once (the tests') runs it after the commit instead, when its Job can be seen."""
    uitvoeren = voer_uit.using(queue_name=_wachtrij(job.groep))
    backend = uitvoeren.get_backend()
    if na is not None and backend.supports_defer:
        uitvoeren = uitvoeren.using(run_after=timezone.now() + na)
    if isinstance(backend, DatabaseBackend):
        return str(uitvoeren.enqueue(str(job.pk)).id)
    transaction.on_commit(lambda: uitvoeren.enqueue(str(job.pk)))
    return ""


def _grens():
    return timezone.now() - datetime.timedelta(seconds=settings.JOBS_VERLATEN_NA)


def _verlaten(job, grens):
    """Whether the job stopped moving: running without a heartbeat since `grens`, or waiting since then
    without its task in the queue (deleted, failed before it began, or claimed by a worker that died). A
    task a worker took just now is about to begin."""
    if (job.hartslag or job.aangemaakt_op) >= grens:
        return False
    if job.status == Job.Status.BEZIG:
        return True
    levend = Q(status=TaskResultStatus.READY) | Q(status=TaskResultStatus.RUNNING, started_at__gte=grens)
    return not (job.taak_id and DBTaskResult.objects.filter(levend, pk=job.taak_id).exists())


def herstel_verlaten():
    """Jobs that stopped moving (see _verlaten) go back in the queue, or fail after MAX_POGINGEN attempts.
    A lost waiting job counts as an attempt too, so a task that dies before it begins cannot loop. The
    worker runs this every JOBS_HARTSLAG seconds."""
    grens = _grens()
    stil = Job.objects.lopend().filter(
        Q(hartslag__lt=grens) | Q(hartslag__isnull=True, aangemaakt_op__lt=grens)
    )
    for pk in stil.values_list("pk", flat=True):
        with transaction.atomic():
            job = Job.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if job is None or job.status not in (Job.Status.WACHT, Job.Status.BEZIG):
                continue
            if not _verlaten(job, grens):
                continue
            logger.warning(
                "Job %s (%s, %s) staat stil na poging %s", job.pk, job.taak, job.status, job.pogingen
            )
            if job.taak_id:
                # The lost task's row stops claiming to run, so the queue's own table tells the truth.
                DBTaskResult.objects.filter(pk=job.taak_id, status=TaskResultStatus.RUNNING).update(
                    status=TaskResultStatus.FAILED, finished_at=timezone.now()
                )
            if job.status == Job.Status.WACHT:
                job.pogingen += 1
            job.hartslag = timezone.now()
            if job.pogingen >= MAX_POGINGEN:
                job.status = Job.Status.MISLUKT
                job.melding = _("De verwerking is %(n)s keer onderbroken. Probeer het later opnieuw.") % {
                    "n": job.pogingen
                }
            else:
                job.status = Job.Status.WACHT
                job.taak_id = _zet_in_de_rij(job)
            job.save()


class _Hartslag(threading.Thread):
    """Renews the job's heartbeat while the work runs, so a long render is not taken for a dead worker."""

    def __init__(self, job_id):
        super().__init__(daemon=True)
        self.job_id = job_id
        self.stop = threading.Event()

    def run(self):
        try:
            while not self.stop.wait(settings.JOBS_HARTSLAG):
                try:
                    Job.objects.filter(pk=self.job_id, status=Job.Status.BEZIG).update(
                        hartslag=timezone.now()
                    )
                except Exception:
                    logger.exception("Hartslag van job %s niet bewaard", self.job_id)
        finally:
            connection.close()


# A job that finds its group full waits this long before it is taken from the queue again.
GROEP_VOL_WACHT = datetime.timedelta(seconds=2)


def _groep_vol(job):
    """Whether the job's group already runs its maximum. Locks the group's waiting and running jobs, so
    two workers that pick up jobs of one group at the same moment decide one after the other. A job
    without a heartbeat lost its worker: it holds no place."""
    maximum = settings.JOBS_TEGELIJK.get(job.groep)
    if not job.groep or maximum is None:
        return False
    grens = _grens()
    lopend = Job.objects.lopend().filter(groep=job.groep).select_for_update()
    return sum(1 for j in lopend if j.status == Job.Status.BEZIG and j.hartslag >= grens) >= maximum


def _begin(job_id):
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Job.Status.WACHT:
            return None
        if _groep_vol(job):
            job.taak_id = _zet_in_de_rij(job, na=GROEP_VOL_WACHT)
            job.save(update_fields=["taak_id"])
            return None
        job.status = Job.Status.BEZIG
        job.pogingen += 1
        job.hartslag = timezone.now()
        job.save()
    return job


def _einde(job, status, melding="", resultaat_url="", opnieuw_na=None):
    """Ends the attempt: the job's final state, or (opnieuw_na) back in the queue. A connection the
    database dropped (a restart, a failover) is made anew and the end stored once more; whatever else goes
    wrong while storing it (a result the database refuses) still ends the job, so it never holds its
    group's place; if even that fails, herstel_verlaten() finds it without a heartbeat."""
    for poging in (1, 2):
        try:
            with transaction.atomic():
                velden = {"status": status, "melding": melding, "resultaat_url": resultaat_url}
                if opnieuw_na is not None:
                    velden["taak_id"] = _zet_in_de_rij(job, na=opnieuw_na)
                Job.objects.filter(pk=job.pk).update(hartslag=timezone.now(), **velden)
            return
        except Exception:
            logger.exception("Einde van job %s (%s) niet bewaard (poging %s)", job.pk, job.taak, poging)
            if not connection.in_atomic_block:
                connection.close()  # a broken connection is made anew by the next query
    Job.objects.filter(pk=job.pk).update(
        status=Job.Status.MISLUKT,
        melding=_("Er ging iets mis bij het bewaren van het resultaat. Probeer het opnieuw."),
        resultaat_url="",
        hartslag=timezone.now(),
    )


@task()
def voer_uit(job_id):
    job = _begin(job_id)
    if job is None:
        return
    # A worker runs tasks outside any transaction. Only the test backend runs them inside one, where a
    # second connection would wait for the test's own row locks.
    hartslag = _Hartslag(job.pk)
    if not connection.in_atomic_block:
        hartslag.start()
    try:
        resultaat_url = import_string(job.taak)(Progress(job), **job.argumenten)
    except Mislukt as fout:
        _einde(job, Job.Status.MISLUKT, str(fout))
    except Exception:
        logger.exception("Job %s (%s) mislukte bij poging %s", job.pk, job.taak, job.pogingen)
        if job.pogingen >= MAX_POGINGEN:
            _einde(job, Job.Status.MISLUKT, _("Er ging iets mis bij het maken. Probeer het opnieuw."))
        else:
            _einde(job, Job.Status.WACHT, opnieuw_na=datetime.timedelta(seconds=5 * job.pogingen))
    else:
        _einde(job, Job.Status.KLAAR, resultaat_url=resultaat_url or "")
    finally:
        hartslag.stop.set()
        if hartslag.is_alive():
            hartslag.join()
