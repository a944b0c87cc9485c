"""Request checks before any view: LEZEN_VEREIST_LOGIN (internal deployments where even published data is
for logged-in users only), and input the database cannot store; the one place that keeps work pages
and drafts out of every cache; the page cache's answers to visitors without a session; and a database
connection cut in the middle of a request."""

import logging
import sys

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError, connection
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import render
from django.template import loader
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from lib import paginacache
from lib.invoer import onopslaanbaar
from rapportage.models import Rapportage

from .views import probleem

log = logging.getLogger(__name__)

# What an anonymous user must reach to be able to log in at all, plus the load balancer's health check.
VRIJ_ZONDER_LOGIN = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "gezondheid",
    "oidc_authentication_init",
    "oidc_authentication_callback",
}


def _vrij(request):
    if request.path_info.startswith(settings.STATIC_URL):
        return True
    try:
        return resolve(request.path_info).view_name in VRIJ_ZONDER_LOGIN
    except Resolver404:
        return False


class LezenVereistLoginMiddleware:
    """With LEZEN_VEREIST_LOGIN, an anonymous request for any page except the above goes to the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            getattr(settings, "LEZEN_VEREIST_LOGIN", False)
            and not request.user.is_authenticated
            and not _vrij(request)
        ):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class OngeldigeTekensMiddleware:
    """A path or parameter with a NUL byte or a lone surrogate gets the Dutch 400 of other invalid input
    (problem+json under /api/), for every list, export, feed and API address at once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        waarden = [request.path, *request.GET.keys(), *(w for _k, ws in request.GET.lists() for w in ws)]
        if any(onopslaanbaar(w) for w in waarden):
            melding = _("Het adres of een parameter bevat tekens die niet zijn toegestaan.")
            if request.path.startswith("/api/"):
                return probleem(request, 400, _("Ongeldig verzoek"), melding)
            return render(request, "400.html", {"melding": melding}, status=400)
        return self.get_response(request)


# Pages for editors only: drafts, other people's texts, forms with a CSRF token.
PRIVE_PADEN = ("/werk/", "/importeren/")
PRIVE = "private, no-store"


def _concept_bijlage(route):
    """An annex address of a round (pk) that is not closed: its annex, Word file, web page and changes
    are drafts. An earlier published version (versie) stays public. A reopened round's published annex,
    served at the same address for now, is kept out of caches too: better than ever caching a draft."""
    if route is None or route.namespace != "bijlage" or "pk" not in route.kwargs or "versie" in route.kwargs:
        return False
    # A round that does not exist has no draft; its 404 may be cached like any other.
    return Rapportage.objects.lopend().filter(pk=route.kwargs["pk"]).exists()


def _prive(request):
    # resolver_match is set once the address is resolved; absent when a middleware answered first
    # (a login redirect), and then only the path tells.
    return request.path_info.startswith(PRIVE_PADEN) or _concept_bijlage(
        getattr(request, "resolver_match", None)
    )


class GeenCacheMiddleware:
    """`Cache-Control: private, no-store` on every response under /werk/ and /importeren/ and on every
    annex of a round that is not closed, whatever the view set: neither a shared proxy nor the browser
    may keep a draft or an editor's page (the back button after logging out, a shared computer).

    Outermost but one, so redirects and error pages of the middleware below get it as well."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _prive(request):
            response["Cache-Control"] = PRIVE
            # An Expires in the future would still let an old HTTP/1.0 cache keep the page.
            response.headers.pop("Expires", None)
        return response


class PubliekeCacheMiddleware:
    """Public pages (views marked with lib.paginacache.publiek_gecached) for a GET without a session, from
    the page cache, and made pages kept there (lib/paginacache.py).

    After SecurityMiddleware, GeenCacheMiddleware, the CSP and WhiteNoise, which give every answer their
    headers, a cached one too; before sessions, login, two-step verification and the rest, which have
    nothing to do for such a visitor: their headers (Vary, Content-Language, X-Frame-Options) were kept
    with the page when it was made. With LEZEN_VEREIST_LOGIN nobody without a session gets a public page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if getattr(settings, "LEZEN_VEREIST_LOGIN", False) or not paginacache.cachebaar(request):
            return self.get_response(request)
        return paginacache.via_cache(request, self.get_response)


def _verbinding_weg(fout) -> bool:
    """Whether `fout` means the database connection itself is gone (a failover, a restarted pooler, an
    operator's pg_terminate_backend), not a query that failed on a working connection."""
    if not isinstance(fout, OperationalError | InterfaceError):
        return False
    if connection.connection is None or not connection.is_usable():
        return True
    # A transaction's end may already have replaced the broken connection; then the driver's error says
    # what happened: a connection exception (SQLSTATE class 08), the server shutting the session down
    # (57P01-57P03), or none at all when the socket closed. SQLite's errors carry no SQLSTATE.
    sqlstate = getattr(fout.__cause__, "sqlstate", "")
    return sqlstate is None or sqlstate.startswith("08") or sqlstate in {"57P01", "57P02", "57P03"}


@receiver(got_request_exception)
def _verbinding_weg_in_middleware(sender, request=None, **kwargs):
    """A cut while a middleware reads or writes (the session, the user, the two-step device) reaches
    VerbindingWegMiddleware only as Django's 500 page; this signal, sent while the error is being handled,
    tells it what happened."""
    if request is not None and not connection.in_atomic_block and _verbinding_weg(sys.exception()):
        request.verbinding_weg = True


class VerbindingWegMiddleware:
    """A connection cut in the middle of a request is not the visitor's fault. Django checks a connection
    only when a request starts; this catches the cut anywhere after that: in the view, or in the session,
    login, two-step and other middleware inside this one (hence its place, before sessions: its own answer
    needs neither the database nor the session). A request that only reads is tried up to twice more on a
    new connection (then a 503 that asks to reload); a change, whose transaction was rolled back with the
    connection, gets a 503 that says so and may be sent again. benchmarks/storingen.py --scenario database
    measures it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        lezen = request.method in ("GET", "HEAD")
        # Twice more at most: a failover takes a moment, and a visitor had rather wait than see an error.
        for _poging in range(3 if lezen else 1):
            request.verbinding_weg = False
            response = self.get_response(request)
            if not request.verbinding_weg:
                return response
            connection.close()
            log.warning("Databaseverbinding weg tijdens %s %s", request.method, request.path)
        if request.path.startswith("/api/"):
            response = probleem(request, 503, _("Tijdelijk niet beschikbaar"), _("Probeer het opnieuw."))
        else:
            # Without the request's context, as the 500 page: its context processors would ask the
            # database that just went away.
            inhoud = loader.get_template("verbinding_weg.html").render({"wijziging": not lezen})
            response = HttpResponse(inhoud, status=503)
        response["Retry-After"] = "5"
        return response

    def process_exception(self, request, exception):
        """A cut in the view, before Django turns it into a 500 (logged as an error)."""
        if connection.in_atomic_block or not _verbinding_weg(exception):
            return None
        request.verbinding_weg = True
        # Replaced by __call__. A 5xx, so that the session middleware does not write on the broken connection.
        return HttpResponse(status=503)
