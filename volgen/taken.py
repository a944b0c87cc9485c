"""The background work of following: making a round's digests, sending mail in batches, and deleting
requests that were never confirmed.

Mail goes through jobs.mail's sending job (one connection per batch, a failure halfway retried with only
the messages not yet sent), wrapped so that a finished job keeps no addresses: jobs.mail keeps who got
which subject, and the only addresses this app may keep are those of its followers, until they
unsubscribe. Unsubscribing also takes the address out of mail jobs that have not been sent
(vergeet_in_wachtrij), so a digest queued before it does not go out after it.
"""

import datetime
import logging

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs import mail
from jobs.models import Job
from jobs.taken import do_start
from rapportage.models import Publicatie

from . import mails, tokens
from .models import Abonnement, Verzending, Volger
from .overzicht import overzichten

logger = logging.getLogger(__name__)

PER_JOB = 100  # messages per mail job


def verstuur(progress, berichten):
    """Job: send the messages (jobs.mail.verstuur), then keep only how many went."""
    uitkomst = mail.verstuur(progress, berichten)
    Job.objects.filter(pk=progress.job.pk).update(argumenten={"verstuurd": len(berichten)})
    return uitkomst


def zet_klaar(berichten, omschrijving, sleutel=""):
    """One mail job for these messages (at most PER_JOB); with a `sleutel` that already has a job, none."""
    if not berichten:
        return None
    if sleutel and Job.objects.filter(sleutel=sleutel).exists():
        return None
    for bericht in berichten:
        mail.als_mail(bericht)  # a malformed message fails here, not in the worker
    return do_start(verstuur, omschrijving, sleutel=sleutel, berichten=list(berichten))


def vergeet_in_wachtrij(email):
    """Take the address out of the mail jobs of this app that have not (all) been sent."""
    adres = email.strip().lower()
    wachtend = Job.objects.filter(taak=f"{verstuur.__module__}.{verstuur.__qualname__}").exclude(
        status__in=(Job.Status.KLAAR, Job.Status.BEZIG)
    )
    for job in wachtend.select_for_update():
        berichten = job.argumenten.get("berichten") or []
        over = [b for b in berichten if adres not in {a.strip().lower() for a in b.get("aan", [])}]
        if len(over) != len(berichten):
            job.argumenten = {**job.argumenten, "berichten": over}
            job.save(update_fields=["argumenten"])


def ruim_op():
    """Delete the requests whose confirmation link has expired, and addresses that then follow nothing.
    Returns how many requests went."""
    grens = timezone.now() - datetime.timedelta(seconds=tokens.bevestiging_geldig())
    aantal, _per_model = Abonnement.objects.filter(
        bevestigd_op__isnull=True, aangevraagd_op__lt=grens
    ).delete()
    Volger.objects.filter(abonnementen__isnull=True).delete()
    return aantal


def opruimen(progress):
    """Job: ruim_op, once a day (see start_dagelijks)."""
    aantal = ruim_op()
    progress.zet(1, 1, _("%(n)s verlopen aanvragen verwijderd") % {"n": aantal})
    return ""


def start_dagelijks(vandaag=None):
    """The daily clean-up of expired requests, for the workers' planner (JOBS_DAGELIJKS): the requests
    and mails of the form clean up as well, but an address nobody asks after must go too."""
    vandaag = vandaag or timezone.localdate()
    sleutel = f"volgen:opruimen:{vandaag.isoformat()}"
    if Job.objects.filter(sleutel=sleutel).exclude(status=Job.Status.MISLUKT).exists():
        return None
    return do_start(opruimen, _("Verlopen aanvragen om te volgen verwijderen"), sleutel=sleutel)


def maak_overzichten(progress, publicatie_id):
    """Job: the digests of a publication (a round's first, or a correction), queued in batches of
    PER_JOB; once per publication."""
    publicatie = Publicatie.objects.select_related("rapportage").filter(pk=publicatie_id).first()
    if publicatie is None:
        return ""
    rapportage = publicatie.rapportage
    progress.zet(0, 1, _("overzichten worden gemaakt"))
    ruim_op()
    with transaction.atomic():
        try:
            with transaction.atomic():
                verzending = Verzending.objects.create(rapportage=rapportage, publicatie=publicatie)
        except IntegrityError:
            logger.info(
                "Overzicht van versie %s van ronde %s was al verstuurd", publicatie.versie, rapportage.pk
            )
            return ""
        berichten = [mails.overzicht(publicatie, o) for o in overzichten(publicatie)]
        batches = [berichten[i : i + PER_JOB] for i in range(0, len(berichten), PER_JOB)]
        for nummer, batch in enumerate(batches, start=1):
            zet_klaar(
                batch,
                _("E-mail: overzicht van '%(titel)s' voor volgers (%(n)s van %(totaal)s)")
                % {"titel": rapportage.titel, "n": nummer, "totaal": len(batches)},
                sleutel=f"volgen:overzicht:{rapportage.pk}:{publicatie.versie}:{nummer}",
            )
        verzending.aantal_mails, verzending.aantal_jobs = len(berichten), len(batches)
        verzending.save(update_fields=["aantal_mails", "aantal_jobs"])
    progress.zet(1, 1, _("%(n)s overzichten klaargezet") % {"n": len(berichten)})
    return ""


def start_overzichten(publicatie):
    """The job that makes a publication's digests (after the round's commit, see volgen.apps)."""
    return do_start(
        maak_overzichten,
        _("Overzichten voor volgers van '%(titel)s'") % {"titel": publicatie.rapportage.titel},
        sleutel=f"volgen:publicatie:{publicatie.pk}",
        publicatie_id=publicatie.pk,
    )
