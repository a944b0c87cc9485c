"""De PDF-parser tegen bijlagen waarvan bekend is wat eruit moet komen.

Geen database nodig. De bijlagen en hun verwachte JSON staan in tests/annexen/;
zie tests/annexen/maak_annexen.py voor hoe de eigen test-bijlagen zijn gemaakt.
"""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from importeer.bijlage import lees_bijlage
from importeer.formaat import naar_json, uit_json
from importeer.veilig import lees_bijlage_veilig

ANNEXEN = Path(__file__).resolve().parent / "annexen"
ECHT = "stand-van-zaken-2021-06-29"
EIGEN = ["staand-zonder-lijnen", "liggend-ministerie", "status-kolom"]
VELDEN = ("nummer", "thema", "subthema", "omschrijving", "stand_van_zaken")


def normaliseer(waarde):
    if isinstance(waarde, str):
        return "\n".join(re.sub(r"\s+", " ", regel).strip() for regel in waarde.split("\n"))
    return waarde


def verschillen(gelezen: dict, verwacht: dict) -> list[str]:
    """Elk veld van elke verwachte actie dat anders is gelezen, als leesbare regel."""
    per_nummer = {a["nummer"]: a for a in gelezen["acties"]}
    fouten = []
    for actie in verwacht["acties"]:
        kreeg = per_nummer.get(actie["nummer"], {})
        for veld in sorted(set(actie) | set(kreeg)):
            if normaliseer(kreeg.get(veld)) != normaliseer(actie.get(veld)):
                fouten.append(f"actie {actie['nummer']} {veld}: {kreeg.get(veld)!r} != {actie.get(veld)!r}")
    return fouten


@pytest.fixture(scope="module")
def gelezen():
    """Elke bijlage één keer inlezen, voor alle tests in deze module."""
    return {naam: lees_bijlage((ANNEXEN / f"{naam}.pdf").read_bytes()) for naam in [ECHT, *EIGEN]}


def verwacht(naam: str) -> dict:
    return json.loads((ANNEXEN / f"{naam}.json").read_text(encoding="utf-8"))


def test_echte_bijlage_alle_430_velden_gelijk(gelezen):
    uit = naar_json(gelezen[ECHT])
    per_nummer = {a["nummer"]: a for a in uit["acties"]}
    goed = fout = 0
    fouten = []
    for actie in verwacht(ECHT)["acties"]:
        for veld in VELDEN:
            kreeg = per_nummer.get(actie["nummer"], {}).get(veld)
            if normaliseer(kreeg) == normaliseer(actie[veld]):
                goed += 1
            else:
                fout += 1
                fouten.append(f"actie {actie['nummer']} {veld}: {kreeg!r}")
    assert fouten == []
    assert (goed, fout) == (430, 0)


def test_echte_bijlage_moties_en_gedeelde_stand_gelijk(gelezen):
    assert verschillen(naar_json(gelezen[ECHT]), verwacht(ECHT)) == []
    assert len(gelezen[ECHT].acties) == 86


def test_echte_bijlage_themas_titel_en_paginas(gelezen):
    bijlage, json_ = gelezen[ECHT], verwacht(ECHT)
    assert naar_json(bijlage)["themas"] == json_["themas"]
    assert bijlage.titel == json_["titel"]
    assert bijlage.paginas == 21
    # Bron en peildatum staan niet in de PDF; die geeft wie importeert op.
    assert (bijlage.bron, bijlage.peildatum) == ("", None)


def test_echte_bijlage_waarschuwingen(gelezen):
    assert gelezen[ECHT].waarschuwingen == [
        "actie 4 deelt de stand van zaken van actie 3",
        "motieverwijzing zonder sluithaakje bij actie 35",
    ]


@pytest.mark.parametrize(
    "nummer, moties",
    [
        (3, [(7, "Wilders", None)]),
        (12, [(21, "Marijnissen cs", 1)]),
        (35, [(37, "van Brenk", None)]),
        (62, [(33, "Azarkan c.s", None)]),
        (81, [(21, "Marijnissen c.s.", 2), (16, "Klaver c.s", 1)]),
        (86, [(12, "Omtzigt/Van Dam", None)]),
        (15, []),
    ],
)
def test_motieverwijzingen_in_alle_schrijfwijzen(gelezen, nummer, moties):
    actie = next(a for a in gelezen[ECHT].acties if a.nummer == nummer)
    assert [(m.nummer, m.indieners, m.deel) for m in actie.moties] == moties
    assert "(NR" in actie.omschrijving or not moties  # de verwijzing blijft in de tekst staan


def test_afbreekstreepje_aan_regeleinde_plakt_het_woord_aan_elkaar(gelezen):
    echt = " ".join(a.stand_van_zaken for a in gelezen[ECHT].acties)
    assert "het onderzoek naar het ABD-stelsel aan de Tweede Kamer" in echt
    assert "inclusief de Staten-Generaal en de rechterlijke macht" in echt
    liggend = " ".join(a.stand_van_zaken for a in gelezen["liggend-ministerie"].acties)
    assert "hun risicomodellen, -profielen en -systemen doorgelicht" in liggend


@pytest.mark.parametrize("naam", EIGEN)
def test_eigen_bijlage_volledig_gelijk(gelezen, naam):
    uit, json_ = naar_json(gelezen[naam]), verwacht(naam)
    assert verschillen(uit, json_) == []
    assert [a["nummer"] for a in uit["acties"]] == [a["nummer"] for a in json_["acties"]]
    assert uit["themas"] == json_["themas"]
    assert uit["titel"] == json_["titel"]


def test_ministeries_en_status(gelezen):
    liggend = {a.nummer: a for a in gelezen["liggend-ministerie"].acties}
    assert liggend[5].ministeries == ["BZK", "SZW", "Financiën"]
    assert liggend[2].ministeries == ["Financiën", "SZW"]
    status = gelezen["status-kolom"]
    assert [a.status for a in status.acties] == [
        "afgerond",
        "in uitvoering",
        "vertraagd",
        "doorlopend",
        "nog niet gestart",
        None,
        "vervallen",
    ]
    assert any("actie 6 heeft een onbekende status 'Gedeeltelijk klaar'" in w for w in status.waarschuwingen)


def test_samengevoegde_cel_en_open_motie_in_liggende_bijlage(gelezen):
    bijlage = gelezen["liggend-ministerie"]
    assert "actie 3 deelt de stand van zaken van actie 2" in bijlage.waarschuwingen
    assert "motieverwijzing zonder sluithaakje bij actie 7" in bijlage.waarschuwingen


@pytest.mark.parametrize("naam", [ECHT, *EIGEN])
def test_uitkomst_is_geldig_uitwisselformaat(gelezen, naam):
    terug = uit_json(naar_json(gelezen[naam]))
    assert naar_json(terug)["acties"] == naar_json(gelezen[naam])["acties"]


def test_veilig_geeft_hetzelfde_als_direct(gelezen):
    bijlage = lees_bijlage_veilig((ANNEXEN / f"{ECHT}.pdf").read_bytes())
    assert naar_json(bijlage) == naar_json(gelezen[ECHT])
    assert bijlage.waarschuwingen == gelezen[ECHT].waarschuwingen


def test_parser_laadt_geen_django():
    code = "import sys, importeer.bijlage, importeer.veilig; sys.exit('django' in sys.modules)"
    wortel = Path(__file__).resolve().parents[1]
    assert subprocess.run([sys.executable, "-c", code], cwd=wortel).returncode == 0
