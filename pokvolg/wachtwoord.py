"""Password forgotten: the mail goes through a background job (jobs.mail), and a rate limit per address
and per IP address keeps the form from being used to flood a mailbox or the mail server.

Whether an address has an account, was refused or got a mail: the answer is the same page, so nobody
learns which addresses exist. (Sending in the background also takes away the time a mail server used
to add to the answer for a known address.) Every request, sent or refused, goes to the logger
pokvolg.beveiliging.
"""

import logging

from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordResetForm
from django.template import loader
from django.utils.translation import gettext as _

from jobs.mail import do_mail
from lib import limiet

log = logging.getLogger("pokvolg.beveiliging")

PER_ADRES = 3  # reset requests per e-mail address per hour (lib.limiet.VENSTER)
PER_IP = 10  # reset requests per IP address per hour


def te_vaak(request, email):
    return limiet.te_vaak("wachtwoordherstel", request, email, per_adres=PER_ADRES, per_ip=PER_IP)


class WachtwoordHerstelFormulier(PasswordResetForm):
    """Django's form with the same templates; the mail is queued for a job instead of sent here."""

    def save(self, *args, request=None, **kwargs):
        email = self.cleaned_data["email"]
        reden = te_vaak(request, email)
        if reden:
            log.warning("wachtwoordherstel geweigerd: %s (%r van %s)", reden, email, limiet.ip_van(request))
            return
        # Whether the address has an account is for the log only; the visitor's answer never says.
        accounts = sum(1 for _gebruiker in self.get_users(email))
        log.info(
            "wachtwoordherstel aangevraagd: %r van %s (accounts: %d)", email, limiet.ip_van(request), accounts
        )
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
