"""Password forgotten: the mail goes through a background job (jobs.mail), and a rate limit per address
and per IP address keeps the form from being used to flood a mailbox or the mail server.

Whether an address has an account, was refused or got a mail: the answer is the same page, so nobody
learns which addresses exist. (Sending in the background also takes away the time a mail server used
to add to the answer for a known address.) Every request, sent or refused, goes to the logger
pokvolg.beveiliging.
"""

import hashlib
import ipaddress
import logging
import unicodedata

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


def _ip(request):
    return (client_ip(request) if request is not None else None) or "-"


def afzender(ip):
    """Whom the per-IP limit counts: the address, or for IPv6 its /64, which one connection (one home,
    one office) is given whole and can pick new addresses from at will."""
    try:
        adres = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if adres.version == 4:
        return str(adres)
    if adres.ipv4_mapped is not None:
        return str(adres.ipv4_mapped)
    return str(ipaddress.ip_network(f"{adres}/64", strict=False))


def adres_sleutel(email):
    """The address as Django's reset form matches it to accounts (case-insensitive, Unicode-normalised),
    so that no spelling of one address escapes its limit."""
    return unicodedata.normalize("NFKC", email.strip()).casefold()


def te_vaak(request, email):
    """The reason to refuse this request, or "". Counts it for its IP address and, unless that already
    refuses it, for the address. Without a cache (Redis down) nothing is refused."""
    ip = _ip(request)
    # Outside the try: only a failing cache may let a request through uncounted, never a bug here.
    per_ip, per_adres = _teller("ip", afzender(ip)), _teller("adres", adres_sleutel(email))
    try:
        if _tel(per_ip) > PER_IP:
            return "te veel aanvragen van dit IP-adres"
        if _tel(per_adres) > PER_ADRES:
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
            log.warning("wachtwoordherstel geweigerd: %s (%r van %s)", reden, email, _ip(request))
            return
        # Whether the address has an account is for the log only; the visitor's answer never says.
        accounts = sum(1 for _gebruiker in self.get_users(email))
        log.info("wachtwoordherstel aangevraagd: %r van %s (accounts: %d)", email, _ip(request), accounts)
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
