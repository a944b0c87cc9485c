"""The annex carries the register's items: a column Herkomst (the motions, commitments, recommendations and
promises each action carries out, as cited) and a second table of the motions, commitments and described
parts no action carries out, both chosen per download (?kolommen=herkomst); our importer reads the column
back into the same links, dossier and part included, from the PDF and from Word (an item other than a
motion only when the register has it: an annex never adds one), and skips the second table with a note
instead of reading its rows as actions, under its old heading too. Without the choice the annex is as
before."""

import datetime
import io
import json
import re
import subprocess
from dataclasses import replace

import docx
import pytest
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from docx.oxml.ns import qn

from acties.models import Actie, ActieOpdracht
from bijlage import opmaak, samenstelling, word
from importeer.bijlage import lees_bijlage
from importeer.formaat import Bijlage, MotieVerwijzing, OpdrachtVerwijzing, naar_json, uit_json
from importeer.laden import laad_bijlage
from importeer.notatie import HERKOMST, OMSCHRIJVING, STAND, Opbouw
from importeer.word import lees_word
from moties.models import Opdracht, OpdrachtDeel, Soort
from rapportage.models import Rapportage

from .conftest import BIJLAGE_JSON, zorg_voor_migratiedata

HARDE_SPATIE = "\u00a0"
NIEUWE_KOP = "Moties en toezeggingen zonder actie"
PEILDATUM = datetime.date(2021, 6, 29)
# A part of a motion and a motion no action carries out, with their texts, and a motion of another
# dossier that an action carries out.
DEEL_ZONDER_ACTIE = "verzoekt de regering de Kamer elk halfjaar te informeren over de voortgang"
DICTUM_ZONDER_ACTIE = "verzoekt de regering een onafhankelijke commissie in te stellen"
# Items of the other kinds: a commitment action 1 carries out, one no action carries out, and a
# recommendation and a promise (with its Kamerstuk) action 2 carries out.
TOEZEGGING = "TZ202103-011"
TOEZEGGING_ZONDER_ACTIE = "TZ202104-002"
TEKST_TOEZEGGING = "De staatssecretaris zegt toe de Kamer voor de zomer te informeren over de compensatie"
DEBAT = "Commissiedebat hersteloperatie, 3 maart 2022"
AANBEVELING = "Herontwerp van het stelsel (vijf elementen)"
BELOFTE = "Wetsvoorstel hersteloperatie indienen"


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
        for k in ActieOpdracht.objects.filter(opdracht__soort=Soort.MOTIE).select_related("actie", "opdracht")
    }


def _andere_koppelingen():
    """Every link between an action and an item of another kind: (action, kind, register number or title,
    part)."""
    return {
        (k.actie.nummer, k.opdracht.soort, k.opdracht.registernummer or k.opdracht.titel, k.deel)
        for k in ActieOpdracht.objects.exclude(opdracht__soort=Soort.MOTIE).select_related(
            "actie", "opdracht"
        )
    }


def _andere_verwijzingen(bijlage):
    return {
        (a.nummer, o.soort, o.registernummer or o.titel, o.deel)
        for a in bijlage.acties
        for o in a.opdrachten or []
    }


def _maak_register():
    """The items of other kinds, as the redactie registers them (none has a link yet)."""
    maak = Opdracht.objects.create
    maak(soort=Soort.TOEZEGGING, dossier=None, registernummer=TOEZEGGING, titel="Compensatie", bron=DEBAT)
    maak(
        soort=Soort.TOEZEGGING,
        dossier=None,
        registernummer=TOEZEGGING_ZONDER_ACTIE,
        bron=DEBAT,
        dictum=TEKST_TOEZEGGING,
    )
    maak(soort=Soort.AANBEVELING, dossier=None, nummer=1, titel=AANBEVELING)
    maak(soort=Soort.BELOFTE, dossier=31066, nummer=1071, titel=BELOFTE)


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
    _maak_register()
    ActieOpdracht.objects.create(actie=eerste, opdracht=Opdracht.objects.get(registernummer=TOEZEGGING))
    tweede = Actie.objects.get(nummer=2)
    ActieOpdracht.objects.create(actie=tweede, opdracht=Opdracht.objects.get(titel=AANBEVELING))
    ActieOpdracht.objects.create(actie=tweede, opdracht=Opdracht.objects.get(titel=BELOFTE), deel=2)


def _importeer_in_lege_database(bijlage, met_register=False):
    """What an import of ``bijlage`` makes in a database without any action or motion (``met_register``:
    with the items of other kinds registered): the links to motions, those to other items, the items of
    other kinds there are after it, and its warnings."""
    with transaction.atomic():
        zorg_voor_migratiedata()
        assert not Actie.objects.exists() and not Opdracht.objects.exists()
        if met_register:
            _maak_register()
        samenvatting = laad_bijlage(
            bijlage, rapportage_titel="Teruggelezen", peildatum=PEILDATUM, reden="Test"
        )
        uitkomst = {
            "koppelingen": _koppelingen(),
            "andere": _andere_koppelingen(),
            "register": Opdracht.objects.exclude(soort=Soort.MOTIE).count(),
            "waarschuwingen": samenvatting.waarschuwingen,
        }
        transaction.set_rollback(True)
    return uitkomst


def _eind_van_de_bijlage(context):
    """The annex with only the last two actions of its last theme before the second table."""
    laatste = context["blokken"][-1]
    return {**context, "blokken": [replace(laatste, rijen=laatste.rijen[-2:])]}


def _oude_kop(docx_bytes):
    """A Word annex as made before commitments were in its second table: that table's old heading."""
    document = docx.Document(io.BytesIO(docx_bytes))
    (kop,) = [p for p in document.paragraphs if p.style.name == "Heading 2"]
    kop.runs[0].text = "Moties zonder actie"
    uit = io.BytesIO()
    document.save(uit)
    return uit.getvalue()


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
            andere = _andere_koppelingen()
            zonder = samenstelling.bijlage_context(rapportage)
            context = samenstelling.bijlage_context(rapportage, ["herkomst"])
            html = render_to_string(opmaak.BIJLAGE_TEMPLATE, {**context, "voor_pdf": True})
            html_zonder = render_to_string(opmaak.BIJLAGE_TEMPLATE, {**zonder, "voor_pdf": True})
            _html, pdf = opmaak.render_to_pdf(opmaak.BIJLAGE_TEMPLATE, context)
            docx_met = word.render_to_docx(context)
            docx_zonder = word.render_to_docx(zonder)
            # The June 2021 annex again, which has no Herkomst column: it says nothing of other items.
            oud = laad_bijlage(
                uit_json(json.loads(BIJLAGE_JSON.read_text())),
                rapportage_titel="Opnieuw ingelezen",
                peildatum=PEILDATUM,
                reden="Test",
            )
            na_oude_bijlage = _andere_koppelingen()
            transaction.set_rollback(True)
        gelezen_pdf, gelezen_word = lees_bijlage(pdf), lees_word(docx_met)
        geimporteerd_pdf = _importeer_in_lege_database(gelezen_pdf)
        # As the import page stores what it read and loads it later.
        geimporteerd_word = _importeer_in_lege_database(uit_json(naar_json(gelezen_word)))
        # The heading matters only where the second table begins: the end of the annex with either heading,
        # as reading the whole PDF again would take most of this fixture's time.
        eind = _eind_van_de_bijlage(context)
        eind_html = render_to_string(opmaak.BIJLAGE_TEMPLATE, {**eind, "voor_pdf": True})
        eind_pdf = lees_bijlage(opmaak.html_to_pdf(eind_html))
        oud_pdf = lees_bijlage(opmaak.html_to_pdf(eind_html.replace(NIEUWE_KOP, "Moties zonder actie")))
        oud_word = lees_word(_oude_kop(docx_met))
        met_register_pdf = _importeer_in_lege_database(gelezen_pdf, met_register=True)
        met_register_word = _importeer_in_lege_database(uit_json(naar_json(gelezen_word)), met_register=True)
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
        "andere": andere,
        "na_oude_bijlage": na_oude_bijlage,
        "verschillen_oude_bijlage": {v.nummer: v.velden for v in oud.verschillen},
        "eind": [r.nummer for b in eind["blokken"] for r in b.rijen],
        "eind_pdf": eind_pdf,
        "oud_pdf": oud_pdf,
        "oud_word": oud_word,
        "met_register_pdf": met_register_pdf,
        "met_register_word": met_register_word,
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
        "Toezegging TZ202103-011",
    ]
    assert herkomst[3] == []
    assert ("herkomst", "Herkomst") in demo["context"]["kolommen"]


def test_herkomst_cites_the_other_kinds_by_register_number_or_title(demo):
    herkomst = {r.nummer: [_vlak(a) for a in r.herkomst] for b in demo["context"]["blokken"] for r in b.rijen}
    assert herkomst[2] == [
        f"Aanbeveling: {AANBEVELING}",
        f"Belofte: {BELOFTE} (Kamerstuk 31 066, nr. 1071), deel 2",
    ]
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
    # The commitments registered later are not in it either, with or without an action.
    assert [_vlak(r.opdracht) for r in demo["voor_de_wijziging"]["zonder_actie"]] == []


def test_second_table_lists_motions_then_commitments_no_action_carries_out(demo):
    rijen = [(_vlak(r.opdracht), _vlak(r.kamerstuk), r.tekst) for r in demo["context"]["zonder_actie"]]
    # Not the recommendation or the promise, nor the commitment action 1 carries out.
    assert rijen == [
        ("Motie Wilders", "35 510, nr. 7", ""),
        ("Motie Klaver cs, deel 3", "35 510, nr. 16", DEEL_ZONDER_ACTIE),
        ("Motie Testindiener c.s.", "35 510, nr. 99", DICTUM_ZONDER_ACTIE),
        (f"Toezegging {TOEZEGGING_ZONDER_ACTIE}", DEBAT, TEKST_TOEZEGGING),
    ]


def test_html_has_the_column_and_the_table_only_with_the_choice(demo):
    assert demo["html"].count('<th scope="col">Herkomst</th>') == 1
    assert (
        NIEUWE_KOP in demo["html"] and DEEL_ZONDER_ACTIE in demo["html"] and TEKST_TOEZEGGING in demo["html"]
    )
    assert "Herkomst" not in demo["html_zonder"] and "zonder actie" not in demo["html_zonder"]
    assert "zonder_actie" not in demo["zonder"] and demo["zonder"]["kolommen"] == []


def _koppen(tbl):
    return ["".join(t.text for t in tc.iter(qn("w:t"))) for tc in tbl.find(qn("w:tr")).findall(qn("w:tc"))]


def test_word_has_the_column_and_a_second_table_after_a_heading(demo):
    met = docx.Document(io.BytesIO(demo["docx"]))
    tabellen = met.element.body.findall(qn("w:tbl"))
    assert [_koppen(t) for t in tabellen] == [
        ["Actie", "Omschrijving", "Stand van Zaken", "Herkomst"],
        ["Motie of toezegging", "Kamerstuk of bron", "Tekst"],
    ]
    assert len(tabellen[1].findall(qn("w:tr"))) == 1 + len(demo["context"]["zonder_actie"])
    assert [p.text for p in met.paragraphs if p.style.name == "Heading 2"] == [NIEUWE_KOP]
    zonder = docx.Document(io.BytesIO(demo["docx_zonder"])).element.body.findall(qn("w:tbl"))
    assert [_koppen(t) for t in zonder] == [["Actie", "Omschrijving", "Stand van Zaken"]]


def test_pdf_prints_the_second_table_after_the_last_action(demo):
    tekst = subprocess.run(["pdftotext", "-", "-"], input=demo["pdf"], capture_output=True, check=True).stdout
    tekst = tekst.decode()
    assert tekst.index(NIEUWE_KOP) > tekst.index("86.")
    for zonder_actie in (DICTUM_ZONDER_ACTIE, TEKST_TOEZEGGING):
        assert zonder_actie in re.sub(r"\s+", " ", tekst)


# ---------------------------------------------------------------- read back by our importer


@pytest.mark.parametrize("formaat", ["pdf", "word"])
def test_importer_reads_herkomst_into_the_same_links_with_dossier_and_part(demo, formaat):
    assert _verwijzingen(demo[f"gelezen_{formaat}"]) == demo["koppelingen"]
    # Into an empty database: the motions are made, of their own dossier, and linked part by part.
    assert demo[f"geimporteerd_{formaat}"]["koppelingen"] == demo["koppelingen"]


@pytest.mark.parametrize("formaat", ["pdf", "word"])
def test_importer_links_the_other_kinds_to_the_registered_items_by_number_or_title(demo, formaat):
    assert demo["andere"] == {
        (1, "toezegging", TOEZEGGING, None),
        (2, "aanbeveling", AANBEVELING, None),
        (2, "belofte", BELOFTE, 2),
    }
    assert _andere_verwijzingen(demo[f"gelezen_{formaat}"]) == demo["andere"]
    geimporteerd = demo[f"met_register_{formaat}"]
    assert geimporteerd["andere"] == demo["andere"] and geimporteerd["register"] == 4
    assert geimporteerd["koppelingen"] == demo["koppelingen"]
    assert not any("register" in w for w in geimporteerd["waarschuwingen"])


@pytest.mark.parametrize("formaat", ["pdf", "word"])
def test_importer_never_makes_an_item_it_does_not_know_it_warns_and_skips_it(demo, formaat):
    geimporteerd = demo[f"geimporteerd_{formaat}"]
    assert geimporteerd["andere"] == set() and geimporteerd["register"] == 0
    assert {w for w in geimporteerd["waarschuwingen"] if "register" in w} == {
        f"actie 1: toezegging '{TOEZEGGING}' staat niet in het register; niet gekoppeld",
        f"actie 2: aanbeveling '{AANBEVELING}' staat niet in het register; niet gekoppeld",
        f"actie 2: belofte '{BELOFTE}' staat niet in het register; niet gekoppeld",
    }


def test_an_annex_without_herkomst_leaves_the_links_to_other_kinds_as_they_are(demo):
    assert demo["na_oude_bijlage"] == demo["andere"]
    # Its preview compares motions with motions only (action 1 carries out a commitment too).
    assert demo["verschillen_oude_bijlage"][1]["moties"] == ("21 deel 3; 865", "")
    assert "opdrachten" not in demo["verschillen_oude_bijlage"][2]


@pytest.mark.parametrize("formaat", ["pdf", "word"])
def test_importer_skips_the_second_table_with_a_note(demo, formaat):
    gelezen = demo[f"gelezen_{formaat}"]
    assert [a.nummer for a in gelezen.acties] == list(range(1, 87))
    for tekst in (DICTUM_ZONDER_ACTIE, TEKST_TOEZEGGING, TOEZEGGING_ZONDER_ACTIE):
        assert not any(tekst in a.omschrijving or tekst in a.stand_van_zaken for a in gelezen.acties)
    assert [t.naam for t in gelezen.themas][-1] != NIEUWE_KOP
    assert any(NIEUWE_KOP in w and "overgeslagen" in w for w in gelezen.waarschuwingen)


@pytest.mark.parametrize("formaat", ["pdf", "word"])
def test_an_older_annex_with_the_old_heading_still_imports(demo, formaat):
    oud = demo[f"oud_{formaat}"]
    # The PDF: its last actions and the second table; the Word document: all of it.
    nieuw = demo["eind_pdf"] if formaat == "pdf" else demo["gelezen_word"]
    assert naar_json(oud) == naar_json(nieuw)
    if formaat == "pdf":
        assert [a.nummer for a in oud.acties] == demo["eind"]
        assert any(NIEUWE_KOP in w and "overgeslagen" in w for w in nieuw.waarschuwingen)
    assert any("'Moties zonder actie'" in w and "overgeslagen" in w for w in oud.waarschuwingen)


def opbouw_bijlage(opbouw):
    return Bijlage(acties=opbouw.acties, themas=opbouw.themas)


def _gelezen_moties(herkomst):
    opbouw = Opbouw([])
    opbouw.thema("HERSTELOPERATIE")
    omschrijving = "Brief over uitvoering motie (NR. 7 Motie Wilders)"
    opbouw.actie(3, {OMSCHRIJVING: omschrijving, STAND: "", HERKOMST: herkomst}, None)
    return opbouw.acties[0].moties, opbouw.waarschuwingen


def test_an_empty_herkomst_cell_means_no_motion_even_where_the_description_cites_one():
    assert _gelezen_moties("") == ([], [])


def test_a_herkomst_cell_reads_each_kind_and_skips_a_citation_it_cannot_read_with_a_note():
    # A line that does not start with a kind continues the citation above it (a title broken over lines).
    opbouw = Opbouw([])
    opbouw.thema("HERSTELOPERATIE")
    herkomst = (
        "Kabinetsreactie\nMotie Wilders (35 510, nr. 7)\nToezegging TZ202103-011, deel 2\n"
        "Aanbeveling: Een titel (met haakjes)\n"
        "Belofte: Wetsvoorstel\nindienen (Kamerstuk 31 066, nr. 1071)"
    )
    opbouw.actie(3, {OMSCHRIJVING: "Brief", STAND: "", HERKOMST: herkomst}, None)
    actie = opbouw.acties[0]
    assert actie.moties == [MotieVerwijzing(nummer=7, indieners="Wilders", dossier=35510)]
    assert actie.opdrachten == [
        OpdrachtVerwijzing("toezegging", registernummer="TZ202103-011", deel=2),
        OpdrachtVerwijzing("aanbeveling", titel="Een titel (met haakjes)"),
        OpdrachtVerwijzing("belofte", titel="Wetsvoorstel indienen", dossier=31066, nummer=1071),
    ]
    assert opbouw.waarschuwingen == ["actie 3: herkomst 'Kabinetsreactie' niet gelezen; overgeslagen"]
    # What the import page stores reads back the same.
    assert uit_json(naar_json(opbouw_bijlage(opbouw))).acties[0].opdrachten == actie.opdrachten


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
    assert "Herkomst" in inhoud and NIEUWE_KOP in inhoud
    assert "(35&nbsp;510, nr.&nbsp;21), deel 1" in inhoud or "(35\u00a0510, nr.\u00a021), deel 1" in inhoud
    assert "kolommen=herkomst" in inhoud  # the PDF link keeps the choice
    # The changes annex has the column as well, not the second table: that is no change.
    wijzigingen = client.get(
        reverse("bijlage:wijzigingen_html", args=[rapportage.pk]), {"kolommen": "herkomst"}
    )
    assert wijzigingen.status_code == 200
    assert "Herkomst" in wijzigingen.content.decode() and NIEUWE_KOP not in wijzigingen.content.decode()
