"""Import work that runs in the background (jobs): reading an uploaded annex, PDF or Word.

The upload request only checks the file cheaply and stores it; this job parses it in the memory- and
time-limited child process of importeer/veilig.py and fills the Import, whose preview then opens.

Progress is reported in coarse steps ("bestand gecontroleerd", "gelezen"), not per page: the child process
sends one answer at the end, and counting pages in the worker itself would open the untrusted file outside
the limits that child process sets.
"""

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from jobs.models import Job
from jobs.taken import Mislukt, do_start

from . import veilig
from .formaat import BijlageFout, naar_json
from .models import Import

STAPPEN = 2


def _sleutel(import_id):
    return f"importeer:{import_id}"


def lees_import(progress, import_id):
    """Job: read the stored annex (PDF or Word) of an Import and keep what the parser found; returns the
    preview URL. A file that cannot be read fails with the parser's Dutch message and leaves the Import
    unread."""
    imp = Import.objects.filter(pk=import_id).first()
    if imp is None:
        raise Mislukt(_("Deze import bestaat niet meer. Upload de bijlage opnieuw."))
    voorbeeld = reverse("importeer:voorbeeld", args=[imp.pk])
    if imp.is_gelezen:
        return voorbeeld
    try:
        with imp.bestand.open("rb") as bestand:
            data = bestand.read()
    except FileNotFoundError:
        raise Mislukt(_("Het geüploade bestand is niet meer gevonden. Upload de bijlage opnieuw.")) from None
    progress.zet(1, STAPPEN, _("bestand gecontroleerd; de bijlage wordt gelezen"))
    try:
        bijlage = veilig.lees_bijlage_veilig(data, max_bytes=settings.BIJLAGE_MAX_BYTES)
    except BijlageFout as fout:
        raise Mislukt(str(fout)) from fout
    imp.bijlage = naar_json(bijlage)
    imp.waarschuwingen = bijlage.waarschuwingen
    imp.save(update_fields=["bijlage", "waarschuwingen"])
    progress.zet(STAPPEN, STAPPEN, _("gelezen"))
    return voorbeeld


def start_lezen(imp, eigenaar):
    """The job that reads this Import, seen only by `eigenaar`."""
    return do_start(
        lees_import,
        _("Bijlage %(naam)s inlezen") % {"naam": imp.bestandsnaam or _("bijlage")},
        sleutel=_sleutel(imp.pk),
        eigenaar=eigenaar,
        import_id=imp.pk,
    )


def job_van(imp):
    """The latest job that read (or is reading) this Import, or None."""
    return Job.objects.filter(sleutel=_sleutel(imp.pk)).first()
