"""The redactie changes a registered aanbeveling, toezegging or belofte on one work page
(/werk/opdrachten/<pk>/): a change to what the public already read needs a reason and goes into the public
corrections log; "voldaan" needs its document. It starts a new action from an item of any kind, which takes
the next number and is linked to the whole item. Nobody else can do either."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.db.models import Max
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acties.models import Actie, ActieOpdracht, Ministerie, Thema
from moties.models import Opdracht, Reactie, Stand
from rapportage import toezeggingen
from rapportage.models import Correctie
from rapportage.opdrachten import BEWERKVELDEN, registreer_opdracht, wijzig_opdracht
from tests.hulp import BUREAU, SMAL, geschiedenis_telling, inloggen, kamertoezegging, past, toegankelijk

REDEN = "Bron verkeerd overgenomen"
GEEN_REDEN = "geef een reden, die in het openbare correctielog komt"

VELDEN = {
    "aanbeveling": {
        "soort": "aanbeveling",
        "titel": "Herontwerp van het stelsel",
        "dictum": "Ontwerp het stelsel opnieuw, met de ouders als uitgangspunt.",
        "bron": "Advies Adviescommissie uitvoering toeslagen, 1 december 2021",
        "nummer": 1,
        "datum": datetime.date(2021, 12, 1),
        "reactie": Reactie.DEELS_OVERGENOMEN,
        "reactie_bron": "Kamerstuk 31 066, nr. 920",
    },
    "toezegging": {
        "soort": "toezegging",
        "dictum": "De staatssecretaris stuurt de Kamer voor de zomer een brief over de hersteloperatie.",
        "bron": "Commissiedebat hersteloperatie kinderopvangtoeslag, 3 maart 2022",
        "registernummer": "TZ202203-042",
        "datum": datetime.date(2022, 3, 3),
        "adressaat": "de staatssecretaris van Financiën",
    },
    "belofte": {
        "soort": "belofte",
        "dictum": "Voor Prinsjesdag informeer ik uw Kamer over de voortgang.",
        "dossier": 35510,
        "nummer": 60,
        "datum": datetime.date(2021, 6, 29),
        "adressaat": "staatssecretaris",
    },
}


@pytest.fixture
def opdrachten(demodata, redactie):
    """One registered item of each kind the redactie registers by hand, by kind."""
    return {soort: registreer_opdracht(redactie, **velden) for soort, velden in VELDEN.items()}


def _formulier(opdracht, **anders):
    """The edit form of `opdracht` as the browser sends it back unchanged, with `anders` changed; with the
    values the page showed (initial-…), from which the form knows what the redactie changed."""
    data = {}
    for veld in BEWERKVELDEN:
        waarde = getattr(opdracht, veld)
        if waarde is None:
            waarde = ""
        elif hasattr(waarde, "isoformat"):
            waarde = waarde.isoformat()
        elif hasattr(waarde, "pk"):
            waarde = waarde.pk
        data[veld] = data[f"initial-{veld}"] = waarde
    return data | anders


def _bewerk(opdracht):
    return reverse("werk:opdracht", args=[opdracht.pk])


@pytest.mark.parametrize("soort", ["aanbeveling", "toezegging", "belofte"])
def test_the_redactie_changes_an_item_of_each_kind_on_one_page(client, redactie, opdrachten, soort):
    opdracht = opdrachten[soort]
    client.force_login(redactie)
    pagina = client.get(_bewerk(opdracht))
    assert pagina.status_code == 200
    assert opdracht.dictum in pagina.content.decode()
    fin = Ministerie.objects.get(afkorting="FIN")
    data = _formulier(
        opdracht,
        dictum=opdracht.dictum + " Gecorrigeerd.",
        ministerie=fin.pk,
        uiterste_datum="2023-01-01",
        reactie=Reactie.OVERGENOMEN,
        reactie_toelichting="Het kabinet neemt het over.",
        correctiereden=REDEN,
    )
    antwoord = client.post(_bewerk(opdracht), data)
    assert antwoord.status_code == 302, antwoord.content.decode()[:3000]
    assert antwoord["Location"] == _bewerk(opdracht)
    opdracht.refresh_from_db()
    assert opdracht.dictum.endswith(" Gecorrigeerd.") and opdracht.ministerie == fin
    assert opdracht.uiterste_datum == datetime.date(2023, 1, 1)
    assert (opdracht.reactie, opdracht.reactie_toelichting) == (
        Reactie.OVERGENOMEN,
        "Het kabinet neemt het over.",
    )
    assert opdracht.history.latest().history_change_reason == f"Correctie door redactie: {REDEN}"


def test_a_page_opened_before_a_ministry_moved_the_deadline_does_not_put_it_back(
    client, redactie, opdrachten
):
    toezegging = opdrachten["toezegging"]
    Opdracht.objects.filter(pk=toezegging.pk).update(uiterste_datum=datetime.date(2022, 7, 1))
    toezegging.refresh_from_db()
    client.force_login(redactie)
    getoond = client.get(_bewerk(toezegging)).content.decode()
    assert 'name="initial-uiterste_datum" value="2022-07-01"' in getoond
    # Meanwhile the ministry answers the rappel with a new date (rapportage.rappel).
    Opdracht.objects.filter(pk=toezegging.pk).update(uiterste_datum=datetime.date(2022, 12, 1))
    verouderd = _formulier(toezegging, reactie=Reactie.OVERGENOMEN)
    assert client.post(_bewerk(toezegging), verouderd).status_code == 302
    toezegging.refresh_from_db()
    assert (toezegging.uiterste_datum, toezegging.reactie) == (
        datetime.date(2022, 12, 1),
        Reactie.OVERGENOMEN,
    )


def test_a_change_to_what_the_public_read_without_a_reason_is_refused(client, redactie, opdrachten):
    toezegging = opdrachten["toezegging"]
    client.force_login(redactie)
    voor = geschiedenis_telling()
    antwoord = client.post(_bewerk(toezegging), _formulier(toezegging, bron="Commissiedebat, 4 maart 2022"))
    assert antwoord.status_code == 400
    assert GEEN_REDEN in antwoord.content.decode()
    toezegging.refresh_from_db()
    assert toezegging.bron == VELDEN["toezegging"]["bron"]
    assert not Correctie.objects.exists() and geschiedenis_telling() == voor


def test_a_corrected_source_is_in_the_public_log_with_its_reason(client, redactie, opdrachten):
    toezegging = opdrachten["toezegging"]
    client.force_login(redactie)
    data = _formulier(
        toezegging,
        bron="Commissiedebat, 4 maart 2022",
        datum="2022-03-04",
        adressaat="",
        correctiereden=REDEN,
    )
    assert client.post(_bewerk(toezegging), data).status_code == 302
    correctie = Correctie.objects.get()
    assert (correctie.opdracht, correctie.wat, correctie.reden) == (toezegging, Correctie.Wat.GEGEVENS, REDEN)
    assert correctie.oud == (
        "Bron: Commissiedebat hersteloperatie kinderopvangtoeslag, 3 maart 2022\n"
        "Datum: 3 maart 2022\n"
        "Aan wie: de staatssecretaris van Financiën"
    )
    assert correctie.nieuw == "Bron: Commissiedebat, 4 maart 2022\nDatum: 4 maart 2022\nAan wie: (leeg)"
    client.logout()
    log = client.get(reverse("correcties")).content.decode()
    assert REDEN in log and toezegging.get_absolute_url() in log and "<ins>" in log


def test_a_corrected_text_is_logged_as_the_text(redactie, opdrachten):
    aanbeveling = opdrachten["aanbeveling"]
    wijzig_opdracht(aanbeveling, redactie, correctiereden=REDEN, dictum="Een andere tekst.")
    correctie = Correctie.objects.get()
    assert (correctie.wat, correctie.oud, correctie.nieuw) == (
        Correctie.Wat.DICTUM,
        VELDEN["aanbeveling"]["dictum"],
        "Een andere tekst.",
    )


def test_filling_in_an_empty_field_or_moving_the_standing_is_no_correction(client, redactie, opdrachten):
    belofte = opdrachten["belofte"]
    client.force_login(redactie)
    data = _formulier(
        belofte,
        uiterste_datum="2021-09-21",
        stand=Stand.VOLDAAN,
        stand_datum="2021-09-21",
        vervuld_door="Voortgangsbrief hersteloperatie",
        vervuld_kamerstuk="31066-900",
    )
    assert client.post(_bewerk(belofte), data).status_code == 302
    belofte.refresh_from_db()
    assert (belofte.stand, belofte.uiterste_datum) == (Stand.VOLDAAN, datetime.date(2021, 9, 21))
    assert not Correctie.objects.exists()
    assert belofte.history.latest().history_change_reason == "Belofte gewijzigd door redactie"


def test_saving_an_item_unchanged_changes_nothing(client, redactie, opdrachten):
    toezegging = opdrachten["toezegging"]
    client.force_login(redactie)
    voor = geschiedenis_telling()
    assert client.post(_bewerk(toezegging), _formulier(toezegging)).status_code == 302
    assert geschiedenis_telling() == voor and not Correctie.objects.exists()


def test_fulfilled_without_its_document_is_refused_with_a_dutch_message(client, redactie, opdrachten):
    toezegging = opdrachten["toezegging"]
    client.force_login(redactie)
    antwoord = client.post(_bewerk(toezegging), _formulier(toezegging, stand=Stand.VOLDAAN))
    assert antwoord.status_code == 400
    assert (
        "Een toezegging is pas (deels) voldaan met het document dat haar uitvoert"
        in antwoord.content.decode()
    )
    toezegging.refresh_from_db()
    assert toezegging.stand == Stand.OPEN
    with pytest.raises(ValidationError, match="Geef een reden op waarom de belofte vervallen is"):
        wijzig_opdracht(opdrachten["belofte"], redactie, stand=Stand.VERVALLEN)


def test_a_commitment_accepted_from_the_kamer_register_can_be_changed(redactie, demodata):
    # The register gives the dossier of the debate and no document number within it.
    opdracht = toezeggingen.neem_aan(kamertoezegging(), redactie)
    assert (opdracht.dossier, opdracht.nummer) == (35510, None)
    opdracht, gewijzigd = wijzig_opdracht(
        opdracht, redactie, stand=Stand.VERVALLEN, stand_reden="Ingehaald door een nieuwe wet."
    )
    assert gewijzigd and opdracht.stand == Stand.VERVALLEN and opdracht.dossier == 35510


def test_a_register_number_another_commitment_has_is_refused(redactie, opdrachten):
    andere = registreer_opdracht(redactie, **(VELDEN["toezegging"] | {"registernummer": "TZ202203-043"}))
    with pytest.raises(ValidationError, match="staat al in het register"):
        wijzig_opdracht(andere, redactie, registernummer="TZ202203-042")


def test_a_coordinator_gets_403_on_the_pages_and_on_crafted_posts(client, coordinator_fin, opdrachten):
    toezegging = opdrachten["toezegging"]
    client.force_login(coordinator_fin)
    voor = geschiedenis_telling()
    bewerk = _bewerk(toezegging)
    nieuw = reverse("werk:opdracht_nieuwe_actie", args=[toezegging.pk])
    assert client.get(bewerk).status_code == 403
    assert (
        client.post(bewerk, _formulier(toezegging, dictum="Van FIN", correctiereden="FIN")).status_code == 403
    )
    assert client.get(nieuw).status_code == 403
    assert client.post(nieuw, _actieformulier()).status_code == 403
    assert geschiedenis_telling() == voor
    with pytest.raises(PermissionDenied):
        wijzig_opdracht(toezegging, coordinator_fin, dictum="Van FIN")


def test_a_motion_is_changed_on_its_own_page(client, redactie, demodata):
    motie = Opdracht.objects.moties().get(dossier=35510, nummer=21)
    client.force_login(redactie)
    antwoord = client.get(reverse("werk:opdracht", args=[motie.pk]))
    assert antwoord.status_code == 302 and antwoord["Location"] == reverse("werk:motie", args=[motie.sleutel])


def _actieformulier():
    return {
        "omschrijving": "Het kabinet stuurt de Kamer een brief.",
        "thema": Thema.objects.filter(hoofdthema__isnull=True).first().pk,
        "ministerie": Ministerie.objects.get(afkorting="FIN").pk,
    }


@pytest.mark.parametrize("soort", ["toezegging", "aanbeveling"])
def test_a_new_action_from_an_item_takes_the_next_number_and_is_linked(client, redactie, opdrachten, soort):
    opdracht = opdrachten[soort]
    hoogste = Actie.objects.aggregate(n=Max("nummer"))["n"]
    client.force_login(redactie)
    nieuw = reverse("werk:opdracht_nieuwe_actie", args=[opdracht.pk])
    assert f'href="{nieuw}"' in client.get(_bewerk(opdracht)).content.decode()
    formulier = client.get(nieuw).content.decode()
    assert f"De actie voert de hele {soort} uit." in formulier
    antwoord = client.post(nieuw, _actieformulier())
    actie = Actie.objects.get(nummer=hoogste + 1)
    assert antwoord.status_code == 302 and antwoord["Location"] == reverse("werk:actie", args=[actie.nummer])
    koppeling = ActieOpdracht.objects.get(actie=actie)
    assert (koppeling.opdracht, koppeling.deel) == (opdracht, None)
    assert actie.history.first().history_change_reason.startswith(
        f"Nieuwe actie voor {soort} {opdracht.sleutel}, gestart door redactie"
    )
    assert (
        f'href="{reverse("werk:actie", args=[actie.nummer])}"'
        in client.get(_bewerk(opdracht)).content.decode()
    )


def test_an_item_that_already_has_an_action_gets_no_second_one_nor_a_part(client, redactie, opdrachten):
    toezegging = opdrachten["toezegging"]
    client.force_login(redactie)
    nieuw = reverse("werk:opdracht_nieuwe_actie", args=[toezegging.pk])
    aantal = Actie.objects.count()
    antwoord = client.post(nieuw + "?deel=2", _actieformulier())
    assert antwoord.status_code == 400 and "Alleen een motie heeft delen" in antwoord.content.decode()
    assert client.post(nieuw, _actieformulier()).status_code == 302
    antwoord = client.post(nieuw, _actieformulier())
    assert antwoord.status_code == 400
    assert "Deze toezegging heeft als geheel al een actie" in antwoord.content.decode()
    assert Actie.objects.count() == aantal + 1


def test_the_work_list_links_each_item_to_its_page_and_a_new_action(client, redactie, opdrachten):
    client.force_login(redactie)
    lijst = client.get(reverse("werk:opdrachten")).content.decode()
    for opdracht in opdrachten.values():
        assert f'href="{_bewerk(opdracht)}"' in lijst
        assert f'href="{reverse("werk:opdracht_nieuwe_actie", args=[opdracht.pk])}"' in lijst
    assert f'href="{reverse("werk:nieuwe_actie", args=["35510-21"])}"' not in lijst


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("werk:opdrachten")).status_code == 200
    return len(queries)


def test_the_work_list_takes_as_many_queries_for_few_and_many_items(client, redactie, opdrachten):
    client.force_login(redactie)
    # The first request after logging in also saves the session once.
    _queries(client)
    weinig = _queries(client)
    fin = Ministerie.objects.get(afkorting="FIN")
    for n in range(40):
        registreer_opdracht(
            redactie, soort="belofte", dictum=f"Belofte {n}", bron=f"Brief {n}", ministerie=fin, datum=None
        )
    assert Opdracht.objects.count() >= 2 * len(opdrachten) + 40
    assert _queries(client) == weinig


@pytest.mark.browser
def test_the_edit_and_new_action_pages_reflow_at_320_px_and_have_no_wcag_violations(
    migratiedata, live_server, page, demodata, redactie
):
    toezegging = registreer_opdracht(redactie, **VELDEN["toezegging"])
    bewerk = _bewerk(toezegging)
    inloggen(page, live_server.url, "redactie", bewerk)
    page.select_option("#id_stand", Stand.VOLDAAN)
    page.get_by_role("button", name="Bewaar").click()
    assert "pas (deels) voldaan" in page.locator(".utrecht-alert--error").inner_text()
    for pad in (
        None,
        reverse("werk:opdracht_nieuwe_actie", args=[toezegging.pk]),
        reverse("werk:opdrachten"),
    ):
        if pad:
            page.goto(live_server.url + pad)
        for breedte in (SMAL, BUREAU):
            passend, scroll = past(page, breedte)
            assert passend, f"{pad or bewerk} @{breedte}px: {scroll}px breed"
            toegankelijk(page)
