"""Two coordinators editing the same text: the second save never overwrites the first."""

import datetime
import threading
import time

import pytest
from django.conf import settings
from django.db import connection, connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rapportage import ronde, tekststappen
from tests.conftest import maak_gebruiker

OP_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@pytest.fixture
def tekst(demodata, redactie):
    rapportage = ronde.open_ronde(
        "Stand van zaken december 2021",
        datetime.date(2021, 12, 1),
        timezone.localdate() + datetime.timedelta(days=10),
        redactie,
    )
    return rapportage.voortgang.filter(actie__actieministeries__ministerie__afkorting="FIN").first()


@pytest.fixture
def twee_sessies(coordinator_fin):
    """Two FIN coordinators, each in their own logged-in browser session."""
    tweede = maak_gebruiker("coordinator-fin-2", "Coördinator", ["FIN"])
    sessies = []
    for gebruiker in (coordinator_fin, tweede):
        client = Client()
        client.force_login(gebruiker)
        sessies.append(client)
    return sessies


def post(client, voortgang, tekst, versie):
    return client.post(
        reverse("werk:bewerk", args=[voortgang.pk]),
        {"tekst": tekst, "status": "in uitvoering", "versie": versie, "actie": "bewaar"},
    )


def test_second_save_is_refused_showing_both_versions_and_keeping_the_second_text(tekst, twee_sessies):
    eerste, tweede = twee_sessies
    url = reverse("werk:bewerk", args=[tekst.pk])
    versie = eerste.get(url).context["form"].initial["versie"]
    assert tweede.get(url).context["form"].initial["versie"] == versie
    rijen = tekst.history.count()

    assert post(eerste, tekst, "Tekst van de eerste.", versie).status_code == 302
    response = post(tweede, tekst, "Tekst van de tweede <b>vet</b>.", versie)

    assert response.status_code == 409
    inhoud = response.content.decode()
    assert "iemand anders heeft deze tekst intussen gewijzigd" in inhoud
    assert "Opgeslagen door coordinator-fin op" in inhoud
    assert "Tekst van de eerste." in inhoud
    assert response.context["form"]["tekst"].value() == "Tekst van de tweede <b>vet</b>."
    assert "Tekst van de tweede &lt;b&gt;vet&lt;/b&gt;.</textarea>" in inhoud
    tekst.refresh_from_db()
    assert (tekst.tekst, tekst.versie) == ("Tekst van de eerste.", versie + 1)
    assert tekst.history.count() == rijen + 1

    # Having seen both, the second coordinator saves on purpose: now it replaces the first.
    nieuwe_versie = response.context["form"]["versie"].value()
    assert nieuwe_versie == versie + 1
    assert post(tweede, tekst, "Samengevoegd.", nieuwe_versie).status_code == 302
    tekst.refresh_from_db()
    assert tekst.tekst == "Samengevoegd."


def test_saving_what_someone_else_already_saved_is_no_conflict(tekst, twee_sessies):
    eerste, tweede = twee_sessies
    assert post(eerste, tekst, "Dezelfde tekst.", 1).status_code == 302
    assert post(tweede, tekst, "Dezelfde tekst.", 1).status_code == 302
    tekst.refresh_from_db()
    assert tekst.versie == 2


def test_domain_function_raises_a_conflict_carrying_both_texts(tekst, coordinator_fin):
    tekststappen.bewaar_tekst(tekst, "Eerste.", "in uitvoering", 1, coordinator_fin)
    with pytest.raises(tekststappen.Conflict) as fout:
        tekststappen.bewaar_tekst(tekst, "Tweede.", "vertraagd", 1, coordinator_fin)
    assert (fout.value.opgeslagen.tekst, fout.value.tekst, fout.value.status) == (
        "Eerste.",
        "Tweede.",
        "vertraagd",
    )


def _bewaar_houdt_vast(monkeypatch, wie, heeft_slot, loslaten):
    """Let thread `wie` hold the row lock inside bewaar_tekst until the test releases it."""
    echt = tekststappen._bewaar

    def vertraagd(obj, gebruiker, reden):
        if threading.current_thread().name == wie:
            heeft_slot.set()
            assert loslaten.wait(timeout=20)
        echt(obj, gebruiker, reden)

    monkeypatch.setattr(tekststappen, "_bewaar", vertraagd)


if OP_POSTGRES:

    @pytest.mark.postgres
    @pytest.mark.django_db(transaction=True)
    def test_two_sessions_saving_at_the_same_moment_on_postgresql(
        migratiedata, tekst, twee_sessies, monkeypatch
    ):
        """A really concurrent second request waits for the first's row lock and then sees its version."""
        heeft_slot, loslaten = threading.Event(), threading.Event()
        _bewaar_houdt_vast(monkeypatch, "eerste", heeft_slot, loslaten)
        antwoorden = {}

        def sessie(naam, client, inhoud):
            try:
                antwoorden[naam] = post(client, tekst, inhoud, 1)
            finally:
                connections.close_all()

        eerste = threading.Thread(target=sessie, name="eerste", args=("eerste", twee_sessies[0], "Eerste."))
        tweede = threading.Thread(target=sessie, name="tweede", args=("tweede", twee_sessies[1], "Tweede."))
        eerste.start()
        assert heeft_slot.wait(timeout=20)
        tweede.start()
        # The second session must be blocked on the first one's row lock before the first may commit.
        grens = time.monotonic() + 20
        with connection.cursor() as cursor:
            while True:
                cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                if cursor.fetchone()[0] or time.monotonic() > grens:
                    break
        loslaten.set()
        eerste.join(timeout=30)
        tweede.join(timeout=30)

        assert antwoorden["eerste"].status_code == 302
        assert antwoorden["tweede"].status_code == 409
        inhoud = antwoorden["tweede"].content.decode()
        assert "Eerste." in inhoud and "Tweede.</textarea>" in inhoud
        tekst.refresh_from_db()
        assert (tekst.tekst, tekst.versie) == ("Eerste.", 2)
        assert tekst.history.filter(history_change_reason="Tekst bewaard").count() == 1

else:

    def test_two_sessions_saving_at_the_same_moment_on_sqlite(tekst, twee_sessies, monkeypatch):
        """SQLite lets one writer at a time, so a second request can only run once the first's write is in:
        here it runs at the latest possible moment, inside the first one's transaction, and must see it."""
        antwoorden = {}
        echt = tekststappen._bewaar

        def tweede_komt_ertussen(obj, gebruiker, reden):
            echt(obj, gebruiker, reden)
            if "tweede" not in antwoorden:
                antwoorden["tweede"] = post(twee_sessies[1], tekst, "Tweede.", 1)

        monkeypatch.setattr(tekststappen, "_bewaar", tweede_komt_ertussen)
        antwoorden["eerste"] = post(twee_sessies[0], tekst, "Eerste.", 1)

        assert antwoorden["eerste"].status_code == 302
        assert antwoorden["tweede"].status_code == 409
        assert "Tweede.</textarea>" in antwoorden["tweede"].content.decode()
        tekst.refresh_from_db()
        assert (tekst.tekst, tekst.versie) == ("Eerste.", 2)
        assert tekst.history.filter(history_change_reason="Tekst bewaard").count() == 1
