"""Coordinators enter the measurements of the actions their ministry leads while a round is open; like
every other input of a round, a measurement is public only once that round is published."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from acties.models import Actie
from indicatoren import beheer, query
from indicatoren.models import Indicator, Meting
from rapportage import ronde
from tests.conftest import tekst_van

MEETDATUM = datetime.date(2021, 11, 1)


def _indicator(actie, redactie):
    return beheer.bewaar_indicator(
        Indicator(actie=actie, naam="Integrale beoordelingen afgerond", eenheid="%", wat_telt="Afgerond."),
        redactie,
    )


def _als(gebruiker):
    client = Client()
    client.force_login(gebruiker)
    return client


def _post(gebruiker, indicator, **extra):
    gegevens = {
        "indicator": indicator.pk,
        "waarde": "35",
        "meetdatum": MEETDATUM.isoformat(),
        "bron": "Zesde voortgangsrapportage",
        "kamerstuk": "31066-920",
        "url": "",
    }
    return _als(gebruiker).post(reverse("werk:meting", args=[indicator.actie.nummer]), gegevens | extra)


def _openbaar(indicator):
    return [m.waarde for m in query.bij_actie(indicator.actie, timezone.localdate())[0].metingen]


def test_a_coordinators_measurement_is_public_only_when_its_round_is(open_ronde, coordinator_fin, redactie):
    indicator = _indicator(tekst_van(open_ronde, "FIN").actie, redactie)
    assert _post(coordinator_fin, indicator).status_code == 302
    meting = Meting.objects.get()
    assert meting.rapportage == open_ronde and meting.ingevoerd_door == coordinator_fin
    werkpagina = (
        _als(coordinator_fin).get(reverse("werk:actie", args=[indicator.actie.nummer])).content.decode()
    )
    assert "wacht op publicatie van Stand van zaken december 2021" in werkpagina
    assert _openbaar(indicator) == []
    api = Client().get(f"/api/v1/indicatoren/{indicator.pk}").json()
    assert api["metingen"] == []
    ronde.stel_vast(open_ronde, redactie)
    assert [float(w) for w in _openbaar(indicator)] == [35.0]
    assert len(Client().get(f"/api/v1/indicatoren/{indicator.pk}").json()["metingen"]) == 1


def test_a_measurement_entered_during_a_correction_waits_for_the_correction(open_ronde, redactie):
    indicator = _indicator(tekst_van(open_ronde, "FIN").actie, redactie)
    ronde.stel_vast(open_ronde, redactie)
    ronde.heropen(open_ronde, redactie, "Een getal ontbrak")
    beheer.meet(indicator, 35, MEETDATUM, redactie, "Zesde voortgangsrapportage")
    assert _openbaar(indicator) == []
    ronde.stel_vast(open_ronde, redactie, "Meting toegevoegd")
    assert len(_openbaar(indicator)) == 1


def test_only_the_lead_ministrys_coordinator_enters_and_only_in_an_open_round(
    open_ronde, coordinator_fin, coordinator_bzk, redactie
):
    indicator = _indicator(tekst_van(open_ronde, "FIN").actie, redactie)
    assert _post(coordinator_bzk, indicator).status_code in (403, 404)
    ronde.stel_vast(open_ronde, redactie)
    assert _post(coordinator_fin, indicator).status_code == 403
    with pytest.raises(PermissionDenied):
        beheer.meet(indicator, 35, MEETDATUM, coordinator_fin, "Zesde voortgangsrapportage")
    assert not Meting.objects.exists()


def test_the_redactie_measures_outside_a_round_and_it_is_public_at_once(demodata, redactie):
    indicator = _indicator(Actie.objects.order_by("nummer").first(), redactie)
    assert _post(redactie, indicator).status_code == 302
    assert Meting.objects.get().rapportage is None
    assert len(_openbaar(indicator)) == 1


def test_a_second_measurement_on_the_same_date_is_refused_with_a_message(
    open_ronde, coordinator_fin, redactie
):
    indicator = _indicator(tekst_van(open_ronde, "FIN").actie, redactie)
    _post(coordinator_fin, indicator)
    antwoord = _post(coordinator_fin, indicator, waarde="40")
    assert antwoord.status_code == 400
    assert Meting.objects.count() == 1
