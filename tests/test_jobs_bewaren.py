"""Retention: the daily job removes old downloads and uploads, old finished jobs and the queue's rows of
finished tasks, and never a published annex."""

import datetime
import os

from django.core.files.base import ContentFile
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from jobs import opruimen
from jobs.models import Job
from rapportage.models import BijlageVersie, Rapportage


def _bestand(pad, dagen_oud):
    pad.parent.mkdir(parents=True, exist_ok=True)
    pad.write_bytes(b"%PDF-")
    moment = (timezone.now() - datetime.timedelta(days=dagen_oud)).timestamp()
    os.utime(pad, (moment, moment))
    return pad


def test_the_daily_clean_up_removes_old_downloads_and_uploads_but_never_a_published_annex(
    demodata, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.JOBS_BEWAREN = {"downloads": 7, "importen": 30}
    oude_download = _bestand(tmp_path / "downloads" / "oud.pdf", 8)
    half_geschreven = _bestand(tmp_path / "downloads" / ".oud.pdf.1234.tmp", 8)
    verse_download = _bestand(tmp_path / "downloads" / "vers.pdf", 6)
    oude_upload = _bestand(tmp_path / "importen" / "geweigerd.pdf", 31)
    verse_upload = _bestand(tmp_path / "importen" / "nieuw.pdf", 29)
    versie = BijlageVersie(rapportage=Rapportage.objects.first(), vastgesteld_op=timezone.now())
    versie.bijlage_pdf.save("bijlage.pdf", ContentFile(b"%PDF-"), save=False)
    versie.save()
    gepubliceerd = _bestand(tmp_path / versie.bijlage_pdf.name, 3650)
    with django_capture_on_commit_callbacks(execute=True):
        job = opruimen.start_dagelijks()
    job.refresh_from_db()
    assert job.status == Job.Status.KLAAR and job.stap_tekst.startswith("3 bestanden")
    assert not oude_download.exists() and not half_geschreven.exists() and not oude_upload.exists()
    assert verse_download.exists() and verse_upload.exists() and gepubliceerd.exists()
    assert opruimen.start_dagelijks() is None  # once a day


def test_the_daily_clean_up_removes_old_finished_jobs_and_finished_task_rows(
    db, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    settings.JOBS_BEWAAR_DAGEN = 30
    oud = timezone.now() - datetime.timedelta(days=31)
    klaar = Job.objects.create(taak="x", omschrijving="Oud en klaar", status=Job.Status.KLAAR)
    wacht = Job.objects.create(taak="x", omschrijving="Oud en wachtend", status=Job.Status.WACHT)
    recent = Job.objects.create(taak="x", omschrijving="Recent", status=Job.Status.MISLUKT)
    Job.objects.filter(pk__in=[klaar.pk, wacht.pk]).update(aangemaakt_op=oud)
    taak = {"args_kwargs": {"args": [], "kwargs": {}}, "task_path": "x", "backend_name": "default"}
    DBTaskResult.objects.create(status=TaskResultStatus.SUCCESSFUL, finished_at=oud, run_after=oud, **taak)
    klaar_te_doen = DBTaskResult.objects.create(status=TaskResultStatus.READY, run_after=oud, **taak)
    with django_capture_on_commit_callbacks(execute=True):
        opruimen.start_dagelijks()
    assert set(Job.objects.exclude(sleutel__startswith="jobs:").values_list("pk", flat=True)) == {
        wacht.pk,
        recent.pk,
    }
    assert list(DBTaskResult.objects.values_list("pk", flat=True)) == [klaar_te_doen.pk]
