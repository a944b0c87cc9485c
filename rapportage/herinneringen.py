"""Reminders: N days before the deadline of the open round, coordinators hear which of their texts are
not yet submitted. Once a day: the workers start it themselves (jobs/planner.py, JOBS_DAGELIJKS), or
`python manage.py herinner` from cron, in that process or with `--achtergrond` as a background job whose
mail a mail job sends (jobs.mail)."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs import mail
from jobs.models import Job
from jobs.taken import do_start

from . import rechten
from .models import Rapportage, Voortgang


def herinneringen(dagen, vandaag=None):
    """The reminders of `vandaag` (default today) for deadlines `dagen` days ahead, as messages for
    jobs.mail: one per coordinator with unsubmitted texts, per round."""
    vandaag = vandaag or timezone.localdate()
    deadlines = [vandaag + datetime.timedelta(days=n) for n in dagen]
    rondes = Rapportage.objects.open().filter(deadline__in=deadlines)
    coordinatoren = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=rechten.COORDINATOR, ministeries__isnull=False)
        .exclude(email="")
        .distinct()
        .order_by("username")
    )
    berichten = []
    for rapportage in rondes:
        for gebruiker in coordinatoren:
            teksten = list(
                rechten.zichtbare_voortgang(gebruiker)
                .filter(rapportage=rapportage, toestand__in=Voortgang.BIJ_COORDINATOR)
                .select_related("actie")
                .order_by("actie__nummer")
            )
            if teksten:
                berichten.append(_bericht(rapportage, gebruiker, teksten))
    return berichten


def _bericht(rapportage, gebruiker, teksten):
    context = {
        "gebruiker": gebruiker,
        "rapportage": rapportage,
        "teksten": teksten,
        "url": settings.SITE_URL.rstrip("/") + reverse("werk:mijn_acties"),
    }
    return {
        "onderwerp": render_to_string("werk/herinnering_onderwerp.txt", context).strip(),
        "tekst": render_to_string("werk/herinnering.txt", context),
        "aan": [gebruiker.email],
    }


def stuur_herinneringen(progress, dagen, datum=None):
    """Job: the reminders of `datum` (ISO date; default the day it runs), handed to one mail job, which
    sends them over one connection and retries without sending anyone a message twice."""
    vandaag = datetime.date.fromisoformat(datum) if datum else timezone.localdate()
    berichten = herinneringen(dagen, vandaag)
    if berichten:
        mail.do_mail(
            berichten,
            _("Herinneringen van %(datum)s") % {"datum": vandaag.isoformat()},
            sleutel=f"{_sleutel(dagen, vandaag)}:mail",
        )
    progress.zet(1, 1, _("%(n)s herinnering(en) klaargezet") % {"n": len(berichten)})
    return ""


def _sleutel(dagen, vandaag):
    return f"herinneringen:{vandaag.isoformat()}:{','.join(str(n) for n in sorted(set(dagen)))}"


def start_herinneringen(dagen, vandaag=None):
    """Queue the reminders of `vandaag` (default today) as a job; (job, True), or (job, False) when that
    day's reminders for these `dagen` are already queued or sent (a second cron, a second server)."""
    vandaag = vandaag or timezone.localdate()
    sleutel = _sleutel(dagen, vandaag)
    eerder = Job.objects.filter(sleutel=sleutel).exclude(status=Job.Status.MISLUKT).first()
    if eerder is not None:
        return eerder, False
    job = do_start(
        stuur_herinneringen,
        _("Herinneringen van %(datum)s") % {"datum": vandaag.isoformat()},
        sleutel=sleutel,
        dagen=list(dagen),
        datum=vandaag.isoformat(),
    )
    return job, True


def start_dagelijks():
    """The daily reminders (HERINNER_DAGEN days before the deadline), started by the workers' planner."""
    return start_herinneringen(settings.HERINNER_DAGEN)
