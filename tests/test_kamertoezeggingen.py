"""Commitments from the Tweede Kamer's register: reading the Gegevensmagazijn's Toezegging records, storing
them as proposals in the daily run's one transaction with the motions, and the redactie accepting or
rejecting them.

No test touches the network: `Kamer` (tests/hulp.py) answers from tests/tweedekamer/, built from the
documented schema (see the README there), for the dossiers 35510 and 31066.
"""

import datetime

import pytest
from django.core.exceptions import PermissionDenied

from moties import ophalen, toezeggingen_tk, tweedekamer
from moties.models import Kamerdata, Kamertoezegging, Opdracht, Soort, Stand, Voorstelbesluit
from moties.tweedekamer import Antwoord, KamerdataFout
from rapportage import toezeggingen
from rapportage.ronde import RondeFout
from tests.hulp import TZ_EERSTE, TZ_TWEEDE, Kamer, als_bytes, geschiedenis_telling, voorbeeld

OPGEHAALD = datetime.datetime(2026, 12, 2, 9, 30, tzinfo=datetime.UTC)
LATER = OPGEHAALD + datetime.timedelta(days=1)


@pytest.fixture
def twee_dossiers(settings):
    settings.ENQUETE_DOSSIER = 35510
    settings.GEVOLGDE_DOSSIERS = [31066]


def toezegging(bestand, nummer):
    return next(t for t in voorbeeld(bestand)["value"] if t["Nummer"] == nummer)


def inhoud():
    """Everything the run writes, to see that a failed run wrote nothing."""
    return (
        sorted(Kamertoezegging.objects.values_list("registernummer", "status", "besluit", "opgehaald_op")),
        sorted(Kamerdata.objects.values_list("opdracht_id", "besluitsoort", "opgehaald_op")),
        sorted(Opdracht.objects.values_list("pk", "stand", "uiterste_datum", "vervuld_door")),
        geschiedenis_telling(),
    )


# ---------------------------------------------------------------- reading the answers (no database)


def test_the_query_asks_for_the_commitments_made_about_the_dossier_with_activity_and_letter():
    leesbaar = tweedekamer.urllib.parse.unquote(
        toezeggingen_tk.toezeggingen_url("https://voorbeeld.test/x/", 31066)
    )
    assert leesbaar.startswith("https://voorbeeld.test/x/Toezegging?$filter=Verwijderd eq false and ")
    assert "Activiteit/any(a: a/Zaak/any(z: z/Kamerstukdossier/any(d: d/Nummer eq 31066)))" in leesbaar
    assert "KamerbriefNakoming($select=Id,Soort,DocumentNummer,Titel" in leesbaar


def test_a_commitment_is_read_with_its_minister_deadline_and_fulfilling_letter():
    t = toezeggingen_tk.lees_toezegging(toezegging("toezeggingen-35510-pagina-1.json", "TZ202101-902"))
    assert (t.registernummer, t.status, t.ministerie) == (
        "TZ202101-902",
        "Voldaan",
        "Binnenlandse Zaken en Koninkrijksrelaties",
    )
    assert t.bewindspersoon == "Voorbeeld, B." and t.functie.startswith("Minister van Binnenlandse Zaken")
    assert t.datum == datetime.date(2021, 1, 19) and t.datum_nakoming == datetime.date(2021, 4, 1)
    assert t.activiteit.startswith("Plenair debat: Debat over het verslag")
    assert t.kamerbrief.kamerstuk == "35510-40" and t.kamerbrief.documentnummer == "2021D10001"
    assert t.kamerbrief.datum == datetime.date(2021, 3, 25)


def test_the_registers_year_one_is_no_deadline_and_a_deleted_letter_is_no_letter():
    zonder_datum = toezeggingen_tk.lees_toezegging(
        toezegging("toezeggingen-35510-pagina-2.json", "TZ202103-910")
    )
    assert zonder_datum.datum_nakoming is None and zonder_datum.kamerbrief is None
    ingetrokken = toezeggingen_tk.lees_toezegging(toezegging("toezeggingen-31066.json", "TZ202205-920"))
    assert ingetrokken.kamerbrief is None


@pytest.mark.parametrize(
    ("wijziging", "waarom"),
    [
        ({"Nummer": None}, "veld Nummer ontbreekt"),
        ({"Nummer": ""}, "de toezegging heeft geen nummer"),
        ({"Tekst": 12}, "veld Tekst is geen tekst"),
        ({"DatumNakoming": "volgende week"}, "'volgende week' is geen datum"),
        ({"KamerbriefNakoming": {"Id": "x"}}, "KamerbriefNakoming is geen lijst van records"),
    ],
)
def test_a_malformed_commitment_is_refused_with_a_dutch_reason(wijziging, waarom):
    record = {**toezegging("toezeggingen-35510-pagina-1.json", "TZ202101-901"), **wijziging}
    with pytest.raises(KamerdataFout, match=waarom):
        toezeggingen_tk.lees_toezegging(record, "pagina 1, record 1")


def test_every_page_of_commitments_is_read_and_deleted_records_are_left_out():
    server = Kamer()
    gelezen = toezeggingen_tk.haal_toezeggingen(server, tweedekamer.STANDAARD_URL, 35510)
    assert server.gevraagd == [TZ_EERSTE, TZ_TWEEDE]
    assert [t.registernummer for t in gelezen] == ["TZ202101-901", "TZ202101-902", "TZ202103-910"]


# ---------------------------------------------------------------- the run: one transaction


def test_the_motions_and_commitments_of_two_dossiers_load_in_one_run(demodata, twee_dossiers):
    verslag = ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    voorstellen = Kamertoezegging.objects.order_by("registernummer")
    assert [(k.registernummer, k.dossier, k.besluit) for k in voorstellen] == [
        ("TZ202101-901", 35510, Voorstelbesluit.OPEN),
        ("TZ202101-902", 35510, Voorstelbesluit.OPEN),
        ("TZ202103-910", 35510, Voorstelbesluit.OPEN),
        ("TZ202205-920", 31066, Voorstelbesluit.OPEN),
    ]
    assert Kamerdata.objects.filter(opdracht__dossier=35510).exists()
    assert {k.opgehaald_op for k in voorstellen} == {OPGEHAALD}
    assert len(verslag.toezeggingen.nieuw) == 4
    assert "4 nieuwe toezegging(en) voorgesteld, 0 bijgewerkt" in verslag.tekst()


@pytest.mark.parametrize(
    "tweede_pagina",
    [
        Antwoord(200, b'{"value": [{"Id": "x", "Nummer": null}]}'),
        Antwoord(503, b""),
        TimeoutError("timed out"),
    ],
    ids=["kapot-record", "foutcode", "timeout"],
)
def test_a_failed_run_changes_nothing_of_the_motions_or_the_commitments(
    demodata, twee_dossiers, tweede_pagina
):
    ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    # The next day the first page has a new commitment and the motion's data changed, but page 2 fails.
    pagina = voorbeeld("toezeggingen-35510-pagina-1.json")
    pagina["value"][0]["DatumNakoming"] = "2021-09-30T00:00:00+02:00"
    pagina["value"].append({**pagina["value"][0], "Id": "nieuw", "Nummer": "TZ202101-999"})
    zaken = voorbeeld("zaken-35510-pagina-1.json")
    zaken["value"][1]["Kabinetsappreciatie"] = "Ontraden"
    voor = inhoud()
    server = Kamer(
        {
            TZ_EERSTE: als_bytes(pagina),
            tweedekamer.zaken_url(tweedekamer.STANDAARD_URL, 35510): als_bytes(zaken),
        },
        fouten=[tweede_pagina],
        bij=TZ_TWEEDE,
    )
    with pytest.raises(KamerdataFout):
        ophalen.ververs(client=server, nu=LATER)
    assert inhoud() == voor
    assert not Kamertoezegging.objects.filter(registernummer="TZ202101-999").exists()


def test_a_rejected_commitment_is_not_proposed_or_changed_again(demodata, twee_dossiers, redactie):
    ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    toezeggingen.wijs_af(
        Kamertoezegging.objects.get(registernummer="TZ202101-901"), redactie, "Geen hersteloperatie."
    )
    pagina = voorbeeld("toezeggingen-35510-pagina-1.json")
    pagina["value"][0]["Status"] = "Voldaan"
    verslag = ophalen.ververs(client=Kamer({TZ_EERSTE: als_bytes(pagina)}), nu=LATER)
    afgewezen = Kamertoezegging.objects.get(registernummer="TZ202101-901")
    assert (afgewezen.besluit, afgewezen.status, afgewezen.opgehaald_op) == (
        Voorstelbesluit.AFGEWEZEN,
        "Openstaand",
        OPGEHAALD,
    )
    assert Kamertoezegging.objects.filter(registernummer="TZ202101-901").count() == 1
    assert verslag.toezeggingen.afgewezen == 1 and verslag.toezeggingen.nieuw == []
    assert afgewezen.afgewezen_door == redactie and afgewezen.afwijsreden == "Geen hersteloperatie."


def test_a_rejection_needs_a_reason_and_the_redactie(demodata, twee_dossiers, redactie, coordinator_fin):
    ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    voorstel = Kamertoezegging.objects.get(registernummer="TZ202101-901")
    with pytest.raises(RondeFout):
        toezeggingen.wijs_af(voorstel, redactie, "  ")
    with pytest.raises(PermissionDenied):
        toezeggingen.wijs_af(voorstel, coordinator_fin, "Niet nodig.")
    with pytest.raises(PermissionDenied):
        toezeggingen.neem_aan(voorstel, coordinator_fin)
    voorstel.refresh_from_db()
    assert (
        voorstel.besluit == Voorstelbesluit.OPEN
        and not Opdracht.objects.filter(soort=Soort.TOEZEGGING).exists()
    )


def test_accepting_creates_the_commitment_with_its_text_minister_ministry_and_deadline(
    demodata, twee_dossiers, redactie
):
    ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    voorstel = Kamertoezegging.objects.get(registernummer="TZ202101-901")
    opdracht = toezeggingen.neem_aan(voorstel, redactie)
    assert opdracht.soort == Soort.TOEZEGGING and opdracht.registernummer == "TZ202101-901"
    assert opdracht.dictum.startswith("De staatssecretaris stuurt de Kamer voor de zomer")
    assert opdracht.adressaat == "Voorbeeld, A., Staatssecretaris van Financiën"
    assert opdracht.ministerie.afkorting == "FIN"
    assert opdracht.uiterste_datum == datetime.date(2021, 6, 30) and opdracht.stand == Stand.OPEN
    assert opdracht.bron.startswith("Toezeggingenregister Tweede Kamer, Plenair debat")
    assert opdracht.history.first().history_change_reason.startswith(
        "Toezegging TZ202101-901 uit het Kamerregister"
    )
    voorstel.refresh_from_db()
    assert voorstel.besluit == Voorstelbesluit.AANVAARD and voorstel.opdracht == opdracht
    with pytest.raises(RondeFout):
        toezeggingen.neem_aan(voorstel, redactie)
    # The next run keeps the accepted commitment and counts it with neither the motions nor the new ones.
    verslag = ophalen.ververs(client=Kamer(), nu=LATER)
    assert verslag.toezeggingen.nieuw == [] and "TZ202101-901" not in verslag.zonder_gegevens


def test_a_commitment_counts_as_fulfilled_only_with_its_letter(demodata, twee_dossiers, redactie):
    ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    # The register says 'Voldaan' for TZ202103-910 but names no letter: pokvolg keeps it open.
    zonder_brief = toezeggingen.neem_aan(Kamertoezegging.objects.get(registernummer="TZ202103-910"), redactie)
    assert (zonder_brief.stand, zonder_brief.vervuld_door) == (Stand.OPEN, "")
    met_brief = toezeggingen.neem_aan(Kamertoezegging.objects.get(registernummer="TZ202101-902"), redactie)
    assert met_brief.stand == Stand.VOLDAAN and met_brief.stand_datum == datetime.date(2021, 3, 25)
    assert met_brief.vervuld_door == "Voorbeeldbrief over de toezegging TZ202101-902"
    assert met_brief.vervuld_kamerstuk == "35510-40"


def test_an_accepted_commitment_takes_the_new_deadline_and_its_letter_from_the_next_run(
    demodata, twee_dossiers, redactie
):
    ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    opdracht = toezeggingen.neem_aan(Kamertoezegging.objects.get(registernummer="TZ202101-901"), redactie)
    pagina = voorbeeld("toezeggingen-35510-pagina-1.json")
    pagina["value"][0]["DatumNakoming"] = "2021-09-30T00:00:00+02:00"
    pagina["value"][0]["KamerbriefNakoming"] = pagina["value"][1]["KamerbriefNakoming"]
    verslag = ophalen.ververs(client=Kamer({TZ_EERSTE: als_bytes(pagina)}), nu=LATER)
    opdracht.refresh_from_db()
    assert opdracht.uiterste_datum == datetime.date(2021, 9, 30)
    assert opdracht.stand == Stand.VOLDAAN and opdracht.vervuld_kamerstuk == "35510-40"
    assert opdracht.history.first().history_change_reason == (
        "Bijgewerkt uit het toezeggingenregister van de Tweede Kamer (TZ202101-901)"
    )
    assert verslag.toezeggingen.bijgewerkt == ["TZ202101-901"]


def test_a_deadline_a_ministry_moved_stays_until_the_register_moves_its_own(
    demodata, twee_dossiers, redactie
):
    ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    opdracht = toezeggingen.neem_aan(Kamertoezegging.objects.get(registernummer="TZ202101-901"), redactie)
    # As the rappel moves it when the ministry answers with a new date (rapportage.rappel).
    Opdracht.objects.filter(pk=opdracht.pk).update(uiterste_datum=datetime.date(2021, 12, 1))
    ophalen.ververs(client=Kamer(), nu=LATER)
    opdracht.refresh_from_db()
    assert opdracht.uiterste_datum == datetime.date(2021, 12, 1)
    pagina = voorbeeld("toezeggingen-35510-pagina-1.json")
    pagina["value"][0]["DatumNakoming"] = "2022-03-31T00:00:00+02:00"
    ophalen.ververs(client=Kamer({TZ_EERSTE: als_bytes(pagina)}), nu=LATER + datetime.timedelta(days=1))
    opdracht.refresh_from_db()
    assert opdracht.uiterste_datum == datetime.date(2022, 3, 31)


def test_a_run_without_changes_writes_no_history_for_the_commitments(demodata, twee_dossiers):
    ophalen.ververs(client=Kamer(), nu=OPGEHAALD)
    voor = geschiedenis_telling()
    verslag = ophalen.ververs(client=Kamer(), nu=LATER)
    assert geschiedenis_telling() == voor
    assert verslag.toezeggingen.ongewijzigd == 4
    assert set(Kamertoezegging.objects.values_list("opgehaald_op", flat=True)) == {LATER}
