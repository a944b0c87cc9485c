"""Reading an uploaded letter in the background. The upload request only checks the first bytes and
stores the file; this job reads and searches it in the memory- and time-limited child process of
lib.beloftes.lezen and stores the proposals, whose page then opens. A letter that cannot be read is
removed again with its file: the job's page keeps the Dutch message, nothing else stays behind."""

from django.urls import reverse
from django.utils.translation import gettext as _

from jobs.models import Job
from jobs.taken import Mislukt, do_start
from lib.beloftes.lezen import BriefFout, vind_in_brief_veilig

from .models import Brief
from .voorstellen import bewaar_gelezen

STAPPEN = 2


def _sleutel(brief_id):
    return f"beloftes:{brief_id}"


def lees_brief(progress, brief_id):
    """Job: find the dated promises in the stored letter; returns the address of its proposals."""
    brief = Brief.objects.filter(pk=brief_id).first()
    if brief is None:
        raise Mislukt(_("Deze brief is er niet meer. Upload de brief opnieuw."))
    pagina = reverse("beloftes:brief", args=[brief.pk])
    if brief.is_gelezen:
        return pagina
    try:
        with brief.bestand.open("rb") as bestand:
            data = bestand.read()
    except FileNotFoundError:
        raise Mislukt(_("Het geüploade bestand is niet meer gevonden. Upload de brief opnieuw.")) from None
    progress.zet(1, STAPPEN, _("bestand gecontroleerd; de brief wordt gelezen"))
    try:
        beloftes, genoemd = vind_in_brief_veilig(data, brief.opgegeven_briefdatum)
    except BriefFout as fout:
        brief.bestand.delete(save=False)
        brief.delete()
        raise Mislukt(str(fout)) from fout
    bewaar_gelezen(brief, beloftes, genoemd)
    progress.zet(STAPPEN, STAPPEN, _("gelezen"))
    return pagina


def start_lezen(brief, eigenaar):
    """The job that reads this letter, seen only by `eigenaar`."""
    return do_start(
        lees_brief,
        _("Brief %(naam)s lezen") % {"naam": brief.bestandsnaam or _("brief")},
        sleutel=_sleutel(brief.pk),
        eigenaar=eigenaar,
        brief_id=brief.pk,
    )


def job_van(brief):
    """The latest job that read (or is reading) this letter, or None."""
    return Job.objects.filter(sleutel=_sleutel(brief.pk)).first()
