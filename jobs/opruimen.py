"""Retention: the daily job that removes what can be made again or was only needed for a while.

Files are removed by folder of MEDIA_ROOT (JOBS_BEWAREN: folder -> days since the file was written):
the PDF and Word files made for downloads (made again on the next request) and uploaded annexes (read
into the database once; refused ones are never needed). A folder that is not named there, such as the
published annexes of bijlagen/, is never touched: those are the record. Finished jobs go after
JOBS_BEWAAR_DAGEN (a mail job keeps who got which subject), and the queue's own rows of finished tasks
after a day.
"""

import datetime
import logging
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from .models import Job
from .taken import do_start

logger = logging.getLogger(__name__)


def _oude_bestanden(plek, grens):
    for pad in sorted(plek.rglob("*")):
        if pad.is_file() and pad.stat().st_mtime < grens.timestamp():
            yield pad


def ruim_bestanden_op(nu=None):
    """Removes the files past their folder's retention; returns how many."""
    nu = nu or timezone.now()
    aantal = 0
    for naam, dagen in settings.JOBS_BEWAREN.items():
        plek = Path(settings.MEDIA_ROOT) / naam
        for pad in _oude_bestanden(plek, nu - datetime.timedelta(days=dagen)):
            pad.unlink(missing_ok=True)
            aantal += 1
    return aantal


def ruim_op(progress):
    """Job: the day's clean-up."""
    nu = timezone.now()
    bestanden = ruim_bestanden_op(nu)
    jobs, _per_model = (
        Job.objects.filter(status__in=(Job.Status.KLAAR, Job.Status.MISLUKT))
        .filter(aangemaakt_op__lt=nu - datetime.timedelta(days=settings.JOBS_BEWAAR_DAGEN))
        .exclude(pk=progress.job.pk)
        .delete()
    )
    taken, _per_model = DBTaskResult.objects.filter(
        status__in=(TaskResultStatus.SUCCESSFUL, TaskResultStatus.FAILED),
        finished_at__lt=nu - datetime.timedelta(days=1),
    ).delete()
    logger.info("Opgeruimd: %s bestanden, %s jobs, %s taken", bestanden, jobs, taken)
    tekst = _("%(bestanden)s bestanden en %(jobs)s oude taken verwijderd")
    progress.zet(1, 1, tekst % {"bestanden": bestanden, "jobs": jobs})
    return ""


def start_dagelijks(vandaag=None):
    """The daily clean-up, for the workers' planner (JOBS_DAGELIJKS); once a day."""
    vandaag = vandaag or timezone.localdate()
    sleutel = f"jobs:opruimen:{vandaag.isoformat()}"
    if Job.objects.filter(sleutel=sleutel).exclude(status=Job.Status.MISLUKT).exists():
        return None
    return do_start(ruim_op, _("Verlopen bestanden en taken verwijderen"), sleutel=sleutel)
