"""Loading the annex JSON: the demo data, idempotency, and malformed input that writes nothing."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from acties.models import Actie, ActieOpdracht, Thema
from moties.models import Opdracht
from rapportage.models import Rapportage, Voortgang


def laad(pad, **opties):
    call_command(
        "laad_bijlage",
        str(pad),
        rapportage="Stand van zaken juni 2021",
        stdout=open("/dev/null", "w"),
        **opties,
    )


def aantal_historie():
    return sum(m.history.count() for m in (Actie, ActieOpdracht, Thema, Opdracht, Rapportage, Voortgang))


@pytest.fixture
def bestand(tmp_path):
    def schrijf(inhoud):
        pad = tmp_path / "bijlage.json"
        pad.write_text(inhoud if isinstance(inhoud, str) else json.dumps(inhoud))
        return pad

    return schrijf


def test_loading_the_annex_gives_86_actions_themes_and_19_motions(db, bestand, bijlage_data):
    laad(bestand(bijlage_data))
    assert Actie.objects.count() == 86
    hoofd = list(Thema.objects.filter(hoofdthema=None).order_by("volgorde").values_list("naam", flat=True))
    assert hoofd == [t["naam"] for t in bijlage_data["themas"]]
    for t in bijlage_data["themas"]:
        subs = Thema.objects.filter(hoofdthema__naam=t["naam"]).order_by("volgorde")
        assert [s.naam for s in subs] == t["subthemas"]
    assert Thema.objects.exclude(hoofdthema=None).count() == 6
    assert Opdracht.objects.count() == 19
    rapportage = Rapportage.objects.get()
    assert rapportage.is_vastgesteld and str(rapportage.peildatum) == "2021-06-29"


def test_the_round_gets_the_annexs_introduction_and_letter_date(db, bestand, bijlage_data):
    laad(bestand(bijlage_data))
    rapportage = Rapportage.objects.get()
    assert rapportage.inleiding == bijlage_data["inleiding"]
    assert str(rapportage.briefdatum) == "2021-06-29" and rapportage.kamerstuk == "35 510, nr. 60"
    # Closed as of the letter, not as of the day it was loaded.
    assert rapportage.vastgesteld_op.date().isoformat() == "2021-06-29"


def test_without_a_letter_date_the_round_is_closed_when_loaded(db, bestand, bijlage_data):
    del bijlage_data["briefdatum"]
    laad(bestand(bijlage_data))
    rapportage = Rapportage.objects.get()
    # Both in Dutch time: just after midnight here it is still yesterday in UTC.
    assert (
        rapportage.briefdatum is None
        and timezone.localdate(rapportage.vastgesteld_op) == timezone.localdate()
    )


def test_briefdatum_option_wins_over_the_annex(db, bestand, bijlage_data):
    laad(bestand(bijlage_data), briefdatum="2021-07-01")
    assert str(Rapportage.objects.get().briefdatum) == "2021-07-01"


def test_an_introduction_too_long_for_the_round_is_left_out_with_a_warning(db, bestand, bijlage_data, capsys):
    bijlage_data["inleiding"] = "Lang. " * 1000
    call_command("laad_bijlage", str(bestand(bijlage_data)), rapportage="Stand van zaken juni 2021")
    assert "De inleiding van de bijlage is langer dan 5000 tekens" in capsys.readouterr().out
    assert Rapportage.objects.get().inleiding == ""


def test_motion_links_keep_their_part(db, bestand, bijlage_data):
    laad(bestand(bijlage_data))
    delen = lambda motie: sorted(  # noqa: E731
        ActieOpdracht.objects.filter(opdracht__dossier=35510, opdracht__nummer=motie).values_list(
            "actie__nummer", "deel"
        )
    )
    assert delen(21) == [(12, 1), (81, 2)]
    assert delen(16) == [(80, 2), (81, 1)]
    assert Actie.objects.get(nummer=81).opdrachten.count() == 2
    assert (
        Opdracht.objects.get(nummer=21).publicatie_url
        == "https://zoek.officielebekendmakingen.nl/kst-35510-21.html"
    )


def test_action_4_shares_the_status_text_of_action_3(db, bestand, bijlage_data):
    laad(bestand(bijlage_data))
    drie = Voortgang.objects.get(actie__nummer=3)
    vier = Voortgang.objects.get(actie__nummer=4)
    assert vier.gedeeld_met == drie
    assert vier.tekst == drie.tekst and vier.tekst.startswith("Door middel van het moratorium")


def test_every_field_matches_the_json(db, bestand, bijlage_data):
    laad(bestand(bijlage_data))
    for rij in bijlage_data["acties"]:
        actie = Actie.objects.get(nummer=rij["nummer"])
        assert actie.omschrijving == rij["omschrijving"]
        assert actie.hoofdthema.naam == rij["thema"]
        assert (actie.subthema.naam if actie.subthema else None) == rij["subthema"]
        assert Voortgang.objects.get(actie=actie).tekst == rij["stand_van_zaken"]


def test_loading_twice_changes_nothing(db, bestand, bijlage_data):
    pad = bestand(bijlage_data)
    laad(pad)
    voor = aantal_historie()
    laad(pad)
    assert aantal_historie() == voor
    assert Actie.objects.count() == 86 and Voortgang.objects.count() == 86


def test_changed_text_is_saved_with_history(db, bestand, bijlage_data):
    laad(bestand(bijlage_data))
    bijlage_data["acties"][0]["stand_van_zaken"] = "Nieuwe tekst."
    # The round is published: loading a changed annex into it is a correction, with its reason.
    with pytest.raises(CommandError, match="reden voor de correctie"):
        laad(bestand(bijlage_data))
    laad(bestand(bijlage_data), correctie="Tekst van actie 1 verkeerd overgenomen")
    voortgang = Voortgang.objects.get(actie__nummer=1)
    assert voortgang.tekst == "Nieuwe tekst."
    assert voortgang.history.first().history_change_reason == "Geladen uit bijlage.json"


def _met(data, pad_in_data, waarde):
    *pad, laatste = pad_in_data
    doel = data
    for stap in pad:
        doel = doel[stap]
    if waarde is KeyError:
        del doel[laatste]
    else:
        doel[laatste] = waarde
    return data


@pytest.mark.parametrize(
    "wijziging, melding",
    [
        (lambda d: "{niet: json", "geen geldige JSON"),
        (lambda d: [], "JSON-object"),
        (lambda d: _met(d, ["acties"], []), "geen lijst 'acties'"),
        (lambda d: _met(d, ["acties", 5, "omschrijving"], KeyError), "'omschrijving' ontbreekt"),
        (lambda d: _met(d, ["acties", 5, "nummer"], "zes"), "positief geheel getal"),
        (lambda d: _met(d, ["acties", 5, "nummer"], 1), "Actienummer 1 komt meer dan één keer voor"),
        (lambda d: _met(d, ["acties", 30, "subthema"], "Bestaat niet"), "hoort niet bij thema"),
        (lambda d: _met(d, ["acties", 0, "thema"], "ONBEKEND"), "staat niet in 'themas'"),
        (lambda d: _met(d, ["acties", 3, "gedeeld_met"], 999), "staat niet in de bijlage"),
        (lambda d: _met(d, ["acties", 3, "moties"], [{"deel": 1}]), "heeft een 'nummer'"),
        (lambda d: _met(d, ["briefdatum"], "29 juni"), "Briefdatum '29 juni' is geen datum"),
        (lambda d: _met(d, ["inleiding"], ["geen", "tekst"]), "'inleiding' moet tekst zijn"),
    ],
    ids=[
        "geen-json",
        "geen-object",
        "geen-acties",
        "veld-ontbreekt",
        "nummer-geen-getal",
        "dubbel-nummer",
        "onbekend-subthema",
        "onbekend-thema",
        "gedeeld-met-onbekend",
        "motie-zonder-nummer",
        "briefdatum-geen-datum",
        "inleiding-geen-tekst",
    ],
)
def test_malformed_input_is_rejected_and_writes_nothing(db, bestand, bijlage_data, wijziging, melding):
    with pytest.raises(CommandError, match=melding):
        laad(bestand(wijziging(bijlage_data)))
    assert Actie.objects.count() == 0 and Rapportage.objects.count() == 0 and Thema.objects.count() == 0
    assert Actie.history.count() == 0 and Thema.history.count() == 0


def test_a_theme_moved_to_another_parent_is_refused_and_nothing_written(db, bestand, bijlage_data):
    laad(bestand(bijlage_data))
    voor = aantal_historie()
    themas = bijlage_data["themas"]
    themas[2]["subthemas"].remove("Signalen")
    themas[3]["subthemas"].append("Signalen")
    for rij in bijlage_data["acties"]:
        if rij["subthema"] == "Signalen":
            rij["thema"] = themas[3]["naam"]
        rij["stand_van_zaken"] += " Gewijzigd."
    with pytest.raises(CommandError, match="Thema 'Signalen' bestaat al onder"):
        laad(bestand(bijlage_data))
    assert aantal_historie() == voor
    assert not Voortgang.objects.filter(tekst__endswith="Gewijzigd.").exists()


def test_missing_file_gives_a_dutch_message(db, tmp_path):
    with pytest.raises(CommandError, match="Kan .* niet lezen"):
        laad(tmp_path / "bestaat-niet.json")


def test_dry_run_writes_nothing(db, bestand, bijlage_data):
    laad(bestand(bijlage_data), dry_run=True)
    assert Actie.objects.count() == 0 and Actie.history.count() == 0


def test_an_imported_round_keeps_the_title_of_its_annex_word_for_word(db, bijlage_data):
    from bijlage.samenstelling import bijlage_context
    from importeer.formaat import uit_json
    from importeer.laden import laad_bijlage

    data = {**bijlage_data, "titel": "Stand van zaken vervolgacties POK, tweede helft 2021"}
    samenvatting = laad_bijlage(
        uit_json(data), rapportage_titel="Stand van zaken december 2021", reden="Test"
    )
    rapportage = samenvatting.rapportage
    assert rapportage.bijlage_titel == "Stand van zaken vervolgacties POK, tweede helft 2021"
    assert bijlage_context(rapportage)["kop"] == rapportage.bijlage_titel
