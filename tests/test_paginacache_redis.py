"""The page cache on a real Redis (REDIS_URL): shared by every app server, and never a condition for a page.

No mocks: the tests talk to the Redis of .ci/run on 127.0.0.1:6379, in a database of their own (7) that they
empty before and after, or to a port where nothing listens.
"""

import contextlib
import logging
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
import redis
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acties.models import Actie
from lib import paginacache
from lib.paginacache import VERSIE

BASE_DIR = Path(__file__).resolve().parent.parent
REDIS_URL = "redis://127.0.0.1:6379/7"
OPTIES = {"socket_connect_timeout": 0.3, "socket_timeout": 0.3}
NIEUW = "Een geheel nieuwe omschrijving van actie 1."


def redis_caches(url):
    """CACHES as pokvolg/settings.py makes them with REDIS_URL=url."""
    return {
        "default": {
            "BACKEND": "lib.rediscache.RedisCache",
            "LOCATION": url,
            "OPTIONS": OPTIES,
        }
    }


def sluit(backend):
    """Close a RedisCache's connections. Django's RedisCache has no close() of its own; its pools do."""
    for pool in backend._cache._pools.values():
        pool.disconnect()


def redis_draait():
    client = redis.Redis.from_url(REDIS_URL, **OPTIES)
    try:
        return client.ping()
    except redis.exceptions.RedisError:
        return False
    finally:
        client.close()


def leeg_redis():
    client = redis.Redis.from_url(REDIS_URL, **OPTIES)
    try:
        client.flushdb()
    finally:
        client.close()


def vrije_poort():
    """A local port where nothing listens: bound once by the OS for us, then let go."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gedeelde_cache(settings):
    """CACHES on Redis database 7, as on every app server with REDIS_URL; the page cache on."""
    if not redis_draait():
        pytest.skip("Redis draait niet op 127.0.0.1:6379 (.ci/run start hem)")
    leeg_redis()
    settings.CACHES = redis_caches(REDIS_URL)  # the settings fixture resets django.core.cache.caches
    settings.PUBLIEK_CACHE_SECONDEN = 60
    assert isinstance(caches["default"], RedisCache)
    yield
    sluit(caches["default"])
    leeg_redis()


@pytest.fixture
def dode_cache(settings):
    """CACHES on a Redis that is down; the page cache on."""
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{vrije_poort()}/0")
    settings.PUBLIEK_CACHE_SECONDEN = 60
    yield
    sluit(caches["default"])


def actie_url(nummer=1):
    return reverse("actie", args=[nummer])


@contextlib.contextmanager
def op_app_server(lokaal):
    """Requests in this block as on another app server (or gunicorn process): its own layer of pages in
    memory and its own Redis connections (override_settings makes new cache backends)."""
    eigen = paginacache.lokaal
    paginacache.lokaal = lokaal
    try:
        with override_settings(CACHES=redis_caches(REDIS_URL)):
            try:
                yield
            finally:
                sluit(caches["default"])
    finally:
        paginacache.lokaal = eigen


def gemaakt(client, url):
    """The page, and whether it was made afresh for this request (it asked the database)."""
    with CaptureQueriesContext(connection) as queries:
        pagina = client.get(url).content
    return pagina, len(queries) > 0


ANDER_PROCES = """
import django
django.setup()
from django.conf import settings
from django.core.cache import cache
from lib import paginacache
print(settings.CACHES["default"]["BACKEND"])
print(cache.get(paginacache.VERSIE))
paginacache.nieuwe_versie()
print(cache.get(paginacache.VERSIE))
"""


def test_redis_url_gives_every_process_one_cache(gedeelde_cache):
    """pokvolg/settings.py itself: a process started with REDIS_URL sees this one's version, and its own new
    version shows here at once."""
    caches["default"].set(VERSIE, "van-dit-proces", None)
    omgeving = {**os.environ, "REDIS_URL": REDIS_URL, "DJANGO_SETTINGS_MODULE": "pokvolg.settings"}
    omgeving.setdefault("SECRET_KEY", "alleen-voor-tests")
    uit = subprocess.run(
        [sys.executable, "-c", ANDER_PROCES],
        cwd=BASE_DIR,
        env=omgeving,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.split()
    assert uit[:2] == ["lib.rediscache.RedisCache", "van-dit-proces"]
    assert caches["default"].get(VERSIE) == uit[2] != "van-dit-proces"


def test_a_publication_shows_on_every_app_server_at_the_next_request(
    client, demodata, gedeelde_cache, django_capture_on_commit_callbacks
):
    server_b = paginacache.Lokaal()
    # Server A makes the page and keeps it in Redis; server B takes it from there into its own memory.
    oud, nieuw_gemaakt = gemaakt(client, actie_url())
    assert nieuw_gemaakt
    with op_app_server(server_b):
        assert gemaakt(client, actie_url()) == (oud, False)
        assert gemaakt(client, actie_url()) == (oud, False)

    # Server A publishes a change; server B still holds the old page in memory.
    actie = Actie.objects.get(nummer=1)
    actie.omschrijving = NIEUW
    with django_capture_on_commit_callbacks(execute=True):
        actie.save()

    # B's next request shows the change, without waiting for its old page to expire; A then has it from
    # Redis, as B made it.
    with op_app_server(server_b):
        pagina, nieuw_gemaakt = gemaakt(client, actie_url())
    assert nieuw_gemaakt and NIEUW in pagina.decode() and NIEUW not in oud.decode()
    assert gemaakt(client, actie_url()) == (pagina, False)


def test_every_cache_call_of_a_process_uses_one_redis_client(gedeelde_cache):
    """Django's own client builds a Redis client for every call: a tenth of a cached page."""
    backend = caches["default"]
    backend.get(VERSIE)
    eerste = backend._cache.get_client(write=True)
    backend.set(VERSIE, "x", None)
    assert backend._cache.get_client() is eerste
    assert backend._cache.get_client(write=True) is eerste


@pytest.mark.parametrize("url", ["/", "/acties/", "/acties/1/", "/api/v1/acties"])
def test_public_pages_answer_when_redis_is_down(client, demodata, dode_cache, caplog, url):
    with caplog.at_level(logging.WARNING, logger="pokvolg.cache"):
        eerste = client.get(url)
        tweede = client.get(url)
    assert eerste.status_code == tweede.status_code == 200
    assert eerste.content == tweede.content
    waarschuwingen = [r for r in caplog.records if r.name == "pokvolg.cache" and r.levelno == logging.WARNING]
    # One failing cache call per request, each logged once: the request then goes on without the cache.
    assert len(waarschuwingen) == 2
    assert "ConnectionError" in waarschuwingen[0].getMessage()


def test_a_publication_while_redis_is_down_is_saved_and_logged(
    client, demodata, dode_cache, caplog, django_capture_on_commit_callbacks
):
    actie = Actie.objects.get(nummer=1)
    actie.omschrijving = NIEUW
    with caplog.at_level(logging.WARNING, logger="pokvolg.cache"):
        with django_capture_on_commit_callbacks(execute=True):
            actie.save()
    assert any("nieuwe versie" in r.getMessage() for r in caplog.records if r.name == "pokvolg.cache")
    assert NIEUW in client.get(actie_url()).content.decode()
