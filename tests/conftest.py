"""Shared test roster: admin, redactie, coordinator FIN, coordinator BZK, anonymous; plus demo data."""

import json

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User

from acties.management.commands.demo import wijs_demo_ministeries_toe
from acties.models import Ministerie
from importeer.formaat import uit_json
from importeer.laden import laad_bijlage


def pytest_configure(config):
    # Tests run without collectstatic: the hashed-name manifest storage would refuse every {% static %}.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


BIJLAGE_JSON = settings.BASE_DIR / "fixtures" / "bijlage-2021-06-29.json"
WACHTWOORD = "een-lang-testwachtwoord"


def maak_gebruiker(naam, groep=None, ministeries=(), **extra):
    gebruiker = User.objects.create_user(naam, f"{naam}@example.org", WACHTWOORD, **extra)
    if groep:
        gebruiker.groups.add(Group.objects.get(name=groep))
    for afkorting in ministeries:
        Ministerie.objects.get(afkorting=afkorting).coordinatoren.add(gebruiker)
    return gebruiker


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
