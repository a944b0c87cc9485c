"""The annex carries the motions: a column Herkomst (the motions each action carries out, as cited) and a
second table of the motions and described parts no action carries out, both chosen per download
(?kolommen=herkomst); our importer reads the column back into the same links, dossier and part
included, from the PDF and from Word, and skips the second table with a note instead of reading its rows
as actions. Without the choice the annex is as before."""

import datetime
import io
import json
import re

import docx
import pdfplumber
import pytest
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from docx.oxml.ns import qn

from acties.models import Actie, ActieOpdracht
from bijlage import opmaak, samenstelling, word
from importeer.bijlage import lees_bijlage
from importeer.formaat import HERKOMST, OMSCHRIJVING, STAND, MotieVerwijzing, Opbouw, naar_json, uit_json
from importeer.laden import laad_bijlage
from importeer.word import lees_word
from moties.models import Opdracht, OpdrachtDeel
from rapportage.models import Rapportage

from .conftest import BIJLAGE_JSON, zorg_voor_migratiedata

HARDE_SPATIE = "\u00a0"
PEILDATUM = datetime.date(2021, 6, 29)
# A part of a motion and a motion no action carries out, with their texts, and a motion of another
# dossier that an action carries out.
DEEL_ZONDER_ACTIE = "verzoekt de regering de Kamer elk halfjaar te informeren over de voortgang"
DICTUM_ZONDER_ACTIE = "verzoekt de regering een onafhankelijke commissie in te stellen"


def _laad_demo():
    zorg_voor_migratiedata()
    laad_bijlage(
        uit_json(json.loads(BIJLAGE_JSON.read_text())),
        rapportage_titel="Stand van zaken juni 2021",
        kamerstuk="35 510, nr. 60",
        reden="Testdata",
    )
    return Rapportage.objects.get()


def _koppelingen():
    """Every link between an action and a motion: (action, dossier, motion, part, submitters as the action
    names them, or as the motion does when the action names none: as the annex cites it)."""
    return {
        (k.actie.nummer, k.opdracht.dossier, k.opdracht.nummer, k.deel, k.vermelding or k.opdracht.indieners)
        for k in ActieOpdracht.objects.select_related("actie", "opdracht")
    }


def _verwijzingen(bijlage):
    """The same, of an annex as read, the dossier of a motion without one being the inquiry's own."""
    return {
        (a.nummer, m.dossier or 35510, m.nummer, m.deel, m.indieners)
        for a in bijlage.acties
        for m in a.moties
    }


def _wijzig_koppelingen():
    """Links the descriptions do not cite: action 3 no longer carries out motion 7 (which its description
    still names), action 1 carries out part 3 of motion 21 and a motion of another dossier; a described
    part and a motion that no action carries out."""
    ActieOpdracht.objects.get(actie__nummer=3).delete()
    eerste = Actie.objects.get(nummer=1)
    ActieOpdracht.objects.create(
        actie=eerste, opdracht=Opdracht.objects.get(nummer=21), deel=3, vermelding="Marijnissen"
    )
    grinwis = Opdracht.objects.create(dossier=31066, nummer=865, indieners="Grinwis c.s.")
    ActieOpdracht.objects.create(actie=eerste, opdracht=grinwis)
    OpdrachtDeel.objects.create(opdracht=Opdracht.objects.get(nummer=16), nummer=3, tekst=DEEL_ZONDER_ACTIE)
    Opdracht.objects.create(nummer=99, indieners="Testindiener c.s.", dictum=DICTUM_ZONDER_ACTIE)


def _importeer_in_lege_database(bijlage):
    """The links an import of ``bijlage`` makes in a database without any action or motion."""
    with transaction.atomic():
        zorg_voor_migratiedata()
        assert not Actie.objects.exists() and not Opdracht.objects.exists()
        laad_bijlage(bijlage, rapportage_titel="Teruggelezen", peildatum=PEILDATUM, reden="Test")
        koppelingen = _koppelingen()
        transaction.set_rollback(True)
    return koppelingen


@pytest.fixture(scope="session")  # pytest-django runs this module's db tests apart from the others
def demo(django_db_setup, django_db_blocker):
    """The demo round with changed links, its annex with the choice as PDF and Word and read back, and
    each import of those into an empty database; the annex without the choice. Rolled back afterwards."""
    with django_db_blocker.unblock():
        with transaction.atomic():
            rapportage = _laad_demo()
            bij_de_import = samenstelling.bijlage_context(rapportage, ["herkomst"])
            bij_de_import = {r.nummer: r.herkomst for b in bij_de_import["blokken"] for r in b.rijen}
            _wijzig_koppelingen()
            # Closed at the same moment, before: its annex prints the links it was published with.
            voor_de_wijziging = samenstelling.bijlage_context(rapportage, ["herkomst"])
            # Closed after the change, as a round run in pokvolg is.
            Rapportage.objects.update(vastgesteld_op=timezone.now())
            rapportage.refresh_from_db()
            koppelingen = _koppelingen()
            zonder = samenstelling.bijlage_context(rapportage)
            context = samenstelling.bijlage_context(rapportage, ["herkomst"])
            html = render_to_string(opmaak.BIJLAGE_TEMPLATE, {**context, "voor_pdf": True})
            html_zonder = render_to_string(opmaak.BIJLAGE_TEMPLATE, {**zonder, "voor_pdf": True})
            _html, pdf = opmaak.render_to_pdf(opmaak.BIJLAGE_TEMPLATE, context)
            docx_met = word.render_to_docx(context)
            docx_zonder = word.render_to_docx(zonder)
            transaction.set_rollback(True)
        gelezen_pdf, gelezen_word = lees_bijlage(pdf), lees_word(docx_met)
        geimporteerd_pdf = _importeer_in_lege_database(gelezen_pdf)
        # As the import page stores what it read and loads it later.
        geimporteerd_word = _importeer_in_lege_database(uit_json(naar_json(gelezen_word)))
    return {
        "bij_de_import": bij_de_import,
        "voor_de_wijziging": voor_de_wijziging,
        "koppelingen": koppelingen,
        "context": context,
        "zonder": zonder,
        "html": html,
        "html_zonder": html_zonder,
        "pdf": pdf,
        "docx": docx_met,
        "docx_zonder": docx_zonder,
        "gelezen_pdf": gelezen_pdf,
        "gelezen_word": gelezen_word,
        "geimporteerd_pdf": geimporteerd_pdf,
        "geimporteerd_word": geimporteerd_word,
    }


def _vlak(tekst):
    return tekst.replace(HARDE_SPATIE, " ")


# ---------------------------------------------------------------- the column and the table


def test_herkomst_cites_each_motion_an_action_carries_out_with_kamerstuk_and_part(demo):
    herkomst = {r.nummer: [_vlak(a) for a in r.herkomst] for b in demo["context"]["blokken"] for r in b.rijen}
    assert herkomst[12] == ["Motie Marijnissen cs (35 510, nr. 21), deel 1"]
    assert herkomst[81] == [
        "Motie Klaver c.s (35 510, nr. 16), deel 1",
        "Motie Marijnissen c.s. (35 510, nr. 21), deel 2",
    ]
    # In the order of the motion lists: by dossier, then number.
    assert herkomst[1] == [
        "Motie Grinwis c.s. (31 066, nr. 865)",
        "Motie Marijnissen (35 510, nr. 21), deel 3",
    ]
    assert herkomst[3] == [] and herkomst[2] == []
    assert ("herkomst", "Herkomst") in demo["context"]["kolommen"]


def test_herkomst_of_the_imported_round_matches_the_june_2021_citations(demo):
    fixture = json.loads(BIJLAGE_JSON.read_text())
    verwacht = {
        a["nummer"]: sorted(
            f"Motie {m['indieners']} (35 510, nr. {m['nummer']})"
            + (f", deel {m['deel']}" if m["deel"] else "")
            for m in a["moties"]
        )
        for a in fixture["acties"]
    }
    assert {n: sorted(_vlak(a) for a in h) for n, h in demo["bij_de_import"].items()} == verwacht


def test_a_closed_round_prints_the_links_it_was_closed_with(demo):
    herkomst = {r.nummer: r.herkomst for b in demo["voor_de_wijziging"]["blokken"] for r in b.rijen}
    assert herkomst == demo["bij_de_import"]
    assert [_vlak(m.motie) for m in demo["voor_de_wijziging"]["moties_zonder_actie"]] == []


def test_second_table_lists_motions_and_described_parts_no_action_carries_out(demo):
    rijen = [(_vlak(m.motie), _vlak(m.kamerstuk), m.tekst) for m in demo["context"]["moties_zonder_actie"]]
    assert rijen == [
        ("Motie Wilders", "35 510, nr. 7", ""),
        ("Motie Klaver cs, deel 3", "35 510, nr. 16", DEEL_ZONDER_ACTIE),
        ("Motie Testindiener c.s.", "35 510, nr. 99", DICTUM_ZONDER_ACTIE),
    ]


def test_html_has_the_column_and_the_table_only_with_the_choice(demo):
    assert demo["html"].count('<th scope="col">Herkomst</th>') == 1
    assert "Moties zonder actie" in demo["html"] and DEEL_ZONDER_ACTIE in demo["html"]
    assert "Herkomst" not in demo["html_zonder"] and "Moties zonder actie" not in demo["html_zonder"]
    assert "moties_zonder_actie" not in demo["zonder"] and demo["zonder"]["kolommen"] == []


def _koppen(tbl):
    return ["".join(t.text for t in tc.iter(qn("w:t"))) for tc in tbl.find(qn("w:tr")).findall(qn("w:tc"))]


def test_word_has_the_column_and_a_second_table_after_a_heading(demo):
    met = docx.Document(io.BytesIO(demo["docx"]))
    tabellen = met.element.body.findall(qn("w:tbl"))
    assert [_koppen(t) for t in tabellen] == [
        ["Actie", "Omschrijving", "Stand van Zaken", "Herkomst"],
        ["Motie", "Kamerstuk", "Tekst"],
    ]
    assert len(tabellen[1].findall(qn("w:tr"))) == 1 + len(demo["context"]["moties_zonder_actie"])
    assert [p.text for p in met.paragraphs if p.style.name == "Heading 2"] == ["Moties zonder actie"]
    zonder = docx.Document(io.BytesIO(demo["docx_zonder"])).element.body.findall(qn("w:tbl"))
    assert [_koppen(t) for t in zonder] == [["Actie", "Omschrijving", "Stand van Zaken"]]


def test_pdf_prints_the_second_table_after_the_last_action(demo):
    with pdfplumber.open(io.BytesIO(demo["pdf"])) as document:
        tekst = "\n".join(p.extract_text() for p in document.pages)
    assert tekst.index("Moties zonder actie") > tekst.index("86.")
    assert re.sub(r"\s+", " ", DICTUM_ZONDER_ACTIE) in re.sub(r"\s+", " ", tekst)


# ---------------------------------------------------------------- read back by our importer


@pytest.mark.parametrize("formaat", ["pdf", "word"])
def test_importer_reads_herkomst_into_the_same_links_with_dossier_and_part(demo, formaat):
    assert _verwijzingen(demo[f"gelezen_{formaat}"]) == demo["koppelingen"]
    # Into an empty database: the motions are made, of their own dossier, and linked part by part.
    assert demo[f"geimporteerd_{formaat}"] == demo["koppelingen"]


@pytest.mark.parametrize("formaat", ["pdf", "word"])
def test_importer_skips_the_second_table_with_a_note(demo, formaat):
    gelezen = demo[f"gelezen_{formaat}"]
    assert [a.nummer for a in gelezen.acties] == list(range(1, 87))
    assert not any("99" in a.omschrijving or DICTUM_ZONDER_ACTIE in a.stand_van_zaken for a in gelezen.acties)
    assert [t.naam for t in gelezen.themas][-1] != "Moties zonder actie"
    assert any("Moties zonder actie" in w and "overgeslagen" in w for w in gelezen.waarschuwingen)


def _gelezen_moties(herkomst):
    opbouw = Opbouw([])
    opbouw.thema("HERSTELOPERATIE")
    omschrijving = "Brief over uitvoering motie (NR. 7 Motie Wilders)"
    opbouw.actie(3, {OMSCHRIJVING: omschrijving, STAND: "", HERKOMST: herkomst}, None)
    return opbouw.acties[0].moties, opbouw.waarschuwingen


def test_an_empty_herkomst_cell_means_no_motion_even_where_the_description_cites_one():
    assert _gelezen_moties("") == ([], [])


def test_a_herkomst_cell_without_a_citation_leaves_the_motions_to_the_description_with_a_note():
    moties, waarschuwingen = _gelezen_moties("Kabinetsreactie")
    assert moties == [MotieVerwijzing(nummer=7, indieners="Wilders")]
    assert waarschuwingen == [
        "actie 3: herkomst 'Kabinetsreactie' niet gelezen (verwacht: 'Motie … (35 510, nr. 21)'); "
        "de moties komen uit de omschrijving"
    ]


# ---------------------------------------------------------------- chosen per download


def test_html_download_offers_the_choice(demodata, client):
    rapportage = Rapportage.objects.get()
    pagina = client.get(reverse("bijlage:html", args=[rapportage.pk]), {"kolommen": "herkomst"})
    assert pagina.status_code == 200
    inhoud = pagina.content.decode()
    assert "Herkomst" in inhoud and "Moties zonder actie" in inhoud
    assert "(35&nbsp;510, nr.&nbsp;21), deel 1" in inhoud or "(35\u00a0510, nr.\u00a021), deel 1" in inhoud
    assert "kolommen=herkomst" in inhoud  # the PDF link keeps the choice
    # The changes annex has the column as well, not the second table: that is no change.
    wijzigingen = client.get(
        reverse("bijlage:wijzigingen_html", args=[rapportage.pk]), {"kolommen": "herkomst"}
    )
    assert wijzigingen.status_code == 200
    assert (
        "Herkomst" in wijzigingen.content.decode()
        and "Moties zonder actie" not in wijzigingen.content.decode()
    )
