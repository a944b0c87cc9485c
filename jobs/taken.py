"""Starting background work and running it. One django-tasks task runs every Job, so the queue is the
library's (database or RQ), and what people see (state, progress, result) is the Job.

A job function takes a Progress first and its own keyword arguments, returns the URL of its result,
and raises Mislukt with a message for the user when retrying cannot help. Any other exception is
retried a few times. While it runs, a thread renews the job's heartbeat; a job whose heartbeat stopped
(its worker was killed) is put back in the queue by herstel_verlaten().
"""

import datetime
import logging
import threading

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django_tasks import task

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
    progress, that job instead. The task is queued after the commit, so the worker finds the job. Jobs of
    a `groep` run at most JOBS_TEGELIJK[groep] at a time, however many workers there are."""
    herstel_verlaten()
    if sleutel:
        bestaand = Job.objects.lopend().filter(sleutel=sleutel).first()
        if bestaand is not None:
            return bestaand
    try:
        with transaction.atomic():
            job = Job.objects.create(
                taak=_naam(functie),
                omschrijving=omschrijving[:300],
                sleutel=sleutel,
                argumenten=argumenten,
                eigenaar=eigenaar,
                groep=groep,
            )
    except IntegrityError:
        # Another request created it between our look and our insert.
        return Job.objects.lopend().get(sleutel=sleutel)
    _zet_in_de_rij(job)
    return job


def do_opnieuw(job):
    """Try a failed job again from the start."""
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        if job.status != Job.Status.MISLUKT:
            return job
        job.status, job.pogingen, job.melding, job.stap, job.stappen = Job.Status.WACHT, 0, "", 0, 0
        job.save()
    _zet_in_de_rij(job)
    return job


def _zet_in_de_rij(job, na=None):
    uitvoeren = voer_uit
    if na is not None and voer_uit.get_backend().supports_defer:
        uitvoeren = voer_uit.using(run_after=timezone.now() + na)
    transaction.on_commit(lambda: uitvoeren.enqueue(str(job.pk)))


def herstel_verlaten():
    """Jobs whose worker stopped (no heartbeat for JOBS_VERLATEN_NA seconds) go back in the queue, or fail
    after MAX_POGINGEN attempts. Asked whenever work starts or someone looks at a job."""
    grens = timezone.now() - datetime.timedelta(seconds=settings.JOBS_VERLATEN_NA)
    for job in Job.objects.filter(status=Job.Status.BEZIG, hartslag__lt=grens):
        with transaction.atomic():
            job = Job.objects.select_for_update().get(pk=job.pk)
            if job.status != Job.Status.BEZIG or job.hartslag >= grens:
                continue
            logger.warning("Job %s (%s) verloor zijn worker na poging %s", job.pk, job.taak, job.pogingen)
            if job.pogingen >= MAX_POGINGEN:
                job.status = Job.Status.MISLUKT
                job.melding = _("De verwerking is %(n)s keer onderbroken. Probeer het later opnieuw.") % {
                    "n": job.pogingen
                }
                job.save()
            else:
                job.status = Job.Status.WACHT
                job.save()
                _zet_in_de_rij(job)


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
    two workers that pick up jobs of one group at the same moment decide one after the other."""
    maximum = settings.JOBS_TEGELIJK.get(job.groep)
    if not job.groep or maximum is None:
        return False
    bezig = [j.status for j in Job.objects.lopend().filter(groep=job.groep).select_for_update()]
    return bezig.count(Job.Status.BEZIG) >= maximum


def _begin(job_id):
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id).first()
        if job is None or job.status != Job.Status.WACHT:
            return None
        if _groep_vol(job):
            _zet_in_de_rij(job, na=GROEP_VOL_WACHT)
            return None
        job.status = Job.Status.BEZIG
        job.pogingen += 1
        job.hartslag = timezone.now()
        job.save()
    return job


def _einde(job, status, melding="", resultaat_url=""):
    Job.objects.filter(pk=job.pk).update(
        status=status, melding=melding, resultaat_url=resultaat_url, hartslag=timezone.now()
    )


@task()
def voer_uit(job_id):
    herstel_verlaten()
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
            _einde(job, Job.Status.WACHT)
            _zet_in_de_rij(job, na=datetime.timedelta(seconds=5 * job.pogingen))
    else:
        _einde(job, Job.Status.KLAAR, resultaat_url=resultaat_url or "")
    finally:
        hartslag.stop.set()
        if hartslag.is_alive():
            hartslag.join()
