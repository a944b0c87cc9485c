"""Knelpunten (per round text, with a required explanation, public once the round is closed) and the
redactie's plain-language summary."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from acties.models import Actie
from rapportage import ronde, tekststappen, verantwoording
from rapportage.models import Voortgang
from tests.conftest import maak_gebruiker, nummers, tekst_van, voeg_ronde_toe
from tests.hulp import geschiedenis_telling, is_login_redirect

KNELPUNT = {"knelpunt": "on", "toelichting": "Vertraging door wetgeving"}


def _post(gebruiker, url, data):
    client = Client()
    if gebruiker is not None:
        client.force_login(gebruiker)
    return client.post(url, data)


def test_every_role_sets_a_knelpunt_only_where_it_may(rollen, open_ronde):
    szw = maak_gebruiker("coordinator-szw", "Coördinator", ["SZW"])
    tekst = (
        open_ronde.voortgang.filter(actie__actieministeries__ministerie__afkorting="SZW")
        .filter(actie__actieministeries__ministerie__afkorting="FIN", gedeeld_met__isnull=True)
        .first()
    )
    url = reverse("werk:knelpunt", args=[tekst.pk])
    verwacht = {
        "beheerder": 302,
        "redactie": 302,
        "coordinator_fin": 302,
        "coordinator_bzk": 404,
        "coordinator_szw": 403,
    }
    for rol, gebruiker in {**rollen, "coordinator_szw": szw}.items():
        Voortgang.objects.filter(pk=tekst.pk).update(knelpunt="")
        voor = geschiedenis_telling()
        response = _post(gebruiker, url, KNELPUNT)
        tekst.refresh_from_db()
        if verwacht.get(rol) == 302:
            assert response.status_code == 302 and tekst.knelpunt == "Vertraging door wetgeving", rol
        else:
            geweigerd = (
                is_login_redirect(response) if gebruiker is None else response.status_code == verwacht[rol]
            )
            assert geweigerd and tekst.knelpunt == "" and geschiedenis_telling() == voor, rol


def test_a_coordinator_cannot_change_a_knelpunt_once_submitted_nor_anyone_once_closed(
    coordinator_fin, redactie, open_ronde
):
    tekst = tekst_van(open_ronde, "FIN")
    tekststappen.bewaar_tekst(tekst, "Nieuwe stand.", tekst.status, tekst.versie, coordinator_fin)
    tekststappen.dien_in(tekst, coordinator_fin)
    url = reverse("werk:knelpunt", args=[tekst.pk])
    assert _post(coordinator_fin, url, KNELPUNT).status_code == 403
    assert _post(redactie, url, KNELPUNT).status_code == 302  # the redactie reviews and may correct it
    tekststappen.keur_goed(tekst, redactie)
    ronde.stel_vast(open_ronde, redactie)
    assert _post(redactie, url, {"toelichting": ""}).status_code == 403
    tekst.refresh_from_db()
    assert tekst.knelpunt == "Vertraging door wetgeving"


def test_a_knelpunt_needs_an_explanation(coordinator_fin, open_ronde):
    tekst = tekst_van(open_ronde, "FIN")
    response = _post(
        coordinator_fin, reverse("werk:knelpunt", args=[tekst.pk]), {"knelpunt": "on", "toelichting": " "}
    )
    assert response.status_code == 400 and "Beschrijf het knelpunt." in response.content.decode()
    tekst.refresh_from_db()
    assert tekst.knelpunt == "" and tekst.versie == 1


def test_each_knelpunt_change_is_in_the_history_and_makes_the_text_one_to_review(coordinator_fin, open_ronde):
    tekst = tekst_van(open_ronde, "FIN")
    verantwoording.zet_knelpunt(tekst, "Vertraging door wetgeving", coordinator_fin)
    verantwoording.zet_knelpunt(tekst, "", coordinator_fin)
    redenen = list(
        tekst.history.order_by("-history_date").values_list("knelpunt", "history_change_reason")[:2]
    )
    assert redenen == [("", "Knelpunt weggehaald"), ("Vertraging door wetgeving", "Knelpunt gemeld")]
    assert tekst.pk in ronde.onafgemaakt(open_ronde).values_list("pk", flat=True)  # no longer carried over


def test_a_knelpunt_is_public_only_once_its_round_is_closed_and_the_list_filters_on_it(
    client, coordinator_fin, redactie, open_ronde
):
    tekst = tekst_van(open_ronde, "FIN")
    verantwoording.zet_knelpunt(tekst, "Vertraging door wetgeving", coordinator_fin)
    nummer = tekst.actie.nummer
    assert "Vertraging door wetgeving" not in client.get(f"/acties/{nummer}/").content.decode()
    assert client.get(f"/api/v1/acties/{nummer}").json()["knelpunt"] is None
    assert client.get("/api/v1/acties?knelpunt=ja").json()["totaal"] == 0
    tekststappen.dien_in(tekst, coordinator_fin)
    tekststappen.keur_goed(tekst, redactie)
    ronde.stel_vast(open_ronde, redactie)
    assert "Vertraging door wetgeving" in client.get(f"/acties/{nummer}/").content.decode()
    assert client.get(f"/api/v1/acties/{nummer}").json()["knelpunt"] == {
        "toelichting": "Vertraging door wetgeving"
    }
    api = client.get("/api/v1/acties?knelpunt=ja").json()
    assert [a["nummer"] for a in api["_embedded"]["acties"]] == [nummer]
    assert client.get("/api/v1/acties?knelpunt=nee").json()["totaal"] == Actie.objects.count() - 1
    lijst = client.get("/acties/?knelpunt=ja").content.decode()
    assert "1 actie gevonden" in lijst and '<span class="markering">knelpunt</span>' in lijst
    csv = client.get("/acties/export.csv?knelpunt=ja").content.decode("utf-8-sig")
    assert "Vertraging door wetgeving" in csv


def test_the_knelpunt_filter_reads_the_latest_published_text_or_that_of_the_chosen_round(
    client, coordinator_fin, redactie, open_ronde
):
    tekst = tekst_van(open_ronde, "FIN")
    verantwoording.zet_knelpunt(tekst, "Vertraging door wetgeving", coordinator_fin)
    tekststappen.dien_in(tekst, coordinator_fin)
    tekststappen.keur_goed(tekst, redactie)
    ronde.stel_vast(open_ronde, redactie)
    nummer = tekst.actie.nummer
    voeg_ronde_toe(
        "Later", open_ronde.peildatum + datetime.timedelta(days=91), {nummer: ("Opgelost.", "in uitvoering")}
    )
    assert client.get("/api/v1/acties?knelpunt=ja").json()["totaal"] == 0
    assert client.get("/api/v1/acties?knelpunt=nee").json()["totaal"] == Actie.objects.count()
    assert nummers(client.get(f"/acties/?knelpunt=ja&rapportage={open_ronde.pk}")) == [nummer]
    in_ronde = f"/api/v1/acties?rapportage={open_ronde.pk}"
    zonder = client.get(f"{in_ronde}&knelpunt=nee").json()["totaal"]
    assert zonder == client.get(in_ronde).json()["totaal"] - 1


def test_the_demo_names_no_knelpunten(client, demodata):
    assert not Voortgang.objects.met_knelpunt().exists()
    assert client.get("/api/v1/acties?knelpunt=ja").json()["totaal"] == 0


@pytest.mark.parametrize("rol", ["beheerder", "redactie", "coordinator_fin", "coordinator_bzk", "anoniem"])
def test_only_the_redactie_writes_the_summary_shown_first_on_the_action_page_and_in_the_api(
    client, rollen, open_ronde, rol
):
    actie = tekst_van(open_ronde, "FIN").actie
    voor = geschiedenis_telling()
    response = _post(
        rollen[rol],
        reverse("werk:samenvatting", args=[actie.nummer]),
        {"samenvatting": "Ouders krijgen geld terug."},
    )
    actie.refresh_from_db()
    if rol in ("beheerder", "redactie"):
        assert response.status_code == 302 and actie.samenvatting == "Ouders krijgen geld terug."
        pagina = client.get(actie.get_absolute_url()).content.decode()
        assert pagina.index("Ouders krijgen geld terug.") < pagina.index('class="omschrijving"')
        assert (
            client.get(f"/api/v1/acties/{actie.nummer}").json()["samenvatting"]
            == "Ouders krijgen geld terug."
        )
        assert actie.history.first().history_change_reason.startswith("Samenvatting gewijzigd door")
    else:
        assert (
            response.status_code in (302, 403, 404)
            and actie.samenvatting == ""
            and geschiedenis_telling() == voor
        )
        assert client.get(f"/api/v1/acties/{actie.nummer}").json()["samenvatting"] is None
