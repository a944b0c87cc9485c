"""What a coordinator's answer to the rappel changes: a register item due within six months is asked about
too; a new date moves a register item's deadline with one log row per item (reason, who, when), shown on
its public page as 'eerder: <datum>'; a document that would fulfil it, and a new date for an indicator
target, wait for the redactie, who takes them over (the item fulfilled with that document; a new target
with the answer as its source, the earlier one kept as 'eerder beloofd'); nobody answers another
ministry's item; and the work pages and mails take as many queries for 30 items as for 3."""

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acties.models import Ministerie
from indicatoren.models import Doel
from meldingen import rappel as rappel_werk
from moties.models import Opdracht, Soort, Stand
from rapportage import rappel
from rapportage.models import RappelPunt, StreefdatumWijziging, UitersteDatumWijziging
from tests.hulp import indicator_met_doel
from tests.hulp import rappel_actie as actie
from tests.hulp import rappel_opdracht as opdracht
from tests.hulp import rappel_verstuurd as verstuurd

D = datetime.date


@pytest.fixture
def register(db):
    """FIN: a commitment over its deadline, a promise due on the last day counted (1 juli 2026), one due
    a day later, one dropped; BZK: a motion due within six months; one of no ministry due soon."""
    return {
        "te_laat": opdracht(Soort.TOEZEGGING, D(2025, 10, 1), "FIN", registernummer="TZ1", titel="Herstel"),
        "rand": opdracht(Soort.BELOFTE, D(2026, 7, 1), "FIN", titel="Brief voor de zomer"),
        "na_de_rand": opdracht(Soort.BELOFTE, D(2026, 7, 2), "FIN", titel="Brief na de zomer"),
        "vervallen": opdracht(
            Soort.TOEZEGGING, D(2026, 2, 1), "FIN", Stand.VERVALLEN, registernummer="TZ2", stand_reden="Weg"
        ),
        "bzk": opdracht(Soort.MOTIE, D(2026, 3, 1), "BZK", dossier=35510, nummer=9, titel="Gemeenten"),
        "zonder": opdracht(Soort.TOEZEGGING, D(2026, 2, 1), None, registernummer="TZ3", titel="Van niemand"),
    }


def _punt(item, o):
    return RappelPunt.objects.get(rappel=item, opdracht=o)


def _antwoord(client, *velden_per_punt):
    data = {"punt": []}
    for punt, velden in velden_per_punt:
        data["punt"].append(str(punt.pk))
        data.update({f"p{punt.pk}-{naam}": waarde for naam, waarde in velden.items()})
    return client.post(reverse("werk:rappel_antwoord"), data)


def test_register_items_due_up_to_six_months_later_are_asked_about_and_later_or_closed_ones_not(
    register, redactie, coordinator_fin, coordinator_bzk, mailoutbox, django_capture_on_commit_callbacks
):
    item = verstuurd(redactie, django_capture_on_commit_callbacks)
    gevraagd = {
        (p.opdracht_id, p.ministerie_id and p.ministerie.afkorting, p.soort)
        for p in item.punten.select_related("ministerie")
    }
    assert gevraagd == {
        (register["te_laat"].pk, "FIN", RappelPunt.Soort.TE_LAAT),
        (register["rand"].pk, "FIN", RappelPunt.Soort.BINNENKORT),
        (register["bzk"].pk, "BZK", RappelPunt.Soort.BINNENKORT),
        (register["zonder"].pk, None, RappelPunt.Soort.BINNENKORT),
    }
    mails = {m.to[0]: m.body for m in mailoutbox}
    binnenkort = "met de uiterste datum binnen zes maanden:\n"
    fin = mails[coordinator_fin.email]
    assert binnenkort + "- Belofte " in fin and "Brief voor de zomer (uiterste datum 1 juli 2026)" in fin
    assert "Brief na de zomer" not in fin and "TZ2" not in fin and "Van niemand" not in fin
    assert (
        binnenkort + "- Motie 35510-9: Gemeenten (uiterste datum 1 maart 2026)"
        in mails[coordinator_bzk.email]
    )


def test_a_bulk_answer_moves_each_register_items_deadline_and_logs_one_row_per_item_with_its_reason(
    client, register, redactie, coordinator_fin, django_capture_on_commit_callbacks
):
    a1 = actie(1, D(2025, 11, 1), "FIN")
    item = verstuurd(redactie, django_capture_on_commit_callbacks)
    te_laat, rand = _punt(item, register["te_laat"]), _punt(item, register["rand"])
    actiepunt = RappelPunt.objects.get(rappel=item, actie=a1)
    client.force_login(coordinator_fin)
    response = _antwoord(
        client,
        (te_laat, {"nieuwe_datum": "2026-06-01", "reden": "Wacht op de uitvoeringstoets"}),
        (rand, {"nieuwe_datum": "2026-12-01", "reden": "Na het zomerreces"}),
        (actiepunt, {"nieuwe_datum": "2026-09-01", "reden": "Wetgeving loopt later"}),
    )
    assert response.status_code == 302
    log = UitersteDatumWijziging.objects.order_by("opdracht__uiterste_datum")
    assert [(w.opdracht_id, w.van, w.naar, w.reden, w.door, w.rappelpunt_id) for w in log] == [
        (
            register["te_laat"].pk,
            D(2025, 10, 1),
            D(2026, 6, 1),
            "Wacht op de uitvoeringstoets",
            coordinator_fin,
            te_laat.pk,
        ),
        (register["rand"].pk, D(2026, 7, 1), D(2026, 12, 1), "Na het zomerreces", coordinator_fin, rand.pk),
    ]
    for sleutel, datum in (("te_laat", D(2026, 6, 1)), ("rand", D(2026, 12, 1))):
        register[sleutel].refresh_from_db()
        assert register[sleutel].uiterste_datum == datum and register[sleutel].stand == Stand.OPEN
    assert list(StreefdatumWijziging.objects.values_list("actie", "reden")) == [
        (a1.pk, "Wetgeving loopt later")
    ]
    # Public at once, as the deadline it moved: the item's page says what it was and why it moved.
    client.logout()
    html = re.sub(r"\s+", " ", client.get(register["te_laat"].get_absolute_url()).content.decode())
    assert "1 juni 2026" in html and "eerder: 1 oktober 2025; 1 keer verschoven" in html
    assert "1 oktober 2025 → 1 juni 2026 (antwoord van het ministerie op de rappel)" in html
    assert "Reden: Wacht op de uitvoeringstoets" in html and "coordinator-fin" not in html


def test_a_document_for_a_register_item_is_a_proposal_until_the_redactie_confirms_it(
    client, register, redactie, coordinator_fin, django_capture_on_commit_callbacks
):
    item = verstuurd(redactie, django_capture_on_commit_callbacks)
    punt = _punt(item, register["te_laat"])
    client.force_login(coordinator_fin)
    document = {"titel": "Brief over herstel", "kamerstuk": "31066-1071"}
    assert _antwoord(client, (punt, document)).status_code == 302
    register["te_laat"].refresh_from_db()
    assert register["te_laat"].stand == Stand.OPEN and register["te_laat"].vervuld_door == ""
    assert UitersteDatumWijziging.objects.count() == 0
    # A coordinator can only propose: the step that confirms is the redactie's.
    overnemen = {"stap": "overnemen", "rappel": item.pk, "punt": punt.pk}
    assert client.post(reverse("werk:rappels"), overnemen).status_code == 403
    with pytest.raises(PermissionDenied):
        rappel.neem_over(punt, coordinator_fin)
    client.force_login(redactie)
    overzicht = client.get(reverse("werk:rappels"), {"rappel": item.pk}).content.decode()
    assert "Voorstel: nog niet bevestigd" in overzicht and "Bevestigen als voldaan" in overzicht
    assert client.post(reverse("werk:rappels"), overnemen).status_code == 302
    register["te_laat"].refresh_from_db()
    assert (
        register["te_laat"].stand,
        register["te_laat"].vervuld_door,
        register["te_laat"].vervuld_kamerstuk,
    ) == (Stand.VOLDAAN, "Brief over herstel", "31066-1071")
    punt.refresh_from_db()
    assert (punt.beoordeeld_door, punt.is_overgenomen) == (redactie, True)
    overzicht = client.get(reverse("werk:rappels"), {"rappel": item.pk}).content.decode()
    assert "Als voldaan bevestigd door redactie" in overzicht and "Bevestigen als voldaan" not in overzicht
    # Taken over once: a second confirmation changes nothing.
    client.post(reverse("werk:rappels"), overnemen)
    assert register["te_laat"].history.filter(stand=Stand.VOLDAAN).count() == 1


def test_the_redactie_refuses_a_proposal_with_a_reason_the_ministry_reads_and_nothing_changes(
    client, register, redactie, coordinator_fin, django_capture_on_commit_callbacks
):
    item = verstuurd(redactie, django_capture_on_commit_callbacks)
    punt = _punt(item, register["te_laat"])
    rappel.beantwoord(
        item,
        coordinator_fin,
        [rappel.Antwoord(punt.pk, titel="Een mail", url="https://www.rijksoverheid.nl/a")],
    )
    client.force_login(redactie)
    afwijzen = {"stap": "afwijzen", "rappel": item.pk, "punt": punt.pk, "afwijsreden": ""}
    client.post(reverse("werk:rappels"), afwijzen)
    punt.refresh_from_db()
    assert punt.wacht_op_redactie
    afwijzen["afwijsreden"] = "Dit is geen brief aan de Kamer"
    assert client.post(reverse("werk:rappels"), afwijzen).status_code == 302
    punt.refresh_from_db()
    register["te_laat"].refresh_from_db()
    assert (punt.is_afgewezen, punt.is_overgenomen, register["te_laat"].stand) == (True, False, Stand.OPEN)
    overzicht = client.get(reverse("werk:rappels"), {"rappel": item.pk}).content.decode()
    assert "Niet overgenomen door redactie" in overzicht and "Bevestigen als voldaan" not in overzicht
    # Decided once: it can no longer be taken over.
    client.post(reverse("werk:rappels"), {"stap": "overnemen", "rappel": item.pk, "punt": punt.pk})
    register["te_laat"].refresh_from_db()
    assert register["te_laat"].stand == Stand.OPEN
    client.force_login(coordinator_fin)
    antwoord = client.get(reverse("werk:rappel_antwoord")).content.decode()
    assert "De redactie nam het niet over: Dit is geen brief aan de Kamer" in antwoord


def test_the_redactie_takes_a_ministrys_new_date_for_a_target_as_a_new_target_and_keeps_the_earlier(
    client, redactie, coordinator_fin, django_capture_on_commit_callbacks
):
    a7 = actie(7, None, "FIN")
    achter = indicator_met_doel(a7, 50, D(2026, 4, 1), [(D(2024, 12, 1), 0), (D(2025, 12, 1), 10)])
    item = verstuurd(redactie, django_capture_on_commit_callbacks)
    punt = RappelPunt.objects.get(rappel=item, doel=achter)
    rappel.beantwoord(item, coordinator_fin, [rappel.Antwoord(punt.pk, D(2027, 6, 30), "Minder capaciteit")])
    # The ministry's word alone does not move a promise.
    assert list(Doel.objects.values_list("pk", flat=True)) == [achter.pk]
    client.force_login(redactie)
    overnemen = {"stap": "overnemen", "rappel": item.pk, "punt": punt.pk}
    assert client.post(reverse("werk:rappels"), overnemen).status_code == 302
    nieuw = Doel.objects.get(vervangt=achter)
    assert (nieuw.waarde, nieuw.datum, nieuw.toelichting) == (
        achter.waarde,
        D(2027, 6, 30),
        "Minder capaciteit",
    )
    assert nieuw.bron == "Antwoord van FIN op de rappel van 1 januari 2026"
    assert Doel.objects.filter(pk=achter.pk).exists()
    html = client.get(reverse("werk:rappels"), {"rappel": item.pk}).content.decode()
    assert "Als verschoven doel vastgelegd door redactie" in html


def test_a_coordinator_cannot_answer_another_ministrys_register_item_with_a_crafted_post(
    client, register, redactie, coordinator_bzk, django_capture_on_commit_callbacks
):
    item = verstuurd(redactie, django_capture_on_commit_callbacks)
    eigen, vreemd = _punt(item, register["bzk"]), _punt(item, register["te_laat"])
    zonder = _punt(item, register["zonder"])
    client.force_login(coordinator_bzk)
    for anders in (vreemd, zonder):
        response = _antwoord(
            client,
            (eigen, {"nieuwe_datum": "2026-09-01", "reden": "Eigen punt"}),
            (anders, {"nieuwe_datum": "2030-01-01", "reden": "Van BZK"}),
        )
        assert response.status_code == 403
    assert UitersteDatumWijziging.objects.count() == 0
    assert not RappelPunt.objects.filter(beantwoord_op__isnull=False).exists()
    register["te_laat"].refresh_from_db()
    assert register["te_laat"].uiterste_datum == D(2025, 10, 1)


def test_a_ministry_no_longer_addressed_cannot_move_the_register_items_deadline(
    register, redactie, coordinator_fin, django_capture_on_commit_callbacks
):
    item = verstuurd(redactie, django_capture_on_commit_callbacks)
    punt = _punt(item, register["te_laat"])
    register["te_laat"].ministerie = Ministerie.objects.get(afkorting="BZK")
    register["te_laat"].save()
    with pytest.raises(PermissionDenied):
        rappel.beantwoord(item, coordinator_fin, [rappel.Antwoord(punt.pk, D(2027, 1, 1), "Later")])
    assert UitersteDatumWijziging.objects.count() == 0


def test_a_new_date_for_an_item_whose_deadline_the_redactie_removed_is_refused_in_dutch(
    register, redactie, coordinator_fin, django_capture_on_commit_callbacks
):
    item = verstuurd(redactie, django_capture_on_commit_callbacks)
    punt = _punt(item, register["te_laat"])
    Opdracht.objects.filter(pk=register["te_laat"].pk).update(uiterste_datum=None)
    with pytest.raises(rappel.RondeFout, match="uiterste datum intussen weggehaald"):
        rappel.beantwoord(item, coordinator_fin, [rappel.Antwoord(punt.pk, D(2027, 1, 1), "Later")])
    assert UitersteDatumWijziging.objects.count() == 0


def test_a_refusal_reason_longer_than_the_field_is_refused(
    register, redactie, coordinator_fin, django_capture_on_commit_callbacks
):
    item = verstuurd(redactie, django_capture_on_commit_callbacks)
    punt = _punt(item, register["te_laat"])
    rappel.beantwoord(
        item,
        coordinator_fin,
        [rappel.Antwoord(punt.pk, titel="Een mail", url="https://www.rijksoverheid.nl/a")],
    )
    with pytest.raises(rappel.RondeFout, match="hoogstens 1000 tekens"):
        rappel.wijs_af(punt, redactie, "x" * 1001)
    punt.refresh_from_db()
    assert punt.wacht_op_redactie


def _register_binnenkort(van, tot):
    """Register items due within six months, of FIN, BZK and no ministry in turn."""
    for i in range(van, tot):
        opdracht(
            [Soort.TOEZEGGING, Soort.BELOFTE, Soort.AANBEVELING][i % 3],
            D(2026, 1, 10) + datetime.timedelta(days=i),
            ["FIN", "BZK", None][i % 3],
            titel=f"Binnenkort {i}",
        )


def _tel(doe):
    with CaptureQueriesContext(connection) as q:
        doe()
    return len(q)


def _beantwoord_alles(item, coordinator):
    """Half of the coordinator's items with a new date, half with a document (a proposal)."""
    punten = list(RappelPunt.objects.filter(rappel=item, ministerie__in=coordinator.ministeries.all()))
    rappel.beantwoord(
        item,
        coordinator,
        [
            rappel.Antwoord(p.pk, D(2026, 6, 1), "Later")
            if i % 2
            else rappel.Antwoord(p.pk, titel="Brief", kamerstuk="31066-1071")
            for i, p in enumerate(punten)
        ],
    )


def test_the_answer_page_overview_and_mails_take_as_many_queries_for_30_answered_items_as_for_3(
    client, redactie, coordinator_fin, coordinator_bzk, django_capture_on_commit_callbacks
):
    metingen = {}

    def meet(datum, van, tot):
        _register_binnenkort(van, tot)
        item = verstuurd(redactie, django_capture_on_commit_callbacks, datum)
        # Every open item is asked about, also those of the first rappel that are still open.
        assert item.punten.count() == Opdracht.objects.filter(stand=Stand.OPEN).count() >= tot - 1
        _beantwoord_alles(item, coordinator_bzk)
        for punt in RappelPunt.objects.filter(rappel=item, ministerie__afkorting="BZK", titel="Brief"):
            rappel_werk.neem_over(punt, redactie)
        client.force_login(coordinator_fin)
        antwoord = _tel(lambda: client.get(reverse("werk:rappel_antwoord")))
        client.force_login(redactie)
        overzicht = _tel(lambda: client.get(reverse("werk:rappels"), {"rappel": item.pk}))
        mails = _tel(lambda: rappel_werk.berichten(item))
        return antwoord, overzicht, mails

    metingen["weinig"] = meet(D(2026, 1, 1), 0, 3)
    metingen["veel"] = meet(D(2026, 1, 2), 3, 30)
    assert metingen["weinig"] == metingen["veel"]
