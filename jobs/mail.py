"""Mail the app sends, sent by a background job: a slow or unreachable mail server holds up no request,
and a failure is tried again (jobs.taken retries every exception but Mislukt).

A message is a plain dict, so that it can wait in the queue as JSON: onderwerp, tekst, aan (a list of
addresses) and optionally van (default DEFAULT_FROM_EMAIL) and headers. Plain text only.
"""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils.translation import gettext as _

from .models import Job
from .taken import Mislukt, do_start


def _bericht(bericht):
    """The message as it will be queued (known keys, JSON types), or ValueError."""
    try:
        schoon = {
            "onderwerp": str(bericht["onderwerp"]),
            "tekst": str(bericht["tekst"]),
            "aan": [str(adres) for adres in bericht["aan"]],
        }
        if bericht.get("van"):
            schoon["van"] = str(bericht["van"])
        if bericht.get("headers"):
            schoon["headers"] = {str(k): str(v) for k, v in dict(bericht["headers"]).items()}
    except (KeyError, TypeError, ValueError, AttributeError) as fout:
        raise ValueError(f"Onvolledig bericht: {fout!r}") from fout
    if isinstance(bericht["aan"], str) or not schoon["aan"]:
        raise ValueError("'aan' is een lijst met ten minste één adres.")
    return schoon


def als_mail(bericht):
    return EmailMessage(
        bericht["onderwerp"],
        bericht["tekst"],
        bericht.get("van") or settings.DEFAULT_FROM_EMAIL,
        list(bericht["aan"]),
        headers=bericht.get("headers") or None,
    )


def verstuur_nu(berichten):
    """Send the messages in this process over one connection, as `herinner` does for cron."""
    if berichten:
        get_connection().send_messages([als_mail(_bericht(b)) for b in berichten])


def verstuur(progress, berichten):
    """Job (started by do_mail, never called inside another job): send the messages over one connection.

    When the mail server fails halfway, the job keeps only the messages not yet sent, so the next
    attempt (or 'Probeer opnieuw') sends nobody a message twice. Once all are sent, the job keeps who
    got which subject, not the texts: a password-reset mail holds a link that is as good as a password.
    """
    try:
        berichten = [_bericht(b) for b in berichten]
    except ValueError as fout:
        raise Mislukt(str(fout)) from fout
    totaal = len(berichten)
    verstuurd = 0
    progress.zet(0, totaal, _("e-mail wordt verstuurd"))
    try:
        with get_connection() as verbinding:
            for bericht in berichten:
                verbinding.send_messages([als_mail(bericht)])
                verstuurd += 1
    except Exception:
        if verstuurd:
            Job.objects.filter(pk=progress.job.pk).update(argumenten={"berichten": berichten[verstuurd:]})
        raise
    finally:
        progress.zet(
            verstuurd, totaal, _("%(n)s van %(totaal)s verstuurd") % {"n": verstuurd, "totaal": totaal}
        )
    Job.objects.filter(pk=progress.job.pk).update(
        argumenten={"berichten": [{"aan": b["aan"], "onderwerp": b["onderwerp"]} for b in berichten]}
    )
    return ""


def do_mail(berichten, omschrijving, sleutel=""):
    """Queue the messages (a list of dicts, see above) for a background job; returns the Job. A malformed
    message raises ValueError here, in the request, not later in the worker."""
    return do_start(verstuur, omschrijving, sleutel=sleutel, berichten=[_bericht(b) for b in berichten])
