"""Between rounds, coordinators see when the next round is expected: the redactie plans it, opening the
round starts from the plan and removes it."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from rapportage import ronde
from rapportage.models import Rondeplanning
from rapportage.ronde import RondeFout

VANDAAG = timezone.localdate()
OPENT = VANDAAG + datetime.timedelta(days=30)
DEADLINE = VANDAAG + datetime.timedelta(days=51)


def _als(gebruiker):
    client = Client()
    client.force_login(gebruiker)
    return client


def test_a_planned_round_shows_its_dates_to_coordinators_between_rounds(demodata, redactie, coordinator_fin):
    antwoord = _als(redactie).post(
        reverse("werk:ronde_plannen"),
        {
            "opent_op": OPENT.isoformat(),
            "deadline": DEADLINE.isoformat(),
            "titel": "Stand van zaken juni 2022",
        },
    )
    assert antwoord.status_code == 302
    html = _als(coordinator_fin).get(reverse("werk:mijn_acties")).content.decode()
    assert f"opent naar verwachting op {OPENT.day} " in html
    assert f"uiterlijk {DEADLINE.day} " in html
    assert "Nog geen volgende ronde gepland" not in html
    assert Rondeplanning.history.first().history_change_reason == "Volgende ronde gepland door redactie"


def test_opening_the_round_starts_from_the_plan_and_removes_it(demodata, redactie):
    ronde.plan_volgende_ronde(OPENT, DEADLINE, redactie, "Stand van zaken juni 2022")
    formulier = _als(redactie).get(reverse("werk:ronde_openen")).context["form"]
    assert formulier["titel"].value() == "Stand van zaken juni 2022"
    assert formulier["deadline"].value() == DEADLINE
    ronde.open_ronde("Stand van zaken juni 2022", datetime.date(2022, 6, 1), DEADLINE, redactie)
    assert not Rondeplanning.objects.exists()


@pytest.mark.parametrize(
    ("opent", "deadline", "melding"),
    [
        (VANDAAG - datetime.timedelta(days=1), DEADLINE, "in het verleden"),
        (OPENT, OPENT - datetime.timedelta(days=1), "vóór de verwachte opening"),
    ],
)
def test_impossible_dates_are_refused(demodata, redactie, opent, deadline, melding):
    with pytest.raises(RondeFout, match=melding):
        ronde.plan_volgende_ronde(opent, deadline, redactie)
    antwoord = _als(redactie).post(
        reverse("werk:ronde_plannen"), {"opent_op": opent.isoformat(), "deadline": deadline.isoformat()}
    )
    assert antwoord.status_code == 400
    assert not Rondeplanning.objects.exists()


def test_only_the_redactie_plans_and_a_plan_can_be_dropped(demodata, redactie, coordinator_fin):
    gegevens = {"opent_op": OPENT.isoformat(), "deadline": DEADLINE.isoformat()}
    assert _als(coordinator_fin).post(reverse("werk:ronde_plannen"), gegevens).status_code == 403
    assert not Rondeplanning.objects.exists()
    _als(redactie).post(reverse("werk:ronde_plannen"), gegevens)
    assert Rondeplanning.objects.count() == 1
    _als(redactie).post(reverse("werk:ronde_plannen"), gegevens | {"deadline": OPENT.isoformat()})
    assert Rondeplanning.objects.get().deadline == OPENT
    _als(redactie).post(reverse("werk:ronde_plannen"), {"stap": "schrappen"})
    assert not Rondeplanning.objects.exists()
