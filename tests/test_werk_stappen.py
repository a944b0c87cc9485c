"""The steps of a real round beyond write-submit-review: confirming and withdrawing a submission,
'in redactie', shared texts as one text, reviewing at a glance and approving many texts at once, the round's
reference."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from acties.models import Status
from rapportage import ronde, tekststappen
from rapportage.models import Rapportage, Vindplaats, Voortgang
from tests.conftest import tekst_van


def _gedeeld(rapportage):
    deler = rapportage.voortgang.select_related("gedeeld_met__actie", "actie").get(gedeeld_met__isnull=False)
    return deler, deler.gedeeld_met


def test_login_lands_coordinators_on_their_actions_and_the_redactie_on_the_board(
    client, coordinator_fin, redactie, db
):
    for gebruiker, doel in ((coordinator_fin, "werk:mijn_acties"), (redactie, "werk:overzicht")):
        client.logout()
        response = client.post(
            reverse("login"), {"username": gebruiker.username, "password": "een-lang-testwachtwoord"}
        )
        assert response.status_code == 302
        assert client.get(response["Location"])["Location"] == reverse(doel)


def test_submitting_from_the_list_asks_for_a_confirmation_first(client, coordinator_fin, open_ronde):
    voortgang = tekst_van(open_ronde, "FIN")
    client.force_login(coordinator_fin)
    lijst = client.get(reverse("werk:mijn_acties")).content.decode()
    assert f'href="{reverse("werk:indienen", args=[voortgang.pk])}"' in lijst
    bevestiging = client.get(reverse("werk:indienen", args=[voortgang.pk]))
    assert bevestiging.status_code == 200 and "Ja, dien in" in bevestiging.content.decode()
    voortgang.refresh_from_db()
    assert voortgang.toestand == Voortgang.Toestand.CONCEPT
    client.post(reverse("werk:indienen", args=[voortgang.pk]))
    voortgang.refresh_from_db()
    assert voortgang.toestand == Voortgang.Toestand.INGEDIEND


def test_coordinator_withdraws_a_submission_until_the_redactie_acts_on_it(
    client, coordinator_fin, redactie, open_ronde
):
    voortgang, _ = tekststappen.dien_in(tekst_van(open_ronde, "FIN"), coordinator_fin)
    client.force_login(coordinator_fin)
    assert "Trek in" in client.get(reverse("werk:mijn_acties")).content.decode()
    assert client.post(reverse("werk:intrekken", args=[voortgang.pk])).status_code == 302
    voortgang.refresh_from_db()
    assert voortgang.toestand == Voortgang.Toestand.CONCEPT
    assert voortgang.history.first().history_change_reason == "Ingetrokken"

    voortgang, _ = tekststappen.dien_in(voortgang, coordinator_fin)
    tekststappen.keur_goed(voortgang, redactie)
    client.post(reverse("werk:intrekken", args=[voortgang.pk]))
    voortgang.refresh_from_db()
    assert voortgang.toestand == Voortgang.Toestand.GOEDGEKEURD


def test_coordinator_of_another_ministry_cannot_withdraw(coordinator_fin, coordinator_bzk, open_ronde):
    voortgang, _ = tekststappen.dien_in(tekst_van(open_ronde, "FIN"), coordinator_fin)
    with pytest.raises(PermissionDenied):
        tekststappen.trek_in(voortgang, coordinator_bzk)


def test_returned_texts_come_first_highlighted_with_the_remark(client, coordinator_fin, redactie, open_ronde):
    laatste = tekst_van(open_ronde, "FIN", 5)
    tekststappen.dien_in(laatste, coordinator_fin)
    tekststappen.stuur_terug(laatste, redactie, "Graag de datum van de wet noemen.")
    client.force_login(coordinator_fin)
    html = client.get(reverse("werk:mijn_acties")).content.decode()
    te_doen = html[html.index('id="te-doen"') :]
    eerste_kaart = te_doen[te_doen.index('<li class="actie-kaart') :][:2000]
    assert "actie-kaart--terug" in eerste_kaart and f"{laatste.actie.nummer}. " in eerste_kaart
    assert "Teruggestuurd" in eerste_kaart and "Graag de datum van de wet noemen." in eerste_kaart


def test_in_redactie_coordinators_can_no_longer_edit_and_the_redactie_can_reopen_submissions(
    client, coordinator_fin, redactie, open_ronde
):
    voortgang = tekst_van(open_ronde, "FIN")
    Vindplaats.objects.create(
        actie=voortgang.actie, kamerstuk="35510-60", titel="Kamerbrief"
    )  # for 'afgerond'
    client.force_login(redactie)
    client.post(reverse("werk:inzending", args=[open_ronde.pk]), {"stap": "sluiten"})
    open_ronde.refresh_from_db()
    assert open_ronde.toestand == Rapportage.Toestand.IN_REDACTIE
    assert "in redactie" in client.get(reverse("werk:ronde", args=[open_ronde.pk])).content.decode()

    client.force_login(coordinator_fin)
    gegevens = {"tekst": "Te laat.", "status": Status.AFGEROND, "versie": 1, "actie": "bewaar"}
    assert client.post(reverse("werk:bewerk", args=[voortgang.pk]), gegevens).status_code == 403
    assert "u kunt nu niets wijzigen" in client.get(reverse("werk:mijn_acties")).content.decode()
    # The redactie still finishes texts while submissions are closed.
    tekststappen.bewaar_tekst(voortgang, "Afgerond door de redactie.", Status.AFGEROND, 1, redactie)

    client.force_login(redactie)
    client.post(reverse("werk:inzending", args=[open_ronde.pk]), {"stap": "heropenen"})
    open_ronde.refresh_from_db()
    assert open_ronde.is_open
    voortgang.refresh_from_db()
    assert tekststappen.bewaar_tekst(
        voortgang, "Weer van FIN.", Status.AFGEROND, voortgang.versie, coordinator_fin
    )[1]


def test_the_state_machine_refuses_steps_it_does_not_know(redactie, open_ronde):
    ronde.sluit_inzending(open_ronde, redactie)
    ronde.stel_vast(open_ronde, redactie)
    with pytest.raises(ronde.RondeFout):
        ronde.sluit_inzending(open_ronde, redactie)
    open_ronde.refresh_from_db()
    assert open_ronde.is_vastgesteld


def test_coordinator_cannot_close_submissions(coordinator_fin, open_ronde):
    with pytest.raises(PermissionDenied):
        ronde.sluit_inzending(open_ronde, coordinator_fin)


def test_a_shared_text_is_one_text_edited_at_its_source(client, coordinator_fin, open_ronde):
    deler, bron = _gedeeld(open_ronde)
    client.force_login(coordinator_fin)
    pagina = client.get(reverse("werk:bewerk", args=[deler.pk])).content.decode()
    assert f"deelt de tekst van actie {bron.actie.nummer}" in pagina
    assert 'name="tekst"' not in pagina and reverse("werk:bewerk", args=[bron.pk]) in pagina
    gegevens = {"tekst": "Eigen tekst.", "status": Status.AFGEROND, "versie": deler.versie, "actie": "bewaar"}
    assert client.post(reverse("werk:bewerk", args=[deler.pk]), gegevens).status_code in (400, 403)

    tekststappen.bewaar_tekst(bron, "Nieuwe gedeelde stand.", Status.VERTRAAGD, bron.versie, coordinator_fin)
    deler.refresh_from_db()
    assert (deler.tekst, deler.status) == ("Nieuwe gedeelde stand.", Status.VERTRAAGD)
    tekststappen.dien_in(bron, coordinator_fin)
    deler.refresh_from_db()
    assert deler.toestand == Voortgang.Toestand.INGEDIEND


def test_unsharing_gives_the_action_its_own_text(client, coordinator_fin, coordinator_bzk, open_ronde):
    deler, bron = _gedeeld(open_ronde)
    with pytest.raises(PermissionDenied):
        tekststappen.deel_niet_meer(deler, coordinator_bzk)
    client.force_login(coordinator_fin)
    assert client.post(reverse("werk:ontkoppelen", args=[deler.pk])).status_code == 302
    deler.refresh_from_db()
    assert deler.gedeeld_met is None and deler.tekst == bron.tekst
    assert tekststappen.bewaar_tekst(
        deler, "Eigen stand.", Status.IN_UITVOERING, deler.versie, coordinator_fin
    )[1]
    bron.refresh_from_db()
    assert bron.tekst != "Eigen stand."


def test_the_board_shows_each_text_with_its_diff_and_filters_changed_ministry_and_state(
    client, redactie, coordinator_fin, open_ronde
):
    gewijzigd = tekst_van(open_ronde, "FIN")
    oud = gewijzigd.tekst
    tekststappen.bewaar_tekst(gewijzigd, oud + " Nieuwe zin erbij.", gewijzigd.status, 1, coordinator_fin)
    client.force_login(redactie)
    url = reverse("werk:ronde", args=[open_ronde.pk])
    alles = client.get(url).content.decode()
    assert "<ins>Nieuwe zin erbij.</ins>" in alles and "<details" in alles
    alleen_gewijzigd = client.get(url, {"gewijzigd": "ja"}).context["teksten"]
    assert [v.pk for v in alleen_gewijzigd] == [gewijzigd.pk]
    ongewijzigd = client.get(url, {"gewijzigd": "nee"}).context["teksten"]
    assert (
        gewijzigd.pk not in {v.pk for v in ongewijzigd}
        and len(ongewijzigd) == open_ronde.voortgang.count() - 1
    )
    fin = client.get(url, {"ministerie": "FIN", "toestand": "concept"}).context["teksten"]
    assert fin and all(
        v.actie.actieministeries.filter(ministerie__afkorting="FIN").exists() and v.toestand == "concept"
        for v in fin
    )


def test_approving_all_unchanged_texts_takes_three_clicks(client, redactie, coordinator_fin, open_ronde):
    gewijzigd = tekst_van(open_ronde, "FIN")
    tekststappen.bewaar_tekst(gewijzigd, "Anders.", gewijzigd.status, 1, coordinator_fin)
    client.force_login(redactie)
    bord = client.get(reverse("werk:ronde", args=[open_ronde.pk])).content.decode()
    # Click 1: the quick filter. Click 2: "approve all shown". Click 3: confirm.
    assert 'href="?gewijzigd=nee#teksten"' in bord
    gefilterd = client.get(reverse("werk:ronde", args=[open_ronde.pk]), {"gewijzigd": "nee"})
    link = reverse("werk:goedkeuren_meerdere", args=[open_ronde.pk]) + "?alle=1&amp;gewijzigd=nee"
    assert link in gefilterd.content.decode()
    bevestiging = client.get(link.replace("&amp;", "&"))
    pks = [v.pk for v in bevestiging.context["teksten"]]
    assert gewijzigd.pk not in pks and pks
    client.post(reverse("werk:goedkeuren_meerdere", args=[open_ronde.pk]), {"tekst": pks})
    onaf = open_ronde.voortgang.exclude(toestand=Voortgang.Toestand.GOEDGEKEURD)
    assert list(onaf.values_list("pk", flat=True)) == [gewijzigd.pk]


def test_sending_back_from_the_board_page(client, redactie, coordinator_fin, open_ronde):
    voortgang, _ = tekststappen.dien_in(tekst_van(open_ronde, "FIN"), coordinator_fin)
    client.force_login(redactie)
    bord = client.get(reverse("werk:ronde", args=[open_ronde.pk])).content.decode()
    assert f'action="{reverse("werk:terugsturen", args=[voortgang.pk])}"' in bord
    client.post(reverse("werk:terugsturen", args=[voortgang.pk]), {"opmerking": "Korter graag."})
    voortgang.refresh_from_db()
    assert (voortgang.toestand, voortgang.opmerking) == ("teruggestuurd", "Korter graag.")


def test_edit_page_shows_the_diff_and_the_button_shows_it_for_the_text_being_written(
    client, coordinator_fin, open_ronde
):
    voortgang = tekst_van(open_ronde, "FIN")
    client.force_login(coordinator_fin)
    url = reverse("werk:bewerk", args=[voortgang.pk])
    assert "Geen verschil" in client.get(url).content.decode()
    gegevens = {
        "tekst": voortgang.tekst + " Extra.",
        "status": voortgang.status,
        "versie": 1,
        "actie": "verschil",
    }
    response = client.post(url, gegevens)
    assert response.status_code == 200 and "<ins>Extra.</ins>" in response.content.decode()
    voortgang.refresh_from_db()
    assert voortgang.versie == 1  # nothing saved


def test_opening_a_round_asks_for_its_kamerstuk_and_letter_date_editable_while_open(
    client, redactie, demodata
):
    client.force_login(redactie)
    response = client.post(
        reverse("werk:ronde_openen"),
        {
            "titel": "Stand van zaken december 2021",
            "peildatum": "2021-12-01",
            "deadline": (datetime.date.today() + datetime.timedelta(days=7)).isoformat(),
            "kamerstuk": "35 510, nr. 70",
            "briefdatum": "2021-12-15",
        },
    )
    assert response.status_code == 302
    rapportage = Rapportage.objects.get(titel="Stand van zaken december 2021")
    assert (rapportage.kamerstuk, rapportage.briefdatum) == ("35 510, nr. 70", datetime.date(2021, 12, 15))
    client.post(
        reverse("werk:ronde_gegevens", args=[rapportage.pk]),
        {
            "kamerstuk": "35 510, nr. 71",
            "briefdatum": "2021-12-16",
            "deadline": rapportage.deadline.isoformat(),
        },
    )
    rapportage.refresh_from_db()
    assert (rapportage.kamerstuk, rapportage.briefdatum) == ("35 510, nr. 71", datetime.date(2021, 12, 16))
    ronde.stel_vast(rapportage, redactie)
    assert client.get(reverse("werk:ronde_gegevens", args=[rapportage.pk])).status_code == 403


def test_the_board_links_the_draft_annex(client, redactie, open_ronde):
    client.force_login(redactie)
    assert (
        reverse("bijlage:concept_pdf", args=[open_ronde.pk])
        in client.get(reverse("werk:ronde", args=[open_ronde.pk])).content.decode()
    )


def test_between_rounds_mijn_acties_says_no_next_round_is_planned(client, coordinator_fin, demodata):
    # Nothing plans a round ahead (a round is open from the moment it is opened), so there is no date.
    client.force_login(coordinator_fin)
    assert "Nog geen volgende ronde gepland." in client.get(reverse("werk:mijn_acties")).content.decode()


def test_during_a_round_mijn_acties_gives_its_deadline_not_a_next_round(client, coordinator_fin, open_ronde):
    client.force_login(coordinator_fin)
    html = client.get(reverse("werk:mijn_acties")).content.decode()
    assert "<dt>Deadline</dt>" in html and "Nog geen volgende ronde gepland" not in html
