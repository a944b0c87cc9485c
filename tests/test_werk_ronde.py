"""A reporting round through its life: open, edit, submit, send back, approve, close and reopen."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from acties.models import Actie, ActieMinisterie, Ministerie, Rol, Status, Thema
from rapportage import ronde, tekststappen
from rapportage.models import GepubliceerdeTekst, Rapportage, Vindplaats, Voortgang
from tests.conftest import tekst_van


def bewaar(client, voortgang, tekst, status=Status.IN_UITVOERING, actie="bewaar", versie=None):
    voortgang.refresh_from_db()
    return client.post(
        reverse("werk:bewerk", args=[voortgang.pk]),
        {"tekst": tekst, "status": status, "versie": versie or voortgang.versie, "actie": actie},
    )


def test_redactie_opens_a_round_prefilled_with_the_previous_text_and_status(client, redactie, demodata):
    client.force_login(redactie)
    response = client.post(
        reverse("werk:ronde_openen"),
        {"titel": "Stand van zaken december 2021", "peildatum": "2021-12-01", "deadline": "2021-11-15"},
    )
    rapportage = Rapportage.objects.get(titel="Stand van zaken december 2021")
    assert response.status_code == 302
    assert response["Location"] == reverse("werk:ronde", args=[rapportage.pk])
    assert rapportage.toestand == Rapportage.Toestand.OPEN
    assert rapportage.deadline == datetime.date(2021, 11, 15)
    juni = {v.actie_id: v for v in Voortgang.objects.filter(rapportage__titel="Stand van zaken juni 2021")}
    december = list(rapportage.voortgang.all())
    assert len(december) == Actie.objects.count() == 86
    for v in december:
        assert (v.tekst, v.status, v.toestand) == (juni[v.actie_id].tekst, juni[v.actie_id].status, "concept")
    vier = rapportage.voortgang.get(actie__nummer=4)
    assert vier.gedeeld_met == rapportage.voortgang.get(actie__nummer=3)
    assert rapportage.history.first().history_user == redactie


def test_a_second_round_cannot_be_opened_while_one_is_open(client, redactie, open_ronde):
    client.force_login(redactie)
    response = client.post(
        reverse("werk:ronde_openen"),
        {"titel": "Nog een ronde", "peildatum": "2022-06-01", "deadline": "2022-05-15"},
    )
    assert response.status_code == 200
    assert "Er is al een ronde open" in response.content.decode()
    assert not Rapportage.objects.filter(titel="Nog een ronde").exists()


def test_coordinator_sees_only_the_actions_of_their_ministries(client, coordinator_fin, open_ronde):
    client.force_login(coordinator_fin)
    response = client.get(reverse("werk:mijn_acties"))
    assert response.status_code == 200
    getoond = {v.actie.nummer for v in response.context["te_doen"]}
    van_fin = set(
        ActieMinisterie.objects.filter(ministerie__afkorting="FIN").values_list("actie__nummer", flat=True)
    )
    assert getoond == van_fin and len(van_fin) > 5
    assert tekst_van(open_ronde, "BZK").actie.nummer not in getoond
    inhoud = response.content.decode()
    assert f"Nog {len(van_fin)} van {len(van_fin)} teksten in te dienen" in inhoud
    assert "nog 10 dagen" in inhoud


def test_edit_form_shows_the_previous_round_text_folded_below_it(client, coordinator_fin, open_ronde):
    voortgang = tekst_van(open_ronde, "FIN")
    # The previous round's text as it was published (its frozen copy), not its working text.
    juni = GepubliceerdeTekst.objects.get(
        actie=voortgang.actie, rapportage__titel="Stand van zaken juni 2021"
    )
    juni.tekst = "Tekst uit juni, anders dan het concept."
    juni.save()
    client.force_login(coordinator_fin)
    response = client.get(reverse("werk:bewerk", args=[voortgang.pk]))
    assert response.status_code == 200
    assert response.context["vorige"] == juni
    html = response.content.decode()
    assert "Vorige ronde: Stand van zaken juni 2021</h2>" in html
    assert "Tekst uit juni, anders dan het concept." in html
    # The textarea comes first, so a phone shows it without scrolling past the old text, which is folded.
    assert html.index('id="id_tekst"') < html.index('<details id="vorige">') < html.index("Tekst uit juni")


def test_coordinator_saves_a_concept_then_submits_and_can_no_longer_change_it(
    client, coordinator_fin, open_ronde
):
    voortgang = tekst_van(open_ronde, "FIN")
    client.force_login(coordinator_fin)

    assert bewaar(client, voortgang, "Eerste versie.", Status.VERTRAAGD).status_code == 302
    voortgang.refresh_from_db()
    assert (voortgang.tekst, voortgang.status, voortgang.toestand) == (
        "Eerste versie.",
        "vertraagd",
        "concept",
    )
    assert voortgang.auteur == coordinator_fin

    response = bewaar(client, voortgang, "Definitieve versie.", Status.VERTRAAGD, actie="indienen")
    assert response.status_code == 302 and response["Location"] == reverse("werk:mijn_acties")
    voortgang.refresh_from_db()
    assert (voortgang.tekst, voortgang.toestand) == ("Definitieve versie.", "ingediend")

    assert bewaar(client, voortgang, "Nog even anders.").status_code == 403
    voortgang.refresh_from_db()
    assert voortgang.tekst == "Definitieve versie."
    assert "ligt bij de redactie" in client.get(reverse("werk:bewerk", args=[voortgang.pk])).content.decode()


def test_an_empty_text_cannot_be_submitted(client, coordinator_fin, open_ronde):
    voortgang = tekst_van(open_ronde, "FIN")
    client.force_login(coordinator_fin)
    response = bewaar(client, voortgang, "   ", actie="indienen")
    assert response.status_code == 400
    assert "Een lege tekst kan niet worden ingediend." in response.content.decode()
    voortgang.refresh_from_db()
    assert voortgang.toestand == "concept" and voortgang.versie == 1


def test_coordinator_submits_an_unchanged_text_from_the_list(client, coordinator_fin, open_ronde):
    voortgang = tekst_van(open_ronde, "FIN")
    client.force_login(coordinator_fin)
    response = client.post(reverse("werk:indienen", args=[voortgang.pk]))
    assert response.status_code == 302
    voortgang.refresh_from_db()
    assert voortgang.toestand == "ingediend"


def test_redactie_sends_a_text_back_and_the_coordinator_sees_the_comment_and_resubmits(
    client, redactie, coordinator_fin, open_ronde
):
    voortgang = tekst_van(open_ronde, "FIN")
    client.force_login(coordinator_fin)
    bewaar(client, voortgang, "Te kort.", actie="indienen")

    client.force_login(redactie)
    url = reverse("werk:terugsturen", args=[voortgang.pk])
    assert client.post(url, {"opmerking": ""}).status_code == 200
    voortgang.refresh_from_db()
    assert voortgang.toestand == "ingediend"
    response = client.post(url, {"opmerking": "Noem de datum van de brief."})
    assert response.status_code == 302
    voortgang.refresh_from_db()
    assert (voortgang.toestand, voortgang.opmerking) == ("teruggestuurd", "Noem de datum van de brief.")

    client.force_login(coordinator_fin)
    lijst = client.get(reverse("werk:mijn_acties")).content.decode()
    assert "Noem de datum van de brief." in lijst
    assert "1 tekst is teruggestuurd" in lijst
    pagina = client.get(reverse("werk:bewerk", args=[voortgang.pk])).content.decode()
    assert "De redactie stuurde deze tekst terug" in pagina and "Noem de datum van de brief." in pagina
    bewaar(client, voortgang, "Met de brief van 1 december.", actie="indienen")
    voortgang.refresh_from_db()
    assert (voortgang.toestand, voortgang.tekst) == ("ingediend", "Met de brief van 1 december.")


def test_redactie_cannot_send_back_a_text_that_was_never_submitted(client, redactie, open_ronde):
    voortgang = tekst_van(open_ronde, "FIN")
    client.force_login(redactie)
    response = client.post(reverse("werk:terugsturen", args=[voortgang.pk]), {"opmerking": "Waarom?"})
    assert response.status_code == 200
    assert "nog niet ingediend" in response.content.decode()
    voortgang.refresh_from_db()
    assert voortgang.toestand == "concept"


def test_redactie_edits_and_approves_any_text(client, redactie, open_ronde):
    voortgang = tekst_van(open_ronde, "BZK")
    client.force_login(redactie)
    response = bewaar(client, voortgang, "Door de redactie herschreven.")
    assert response["Location"] == reverse("werk:bewerk", args=[voortgang.pk]) + "#deze-kop"
    assert client.post(reverse("werk:goedkeuren", args=[voortgang.pk])).status_code == 302
    voortgang.refresh_from_db()
    assert (voortgang.tekst, voortgang.toestand) == ("Door de redactie herschreven.", "goedgekeurd")


def test_round_cannot_be_closed_while_texts_wait_for_review(client, redactie, coordinator_fin, open_ronde):
    voortgang = tekst_van(open_ronde, "FIN")
    client.force_login(coordinator_fin)
    bewaar(client, voortgang, "Klaar voor de redactie.", actie="indienen")
    client.force_login(redactie)
    bevestiging = client.get(reverse("werk:vaststellen", args=[open_ronde.pk]))
    assert f"Actie {voortgang.actie.nummer}" in bevestiging.content.decode()
    response = client.post(reverse("werk:vaststellen", args=[open_ronde.pk]), follow=True)
    assert "Nog niet alle teksten zijn goedgekeurd" in response.content.decode()
    open_ronde.refresh_from_db()
    assert open_ronde.toestand == "open"


def test_closing_freezes_publishes_and_sets_each_actions_status(
    client, redactie, coordinator_fin, coordinator_bzk, open_ronde
):
    fin, bzk = tekst_van(open_ronde, "FIN"), tekst_van(open_ronde, "BZK")
    Vindplaats.objects.create(
        actie=fin.actie, kamerstuk="35510-60", titel="Kamerbrief"
    )  # 'afgerond' needs one
    client.force_login(coordinator_fin)
    bewaar(client, fin, "FIN is klaar.", Status.AFGEROND, actie="indienen")
    client.force_login(coordinator_bzk)
    bewaar(client, bzk, "BZK loopt achter.", Status.VERTRAAGD, actie="indienen")
    client.force_login(redactie)
    for v in (fin, bzk):
        client.post(reverse("werk:goedkeuren", args=[v.pk]))

    response = client.post(reverse("werk:vaststellen", args=[open_ronde.pk]))
    assert response.status_code == 302
    open_ronde.refresh_from_db()
    assert open_ronde.toestand == "vastgesteld" and open_ronde.vastgesteld_op is not None
    assert set(open_ronde.voortgang.values_list("toestand", flat=True)) == {"goedgekeurd"}
    assert GepubliceerdeTekst.objects.actueel().filter(rapportage=open_ronde).count() == 86
    assert Actie.objects.get(pk=fin.actie_id).status == Status.AFGEROND
    assert Actie.objects.get(pk=bzk.actie_id).status == Status.VERTRAAGD
    overgenomen = open_ronde.voortgang.exclude(pk__in=[fin.pk, bzk.pk]).first()
    assert overgenomen.history.first().history_change_reason == "Ongewijzigd overgenomen bij vaststelling"


@pytest.mark.parametrize("rol", ["beheerder", "redactie", "coordinator_fin"])
def test_a_closed_round_cannot_be_edited_by_anyone(client, rollen, redactie, open_ronde, rol):
    voortgang = tekst_van(open_ronde, "FIN")
    ronde.stel_vast(open_ronde, redactie)
    voortgang.refresh_from_db()
    aantal = voortgang.history.count()
    client.force_login(rollen[rol])
    assert bewaar(client, voortgang, "Achteraf gewijzigd.").status_code == 403
    assert client.post(reverse("werk:indienen", args=[voortgang.pk])).status_code == 403
    if rol != "coordinator_fin":
        assert client.post(reverse("werk:goedkeuren", args=[voortgang.pk])).status_code == 403
        assert (
            client.post(reverse("werk:terugsturen", args=[voortgang.pk]), {"opmerking": "x"}).status_code
            == 403
        )
        assert client.post(reverse("werk:vaststellen", args=[open_ronde.pk])).status_code == 403
    voortgang.refresh_from_db()
    assert voortgang.tekst != "Achteraf gewijzigd." and voortgang.history.count() == aantal


def test_reopen_needs_a_reason_and_logs_who_and_why(client, redactie, coordinator_fin, open_ronde):
    voortgang = tekst_van(open_ronde, "FIN")
    Vindplaats.objects.create(actie=voortgang.actie, kamerstuk="35510-60", titel="Kamerbrief")
    client.force_login(coordinator_fin)
    bewaar(client, voortgang, "Afgerond in november.", Status.AFGEROND, actie="indienen")
    tekststappen.keur_goed(voortgang, redactie)
    ronde.stel_vast(open_ronde, redactie)
    assert Actie.objects.get(pk=voortgang.actie_id).status == Status.AFGEROND

    client.force_login(redactie)
    url = reverse("werk:heropenen", args=[open_ronde.pk])
    assert client.post(url, {"reden": ""}).status_code == 200
    open_ronde.refresh_from_db()
    assert open_ronde.toestand == "vastgesteld"

    assert client.post(url, {"reden": "Tikfout in actie 1"}).status_code == 302
    open_ronde.refresh_from_db()
    # Reopened for a correction: the public keeps the publication, with its moment and the status.
    assert open_ronde.toestand == "open" and open_ronde.vastgesteld_op is not None
    assert open_ronde.publicatieversie == 1
    assert Actie.objects.get(pk=voortgang.actie_id).status == Status.AFGEROND
    log = open_ronde.history.first()
    assert log.history_user == redactie
    assert log.history_change_reason == "Heropend door redactie: Tikfout in actie 1"
    assert GepubliceerdeTekst.objects.actueel().filter(rapportage=open_ronde).count() == (
        open_ronde.voortgang.count()
    )

    # Reopened, the redactie can send the text back and the coordinator can correct it.
    client.post(reverse("werk:terugsturen", args=[voortgang.pk]), {"opmerking": "Datum klopt niet."})
    client.force_login(coordinator_fin)
    assert bewaar(client, voortgang, "Afgerond in december.", Status.AFGEROND).status_code == 302


def test_a_round_cannot_be_reopened_while_another_is_open(client, redactie, open_ronde):
    ronde.stel_vast(open_ronde, redactie)
    ronde.open_ronde(
        "Stand van zaken juni 2022", datetime.date(2022, 6, 1), datetime.date(2022, 5, 15), redactie
    )
    client.force_login(redactie)
    response = client.post(reverse("werk:heropenen", args=[open_ronde.pk]), {"reden": "Correctie"})
    assert "Er is al een andere ronde open" in response.content.decode()
    open_ronde.refresh_from_db()
    assert open_ronde.toestand == "vastgesteld"


def test_coordinators_see_the_rounds_but_not_the_board(client, coordinator_fin, open_ronde):
    client.force_login(coordinator_fin)
    response = client.get(reverse("werk:overzicht"))
    assert response.status_code == 200
    assert "Stand van zaken december 2021" in response.content.decode()
    assert "rijen" not in response.context and "Ronde vaststellen" not in response.content.decode()
    assert client.get(reverse("werk:ronde", args=[open_ronde.pk])).status_code == 403


def test_completeness_board_counts_per_ministry_and_marks_overdue(
    client, redactie, coordinator_fin, open_ronde
):
    fin = tekst_van(open_ronde, "FIN")
    client.force_login(coordinator_fin)
    bewaar(client, fin, "Ingediend.", actie="indienen")
    open_ronde.deadline = timezone.localdate() - datetime.timedelta(days=1)
    open_ronde.save()

    client.force_login(redactie)
    response = client.get(reverse("werk:overzicht"))
    assert response.status_code == 200
    rijen = {r["ministerie"]: r for r in response.context["rijen"]}
    aantal_fin = ActieMinisterie.objects.filter(ministerie__afkorting="FIN").count()
    assert rijen["FIN"]["totaal"] == aantal_fin
    assert (rijen["FIN"]["ingediend"], rijen["FIN"]["concept"]) == (1, aantal_fin - 1)
    assert rijen["FIN"]["te_laat"] == aantal_fin - 1
    assert rijen["BZK"]["te_laat"] == rijen["BZK"]["totaal"]
    assert response.context["te_laat"]
    gefilterd = client.get(reverse("werk:overzicht"), {"toestand": "ingediend"})
    assert [v.pk for v in gefilterd.context["teksten"]] == [fin.pk]


def _extra_acties(rapportage, aantal):
    """More actions with ministries and a text in the round, to show the page cost does not grow."""
    thema = Thema.objects.first()
    fin, bzk = Ministerie.objects.get(afkorting="FIN"), Ministerie.objects.get(afkorting="BZK")
    for i in range(aantal):
        actie = Actie.objects.create(nummer=1000 + i, omschrijving=f"Extra actie {i}", thema=thema)
        ActieMinisterie.objects.create(actie=actie, ministerie=fin)
        ActieMinisterie.objects.create(actie=actie, ministerie=bzk, rol=Rol.BETROKKEN)
        Voortgang.objects.create(actie=actie, rapportage=rapportage, tekst="x", status=Status.IN_UITVOERING)


@pytest.mark.parametrize(
    "url_naam, gebruiker", [("werk:overzicht", "redactie"), ("werk:mijn_acties", "coordinator_fin")]
)
def test_work_pages_cost_the_same_number_of_queries_for_more_actions(
    client, rollen, open_ronde, django_assert_max_num_queries, url_naam, gebruiker
):
    client.force_login(rollen[gebruiker])
    # Mijn acties also reads the themes of its filter, which texts may be submitted together and how many
    # items of a rappel wait for the user's answer.
    with django_assert_max_num_queries(15):
        assert client.get(reverse(url_naam)).status_code == 200
    _extra_acties(open_ronde, 40)
    with django_assert_max_num_queries(15):
        response = client.get(reverse(url_naam))
    assert "Extra actie 39" in response.content.decode()
