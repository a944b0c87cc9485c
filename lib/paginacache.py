"""Public pages for visitors without a session, kept in the cache for PUBLIEK_CACHE_SECONDEN.

Public pages show published data only, and that changes seldom: when a round is closed or reopened,
an annex is imported or the admin edits actions, themes, motions or ministries. A coordinator's
draft never shows, so the many saves during a round leave the cache alone.

Every such change gives the cache a new version (after the commit, so no request can cache the old
data under the new version), and a page's key carries the version it was made under: pages of older
versions are never read again. Every request for a public page reads the version from the cache. With a
cache shared by all app servers (REDIS_URL, see README) that is one Redis GET, and a publication shows on
every server at its next request. With the default per-process cache, other processes and servers keep
their pages until they expire, so PUBLIEK_CACHE_SECONDEN bounds how long a publication can take to show
there.

In front of the shared cache every process keeps the pages of the current version it served
(`lokaal`, at most LOKAAL_MAX_BYTES): a hit then costs the version GET, no second round trip and no
unpickling. Those pages belong to one version, so they are dropped as soon as the process reads another.

PubliekeCacheMiddleware (pokvolg/middleware.py) answers from the cache before the session, login and
two-step middleware run, and keeps a page with the headers the middleware below it gave it. Those pages
say `Cache-Control: public, max-age=MAX_AGE` and `Vary: Cookie`, so a proxy in front may keep them too:
behind one, a publication takes up to MAX_AGE seconds more to show.

The cache is a help, never a condition: when a cache call fails (a shared cache that is down or too
slow), it is logged at WARNING on `pokvolg.cache` and the page is made as if there were no cache. A
new version that could not be stored leaves the old pages in a shared cache until they expire, so
PUBLIEK_CACHE_SECONDEN bounds that too.

Visitors with a session (everyone logged in) always get a freshly made page, marked private: theirs may
differ, and may carry messages or a CSRF token meant for them alone.
"""

import functools
import hashlib
import logging
import threading
import time
import uuid
from collections import OrderedDict
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.urls import Resolver404, resolve
from django.utils.cache import patch_cache_control, patch_vary_headers

VERSIE = "publiek:versie"
MAX_BYTES = 512 * 1024
# Every page of the demo data and more than a thousand action pages of 10,000 actions, per process.
LOKAAL_MAX_BYTES = 32 * 1024 * 1024
# How long a browser or proxy may keep a public page: enough to take a publication day's burst off the
# app servers, short enough that a publication shows behind a proxy within seconds as well.
MAX_AGE = 10
MISLUKT = object()

log = logging.getLogger("pokvolg.cache")


def _veilig(wat, aanroep):
    """The result of a cache call, or MISLUKT (logged) when the cache fails."""
    try:
        return aanroep()
    except Exception as fout:
        # Each backend raises its own errors (Redis: redis.exceptions.ConnectionError, TimeoutError, ...).
        # Catching Exception keeps this module free of backend imports and works with any CACHES backend;
        # a failing cache must never turn a page into a 500.
        log.warning("Cache: %s mislukt, verder zonder cache (%s: %s)", wat, type(fout).__name__, fout)
        return MISLUKT


def _versie():
    return _veilig("versie lezen", lambda: cache.get_or_set(VERSIE, lambda: uuid.uuid4().hex, timeout=None))


_GEVOLGD = []


def gevolgd():
    """The models whose saves give public pages a new version (volg_wijzigingen), in that order."""
    return list(_GEVOLGD)


def versie(*geschiedenissen):
    """A version of the data these history querysets record, to key files made from it (PDFs); without
    any, of every tracked model, drafts included (what a draft annex shows).

    Read from the database, not the cache: every app server and worker must give the same data the same
    key, also with a per-process cache, or each would make its own copy of the same PDF. Each save and
    delete writes a history record, so the newest record of each is a version. What the public sees
    is chosen in openbaar.versie."""
    if not geschiedenissen:
        geschiedenissen = [m.history.all() for m in _GEVOLGD]
    return ".".join(str(g.aggregate(n=Max("history_id"))["n"] or 0) for g in geschiedenissen)


def nieuwe_versie():
    _veilig("nieuwe versie bewaren", lambda: cache.set(VERSIE, uuid.uuid4().hex, timeout=None))


class Pagina(NamedTuple):
    """A kept page: what the view and the middleware below PubliekeCacheMiddleware answered."""

    verloopt: float  # time.time() at which the shared cache lets go of it as well
    status: int
    headers: tuple[tuple[str, str], ...]
    inhoud: bytes

    def antwoord(self) -> HttpResponse:
        return HttpResponse(self.inhoud, status=self.status, headers=self.headers)


class Lokaal:
    """The pages of one version in this process, least recently used first, at most max_bytes of them."""

    def __init__(self, max_bytes: int = LOKAAL_MAX_BYTES):
        self.max_bytes = max_bytes
        self._versie = None
        self._paginas: OrderedDict[str, Pagina] = OrderedDict()
        self._bytes = 0
        # gunicorn's threaded workers serve several requests of one process at once.
        self._slot = threading.Lock()

    def _van(self, versie):
        if versie != self._versie:
            self._versie = versie
            self._paginas.clear()
            self._bytes = 0

    def lees(self, versie: str, sleutel: str) -> Pagina | None:
        with self._slot:
            self._van(versie)
            pagina = self._paginas.get(sleutel)
            if pagina is None:
                return None
            if pagina.verloopt <= time.time():
                del self._paginas[sleutel]
                self._bytes -= len(pagina.inhoud)
                return None
            self._paginas.move_to_end(sleutel)
            return pagina

    def bewaar(self, versie: str, sleutel: str, pagina: Pagina) -> None:
        with self._slot:
            self._van(versie)
            oud = self._paginas.pop(sleutel, None)
            if oud is not None:
                self._bytes -= len(oud.inhoud)
            self._paginas[sleutel] = pagina
            self._bytes += len(pagina.inhoud)
            while self._bytes > self.max_bytes:
                _sleutel, weg = self._paginas.popitem(last=False)
                self._bytes -= len(weg.inhoud)


lokaal = Lokaal()


def _met_sessie(request: HttpRequest) -> bool:
    return settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES


def cachebaar(request: HttpRequest) -> bool:
    """Whether the page cache may answer this request: a GET without a session of a view marked with
    publiek_gecached, with the cache on."""
    if not settings.PUBLIEK_CACHE_SECONDEN or request.method != "GET" or _met_sessie(request):
        return False
    try:
        view = resolve(request.path_info, getattr(request, "urlconf", None)).func
    except Resolver404:
        return False
    return getattr(view, "publiek_gecached", False)


def _sleutel(request):
    # Scheme and host too: feeds and the API give absolute links, so each address has pages of its own.
    # build_absolute_uri refuses a host outside ALLOWED_HOSTS (400), before anything is looked up.
    return hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()


def _bewaarbaar(request, response):
    cache_control = response.get("Cache-Control", "")
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        # A CSP nonce is for one answer only.
        and getattr(request, "_csp_nonce", None) is None
        and not any(woord in cache_control for woord in ("private", "no-store", "no-cache"))
        and len(response.content) <= MAX_BYTES
    )


def via_cache(request: HttpRequest, maak) -> HttpResponse:
    """The answer to a request cachebaar() allows: from the cache, or made by maak(request) and kept."""
    seconden = settings.PUBLIEK_CACHE_SECONDEN
    # Read before the page is made: data published while it is made then never gets the old version's key.
    versie = _versie()
    if versie is MISLUKT:
        return maak(request)
    sleutel = _sleutel(request)
    pagina = lokaal.lees(versie, sleutel)
    if pagina is None:
        pagina = _veilig("pagina lezen", lambda: cache.get(f"publiek:{versie}:{sleutel}"))
        if pagina is MISLUKT:
            # One failing call per request is enough: do not wait for the cache a second time.
            return maak(request)
        if pagina is not None:
            lokaal.bewaar(versie, sleutel, pagina)
    if pagina is not None:
        return pagina.antwoord()
    response = maak(request)
    if _bewaarbaar(request, response):
        patch_cache_control(response, public=True, max_age=min(MAX_AGE, seconden))
        # A proxy must not give this page to someone with a session (who gets a page of their own).
        patch_vary_headers(response, ("Cookie",))
        pagina = Pagina(
            time.time() + seconden, response.status_code, tuple(response.items()), response.content
        )
        lokaal.bewaar(versie, sleutel, pagina)
        _veilig("pagina bewaren", lambda: cache.set(f"publiek:{versie}:{sleutel}", pagina, seconden))
    return response


def publiek_gecached(view):
    """Mark a public view: PubliekeCacheMiddleware serves its GETs without a session from the page cache and
    keeps them there. A page for someone with a session is marked private: it may show what is theirs."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if _met_sessie(request):
            patch_cache_control(response, private=True)
        return response

    wrapper.publiek_gecached = True
    return wrapper


def _bij_wijziging(sender, instance, **kwargs):
    if getattr(instance, "publiek_zichtbaar", True):
        transaction.on_commit(nieuwe_versie)


def volg_wijzigingen(*modellen):
    """A save or delete of these models gives public pages a new version (see the module docstring)."""
    for model in modellen:
        if model not in _GEVOLGD:
            _GEVOLGD.append(model)
        post_save.connect(_bij_wijziging, sender=model, dispatch_uid=f"paginacache-save-{model.__name__}")
        post_delete.connect(_bij_wijziging, sender=model, dispatch_uid=f"paginacache-del-{model.__name__}")
