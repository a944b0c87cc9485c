"""Reminders: N days before the deadline, coordinators hear which of their texts are not yet submitted."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from rapportage import ronde
from rapportage.models import Rapportage
from tests.conftest import maak_gebruiker


def open_ronde_met_deadline(redactie, dagen):
    return ronde.open_ronde(
        "Stand van zaken december 2021",
        datetime.date(2021, 12, 1),
        timezone.localdate() + datetime.timedelta(days=dagen),
        redactie,
    )


@pytest.fixture
def az_klaar(demodata, redactie):
    """An AZ coordinator; the test submits all AZ texts so this one needs no reminder."""
    return maak_gebruiker("coordinator-az", "Coördinator", ["AZ"])


def dien_alles_in(rapportage, afkorting, gebruiker):
    for voortgang in rapportage.voortgang.filter(actie__actieministeries__ministerie__afkorting=afkorting):
        ronde.dien_in(voortgang, gebruiker)


def test_reminds_coordinators_with_unsubmitted_texts_n_days_before_the_deadline(
    redactie, coordinator_fin, coordinator_bzk, az_klaar, mailoutbox
):
    rapportage = open_ronde_met_deadline(redactie, 3)
    dien_alles_in(rapportage, "AZ", az_klaar)
    fin = rapportage.voortgang.filter(actie__actieministeries__ministerie__afkorting="FIN").order_by(
        "actie__nummer"
    )
    ronde.dien_in(fin[0], coordinator_fin)
    ronde.stuur_terug(fin[0], redactie, "Graag aanvullen.")
    ronde.dien_in(fin[1], coordinator_fin)

    call_command("herinner", "--dagen", "3")

    per_ontvanger = {m.to[0]: m for m in mailoutbox}
    assert set(per_ontvanger) == {coordinator_fin.email, coordinator_bzk.email}
    bericht = per_ontvanger[coordinator_fin.email]
    assert "Stand van zaken december 2021" in bericht.subject
    assert f"Actie {fin[0].actie.nummer} (teruggestuurd)" in bericht.body
    assert f"Actie {fin[1].actie.nummer} " not in bericht.body
    assert f"Actie {fin[2].actie.nummer} (concept)" in bericht.body
    assert "http://127.0.0.1:8000/werk/" in bericht.body
    assert "de ronde 'Stand van zaken december 2021'" in bericht.body  # plain text, not HTML-escaped


def test_sends_nothing_on_other_days(redactie, coordinator_fin, demodata, mailoutbox):
    open_ronde_met_deadline(redactie, 5)
    call_command("herinner", "--dagen", "3", "1")
    assert mailoutbox == []
    call_command("herinner", "--dagen", "7", "5")
    assert [m.to for m in mailoutbox] == [[coordinator_fin.email]]


def test_sends_nothing_for_a_closed_round(redactie, coordinator_fin, demodata, mailoutbox):
    rapportage = open_ronde_met_deadline(redactie, 3)
    ronde.stel_vast(rapportage, redactie)
    assert Rapportage.objects.open().count() == 0
    call_command("herinner", "--dagen", "3")
    assert mailoutbox == []


def test_skips_inactive_coordinators_and_those_without_e_mail(redactie, demodata, mailoutbox):
    open_ronde_met_deadline(redactie, 3)
    maak_gebruiker("inactief", "Coördinator", ["FIN"], is_active=False)
    zonder = maak_gebruiker("zonder-mail", "Coördinator", ["FIN"])
    zonder.email = ""
    zonder.save()
    maak_gebruiker("geen-groep", None, ["FIN"])
    call_command("herinner", "--dagen", "3")
    assert mailoutbox == []
