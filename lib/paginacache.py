"""Public pages for visitors without a session, kept in the cache for PUBLIEK_CACHE_SECONDEN.

Public pages show published data only, and that changes seldom: when a round is closed or reopened,
an annex is imported or the admin edits actions, themes, motions or ministries. A coordinator's
draft never shows, so the many saves during a round leave the cache alone.

Every such change gives the cache a new version (after the commit, so no request can cache the old
data under the new version); pages of older versions are never read again. With the default
per-process cache, other processes and servers keep their pages until they expire, so
PUBLIEK_CACHE_SECONDEN bounds how long a publication can take to show there; a cache shared by all
app servers (REDIS_URL, see README) shows it everywhere at the next request.

The cache is a help, never a condition: when a cache call fails (a shared cache that is down or too
slow), it is logged at WARNING on `pokvolg.cache` and the page is made as if there were no cache. A
new version that could not be stored leaves the old pages in a shared cache until they expire, so
PUBLIEK_CACHE_SECONDEN bounds that too.

Visitors with a session (everyone logged in) always get a freshly made page: theirs may differ, and
may carry messages or a CSRF token meant for them alone.
"""

import functools
import hashlib
import logging
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models import Max
from django.db.models.signals import post_delete, post_save

VERSIE = "publiek:versie"
MAX_BYTES = 512 * 1024
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


def versie():
    """The version of everything the public sees, to key files made from it (PDFs).

    Read from the database, not the cache: every app server and worker must give the same data the same
    key, also with a per-process cache, or each would make its own copy of the same PDF. Each save and
    delete of a tracked model writes a history record, so the newest record of each is a version."""
    return ".".join(str(m.history.aggregate(n=Max("history_id"))["n"] or 0) for m in _GEVOLGD)


def nieuwe_versie():
    _veilig("nieuwe versie bewaren", lambda: cache.set(VERSIE, uuid.uuid4().hex, timeout=None))


def _zonder_sessie(request):
    return request.method == "GET" and not (
        settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES
    )


def _bewaarbaar(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and len(response.content) <= MAX_BYTES
    )


def publiek_gecached(view):
    """Serve a GET without a session from the cache, and keep fresh pages there."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconden = settings.PUBLIEK_CACHE_SECONDEN
        if not seconden or not _zonder_sessie(request):
            return view(request, *args, **kwargs)
        versie = _versie()
        if versie is MISLUKT:
            return view(request, *args, **kwargs)
        pad = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        sleutel = f"publiek:{versie}:{pad}"
        response = _veilig("pagina lezen", lambda: cache.get(sleutel))
        if response is MISLUKT:
            # One failing call per request is enough: do not wait for the cache a second time.
            return view(request, *args, **kwargs)
        if response is not None:
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and not response.is_rendered:
            response.render()
        if _bewaarbaar(request, response):
            _veilig("pagina bewaren", lambda: cache.set(sleutel, response, seconden))
        return response

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
