"""Word annexes in: the parser (importeer/word.py) on the shared June 2021 annex and on other layouts, bad
Word files refused with a Dutch message before anything is written, and the command and upload that now
take .docx as well as PDF. Also the annex's own title, introduction and dates, read from PDF and Word.

The variant and bad .docx files are made here with python-docx and zipfile, so what each test feeds the
parser is visible in the test itself.
"""

import copy
import io
import json
import multiprocessing
import os
import random
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from acties.models import Actie
from importeer import word
from importeer.bijlage import lees_bijlage
from importeer.formaat import BijlageFout, naar_json, uit_json
from importeer.models import Import
from importeer.veilig import lees_bijlage_veilig
from importeer.word import lees_word
from jobs.models import Job
from rapportage.models import Rapportage, Voortgang
from tests.annexen import maak_annexen

ANNEXEN = Path(__file__).resolve().parent / "annexen"
WORTEL = ANNEXEN.parents[1]
ECHT_DOCX = ANNEXEN / "stand-van-zaken-2021-06-29.docx"
ECHT_PDF = ANNEXEN / "stand-van-zaken-2021-06-29.pdf"
VERWACHT = ANNEXEN / "stand-van-zaken-2021-06-29.json"
FIXTURE = WORTEL / "fixtures" / "bijlage-2021-06-29.json"


@pytest.fixture(scope="module")
def echt_docx():
    return ECHT_DOCX.read_bytes()


@pytest.fixture(scope="module")
def gelezen(echt_docx):
    return lees_word(echt_docx)


@pytest.fixture(scope="module")
def gelezen_pdf():
    return lees_bijlage(ECHT_PDF.read_bytes())


def stil(*args, **opties):
    call_command(*args, stdout=open(os.devnull, "w"), **opties)


# ---------------------------------------------------------------- building .docx files


def als_bytes(document) -> bytes:
    uit = io.BytesIO()
    document.save(uit)
    return uit.getvalue()


def vul(cel, tekst):
    """Cell text; "\n" starts a new paragraph, as it does in the annex JSON."""
    alineas = tekst.split("\n")
    cel.paragraphs[0].text = alineas[0]
    for alinea in alineas[1:]:
        cel.add_paragraph(alinea)


def annex(rijen, koppen=("Actie", "Omschrijving", "Stand van zaken"), boven=("Titel van de bijlage",)):
    """A Word annex: paragraphs ``boven`` above a table with header ``koppen``; a row is a str (a theme or
    sub-theme row, one cell merged over the full width) or a tuple of cell texts (None: merged with the
    cell above, as Word's vMerge)."""
    document = docx.Document()
    for tekst in boven:
        document.add_paragraph(tekst)
    tabel = document.add_table(rows=1, cols=len(koppen))
    for cel, kop in zip(tabel.rows[0].cells, koppen, strict=True):
        vul(cel, kop)
    vorige = None
    for rij in rijen:
        cellen = tabel.add_row().cells
        if isinstance(rij, str):
            vul(cellen[0].merge(cellen[-1]), rij)
            continue
        for i, (cel, tekst) in enumerate(zip(cellen, rij, strict=True)):
            if tekst is None:
                vorige[i].merge(cel)
            else:
                vul(cel, tekst)
        vorige = cellen
    return document


def herpak(data: bytes, vervang=None, weg=(), erbij=None) -> bytes:
    """The same zip with members replaced, left out or added."""
    vervang, erbij = vervang or {}, erbij or {}
    uit = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as oud, zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as nieuw:
        for info in oud.infolist():
            if info.filename in weg:
                continue
            nieuw.writestr(info.filename, vervang.get(info.filename, oud.read(info)))
        for naam, inhoud in erbij.items():
            nieuw.writestr(naam, inhoud)
    return uit.getvalue()


def document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("word/document.xml")


def centrale_map(data: bytes):
    """Offsets of the central directory entries of a zip, to forge what the directory claims."""
    return [m.start() for m in re.finditer(b"PK\x01\x02", data)]


def klein_annex() -> bytes:
    return als_bytes(annex(["HERSTEL", ("1.", "Eerste actie", "Loopt."), ("2.", "Tweede actie", "Klaar.")]))


def vervalste_groottes(grootte: int) -> bytes:
    """Two stored members whose directory entries claim ``grootte`` bytes each (ratio 1: no bomb by ratio)."""
    media = {"word/media/a.bin": b"x" * 1000, "word/media/b.bin": b"y" * 1000}
    data = bytearray(herpak(klein_annex(), erbij=media))
    for begin in centrale_map(bytes(data)):
        naamlengte = int.from_bytes(data[begin + 28 : begin + 30], "little")
        naam = bytes(data[begin + 46 : begin + 46 + naamlengte])
        if naam.startswith(b"word/media/"):
            data[begin + 20 : begin + 24] = grootte.to_bytes(4, "little")  # compressed size
            data[begin + 24 : begin + 28] = grootte.to_bytes(4, "little")  # uncompressed size
    return bytes(data)


def zip_bom() -> bytes:
    """A real bomb: 100 MB of spaces in word/document.xml, about 100 kB packed."""
    basis = klein_annex()
    uit = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(basis)) as oud, zipfile.ZipFile(uit, "w", zipfile.ZIP_DEFLATED) as nieuw:
        for info in oud.infolist():
            if info.filename == "word/document.xml":
                with nieuw.open("word/document.xml", "w", force_zip64=True) as doel:
                    blok = b" " * (1 << 20)
                    for _ in range(100):
                        doel.write(blok)
            else:
                nieuw.writestr(info.filename, oud.read(info))
    return uit.getvalue()


def met_doctype(data: bytes, onderdeel="word/document.xml", dtd=None) -> bytes:
    dtd = dtd or '<!DOCTYPE w:document [<!ENTITY geheim SYSTEM "file:///etc/passwd">]>'
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read(onderdeel)
    kop, rest = xml.split(b"?>", 1)
    xml = kop + b"?>" + dtd.encode() + rest.replace(b"Eerste actie", b"Eerste &geheim; actie")
    return herpak(data, vervang={onderdeel: xml})


def miljard_lachen(data: bytes) -> bytes:
    """The 'billion laughs': nine levels of ten entities each, a gigabyte once expanded."""
    lachen = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10)]
    return met_doctype(data, "[Content_Types].xml", "<!DOCTYPE Types [" + "".join(lachen) + "]>")


def utf16_met_doctype(data: bytes) -> bytes:
    xml = document_xml(data).decode("utf-8")
    xml = xml.replace("encoding='UTF-8'", "encoding='UTF-16'").replace(
        'encoding="UTF-8"', 'encoding="UTF-16"'
    )
    kop, rest = xml.split("?>", 1)
    xml = kop + "?><!DOCTYPE w:document [<!ENTITY x 'y'>]>" + rest
    return herpak(data, vervang={"word/document.xml": xml.encode("utf-16")})


def macro_type(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        typen = z.read("[Content_Types].xml")
    typen = typen.replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    return herpak(data, vervang={"[Content_Types].xml": typen})


def versleuteld_lid(data: bytes) -> bytes:
    """Mark word/document.xml as encrypted (flag bit 0) in the zip directory."""
    data = bytearray(data)
    for begin in centrale_map(bytes(data)):
        naamlengte = int.from_bytes(data[begin + 28 : begin + 30], "little")
        if bytes(data[begin + 46 : begin + 46 + naamlengte]) == b"word/document.xml":
            data[begin + 8] |= 0x1
    return bytes(data)


def beschadigd_lid(data: bytes) -> bytes:
    """Garble the packed bytes of word/document.xml, leaving the directory intact."""
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        info = z.getinfo("word/document.xml")
    data = bytearray(data)
    naamlengte = int.from_bytes(data[info.header_offset + 26 : info.header_offset + 28], "little")
    extra = int.from_bytes(data[info.header_offset + 28 : info.header_offset + 30], "little")
    begin = info.header_offset + 30 + naamlengte + extra
    for i in range(begin + 50, begin + 250):
        data[i] ^= 0x5A
    return bytes(data)


def dubbel_onderdeel(data: bytes) -> bytes:
    uit = io.BytesIO(data)
    with pytest.warns(UserWarning, match="Duplicate name"):
        with zipfile.ZipFile(uit, "a") as z:
            z.writestr("word/document.xml", b"<leeg/>")
    return uit.getvalue()


def excel() -> bytes:
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w") as z:
        z.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
        )
        z.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="r1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr("xl/workbook.xml", "<workbook/>")
    return uit.getvalue()


def odt() -> bytes:
    uit = io.BytesIO()
    with zipfile.ZipFile(uit, "w") as z:
        z.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        z.writestr("content.xml", "<office:document-content/>")
    return uit.getvalue()


def dubbel_nummer() -> bytes:
    return als_bytes(
        annex(["HERSTEL", ("1.", "Een", "Loopt."), ("2.", "Twee", "Loopt."), ("2.", "Nog eens twee", "Ook.")])
    )


def zonder_tabel() -> bytes:
    document = docx.Document()
    document.add_heading("Kamerbrief over de hersteloperatie", level=1)
    document.add_paragraph("Deze brief bevat geen tabel met acties.")
    return als_bytes(document)


def verkeerde_tabel() -> bytes:
    return als_bytes(annex([("1.", "Een", "Loopt.")], koppen=("Nr.", "Onderwerp", "Opmerking")))


SLECHT = {
    "leeg": (lambda: b"", "Het bestand is leeg"),
    "geen-zip": (lambda: b"Dit is gewone tekst en geen Word-document.", "geen zip-bestand"),
    "afgekapt": (lambda: klein_annex()[: len(klein_annex()) // 2], "onvolledig of beschadigd"),
    "oud-doc-of-versleuteld": (lambda: word.OLE_KOP + bytes(2000), r"oud Word-bestand \(\.doc\)"),
    "zip-bom": (zip_bom, "zip-bom"),
    "zip-bom-samen": (lambda: vervalste_groottes(150 * 1024 * 1024), "samen meer dan 200 MB"),
    "doctype": (lambda: met_doctype(klein_annex()), "DOCTYPE"),
    "doctype-miljard-lachen": (lambda: miljard_lachen(klein_annex()), "DOCTYPE"),
    "doctype-utf16": (lambda: utf16_met_doctype(klein_annex()), "DOCTYPE"),
    "macro-vbaproject": (
        lambda: herpak(klein_annex(), erbij={"word/vbaProject.bin": b"\0" * 100}),
        "macro's",
    ),
    "macro-inhoudstype": (lambda: macro_type(klein_annex()), "macro's"),
    "versleuteld-lid": (lambda: versleuteld_lid(klein_annex()), "versleuteld"),
    "beschadigd-lid": (lambda: beschadigd_lid(klein_annex()), "beschadigd"),
    "dubbel-onderdeel": (lambda: dubbel_onderdeel(klein_annex()), "twee keer"),
    "excel": (excel, "Excel-bestand"),
    "opendocument": (odt, "OpenDocument"),
    "geen-tabel": (zonder_tabel, "Geen tabel met acties gevonden"),
    "tabel-zonder-stand-van-zaken": (verkeerde_tabel, "Geen tabel met acties gevonden"),
    "dubbel-actienummer": (dubbel_nummer, "Actienummer 2 komt meer dan één keer voor"),
}


@pytest.fixture(scope="module")
def slecht():
    return {naam: (maak(), melding) for naam, (maak, melding) in SLECHT.items()}


# ---------------------------------------------------------------- the shared June 2021 annex


def vergelijk_velden(gelezen: dict, verwacht: dict) -> tuple[int, int, list[str]]:
    """Every field of the expected JSON (titel, themas, every key of every action) against what was read."""
    goed, totaal, fouten = 0, 0, []

    def tel(naam, kreeg, wilde):
        nonlocal goed, totaal
        totaal += 1
        if kreeg == wilde:
            goed += 1
        else:
            fouten.append(f"{naam}: {kreeg!r:.120} != {wilde!r:.120}")

    tel("titel", gelezen.get("titel"), verwacht["titel"])
    tel("themas", gelezen.get("themas"), verwacht["themas"])
    tel("volgorde", [a["nummer"] for a in gelezen["acties"]], [a["nummer"] for a in verwacht["acties"]])
    per_nummer = {a["nummer"]: a for a in gelezen["acties"]}
    for actie in verwacht["acties"]:
        kreeg = per_nummer.get(actie["nummer"], {})
        for veld in sorted(set(actie) | set(kreeg)):
            tel(f"actie {actie['nummer']} {veld}", kreeg.get(veld), actie.get(veld))
    return goed, totaal, fouten


def test_shared_word_annex_reads_back_at_100_percent_of_fields(gelezen):
    goed, totaal, fouten = vergelijk_velden(naar_json(gelezen), json.loads(VERWACHT.read_text()))
    percentage = 100 * goed / totaal
    assert fouten == [], f"{percentage:.2f}% of {totaal} fields ({goed} right)"
    assert totaal == 520 and percentage == 100


def test_action_4_shares_the_status_cell_of_action_3_through_vmerge(gelezen):
    drie, vier = (next(a for a in gelezen.acties if a.nummer == n) for n in (3, 4))
    assert vier.gedeeld_met == 3 and drie.gedeeld_met is None
    assert vier.stand_van_zaken == drie.stand_van_zaken
    assert vier.stand_van_zaken.startswith("Door middel van het moratorium")
    assert "actie 4 deelt de stand van zaken van actie 3" in gelezen.waarschuwingen


def test_word_and_pdf_of_the_same_annex_give_the_same_annex_json(gelezen, gelezen_pdf):
    pdf = gelezen_pdf
    assert naar_json(gelezen) == naar_json(pdf)
    assert gelezen.waarschuwingen == pdf.waarschuwingen


def test_title_and_introduction_are_read_word_for_word_from_word_and_pdf(gelezen, gelezen_pdf):
    fixture = json.loads(FIXTURE.read_text())
    for bijlage in (gelezen, gelezen_pdf):
        assert bijlage.titel == fixture["titel"]
        assert bijlage.inleiding == fixture["inleiding"]
        assert bijlage.inleiding.startswith("In onderstaande tabel is de stand van zaken aangegeven")
        assert (
            "als de moties en toezeggingen uit het debat daarover van 19 januari 2021." in bijlage.inleiding
        )
        # The June annex names no letter date: the debate of 19 January is not one.
        assert (bijlage.briefdatum, bijlage.peildatum, bijlage.bron) == (None, None, "")


def test_the_format_is_told_by_the_bytes_not_the_name(tmp_path, echt_docx):
    als_pdf = tmp_path / "bijlage.pdf"
    als_pdf.write_bytes(echt_docx)
    stil("importeer_bijlage", str(als_pdf), json=str(tmp_path / "uit.json"))
    assert len(json.loads((tmp_path / "uit.json").read_text())["acties"]) == 86


@pytest.fixture(scope="module")
def zware_docx():
    """A legitimate-looking annex of 20,000 rows: document.xml of ~30 MB of random text, packed 2:1, so
    no bomb by ratio or size, but heavy to parse."""
    willekeurig = random.Random(13)
    rijen = "".join(
        f"<w:tr><w:tc><w:p><w:r><w:t>{n}.</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>"
        f"{willekeurig.randbytes(700).hex()}</w:t></w:r></w:p></w:tc></w:tr>"
        for n in range(1, 20_000)
    )
    xml = document_xml(klein_annex()).decode()
    kop = xml.index("<w:tr>")
    data = herpak(klein_annex(), vervang={"word/document.xml": (xml[:kop] + rijen + xml[kop:]).encode()})
    assert len(data) < 20 * 1024 * 1024
    return data


def test_word_parsing_is_stopped_by_the_child_processs_memory_limit(zware_docx):
    with pytest.raises(BijlageFout, match="Word-bestand .*meer dan 100 MB geheugen"):
        lees_bijlage_veilig(zware_docx, geheugen_mb=100)
    assert multiprocessing.active_children() == []


def test_word_parsing_is_stopped_by_the_child_processs_time_limit(zware_docx):
    with pytest.raises(BijlageFout, match="inlezen van het Word-bestand duurde langer dan 0.2 seconden"):
        lees_bijlage_veilig(zware_docx, geheugen_mb=4096, seconden=0.2)
    assert multiprocessing.active_children() == []


def test_default_limits_suffice_for_the_shared_word_annex(echt_docx):
    assert len(lees_bijlage_veilig(echt_docx).acties) == 86


# ---------------------------------------------------------------- other layouts


@pytest.mark.parametrize(
    "maak",
    [maak_annexen.maak_staand, maak_annexen.maak_liggend, maak_annexen.maak_status],
    ids=[
        "staand-zonder-lijnen-nr-actie",
        "liggend-verantwoordelijk-samengevoegd",
        "alleen-horizontale-lijnen-status",
    ],
)
def test_word_annexes_in_other_layouts_read_completely(tmp_path, maak):
    pad = tmp_path / "bijlage.docx"
    verwacht = maak(pad)
    gelezen = naar_json(lees_word(pad.read_bytes()))
    goed, totaal, fouten = vergelijk_velden(gelezen, verwacht)
    assert fouten == [] and goed == totaal


def test_extra_columns_and_other_header_wording_are_read():
    document = annex(
        [
            "HERSTEL",
            ("1", "Compensatie uitbetalen", "Financiën, SZW", "Afgerond", "Alle ouders zijn betaald."),
            ("2", "Schulden kwijtschelden", "BZK", "in uitvoering", "Loopt.\nTweede alinea."),
        ],
        koppen=(
            "Nr",
            "Actie / omschrijving",
            "Eerstverantwoordelijke",
            "Status",
            "Stand van zaken per 1 juni",
        ),
    )
    bijlage = lees_word(als_bytes(document))
    een, twee = bijlage.acties
    assert (een.omschrijving, een.ministeries, een.status) == (
        "Compensatie uitbetalen",
        ["Financiën", "SZW"],
        "afgerond",
    )
    assert (twee.stand_van_zaken, twee.ministeries, twee.status) == (
        "Loopt.\nTweede alinea.",
        ["BZK"],
        "in uitvoering",
    )


def test_header_row_repeated_inside_the_table_is_skipped():
    koppen = ("Actie", "Omschrijving", "Stand van Zaken")
    document = annex(["HERSTEL", ("1.", "Een", "Loopt."), koppen, ("2.", "Twee", "Klaar.")], koppen=koppen)
    herhaal = OxmlElement("w:tblHeader")
    document.tables[0].rows[0]._tr.get_or_add_trPr().append(herhaal)
    bijlage = lees_word(als_bytes(document))
    assert [(a.nummer, a.omschrijving) for a in bijlage.acties] == [(1, "Een"), (2, "Twee")]
    assert bijlage.waarschuwingen == []


def test_annex_split_over_two_tables_reads_as_one():
    document = annex(["HERSTEL", ("1.", "Een", "Loopt.")])
    document.add_paragraph("")
    tweede = annex(["Signalen", ("2.", "Twee", "Klaar."), "TOEKOMST", ("3.", "Drie", "Start.")], boven=())
    document.element.body.insert(len(document.element.body) - 1, copy.deepcopy(tweede.tables[0]._tbl))
    bijlage = lees_word(als_bytes(document))
    assert [(a.nummer, a.thema, a.subthema) for a in bijlage.acties] == [
        (1, "HERSTEL", None),
        (2, "HERSTEL", "Signalen"),
        (3, "TOEKOMST", None),
    ]
    assert [(t.naam, t.subthemas) for t in bijlage.themas] == [("HERSTEL", ["Signalen"]), ("TOEKOMST", [])]


def test_sub_theme_rows_and_theme_rows_without_merged_cells():
    document = annex(
        [
            ("", "HERSTELOPERATIE", ""),
            ("1.", "Een", "Loopt."),
            "Wet- en regelgeving",
            ("2.", "Twee", "Klaar."),
        ]
    )
    bijlage = lees_word(als_bytes(document))
    assert [(a.nummer, a.thema, a.subthema) for a in bijlage.acties] == [
        (1, "HERSTELOPERATIE", None),
        (2, "HERSTELOPERATIE", "Wet- en regelgeving"),
    ]


def test_status_cell_shared_by_three_actions_and_a_row_continued_below():
    document = annex(
        [
            "HERSTEL",
            ("1.", "Een", "Gedeelde tekst."),
            ("2.", "Twee", None),
            ("3.", "Drie", None),
            ("4.", "Vier", "Eerste deel."),
            (None, "vervolg van vier", "Tweede deel."),
        ]
    )
    bijlage = lees_word(als_bytes(document))
    acties = {a.nummer: a for a in bijlage.acties}
    assert [acties[n].gedeeld_met for n in (1, 2, 3, 4)] == [None, 1, 1, None]
    assert acties[3].stand_van_zaken == "Gedeelde tekst."
    assert acties[4].omschrijving == "Vier\nvervolg van vier"
    assert acties[4].stand_van_zaken == "Eerste deel.\nTweede deel."


def test_action_numbers_from_word_numbering_are_read():
    """Numbers typed by Word's numbering (here the 'List Number' style), not as text, in the action column."""
    document = annex(["HERSTEL", ("", "Een", "Loopt."), ("", "Twee", "Klaar."), ("", "Drie", "Start.")])
    for rij in document.tables[0].rows[2:]:
        rij.cells[0].paragraphs[0].style = document.styles["List Number"]
    bijlage = lees_word(als_bytes(document))
    assert [(a.nummer, a.omschrijving) for a in bijlage.acties] == [(1, "Een"), (2, "Twee"), (3, "Drie")]


def test_deleted_and_hidden_text_is_left_out_and_inserted_text_kept():
    document = annex(["HERSTEL", ("1.", "Een", "Loopt.")])
    alinea = document.tables[0].rows[2].cells[2].paragraphs[0]._p
    verwijderd = OxmlElement("w:del")
    run = OxmlElement("w:r")
    weg = OxmlElement("w:delText")
    weg.text = " WEGGEHAALD"
    run.append(weg)
    verwijderd.append(run)
    ingevoegd = OxmlElement("w:ins")
    run = OxmlElement("w:r")
    tekst = OxmlElement("w:t")
    tekst.set(qn("xml:space"), "preserve")
    tekst.text = " Nieuw."
    run.append(tekst)
    ingevoegd.append(run)
    verborgen = OxmlElement("w:r")
    eigenschappen = OxmlElement("w:rPr")
    eigenschappen.append(OxmlElement("w:vanish"))
    verborgen.append(eigenschappen)
    tekst = OxmlElement("w:t")
    tekst.text = "VERBORGEN"
    verborgen.append(tekst)
    alinea.extend([verwijderd, ingevoegd, verborgen])
    assert lees_word(als_bytes(document)).acties[0].stand_van_zaken == "Loopt. Nieuw."


def test_reference_line_and_dates_above_the_table_are_read():
    document = annex(
        ["HERSTEL", ("1.", "Een", "Loopt.")],
        boven=(
            "Bijlage bij de brief van 15 december 2021 (Kamerstuk 35 510, nr. 80)",
            "Stand van zaken vervolgacties",
            "Deze bijlage geeft de stand per 1 december 2021.",
            "Het debat van 19 januari 2021 leverde moties op.",
        ),
    )
    bijlage = lees_word(als_bytes(document))
    assert bijlage.titel == "Stand van zaken vervolgacties"
    assert bijlage.bron == "Bijlage bij de brief van 15 december 2021 (Kamerstuk 35 510, nr. 80)"
    assert bijlage.inleiding == (
        "Deze bijlage geeft de stand per 1 december 2021.\nHet debat van 19 januari 2021 leverde moties op."
    )
    assert (bijlage.briefdatum, bijlage.peildatum, bijlage.kamerstuk) == (
        "2021-12-15",
        "2021-12-01",
        "35 510, nr. 80",
    )
    assert uit_json(naar_json(bijlage)).inleiding == bijlage.inleiding


def test_letter_named_only_in_the_footer_is_read_from_word_and_pdf():
    """Our own annexes (and many others) name the letter in the page footer, not above the table."""
    document = annex(["HERSTEL", ("1.", "Een", "Loopt.")], boven=("Stand van zaken vervolgacties",))
    voet = document.sections[0].footer
    voet.paragraphs[0].text = "Bijlage bij de brief van 29 juni 2021, Kamerstuk 35 510, nr. 60\t3"
    pdf = lees_bijlage((ANNEXEN / "voettekst-met-brief.pdf").read_bytes())
    for bijlage in (lees_word(als_bytes(document)), pdf):
        assert bijlage.bron == "Bijlage bij de brief van 29 juni 2021, Kamerstuk 35 510, nr. 60"
        assert (bijlage.briefdatum, bijlage.kamerstuk) == ("2021-06-29", "35 510, nr. 60")
        assert (bijlage.titel, bijlage.inleiding) == ("Stand van zaken vervolgacties", "")
    assert len(pdf.acties) == 29 and pdf.paginas == 3


# ---------------------------------------------------------------- bad Word files


@pytest.mark.parametrize("naam", SLECHT)
def test_bad_word_file_gives_a_dutch_message(slecht, naam):
    data, melding = slecht[naam]
    with pytest.raises(BijlageFout, match=melding):
        lees_word(data)


def test_word_annex_with_doctype_is_refused_without_reading_the_entity(slecht):
    with pytest.raises(BijlageFout) as fout:
        lees_word(slecht["doctype"][0])
    assert "DOCTYPE" in str(fout.value) and "root:" not in str(fout.value)


def test_zip_bomb_is_refused_from_the_zip_directory_before_unpacking(slecht):
    """The forged directory claims 300 MB that is not there: reading it would fail as a damaged member, so
    the bomb message shows the refusal came from the directory, before any member was read."""
    data, _melding = slecht["zip-bom-samen"]
    assert len(data) < 100_000
    with pytest.raises(BijlageFout, match="zip-bom"):
        lees_word(data)
    bom, _melding = slecht["zip-bom"]
    assert len(bom) < 1_000_000
    with pytest.raises(BijlageFout, match=r"keer zo groot als ingepakt"):
        lees_word(bom)


@pytest.mark.parametrize(
    "naam",
    [
        "leeg",
        "afgekapt",
        "oud-doc-of-versleuteld",
        "zip-bom",
        "doctype",
        "macro-vbaproject",
        "geen-tabel",
        "dubbel-actienummer",
    ],
)
def test_bad_word_file_through_the_command_fails_and_writes_nothing(db, tmp_path, slecht, naam):
    data, melding = slecht[naam]
    pad = tmp_path / "bijlage.docx"
    pad.write_bytes(data)
    with pytest.raises(CommandError, match=melding):
        stil("importeer_bijlage", str(pad), rapportage="Juni 2021", peildatum="2021-06-29")
    assert Actie.objects.count() == 0 and Rapportage.objects.count() == 0


def test_bad_word_file_gives_exit_code_1_from_manage_py(tmp_path, slecht):
    pad = tmp_path / "bijlage.docx"
    pad.write_bytes(slecht["macro-vbaproject"][0])
    env = {**os.environ, "SECRET_KEY": "x", "SQLITE_PATH": str(tmp_path / "leeg.sqlite3")}
    uit = subprocess.run(
        [sys.executable, "manage.py", "importeer_bijlage", str(pad), "--json", str(tmp_path / "uit.json")],
        cwd=WORTEL,
        env=env,
        capture_output=True,
        text=True,
    )
    assert uit.returncode == 1
    assert "macro's" in uit.stderr and not (tmp_path / "uit.json").exists()


def test_pdf_with_a_number_twice_names_the_number_not_a_damaged_file():
    """A readable PDF with a two-line footer once failed with "beschadigd … (KeyError)"."""
    data = (ANNEXEN / "fout-dubbel-nummer-voettekst.pdf").read_bytes()
    for lees in (lees_bijlage, lees_bijlage_veilig):
        with pytest.raises(BijlageFout, match="Actienummer 7 komt meer dan één keer voor") as fout:
            lees(data)
        assert "beschadigd" not in str(fout.value)


def test_parser_modules_load_no_django():
    code = "import sys, importeer.word, importeer.veilig; sys.exit('django' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], cwd=WORTEL).returncode == 0


# ---------------------------------------------------------------- command, loader and upload


def test_command_imports_a_word_annex_with_its_introduction(db, capsys):
    call_command("importeer_bijlage", str(ECHT_DOCX), rapportage="Juni 2021", peildatum="2021-06-29")
    assert "Acties nieuw: 86" in capsys.readouterr().out
    assert Actie.objects.count() == 86
    assert Voortgang.objects.get(actie__nummer=4).gedeeld_met.actie.nummer == 3
    rapportage = Rapportage.objects.get()
    assert rapportage.inleiding == json.loads(FIXTURE.read_text())["inleiding"]
    assert rapportage.is_vastgesteld


def test_dates_of_a_word_annex_become_the_rounds_dates(db, tmp_path):
    document = annex(
        ["HERSTEL", ("1.", "Een", "Loopt."), ("2.", "Twee", "Klaar.")],
        boven=(
            "Bijlage bij de brief van 15 december 2021 (Kamerstuk 35 510, nr. 80)",
            "Stand van zaken vervolgacties",
            "Hieronder de stand per 1 december 2021.",
        ),
    )
    pad = tmp_path / "december.docx"
    document.save(pad)
    stil("importeer_bijlage", str(pad), rapportage="December 2021")
    rapportage = Rapportage.objects.get()
    assert str(rapportage.peildatum) == "2021-12-01" and str(rapportage.briefdatum) == "2021-12-15"
    assert rapportage.kamerstuk == "35 510, nr. 80"
    assert rapportage.inleiding == "Hieronder de stand per 1 december 2021."
    # Closed as of its letter, not as of the day of the import.
    assert rapportage.vastgesteld_op.date().isoformat() == "2021-12-15"


def test_upload_of_a_word_annex_is_read_in_its_job_previewed_and_applied(
    client, redactie, echt_docx, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(redactie)
    soort = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(
            "/importeren/",
            {
                "bestand": SimpleUploadedFile("stand-van-zaken.docx", echt_docx, content_type=soort),
                "rapportage_titel": "Stand van zaken juni 2021",
                "peildatum": "2021-06-29",
                "kamerstuk": "35 510, nr. 60",
            },
        )
    job, imp = Job.objects.get(), Import.objects.get()
    assert antwoord.status_code == 302 and job.status == Job.Status.KLAAR
    assert imp.is_gelezen and len(imp.bijlage["acties"]) == 86
    assert imp.bijlage["inleiding"].startswith("In onderstaande tabel")
    html = client.get(f"/importeren/{imp.pk}/").content.decode()
    assert "actie 4 deelt de stand van zaken van actie 3" in html and "86 nieuw" in html
    client.post(f"/importeren/{imp.pk}/toepassen/")
    assert Actie.objects.count() == 86
    assert Rapportage.objects.get().inleiding == imp.bijlage["inleiding"]


@pytest.mark.parametrize(
    "naam, bron, extensie",
    [
        ("stand-van-zaken.docx", ECHT_DOCX, ".docx"),
        ("stand-van-zaken.pdf", ECHT_PDF, ".pdf"),
        # The bytes tell what a file is, not the name it was uploaded under.
        ("stand-van-zaken.pdf", ECHT_DOCX, ".docx"),
        ("bijlage", ECHT_PDF, ".pdf"),
    ],
)
def test_an_uploaded_annex_is_stored_with_the_extension_of_what_it_is(
    client, redactie, tmp_path, settings, naam, bron, extensie
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(redactie)
    antwoord = client.post(
        "/importeren/",
        {
            "bestand": SimpleUploadedFile(naam, bron.read_bytes()),
            "rapportage_titel": "Stand van zaken juni 2021",
            "peildatum": "2021-06-29",
        },
    )
    assert antwoord.status_code == 302
    imp = Import.objects.get()
    assert imp.bestand.name.startswith("importen/") and imp.bestand.name.endswith(extensie)
    assert imp.bestandsnaam == naam
    assert (tmp_path / imp.bestand.name).read_bytes() == bron.read_bytes()


def test_upload_of_an_old_doc_is_refused_in_the_request(client, redactie, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(redactie)
    antwoord = client.post(
        "/importeren/",
        {
            "bestand": SimpleUploadedFile("bijlage.doc", word.OLE_KOP + bytes(4000)),
            "rapportage_titel": "Stand van zaken juni 2021",
            "peildatum": "2021-06-29",
        },
    )
    assert antwoord.status_code == 400 and "oud Word-bestand (.doc)" in antwoord.content.decode()
    assert Import.objects.count() == 0 and Job.objects.count() == 0


def test_upload_of_a_macro_document_fails_in_its_job_and_leaves_nothing_to_apply(
    client, redactie, slecht, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(redactie)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/importeren/",
            {
                "bestand": SimpleUploadedFile("bijlage.docx", slecht["macro-inhoudstype"][0]),
                "rapportage_titel": "Stand van zaken juni 2021",
                "peildatum": "2021-06-29",
            },
        )
    job, imp = Job.objects.get(), Import.objects.get()
    assert job.status == Job.Status.MISLUKT and "macro's" in job.melding
    assert not imp.is_gelezen and client.post(f"/importeren/{imp.pk}/toepassen/").status_code == 404
    assert Actie.objects.count() == 0 and Rapportage.objects.count() == 0
