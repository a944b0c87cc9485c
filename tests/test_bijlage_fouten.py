"""Slechte invoer wordt een BijlageFout met een Nederlandse melding, nooit een crash.

Geen database nodig. De foutbestanden staan in tests/annexen/fout-*.pdf en komen
uit tests/annexen/maak_annexen.py (fout-dubbel-nummer-voettekst.pdf uit
maak_dubbel_voettekst.py). Slechte Word-bestanden: tests/test_importeer_word.py.
"""

import multiprocessing
import random
from pathlib import Path

import pytest

from importeer.bijlage import lees_bijlage
from importeer.formaat import BijlageFout
from importeer.veilig import lees_bijlage_veilig

ANNEXEN = Path(__file__).resolve().parent / "annexen"
ECHT = ANNEXEN / "stand-van-zaken-2021-06-29.pdf"


def rommel() -> bytes:
    willekeurig = random.Random(7)
    return b"%PDF-1.4\n" + bytes(willekeurig.randrange(256) for _ in range(5000)) + b"\n%%EOF\n"


SLECHT = {
    "leeg": (b"", "Het bestand is leeg"),
    "html-als-pdf": ((ANNEXEN / "fout-html.pdf").read_bytes(), "geen PDF"),
    "nul-paginas": ((ANNEXEN / "fout-nul-paginas.pdf").read_bytes(), "geen pagina's"),
    "afgekapt": ((ANNEXEN / "fout-afgekapt.pdf").read_bytes(), "onvolledig"),
    "beveiligd": ((ANNEXEN / "fout-beveiligd.pdf").read_bytes(), "beveiligd"),
    "scan": ((ANNEXEN / "fout-scan.pdf").read_bytes(), "scan zonder tekstlaag"),
    "geen-tabel": ((ANNEXEN / "fout-geen-tabel.pdf").read_bytes(), "Geen tabel met acties gevonden"),
    "dubbel-nummer": ((ANNEXEN / "fout-dubbel-nummer.pdf").read_bytes(), "Actienummer 2 komt meer dan"),
    # Een voettekst van twee regels liet de parser eerst vastlopen (KeyError, gemeld als "beschadigd").
    "dubbel-nummer-voettekst": (
        (ANNEXEN / "fout-dubbel-nummer-voettekst.pdf").read_bytes(),
        "Actienummer 7 komt meer dan",
    ),
    "rommel": (rommel(), "beschadigd"),
}


@pytest.mark.parametrize("naam", SLECHT)
def test_slechte_invoer_direct(naam):
    data, melding = SLECHT[naam]
    with pytest.raises(BijlageFout, match=melding):
        lees_bijlage(data)


@pytest.mark.parametrize("naam", SLECHT)
def test_slechte_invoer_veilig(naam):
    data, melding = SLECHT[naam]
    with pytest.raises(BijlageFout, match=melding):
        lees_bijlage_veilig(data)


def test_zip_bom_wordt_gestopt_door_de_geheugengrens():
    bom = (ANNEXEN / "fout-bom.pdf").read_bytes()
    assert len(bom) < 1_000_000  # klein bestand, pakt uit tot 512 MiB
    with pytest.raises(BijlageFout, match="meer dan 384 MB geheugen"):
        lees_bijlage_veilig(bom)
    assert multiprocessing.active_children() == []


def test_te_trage_verwerking_wordt_afgebroken():
    with pytest.raises(BijlageFout, match="duurde langer dan 0.2 seconden"):
        lees_bijlage_veilig(ECHT.read_bytes(), seconden=0.2)
    assert multiprocessing.active_children() == []


def test_te_groot_bestand_wordt_geweigerd_zonder_te_lezen():
    with pytest.raises(BijlageFout, match="te groot"):
        lees_bijlage_veilig(ECHT.read_bytes(), max_bytes=50_000)


def test_standaardgrenzen_volstaan_voor_de_echte_bijlage():
    assert len(lees_bijlage_veilig(ECHT.read_bytes()).acties) == 86
