"""Reminders: N days before the deadline, coordinators hear which of their texts are not yet submitted."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from jobs.models import Job
from rapportage import herinneringen, ronde, tekststappen
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
        tekststappen.dien_in(voortgang, gebruiker)


def test_reminds_coordinators_with_unsubmitted_texts_n_days_before_the_deadline(
    redactie, coordinator_fin, coordinator_bzk, az_klaar, mailoutbox
):
    rapportage = open_ronde_met_deadline(redactie, 3)
    dien_alles_in(rapportage, "AZ", az_klaar)
    fin = rapportage.voortgang.filter(actie__actieministeries__ministerie__afkorting="FIN").order_by(
        "actie__nummer"
    )
    tekststappen.dien_in(fin[0], coordinator_fin)
    tekststappen.stuur_terug(fin[0], redactie, "Graag aanvullen.")
    tekststappen.dien_in(fin[1], coordinator_fin)

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


def _verstuurd(mailoutbox):
    return [(m.to, m.from_email, m.subject, m.body) for m in mailoutbox]


def test_the_background_job_sends_exactly_what_the_command_sends(
    redactie, coordinator_fin, coordinator_bzk, az_klaar, mailoutbox, django_capture_on_commit_callbacks
):
    rapportage = open_ronde_met_deadline(redactie, 7)
    dien_alles_in(rapportage, "AZ", az_klaar)
    uit = io.StringIO()
    call_command("herinner", "--dagen", "7", "1", stdout=uit)
    assert uit.getvalue() == "2 herinnering(en) verstuurd.\n"
    door_het_commando = _verstuurd(mailoutbox)
    assert [m[0] for m in door_het_commando] == [[coordinator_bzk.email], [coordinator_fin.email]]
    assert herinneringen.herinneringen([7, 1]) == [
        {"onderwerp": onderwerp, "tekst": tekst, "aan": aan}
        for aan, _van, onderwerp, tekst in door_het_commando
    ]
    mailoutbox.clear()

    uit = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("herinner", "--dagen", "7", "1", "--achtergrond", stdout=uit)
        assert mailoutbox == []  # queued, not sent by the command
    job = Job.objects.get(taak="rapportage.herinneringen.stuur_herinneringen")
    assert uit.getvalue() == f"Herinneringen in de wachtrij (taak {job.pk}).\n"
    assert _verstuurd(mailoutbox) == door_het_commando
    assert set(Job.objects.values_list("status", flat=True)) == {Job.Status.KLAAR}
    assert job.sleutel == f"herinneringen:{timezone.localdate().isoformat()}:1,7"

    # Once a day: a second cron line, or a second server, sends nothing more.
    uit = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("herinner", "--dagen", "1", "7", "--achtergrond", stdout=uit)
    assert uit.getvalue() == f"Herinneringen van vandaag al in de wachtrij of verstuurd (taak {job.pk}).\n"
    assert len(mailoutbox) == 2


def test_the_job_of_a_day_sends_that_days_reminders_and_nothing_when_none_are_due(
    redactie, coordinator_fin, demodata, mailoutbox, django_capture_on_commit_callbacks
):
    open_ronde_met_deadline(redactie, 5)
    gisteren = timezone.localdate() - datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        job, nieuw = herinneringen.start_herinneringen([3], timezone.localdate())
    job.refresh_from_db()
    assert nieuw and job.status == Job.Status.KLAAR and mailoutbox == []
    assert Job.objects.count() == 1  # no mail job without mail
    # A run that waited in the queue since yesterday (worker down) sends yesterday's reminders.
    with django_capture_on_commit_callbacks(execute=True):
        herinneringen.start_herinneringen([6], gisteren)
    assert [m.to for m in mailoutbox] == [[coordinator_fin.email]]


def test_the_workers_start_the_daily_reminders_once_from_their_hour_without_cron(
    redactie, coordinator_fin, demodata, mailoutbox, settings, django_capture_on_commit_callbacks
):
    from jobs.planner import voer_dagelijks_uit

    settings.JOBS_DAGELIJKS = {"rapportage.herinneringen.start_dagelijks": 7}
    settings.HERINNER_DAGEN = [3]
    open_ronde_met_deadline(redactie, 3)
    vandaag = timezone.localtime().replace(minute=0, second=0, microsecond=0)
    with django_capture_on_commit_callbacks(execute=True):
        voer_dagelijks_uit(vandaag.replace(hour=6))
    assert not Job.objects.filter(sleutel__startswith="herinneringen:").exists()
    with django_capture_on_commit_callbacks(execute=True):
        voer_dagelijks_uit(vandaag.replace(hour=8))
        voer_dagelijks_uit(vandaag.replace(hour=9))  # a second worker, or the next look: nothing more
    assert (
        Job.objects.filter(sleutel__startswith="herinneringen:", taak__endswith="stuur_herinneringen").count()
        == 1
    )
    assert [m.to for m in mailoutbox] == [[coordinator_fin.email]]
