"""A database connection cut while a request runs (pg_terminate_backend, as a failover or a restarted
pooler does), in the view or in the middleware that loads the session and the user: a page that only
reads is served anyway, a change gets a clear 503 and nothing is half-saved. Only on PostgreSQL: SQLite
has no connection to cut."""

import datetime

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rapportage import ronde

OP_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


def knip_bij(tabel):
    """An execute wrapper that, at the first query on `tabel`, has another connection terminate this one
    (and waits until it is gone) before the query runs: a real cut, at a known moment."""
    gedaan = []

    def knip(execute, sql, params, many, context):
        if not gedaan and f'"{tabel}"' in sql:
            gedaan.append(sql)
            instellingen = connection.settings_dict
            with psycopg.connect(
                host=instellingen["HOST"] or None,
                port=instellingen["PORT"] or None,
                user=instellingen["USER"],
                dbname=instellingen["NAME"],
                autocommit=True,
            ) as beheer:
                beheer.execute(
                    "SELECT pg_terminate_backend(%s, 5000)", [connection.connection.info.backend_pid]
                )
        return execute(sql, params, many, context)

    return knip, gedaan


if OP_POSTGRES:

    @pytest.fixture
    def tekst(migratiedata, demodata, redactie):
        rapportage = ronde.open_ronde(
            "Stand van zaken december 2021",
            datetime.date(2021, 12, 1),
            timezone.localdate() + datetime.timedelta(days=10),
            redactie,
        )
        return rapportage.voortgang.filter(actie__actieministeries__ministerie__afkorting="FIN").first()

    @pytest.mark.postgres
    @pytest.mark.django_db(transaction=True)
    def test_a_page_whose_connection_is_cut_while_it_reads_is_served_on_a_new_one(tekst, coordinator_fin):
        client = Client()
        client.force_login(coordinator_fin)
        knip, gedaan = knip_bij("rapportage_voortgang")
        with connection.execute_wrapper(knip):
            antwoord = client.get(reverse("werk:bewerk", args=[tekst.pk]))
        assert gedaan, "the cut never happened"
        assert antwoord.status_code == 200
        assert f"actie {tekst.actie.nummer}" in antwoord.content.decode().lower()

    @pytest.mark.postgres
    @pytest.mark.django_db(transaction=True)
    def test_a_change_whose_connection_is_cut_gets_a_clear_503_and_nothing_is_half_saved(
        tekst, coordinator_fin
    ):
        client = Client()
        client.force_login(coordinator_fin)
        voor = (tekst.tekst, tekst.versie, tekst.history.count())
        knip, gedaan = knip_bij("rapportage_historicalvoortgang")
        with connection.execute_wrapper(knip):
            antwoord = client.post(
                reverse("werk:bewerk", args=[tekst.pk]),
                {
                    "tekst": "Nieuwe stand.",
                    "status": "in uitvoering",
                    "versie": tekst.versie,
                    "actie": "bewaar",
                },
            )
        assert gedaan and "INSERT" in gedaan[0]
        assert antwoord.status_code == 503
        assert antwoord["Retry-After"] == "5"
        assert "Uw wijziging is niet bewaard" in antwoord.content.decode()
        tekst.refresh_from_db()
        assert (tekst.tekst, tekst.versie, tekst.history.count()) == voor

    def bewaar(client, tekst):
        return client.post(
            reverse("werk:bewerk", args=[tekst.pk]),
            {"tekst": "Nieuwe stand.", "status": "in uitvoering", "versie": tekst.versie, "actie": "bewaar"},
        )

    # A cut in a middleware reaches Django's handler as an error, which the test client raises by default
    # even when an answer was made of it; a real server sends the answer.
    def ingelogd(gebruiker):
        client = Client(raise_request_exception=False)
        client.force_login(gebruiker)
        return client

    @pytest.mark.postgres
    @pytest.mark.django_db(transaction=True)
    def test_a_page_whose_connection_is_cut_while_the_session_loads_is_served_on_a_new_one(
        tekst, coordinator_fin
    ):
        client = ingelogd(coordinator_fin)
        knip, gedaan = knip_bij("django_session")
        with connection.execute_wrapper(knip):
            antwoord = client.get(reverse("werk:bewerk", args=[tekst.pk]))
        assert gedaan and gedaan[0].startswith("SELECT")
        assert antwoord.status_code == 200
        assert f"actie {tekst.actie.nummer}" in antwoord.content.decode().lower()

    @pytest.mark.postgres
    @pytest.mark.django_db(transaction=True)
    def test_a_change_whose_connection_is_cut_while_the_session_loads_gets_a_clear_503(
        tekst, coordinator_fin
    ):
        client = ingelogd(coordinator_fin)
        voor = (tekst.tekst, tekst.versie, tekst.history.count())
        knip, gedaan = knip_bij("django_session")
        with connection.execute_wrapper(knip):
            antwoord = bewaar(client, tekst)
        assert gedaan and gedaan[0].startswith("SELECT")
        assert antwoord.status_code == 503
        assert antwoord["Retry-After"] == "5"
        assert "Uw wijziging is niet bewaard" in antwoord.content.decode()
        tekst.refresh_from_db()
        assert (tekst.tekst, tekst.versie, tekst.history.count()) == voor
