"""Password forgotten: the mail goes through a background job (jobs.mail), and a rate limit per address
and per IP address keeps the form from being used to flood a mailbox or the mail server.

Whether an address has an account, was refused or got a mail: the answer is the same page, so nobody
learns which addresses exist. (Sending in the background also takes away the time a mail server used
to add to the answer for a known address.) Refusals go to the logger pokvolg.beveiliging.
"""

import hashlib
import logging

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.core.cache import cache
from django.template import loader
from django.utils.translation import gettext as _

from jobs.mail import do_mail
from lib.geschiedenis import client_ip

log = logging.getLogger("pokvolg.beveiliging")

PER_ADRES = 3  # reset requests per e-mail address per VENSTER
PER_IP = 10  # reset requests per IP address per VENSTER
VENSTER = 60 * 60  # seconds, counted from the first request


def _teller(soort, waarde):
    return "wachtwoordherstel:" + soort + ":" + hashlib.sha256(waarde.encode()).hexdigest()


def _tel(sleutel):
    """Count one request in a fixed window of VENSTER seconds (shared by all app servers with Redis)."""
    cache.add(sleutel, 0, VENSTER)
    try:
        return cache.incr(sleutel)
    except ValueError:  # expired between add and incr
        cache.set(sleutel, 1, VENSTER)
        return 1


def te_vaak(request, email):
    """The reason to refuse this request, or "". Counts it for its IP address and, unless that already
    refuses it, for the address. Without a cache (Redis down) nothing is refused."""
    ip = (client_ip(request) if request is not None else None) or "-"
    try:
        if _tel(_teller("ip", ip)) > PER_IP:
            return "te veel aanvragen van dit IP-adres"
        if _tel(_teller("adres", email.strip().lower())) > PER_ADRES:
            return "te veel aanvragen voor dit e-mailadres"
    except Exception:
        log.warning(
            "wachtwoordherstel: geen cache voor de limiet; aanvraag van %s niet geteld", ip, exc_info=True
        )
    return ""


class WachtwoordHerstelFormulier(PasswordResetForm):
    """Django's form with the same templates; the mail is queued for a job instead of sent here."""

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"]
        reden = te_vaak(request, email)
        if reden:
            log.warning(
                "wachtwoordherstel geweigerd: %s (%r van %s)",
                reden,
                email,
                (client_ip(request) if request is not None else None) or "-",
            )
            return
        super().save(*args, request=request, **kwargs)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        if html_email_template_name is not None:
            raise ValueError("jobs.mail verstuurt alleen platte tekst; laat html_email_template_name leeg.")
        onderwerp = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        bericht = {
            "onderwerp": onderwerp,
            "tekst": loader.render_to_string(email_template_name, context),
            "aan": [to_email],
        }
        if from_email:
            bericht["van"] = from_email
        do_mail([bericht], _("E-mail voor een nieuw wachtwoord"))


wachtwoord_vergeten = auth_views.PasswordResetView.as_view(form_class=WachtwoordHerstelFormulier)
