"""The page a person watches while their job runs: a progress bar that works without JavaScript."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from . import taken
from .models import Job


def _get_job_for_user(request, pk):
    """A job is seen by its owner, or by anyone with the link when it has none; 404 for everyone else."""
    job = get_object_or_404(Job, pk=pk)
    if job.eigenaar_id is not None and job.eigenaar_id != request.user.pk:
        raise Http404
    return job


def _zonder_cache(response):
    response["Cache-Control"] = "no-store"
    return response


@require_safe
def job(request, pk):
    job = _get_job_for_user(request, pk)
    if request.GET.get("formaat") == "json":
        return _zonder_cache(
            JsonResponse(
                {
                    "status": job.status,
                    "statusTekst": job.get_status_display(),
                    "stap": job.stap,
                    "stappen": job.stappen,
                    "voortgang": job.stap_tekst,
                    "procent": job.procent,
                    "melding": job.melding,
                    "url": job.resultaat_url if job.is_klaar else "",
                }
            )
        )
    if job.is_klaar and job.resultaat_url:
        return redirect(job.resultaat_url)
    return _zonder_cache(render(request, "jobs/job.html", {"job": job}))


@require_POST
def opnieuw(request, pk):
    job = taken.do_opnieuw(_get_job_for_user(request, pk))
    return redirect("jobs:job", job.pk)
