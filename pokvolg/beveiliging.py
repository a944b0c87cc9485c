"""Security plumbing: request size cap, idle timeout for editors, and the security log."""

import logging
import time

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_login_failed
from django.contrib.auth.views import redirect_to_login
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils.translation import gettext as _

from lib.limiet import client_ip
from rapportage.rechten import mag_werken

log = logging.getLogger("pokvolg.beveiliging")


class MaxRequestSizeMiddleware:
    """Refuse a body larger than the biggest allowed upload before Django reads it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            lengte = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            lengte = 0
        if lengte > settings.BIJLAGE_MAX_BYTES + 1024 * 1024:
            log.warning("verzoek te groot: %s bytes naar %s van %s", lengte, request.path, client_ip(request))
            return HttpResponse(_("Het verzoek is te groot."), status=413, content_type="text/plain")
        return self.get_response(request)


class IdleTimeoutMiddleware:
    """Editors (staff, redactie, coordinators) are logged out after SESSION_IDLE_SECONDS without a request."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            nu = int(time.time())
            laatst = request.session.get("laatst_actief")
            if laatst and nu - laatst > settings.SESSION_IDLE_SECONDS and (user.is_staff or mag_werken(user)):
                logout(request)
                return redirect_to_login(request.get_full_path())
            # Writing the session on every request is costly; a minute's resolution is enough.
            if not laatst or nu - laatst > 60:
                request.session["laatst_actief"] = nu
        return self.get_response(request)


@receiver(user_login_failed)
def _log_mislukte_login(sender, credentials, request=None, **kwargs):
    log.warning(
        "mislukte login voor %r van %s",
        credentials.get("username", ""),
        client_ip(request) if request is not None else "-",
    )


def log_geweigerd(request, reden=""):
    log.warning(
        "toegang geweigerd: %s %s voor %s van %s %s",
        request.method,
        request.path,
        request.user.get_username() if request.user.is_authenticated else "anoniem",
        client_ip(request),
        reden,
    )
