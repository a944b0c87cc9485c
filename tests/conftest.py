"""Shared test roster: admin, redactie, coordinator FIN, coordinator BZK, anonymous; plus demo data."""

import datetime
import json
import os
from importlib import import_module

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.utils import timezone

from acties.models import Ministerie, Rol
from importeer.formaat import uit_json
from importeer.laden import laad_bijlage
from importeer.management.commands.demo import wijs_demo_ministeries_toe
from rapportage import ronde
from rapportage.models import Voortgang

# Playwright's sync API runs an event loop in the test thread; the ORM calls in browser tests are
# still synchronous, one at a time, so Django's async guard does not apply.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium: Playwright must never download a browser of its own."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "nl-NL"}


def pytest_configure(config):
    # Tests run without collectstatic: the hashed-name manifest storage would refuse every {% static %}.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # TLS ends at the proxy in production; the test client and live server speak plain HTTP.
    settings.SECURE_SSL_REDIRECT = False
    # Hashing a strong password costs 0.4 s per roster user; tests need no strong hashes.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Two-step login has its own tests (test_tweestaps.py); elsewhere a redactie login is one step.
    settings.TWEESTAPS_VERPLICHT = False
    # The public page cache has its own tests (test_paginacache.py); elsewhere every request renders.
    settings.PUBLIEK_CACHE_SECONDEN = 0


BIJLAGE_JSON = settings.BASE_DIR / "fixtures" / "bijlage-2021-06-29.json"
WACHTWOORD = "een-lang-testwachtwoord"


_MIGRATIESTAAT = []


def zorg_voor_migratiedata():
    """Ministries, groups and group permissions come from data migrations. A transactional test (browser,
    concurrency) empties the database afterwards and post_migrate brings back only content types and
    permissions, so put the rest back when it is gone."""
    if Group.objects.exists():
        return
    if not _MIGRATIESTAAT:
        _MIGRATIESTAAT.append(MigrationLoader(connection).project_state().apps)
    import_module("acties.migrations.0002_ministeries_en_groepen").maak(_MIGRATIESTAAT[0], None)
    import_module("rapportage.migrations.0002_rechten_redactie").geef_rechten(_MIGRATIESTAAT[0], None)


@pytest.fixture
def db(db):
    zorg_voor_migratiedata()


@pytest.fixture
def transactional_db(transactional_db):
    zorg_voor_migratiedata()


def maak_gebruiker(naam, groep=None, ministeries=(), **extra):
    gebruiker = User.objects.create_user(naam, f"{naam}@example.org", WACHTWOORD, **extra)
    if groep:
        gebruiker.groups.add(Group.objects.get(name=groep))
    for afkorting in ministeries:
        Ministerie.objects.get(afkorting=afkorting).coordinatoren.add(gebruiker)
    return gebruiker


@pytest.fixture
def migratiedata(transactional_db):
    """For browser and concurrency tests: a transactional database with the migration data in it."""


@pytest.fixture
def beheerder(db):
    return maak_gebruiker("beheerder", "Beheerder", is_staff=True, is_superuser=True)


@pytest.fixture
def redactie(db):
    return maak_gebruiker("redactie", "Redactie", is_staff=True)


@pytest.fixture
def coordinator_fin(db):
    return maak_gebruiker("coordinator-fin", "Coördinator", ["FIN"])


@pytest.fixture
def coordinator_bzk(db):
    return maak_gebruiker("coordinator-bzk", "Coördinator", ["BZK"])


@pytest.fixture
def rollen(beheerder, redactie, coordinator_fin, coordinator_bzk):
    """Every role of the roster, anonymous as None, for matrix tests."""
    return {
        "beheerder": beheerder,
        "redactie": redactie,
        "coordinator_fin": coordinator_fin,
        "coordinator_bzk": coordinator_bzk,
        "anoniem": None,
    }


@pytest.fixture
def bijlage_data():
    return json.loads(BIJLAGE_JSON.read_text())


@pytest.fixture
def demodata(db, bijlage_data):
    """The June 2021 annex as a closed round, with the demo ministries (FIN lead on HERSTELOPERATIE)."""
    laad_bijlage(
        uit_json(bijlage_data),
        rapportage_titel="Stand van zaken juni 2021",
        kamerstuk="35 510, nr. 60",
        reden="Testdata",
    )
    wijs_demo_ministeries_toe()
    return bijlage_data


@pytest.fixture
def open_ronde(demodata, redactie):
    return ronde.open_ronde(
        "Stand van zaken december 2021",
        datetime.date(2021, 12, 1),
        timezone.localdate() + datetime.timedelta(days=10),
        redactie,
    )


def tekst_van(rapportage, afkorting, n=0):
    """The n-th text (by action number) of the round whose lead ministry is `afkorting`."""
    return (
        Voortgang.objects.filter(
            rapportage=rapportage,
            actie__actieministeries__ministerie__afkorting=afkorting,
            actie__actieministeries__rol=Rol.EERSTVERANTWOORDELIJK,
        )
        .select_related("actie")
        .order_by("actie__nummer")[n]
    )
