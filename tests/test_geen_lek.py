"""Nothing of a running round is public before it is published: not its title, not its target-date
changes, on the action page, in the API or in the exports."""

import datetime

import pytest
from django.urls import reverse

from importeer.formaat import uit_json
from importeer.laden import laad_bijlage
from rapportage import ronde, tekststappen, verantwoording
from rapportage.models import StreefdatumWijziging, Voortgang

from .conftest import tekst_van

REDEN = "Wetgeving loopt een half jaar later"
EXPORT_JSON = "/acties/export.json"


@pytest.fixture(autouse=True)
def zonder_paginacache(settings):
    # What a surface shows must come from the data, not from a page cached before the change.
    settings.PUBLIEK_CACHE_SECONDEN = 0


def _openbaar(client, nummer):
    """Every public surface that shows an action's target date: {url: text}."""
    adressen = [
        reverse("actie", args=[nummer]),
        f"/api/v1/acties/{nummer}",
        "/api/v1/acties?pageSize=100",
        EXPORT_JSON,
        "/acties/export.csv",
    ]
    uitkomst = {}
    for adres in adressen:
        antwoord = client.get(adres)
        assert antwoord.status_code == 200, adres
        inhoud = b"".join(antwoord.streaming_content) if antwoord.streaming else antwoord.content
        uitkomst[adres] = inhoud.decode("utf-8-sig")
    return uitkomst


def _publiceer(rapportage, redactie, django_capture_on_commit_callbacks):
    for v in rapportage.voortgang.exclude(toestand=Voortgang.Toestand.GOEDGEKEURD):
        if v.versie > 1 and not v.gedeeld_met_id:
            tekststappen.keur_goed(v, redactie)
    with django_capture_on_commit_callbacks(execute=True):
        ronde.stel_vast(rapportage, redactie)


def test_a_target_date_changed_in_an_open_round_shows_nothing_of_the_round_until_it_is_published(
    client, open_ronde, coordinator_fin, redactie, django_capture_on_commit_callbacks
):
    actie = tekst_van(open_ronde, "FIN").actie
    werk = client
    werk.force_login(coordinator_fin)
    antwoord = werk.post(
        reverse("werk:streefdatum", args=[actie.nummer]), {"streefdatum": "2031-07-01", "reden": REDEN}
    )
    assert antwoord.status_code in (200, 302)
    assert StreefdatumWijziging.objects.filter(actie=actie, rapportage=open_ronde).exists()
    werk.logout()

    for adres, inhoud in _openbaar(client, actie.nummer).items():
        assert open_ronde.titel not in inhoud, adres
        assert REDEN not in inhoud and "2031-07-01" not in inhoud, adres

    _publiceer(open_ronde, redactie, django_capture_on_commit_callbacks)
    na = _openbaar(client, actie.nummer)
    for adres in (reverse("actie", args=[actie.nummer]), f"/api/v1/acties/{actie.nummer}", EXPORT_JSON):
        assert open_ronde.titel in na[adres] and REDEN in na[adres], adres
    assert "2031-07-01" in na["/acties/export.csv"]


def test_publishing_another_round_does_not_make_the_open_rounds_changes_public(
    client, open_ronde, coordinator_fin, redactie, bijlage_data, django_capture_on_commit_callbacks
):
    """An import publishes a round of its own while another one runs; the running round's target-date
    changes wait for the publication of their own round."""
    actie = tekst_van(open_ronde, "FIN").actie
    verantwoording.wijzig_streefdatum(actie, datetime.date(2031, 7, 1), REDEN, coordinator_fin)
    with django_capture_on_commit_callbacks(execute=True):
        laad_bijlage(uit_json(bijlage_data), rapportage_titel="Stand van zaken maart 2021", reden="Ingelezen")

    for adres, inhoud in _openbaar(client, actie.nummer).items():
        assert open_ronde.titel not in inhoud and REDEN not in inhoud, adres

    _publiceer(open_ronde, redactie, django_capture_on_commit_callbacks)
    assert open_ronde.titel in _openbaar(client, actie.nummer)[f"/api/v1/acties/{actie.nummer}"]
