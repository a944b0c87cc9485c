"""The stand-van-zaken annex as PDF: round trip through our own importer, the PDF itself, security,
the HTML version, the stored annex of a closed round, the downloads and the maak_bijlage command."""

import datetime
import html as htmllib
import io
import json
import re
import subprocess
from dataclasses import dataclass

import docx
import pdfplumber
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import PDFStream, resolve1
from pdfminer.psparser import PSLiteral
from pdfminer.utils import decode_text

from acties.models import Actie, ActieMinisterie, Ministerie, Rol, Status, Thema
from bijlage import gegevens, opmaak, opslag, samenstelling
from importeer.bijlage import lees_bijlage
from importeer.formaat import uit_json
from importeer.laden import laad_bijlage, vergelijk
from importeer.management.commands.demo import wijs_demo_ministeries_toe
from importeer.word import lees_word
from jobs.models import Job
from rapportage import ronde
from rapportage.models import Rapportage, Voortgang

from .conftest import BIJLAGE_JSON, zorg_voor_migratiedata

ORIGINEEL = BIJLAGE_JSON.parents[1] / "tests" / "annexen" / "stand-van-zaken-2021-06-29.pdf"
BRIEF = "Bijlage bij de brief van 29 juni 2021, Kamerstuk 35 510, nr. 60"

SCRIPT = "<script>alert(1)</script>"
LINK = '<link rel="attachment" href="file:///etc/passwd">'


def _laad_demo():
    zorg_voor_migratiedata()
    laad_bijlage(
        uit_json(json.loads(BIJLAGE_JSON.read_text())),
        rapportage_titel="Stand van zaken juni 2021",
        kamerstuk="35 510, nr. 60",
        reden="Testdata",
    )
    Rapportage.objects.update(briefdatum=datetime.date(2021, 6, 29))
    wijs_demo_ministeries_toe()


@pytest.fixture(scope="session")  # pytest-django runs this module's db tests apart from the others
def demo(django_db_setup, django_db_blocker):
    """The demo annex rendered and read back once, and the same round as a draft and as the public list
    with its two extra columns: each render takes seconds. No test changes them.

    The data is rolled back afterwards, so other tests never see it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        _laad_demo()
        rapportage = Rapportage.objects.get()
        html, inhoud = opmaak.render_to_pdf(
            opmaak.BIJLAGE_TEMPLATE, samenstelling.bijlage_context(rapportage)
        )
        _html, lijst = opmaak.render_to_pdf(
            opmaak.BIJLAGE_TEMPLATE, samenstelling.lijst_context(Actie.objects.all())
        )
        rapportage.toestand = Rapportage.Toestand.IN_REDACTIE
        rapportage.save()
        _html, concept = opmaak.render_to_pdf(
            opmaak.BIJLAGE_TEMPLATE, samenstelling.bijlage_context(rapportage)
        )
        transaction.set_rollback(True)
    return {"html": html, "pdf": inhoud, "gelezen": lees_bijlage(inhoud), "lijst": lijst, "concept": concept}


def _velden(actie):
    return {
        "nummer": actie.nummer,
        "thema": actie.thema,
        "subthema": actie.subthema,
        "omschrijving": actie.omschrijving,
        "stand_van_zaken": actie.stand_van_zaken,
        "moties": [(m.nummer, m.indieners, m.deel) for m in actie.moties],
        "gedeeld_met": actie.gedeeld_met,
    }


def _verschillen(bron, gelezen):
    """Every field that differs, as readable lines; the test shows them all at once."""
    fouten = []
    if [(t.naam, t.subthemas) for t in bron.themas] != [(t.naam, t.subthemas) for t in gelezen.themas]:
        fouten.append(f"thema's: {[t.naam for t in gelezen.themas]}")
    gelezen_per_nummer = {a.nummer: _velden(a) for a in gelezen.acties}
    for actie in bron.acties:
        verwacht = _velden(actie)
        gevonden = gelezen_per_nummer.get(actie.nummer)
        if gevonden is None:
            fouten.append(f"actie {actie.nummer} ontbreekt")
            continue
        fouten += [
            f"actie {actie.nummer} {veld}: {verwacht[veld]!r} != {gevonden[veld]!r}"
            for veld in verwacht
            if verwacht[veld] != gevonden[veld]
        ]
    return fouten


def _pdf_document(inhoud):
    return PDFDocument(PDFParser(io.BytesIO(inhoud)))


def _heeft_ingebedde_bestanden(inhoud):
    document = _pdf_document(inhoud)
    namen = resolve1(document.catalog.get("Names")) or {}
    if "EmbeddedFiles" in namen:
        return True
    for pagina in PDFPage.create_pages(document):
        for annotatie in resolve1(pagina.annots) or []:
            soort = resolve1(annotatie).get("Subtype")
            if isinstance(soort, PSLiteral) and soort.name == "FileAttachment":
                return True
    return False


def _alle_streams(inhoud):
    """Every stream of the PDF, decompressed: what an attachment would have to hide in."""
    document = _pdf_document(inhoud)
    for xref in document.xrefs:
        for objid in xref.get_objids():
            try:
                obj = document.getobj(objid)
            except Exception:  # free or broken entries in the xref table
                continue
            if isinstance(obj, PDFStream):
                yield obj.get_data()


def _paginateksten(inhoud):
    """Text per page, read by poppler (a second PDF reader, independent of our importer's)."""
    uit = subprocess.run(["pdftotext", "-layout", "-", "-"], input=inhoud, capture_output=True, check=True)
    paginas = uit.stdout.decode().split("\f")[:-1]
    return ["\n".join(re.sub(r"\s+", " ", r).strip() for r in p.splitlines() if r.strip()) for p in paginas]


def _paginawoorden(inhoud):
    """(text, x0, x1) of every word, per page, read by poppler."""
    uit = subprocess.run(["pdftotext", "-bbox", "-", "-"], input=inhoud, capture_output=True, check=True)
    woord = re.compile(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)</word>')
    return [
        [(htmllib.unescape(t), float(x0), float(x1)) for x0, x1, t in woord.findall(pagina)]
        for pagina in uit.stdout.decode().split("<page ")[1:]
    ]


@dataclass
class _Pagina:
    """What pdfplumber sees of one page: words (with font), rules, filled shapes and the page size."""

    woorden: list
    lijnen: list
    vormen: list
    breedte: float
    hoogte: float

    @property
    def grens_nummerkolom(self):
        return next(w["x0"] for w in self.woorden if w["text"] == "Omschrijving")

    def nummers(self):
        """(number, top) of every action number in the number column."""
        grens = self.grens_nummerkolom
        return [
            (int(w["text"][:-1]), w["top"])
            for w in self.woorden
            if w["x1"] < grens and re.fullmatch(r"\d+\.", w["text"]) and "Bold" not in w["fontname"]
        ]

    def koppen(self):
        """(first word, top) of every theme and sub-theme row: bold, table size, from the number column."""
        grens = self.grens_nummerkolom
        return [
            (w["text"], w["top"])
            for w in self.woorden
            if "Bold" in w["fontname"] and w["size"] < 10 and w["x0"] < grens and w["text"] != "Actie"
        ]

    def verticale_lijnen(self):
        return [r for r in self.lijnen if r["x1"] - r["x0"] < 1]

    def horizontale_lijnen(self):
        return [r for r in self.lijnen if r["bottom"] - r["top"] < 1]

    def tabel_onderkant(self):
        return max(r["bottom"] for r in self.verticale_lijnen())

    def regels(self):
        """The text of the page as lines, top to bottom."""
        per_regel = {}
        for w in sorted(self.woorden, key=lambda w: (round(w["top"]), w["x0"])):
            per_regel.setdefault(round(w["top"]), []).append(w["text"])
        return [" ".join(ws) for _top, ws in sorted(per_regel.items())]


def _paginas(inhoud):
    with pdfplumber.open(io.BytesIO(inhoud)) as document:
        return [
            _Pagina(
                p.extract_words(extra_attrs=["fontname", "size"]),
                [*p.lines, *p.rects],
                list(p.curves),
                p.width,
                p.height,
            )
            for p in document.pages
        ]


# The page body of the annex: A4 landscape less Word's 51 pt margin above and below.
BODY_BOVEN = 51


def _leegte(pagina):
    onder = pagina.hoogte - BODY_BOVEN
    return (onder - pagina.tabel_onderkant()) / (onder - BODY_BOVEN)


def _kop_zonder_actie(paginas):
    """(page, heading) for every theme or sub-theme row with no action under it on its page."""
    return [
        (nummer, kop)
        for nummer, pagina in enumerate(paginas, 1)
        for kop, top in pagina.koppen()
        if not any(t > top for _n, t in pagina.nummers())
    ]


# ---------------------------------------------------------------- round trip


def test_importer_reads_the_demo_annex_back_to_exactly_its_source(demo, bijlage_data):
    bron = uit_json(bijlage_data)
    gelezen = demo["gelezen"]
    assert len(gelezen.acties) == 86
    assert _verschillen(bron, gelezen) == []
    assert gelezen.titel == bron.titel
    assert next(a for a in gelezen.acties if a.nummer == 4).gedeeld_met == 3


def test_importer_sees_no_change_when_comparing_the_annex_with_the_database(demodata, demo):
    assert [(v.nummer, v.velden) for v in vergelijk(demo["gelezen"]) if v.nieuw or v.velden] == []


# ---------------------------------------------------------------- the PDF itself


def test_pdf_has_header_on_every_page_and_the_page_number_and_letter_in_the_footer(demo):
    teksten = _paginateksten(demo["pdf"])
    for nummer, tekst in enumerate(teksten, 1):
        regels = tekst.splitlines()
        assert "Actie Omschrijving Stand van Zaken" in regels[:6], f"pagina {nummer}"
        assert regels[-1] == f"{BRIEF} {nummer}", regels[-1]
    assert teksten[0].splitlines()[0].startswith("Stand van zaken vervolgacties")


def test_every_action_number_appears_once_in_the_number_column(demo):
    nummers = []
    for woorden in _paginawoorden(demo["pdf"]):
        grens = next(x0 for tekst, x0, _x1 in woorden if tekst == "Omschrijving")
        nummers += [int(t[:-1]) for t, _x0, x1 in woorden if x1 < grens and re.fullmatch(r"\d+\.", t)]
    assert sorted(nummers) == list(range(1, 87))


def test_pdf_is_tagged_with_metadata_and_embeds_nothing(demo):
    document = _pdf_document(demo["pdf"])
    catalogus = document.catalog
    assert "StructTreeRoot" in catalogus
    assert resolve1(catalogus["MarkInfo"])["Marked"] is True
    assert resolve1(catalogus["Lang"]) == b"nl"
    info = {
        k: decode_text(resolve1(v))
        for k, v in document.info[0].items()
        if k in ("Title", "Author", "Subject")
    }
    assert info["Title"].startswith("Stand van zaken vervolgacties")
    assert info["Author"] == "Rijksoverheid"
    assert "35 510, nr. 60" in info["Subject"]
    assert not _heeft_ingebedde_bestanden(demo["pdf"])


def test_shared_status_text_is_one_cell_across_actions_3_and_4(demo):
    html = demo["html"]
    assert html.count('rowspan="2"') == 1
    rij3 = html[html.index('id="actie-3"') : html.index('id="actie-4"')]
    rij4 = html[html.index('id="actie-4"') : html.index('id="actie-5"')]
    assert 'rowspan="2"' in rij3 and "moratorium" in rij3
    assert "moratorium" not in rij4


# ---------------------------------------------------------------- the layout of the original


def test_demo_annex_is_no_longer_than_22_pages_as_the_original_has_21(demo):
    assert len(_paginas(demo["pdf"])) <= 22


def test_rows_split_over_pages_and_the_continued_row_keeps_its_columns(demo):
    paginas = _paginas(demo["pdf"])
    vervolgd = 0
    for vorige, pagina in zip(paginas, paginas[1:], strict=False):
        kop = next(w for w in pagina.woorden if w["text"] == "Actie")
        eerste = min((w for w in pagina.woorden if w["top"] > kop["bottom"] + 2), key=lambda w: w["top"])
        if "Bold" in eerste["fontname"] or any(abs(top - eerste["top"]) < 2 for _n, top in pagina.nummers()):
            continue  # this page starts with a heading or a new action
        vervolgd += 1
        # Every column rule of the header runs on past the continued text.
        midden = (kop["top"] + kop["bottom"]) / 2
        koprand = sorted(r["x0"] for r in pagina.verticale_lijnen() if r["top"] <= midden <= r["bottom"])
        doorlopend = [r["x0"] for r in pagina.verticale_lijnen() if r["top"] <= eerste["top"] <= r["bottom"]]
        assert len(koprand) == 4 and all(any(abs(x - k) < 0.5 for x in doorlopend) for k in koprand)
        # Word ends the row on the page before below its last line and closes it with a rule.
        laatste = max(w["bottom"] for w in vorige.woorden if w["top"] < vorige.tabel_onderkant())
        assert vorige.tabel_onderkant() - laatste < 4
        assert any(abs(r["top"] - vorige.tabel_onderkant()) < 1 for r in vorige.horizontale_lijnen())
    assert vervolgd >= 15  # the original continues a row at each of its 20 page breaks


@pytest.mark.parametrize("soort", ["pdf", "lijst"])
def test_no_heading_ends_a_page_and_no_page_but_the_last_is_a_quarter_empty(demo, soort):
    paginas = _paginas(demo[soort])
    assert sum(len(p.koppen()) for p in paginas) >= 13
    assert _kop_zonder_actie(paginas) == []
    assert [(n, round(_leegte(p), 2)) for n, p in enumerate(paginas[:-1], 1) if _leegte(p) > 0.25] == []


def _koppen_aan_de_voet_context():
    """Themes of 1 to 5 one-line actions, some themes with only a sub-theme under them: somewhere in
    it a heading falls at the foot of a page, unless the layout keeps it with its first action."""
    blokken, nummer = [], 0
    for i in range(40):
        rijen = []
        for _ in range(i % 5 + 1):
            nummer += 1
            rijen.append(gegevens.Rij(nummer, f"Actie {nummer}", "Loopt volgens planning."))
        if i % 4 == 3:
            blokken += [gegevens.Blok(f"THEMA {i}", False, []), gegevens.Blok(f"Subthema {i}", True, rijen)]
        else:
            blokken.append(gegevens.Blok(f"THEMA {i}", False, rijen))
    return {
        "kop": "Stand van zaken vervolgacties",
        "document_titel": "Proef",
        "inleiding": [],
        "kolommen": [],
        "aantal_kolommen": 3,
        "blokken": blokken,
    }


def test_heading_rows_stay_with_the_first_action_below_them(db):
    _html, inhoud = opmaak.render_to_pdf(opmaak.BIJLAGE_TEMPLATE, _koppen_aan_de_voet_context())
    paginas = _paginas(inhoud)
    assert len(paginas) >= 4
    assert _kop_zonder_actie(paginas) == []
    assert [n for n, p in enumerate(paginas[:-1], 1) if _leegte(p) > 0.25] == []
    assert sorted(a.nummer for a in lees_bijlage(inhoud).acties) == list(range(1, 121))


def _kolomranden(inhoud):
    pagina = _paginas(inhoud)[0]
    kop = next(w for w in pagina.woorden if w["text"] == "Actie")
    midden = (kop["top"] + kop["bottom"]) / 2
    return sorted(r["x0"] for r in pagina.verticale_lijnen() if r["top"] <= midden <= r["bottom"])


def test_columns_and_rules_are_those_of_the_original(demo):
    ons, origineel = _kolomranden(demo["pdf"]), _kolomranden(ORIGINEEL.read_bytes())
    assert len(ons) == len(origineel) == 4
    assert all(abs(a - b) < 0.5 for a, b in zip(ons, origineel, strict=True)), (ons, origineel)
    diktes = {round(r["linewidth"], 2) for p in _paginas(demo["pdf"]) for r in p.lijnen if r["linewidth"]}
    assert diktes == {round(r["linewidth"], 2) for r in _paginas(ORIGINEEL.read_bytes())[0].lijnen} == {0.5}


def _inleiding(inhoud):
    """The text between the title and the header row of page 1."""
    regels = _paginas(inhoud)[0].regels()
    return regels[1 : next(i for i, r in enumerate(regels) if r.startswith("Actie Omschrijving"))]


def test_default_introduction_is_the_originals_sentence_word_for_word():
    assert " ".join(_inleiding(ORIGINEEL.read_bytes())) == samenstelling.standaard_inleiding()


def test_page_one_has_title_and_introduction_only_no_subtitle(demo):
    titel = "Stand van zaken vervolgacties Parlementaire Onderzoekscommissie Kinderopvangtoeslag"
    assert _paginas(demo["pdf"])[0].regels()[0] == titel
    assert _inleiding(demo["pdf"]) == _inleiding(ORIGINEEL.read_bytes())
    assert "stand per" not in "\n".join(_paginateksten(demo["pdf"])).lower()


def test_round_prints_its_own_introduction_word_for_word(kleine_ronde):
    kleine_ronde.inleiding = "Een eigen inleiding, zoals ingelezen.\nMet een tweede alinea."
    kleine_ronde.save()
    _html, inhoud = opmaak.render_to_pdf(opmaak.BIJLAGE_TEMPLATE, samenstelling.bijlage_context(kleine_ronde))
    assert _inleiding(inhoud) == ["Een eigen inleiding, zoals ingelezen.", "Met een tweede alinea."]


@pytest.mark.parametrize(
    "kamerstuk, briefdatum, verwacht",
    [
        ("35 510, nr. 60", datetime.date(2021, 6, 29), BRIEF),
        ("35 510, nr. 60", None, "Bijlage bij Kamerstuk 35 510, nr. 60"),
        ("", datetime.date(2021, 6, 29), "Bijlage bij de brief van 29 juni 2021"),
        ("", None, ""),
    ],
)
def test_footer_names_the_letter_as_far_as_the_round_knows_it(kamerstuk, briefdatum, verwacht):
    rapportage = Rapportage(titel="R", peildatum=datetime.date(2021, 6, 1), kamerstuk=kamerstuk)
    rapportage.briefdatum = briefdatum
    assert samenstelling.verwijzing_naar_brief(rapportage) == verwacht


def test_round_without_a_letter_has_only_the_page_number_in_its_footer(kleine_ronde):
    kleine_ronde.kamerstuk = ""
    kleine_ronde.save()
    _html, inhoud = opmaak.render_to_pdf(opmaak.BIJLAGE_TEMPLATE, samenstelling.bijlage_context(kleine_ronde))
    assert _paginas(inhoud)[0].regels()[-1] == "1"


def _merk(pagina):
    """The filled outlines drawn across the middle of the page, as (x0, top, x1, bottom)."""
    midden = [c for c in pagina.vormen if c["fill"] and c["x0"] < pagina.breedte * 0.9]
    if not midden:
        return None
    return (
        min(c["x0"] for c in midden),
        min(c["top"] for c in midden),
        max(c["x1"] for c in midden),
        max(c["bottom"] for c in midden),
    )


def test_draft_carries_a_concept_mark_across_every_page(demo):
    paginas = _paginas(demo["concept"])
    assert len(paginas) >= 15
    for nummer, pagina in enumerate(paginas, 1):
        merk = _merk(pagina)
        assert merk is not None, f"pagina {nummer} heeft geen merk"
        x0, top, x1, bottom = merk
        assert x1 - x0 > pagina.breedte / 2 and bottom - top > pagina.hoogte / 3, f"pagina {nummer}"
        assert x0 < pagina.breedte / 2 < x1 and top < pagina.hoogte / 2 < bottom
        assert pagina.regels()[-1] == f"CONCEPT, niet vastgesteld · {BRIEF} {nummer}"
    assert all(_merk(p) is None for p in _paginas(demo["pdf"]))


def test_concept_mark_is_drawn_not_written_so_a_draft_reads_back_whole(demo, bijlage_data):
    for pagina in _paginas(demo["concept"]):
        assert [w["text"] for w in pagina.woorden if w["text"].startswith("CONCEPT")] == ["CONCEPT,"]
    assert _verschillen(uit_json(bijlage_data), lees_bijlage(demo["concept"])) == []


# ---------------------------------------------------------------- security


@pytest.fixture
def kleine_ronde(db):
    """Two actions, one with markup in its texts, in a published round."""
    rapportage = _kleine_ronde()
    ronde.publiceer_gegenereerd([rapportage], [timezone.now()])
    rapportage.refresh_from_db()
    return rapportage


@pytest.fixture
def concept_ronde(db):
    """The same round before its first publication: a draft."""
    return _kleine_ronde()


def _kleine_ronde():
    thema = Thema(naam="TESTTHEMA", volgorde=0)
    thema.save()
    sub = Thema(naam="Een subthema", hoofdthema=thema, volgorde=0)
    sub.save()
    rapportage = Rapportage(
        titel="Testronde",
        peildatum=datetime.date(2024, 6, 1),
        kamerstuk="35 510, nr. 99",
    )
    rapportage.save()
    eerste = Actie(nummer=1, omschrijving=f"Omschrijving met {SCRIPT} erin", thema=thema)
    eerste.save()
    tweede = Actie(nummer=2, omschrijving="Een gewone actie (NR. 7 Motie Wilders)", thema=sub)
    tweede.save()
    for afkorting, rol in (("FIN", Rol.EERSTVERANTWOORDELIJK), ("SZW", Rol.BETROKKEN)):
        ActieMinisterie(actie=eerste, ministerie=Ministerie.objects.get(afkorting=afkorting), rol=rol).save()
    Voortgang(
        actie=eerste, rapportage=rapportage, tekst=f"Stand met {LINK} erin", status=Status.AFGEROND
    ).save()
    Voortgang(actie=tweede, rapportage=rapportage, tekst="Loopt.", status=Status.IN_UITVOERING).save()
    return rapportage


def test_markup_in_texts_appears_literally_and_embeds_nothing(kleine_ronde):
    html, inhoud = opmaak.render_to_pdf(opmaak.BIJLAGE_TEMPLATE, samenstelling.bijlage_context(kleine_ronde))
    assert "<script>alert" not in html and "<link rel=" not in html
    tekst = "\n".join(_paginateksten(inhoud))
    assert SCRIPT in tekst
    assert LINK in tekst
    assert not _heeft_ingebedde_bestanden(inhoud)
    assert not any(b"root:" in stream for stream in _alle_streams(inhoud))
    gelezen = {a.nummer: a for a in lees_bijlage(inhoud).acties}
    assert gelezen[1].omschrijving == f"Omschrijving met {SCRIPT} erin"
    assert gelezen[1].stand_van_zaken == f"Stand met {LINK} erin"


def test_real_attachment_links_and_remote_resources_are_refused(db):
    html = (
        '<!DOCTYPE html><html lang="nl"><head><title>Proef</title>'
        '<link rel="attachment" href="file:///etc/passwd">'
        '<link rel="stylesheet" href="file:///etc/passwd"></head><body><p>Tekst</p>'
        '<img src="http://127.0.0.1:9/plaatje.png" alt="">'
        '<a rel="attachment" href="file:///etc/passwd">bijlage</a></body></html>'
    )
    inhoud = opmaak.html_to_pdf(html)
    assert not _heeft_ingebedde_bestanden(inhoud)
    assert not any(b"root:" in stream for stream in _alle_streams(inhoud))


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://example.org/bijlage.css",
        "https://example.org/bijlage.css",
        "data:text/css,body{color:red}",
        "ftp://example.org/x",
        "file://andere-host/static/bijlage/bijlage.css",
    ],
)
def test_url_fetcher_refuses_anything_outside_static(url):
    with pytest.raises(ValueError):
        opmaak._url_fetcher().fetch(url)


def test_url_fetcher_refuses_path_traversal_out_of_static(settings):
    statisch = settings.STATICFILES_DIRS[0]
    with pytest.raises(ValueError):
        opmaak._url_fetcher().fetch(f"file://{statisch}/../pokvolg/settings.py")


def test_url_fetcher_serves_the_project_stylesheet(settings):
    antwoord = opmaak._url_fetcher().fetch(f"file://{settings.STATICFILES_DIRS[0]}/bijlage/bijlage.css")
    assert b"@page" in antwoord.read()
    assert antwoord.content_type == "text/css"


# ---------------------------------------------------------------- HTML version


def test_html_version_uses_the_same_template_and_is_accessible(client, demodata):
    rapportage = Rapportage.objects.get()
    response = client.get(reverse("bijlage:html", args=[rapportage.pk]))
    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == opmaak.BIJLAGE_TEMPLATE
    html = response.content.decode()
    assert '<html lang="nl">' in html
    assert "<title>Stand van zaken vervolgacties" in html
    assert html.count("<h1>") == 1 and "<main>" in html
    assert "<caption>" in html and html.count('scope="col"') == 3
    assert html.count('scope="rowgroup"') == 7 + 6  # themes and sub-themes
    assert html.count('<th scope="row"') == 86
    assert reverse("bijlage:pdf", args=[rapportage.pk]) in html
    assert "style=" not in html  # the content security policy forbids inline styles


@pytest.mark.browser
def test_html_version_has_no_axe_violations(migratiedata, live_server, page, kleine_ronde):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(live_server.url + reverse("bijlage:html", args=[kleine_ronde.pk]))
    resultaat = Axe().run(page)
    assert resultaat.violations_count == 0, resultaat.generate_report()


# ---------------------------------------------------------------- stored annex and downloads


@pytest.fixture
def download(client, django_capture_on_commit_callbacks):
    """GET a PDF as a visitor does: if it is not made yet, the job's page makes them wait until the
    background job made it, then sends them to the download. The bytes are in `.inhoud`."""

    def _download(url, bezoeker=client):
        with django_capture_on_commit_callbacks(execute=True):
            response = bezoeker.get(url)
        if response.status_code == 302 and response.url.startswith("/taken/"):
            klaar = bezoeker.get(response.url)
            assert klaar.status_code == 302, "de job werd niet klaar"
            response = bezoeker.get(klaar.url)
        if response.status_code == 200:
            response.inhoud = b"".join(response.streaming_content) if response.streaming else response.content
        return response

    return _download


def test_closed_round_serves_a_stored_annex_that_never_changes(
    client, download, kleine_ronde, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("bijlage:pdf", args=[kleine_ronde.pk])
    eerste = download(url)
    assert eerste.status_code == 200 and eerste["Content-Type"] == "application/pdf"
    inhoud = eerste.inhoud
    kleine_ronde.refresh_from_db()
    assert kleine_ronde.bijlage_pdf.name.startswith("bijlagen/")
    assert kleine_ronde.history.first().history_change_reason == "Bijlage (PDF) gemaakt en bewaard"

    actie = Actie.objects.get(nummer=2)
    actie.omschrijving = "Een heel andere omschrijving"
    actie.save()
    voortgang = Voortgang.objects.get(actie=actie)
    voortgang.tekst = "Een heel andere stand van zaken"
    voortgang.save()

    assert b"".join(client.get(url).streaming_content) == inhoud
    with opslag.bewaar_bijlage(Rapportage.objects.get()).open("rb") as bestand:
        assert bestand.read() == inhoud
    assert len(list(tmp_path.glob("bijlagen/*.pdf"))) == 1
    assert "Een gewone actie" in "\n".join(_paginateksten(inhoud))


def test_draft_annex_is_for_the_redactie_only(client, download, concept_ronde, rollen, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    concept_ronde.toestand = Rapportage.Toestand.IN_REDACTIE
    concept_ronde.save()
    url = reverse("bijlage:pdf", args=[concept_ronde.pk])
    verwacht = {
        "beheerder": 200,
        "redactie": 200,
        "coordinator_fin": 404,
        "coordinator_bzk": 404,
        "anoniem": 404,
    }
    gekregen = {}
    for naam, gebruiker in rollen.items():
        client.logout()
        if gebruiker:
            client.force_login(gebruiker)
        response = download(url)
        gekregen[naam] = response.status_code
        if response.status_code == 200:
            assert response["Cache-Control"] == "private, no-store"
            assert "CONCEPT" in _paginateksten(response.inhoud)[0]
    assert gekregen == verwacht
    concept_ronde.refresh_from_db()
    assert not concept_ronde.bijlage_pdf


def test_html_version_of_a_draft_is_hidden_from_the_public(client, concept_ronde):
    concept_ronde.toestand = Rapportage.Toestand.OPEN
    concept_ronde.save()
    assert client.get(reverse("bijlage:html", args=[concept_ronde.pk])).status_code == 404
    assert client.get(reverse("bijlage:wijzigingen", args=[concept_ronde.pk])).status_code == 404


def test_no_pdf_is_rendered_in_the_request_and_the_visitor_waits_on_the_job_page(
    client, kleine_ronde, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("bijlage:pdf", args=[kleine_ronde.pk])
    with django_capture_on_commit_callbacks() as in_de_rij:
        response = client.get(url)
    job = Job.objects.get()
    assert response.status_code == 302 and response.url == reverse("jobs:job", args=[job.pk])
    assert job.status == Job.Status.WACHT and in_de_rij
    kleine_ronde.refresh_from_db()
    assert not kleine_ronde.bijlage_pdf
    assert "<progress" in client.get(response.url).content.decode()
    for taak in in_de_rij:
        taak()
    job.refresh_from_db()
    assert job.status == Job.Status.KLAAR and job.stappen >= 1 and job.stap_tekst.startswith("pagina ")
    assert client.get(response.url).url == url
    assert client.get(url)["Content-Type"] == "application/pdf"


def test_public_pdfs_beyond_the_queue_bound_get_429_with_retry_after(client, demodata, settings):
    settings.PDF_WACHTRIJ_MAX = 1
    Job.objects.create(taak="bijlage.taken.maak_pdf", omschrijving="Lijst", sleutel="pdf:al-bezig")
    response = client.get(reverse("bijlage:lijst") + "?thema=toekomst-toeslagen")
    assert response.status_code == 429 and response["Retry-After"] == "30"
    assert "Even geduld" in response.content.decode()
    assert Job.objects.count() == 1


def test_extra_columns_are_rendered_on_demand_next_to_the_stored_annex(
    download, kleine_ronde, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = download(reverse("bijlage:pdf", args=[kleine_ronde.pk]) + "?kolommen=status,onzin,ministerie")
    assert response.status_code == 200
    gelezen = lees_bijlage(response.inhoud)
    assert [(a.nummer, a.ministeries, a.status) for a in gelezen.acties] == [
        (1, ["FIN", "SZW"], "afgerond"),
        (2, [], "in uitvoering"),
    ]
    kleine_ronde.refresh_from_db()
    assert not kleine_ronde.bijlage_pdf


def test_filtered_public_list_as_pdf(download, demodata, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = download(reverse("bijlage:lijst") + "?thema=toekomst-toeslagen")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    gelezen = lees_bijlage(response.inhoud)
    assert [a.nummer for a in gelezen.acties] == [13, 14, 15, 16]
    assert {a.thema for a in gelezen.acties} == {"TOEKOMST TOESLAGEN"}
    assert gelezen.acties[0].ministeries == ["FIN", "SZW"]


def test_filtered_public_list_refuses_invalid_filters(client, db):
    response = client.get(reverse("bijlage:lijst") + "?status=bestaat-niet")
    assert response.status_code == 400
    assert "ongeldig" in response.content.decode()


# ---------------------------------------------------------------- changes annex


@pytest.fixture
def tweede_ronde(demodata):
    """A later closed round: action 1 reworded status text, 2 completed, 5 new description, 87 new."""
    eerste = Rapportage.objects.get()
    tweede = Rapportage(titel="Stand van zaken december 2021", peildatum=datetime.date(2021, 12, 1))
    tweede.save()
    actie5 = Actie.objects.get(nummer=5)
    actie5.omschrijving += " Aangevuld."
    actie5.save()
    nieuw = Actie(nummer=87, omschrijving="Een nieuwe actie", thema=Actie.objects.get(nummer=1).thema)
    nieuw.save()
    kopie = {}
    for oud in eerste.voortgang.select_related("actie").order_by("actie__nummer"):
        v = Voortgang(actie=oud.actie, rapportage=tweede, tekst=oud.tekst, status=oud.status)
        if oud.actie.nummer == 1:
            v.tekst += " Inmiddels verder."
        if oud.actie.nummer == 2:
            v.status = Status.AFGEROND
        if oud.gedeeld_met_id:
            v.gedeeld_met = kopie[oud.gedeeld_met_id]
        v.save()
        kopie[oud.pk] = v
    Voortgang(actie=nieuw, rapportage=tweede, tekst="Net begonnen.", status=Status.IN_UITVOERING).save()
    ronde.publiceer_gegenereerd([tweede], [timezone.now()])
    tweede.refresh_from_db()
    return tweede


def test_changes_annex_lists_new_changed_and_completed_actions_only(tweede_ronde):
    context = samenstelling.wijzigingen_context(tweede_ronde)
    rijen = {r.nummer: r.wijziging for b in context["blokken"] for r in b.rijen}
    assert rijen == {1: "gewijzigd", 2: "afgerond", 5: "gewijzigd", 87: "nieuw"}
    assert context["vorige"].titel == "Stand van zaken juni 2021"


def test_changes_annex_without_previous_round_marks_everything_new(kleine_ronde):
    context = samenstelling.wijzigingen_context(kleine_ronde)
    assert [r.wijziging for b in context["blokken"] for r in b.rijen] == ["nieuw", "nieuw"]


def test_changes_annex_downloads_as_pdf(download, tweede_ronde, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    response = download(reverse("bijlage:wijzigingen", args=[tweede_ronde.pk]))
    assert response.status_code == 200
    gelezen = lees_bijlage(response.inhoud)
    assert [a.nummer for a in gelezen.acties] == [1, 2, 5, 87]
    tekst = "\n".join(_paginateksten(response.inhoud))
    assert "Wijziging" in tekst and "afgerond" in tekst


def test_changes_annex_downloads_as_word_with_the_same_rows_and_the_round_page_links_both(
    client, download, tweede_ronde, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = download(reverse("bijlage:wijzigingen_docx", args=[tweede_ronde.pk]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument")
    gelezen = lees_word(response.inhoud)
    assert [a.nummer for a in gelezen.acties] == [1, 2, 5, 87]
    tekst = " ".join(
        c.text for t in docx.Document(io.BytesIO(response.inhoud)).tables for r in t.rows for c in r.cells
    )
    assert "Wijziging" in tekst and "afgerond" in tekst and "nieuw" in tekst
    pagina = client.get(tweede_ronde.get_absolute_url()).content.decode()
    assert reverse("bijlage:wijzigingen", args=[tweede_ronde.pk]) in pagina
    assert reverse("bijlage:wijzigingen_docx", args=[tweede_ronde.pk]) in pagina


def test_closed_round_annex_keeps_the_published_description(tweede_ronde):
    eerste = Rapportage.objects.get(titel="Stand van zaken juni 2021")
    rijen = {r.nummer: r for b in samenstelling.bijlage_context(eerste)["blokken"] for r in b.rijen}
    assert not rijen[5].omschrijving.endswith("Aangevuld.")
    assert 87 not in rijen


def test_annex_data_takes_the_same_queries_for_more_actions(demodata, django_assert_max_num_queries):
    rapportage = Rapportage.objects.get()
    with django_assert_max_num_queries(6):
        samenstelling.bijlage_context(rapportage, ["ministerie", "status"])
    thema = Thema.objects.get(naam="OVERIG")
    for nummer in range(100, 150):
        actie = Actie(nummer=nummer, omschrijving=f"Extra actie {nummer}", thema=thema)
        actie.save()
        Voortgang(actie=actie, rapportage=rapportage, tekst="Tekst.", status=Status.DOORLOPEND).save()
    with django_assert_max_num_queries(6):
        context = samenstelling.bijlage_context(rapportage, ["ministerie", "status"])
    assert sum(len(b.rijen) for b in context["blokken"]) == 136


# ---------------------------------------------------------------- command


def test_maak_bijlage_writes_the_stored_annex_and_html(kleine_ronde, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    uit = io.StringIO()
    call_command(
        "maak_bijlage",
        rapportage=kleine_ronde.pk,
        uitvoer=str(tmp_path / "b.pdf"),
        html=str(tmp_path / "b.html"),
        stdout=uit,
    )
    kleine_ronde.refresh_from_db()
    with kleine_ronde.bijlage_pdf.open("rb") as bestand:
        assert (tmp_path / "b.pdf").read_bytes() == bestand.read()
    html = (tmp_path / "b.html").read_text()
    assert "<style>" in html and "&lt;script&gt;" in html
    assert "2 acties, 1 pagina's" in uit.getvalue()


def test_maak_bijlage_changes_with_columns_and_errors(kleine_ronde, tmp_path):
    call_command(
        "maak_bijlage",
        "--rapportage",
        str(kleine_ronde.pk),
        "-o",
        str(tmp_path / "w.pdf"),
        "--wijzigingen",
        "--kolommen",
        "ministerie,status",
        stdout=io.StringIO(),
    )
    tekst = _paginateksten((tmp_path / "w.pdf").read_bytes())[0]
    assert "Ministerie" in tekst and "Wijziging" in tekst and "nieuw" in tekst
    with pytest.raises(CommandError, match="Onbekende kolom"):
        call_command(
            "maak_bijlage", rapportage=kleine_ronde.pk, uitvoer=str(tmp_path / "x.pdf"), kolommen="foo"
        )
    with pytest.raises(CommandError, match="bestaat niet"):
        call_command("maak_bijlage", rapportage=999, uitvoer=str(tmp_path / "x.pdf"))


def test_row_taller_than_a_page_splits_and_loses_no_text(db):
    woorden = "de stand van zaken bij het herstel voor ouders en kinderen wordt uitgevoerd".split()
    lang = " ".join(woorden[i % len(woorden)] for i in range(1500))[:9500]
    rijen = [
        gegevens.Rij(1, "Korte actie", "Kort."),
        gegevens.Rij(2, "Lange actie", lang),
        gegevens.Rij(3, "Daarna", "Ook kort."),
    ]
    context = {
        "kop": "Stand van zaken vervolgacties",
        "document_titel": "Proef",
        "inleiding": [],
        "kolommen": [],
        "aantal_kolommen": 3,
        "blokken": [gegevens.Blok("THEMA", False, rijen)],
    }
    _html, inhoud = opmaak.render_to_pdf(opmaak.BIJLAGE_TEMPLATE, context)
    teksten = _paginateksten(inhoud)
    assert len(teksten) >= 2
    assert all("Actie Omschrijving Stand van Zaken" in t for t in teksten)
    gelezen = {a.nummer: a for a in lees_bijlage(inhoud).acties}
    assert gelezen[2].stand_van_zaken.split() == lang.split()
    assert gelezen[3].stand_van_zaken == "Ook kort."
