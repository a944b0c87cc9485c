"""The stand-van-zaken annex as Word: the document itself (page, table, merged cells, texts), read back
through LibreOffice and our own PDF importer, the frozen Word file of a closed round, the download and the
maak_bijlage command."""

import datetime
import io
import json
import re
import subprocess
import zipfile

import docx
import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from acties.models import Actie, ActieMinisterie, Ministerie, Rol, Status, Thema
from bijlage import gegevens, opslag, samenstelling, word
from importeer.bijlage import lees_bijlage
from importeer.formaat import naar_json, uit_json
from importeer.laden import laad_bijlage
from importeer.management.commands.demo import wijs_demo_ministeries_toe
from jobs.models import Job
from rapportage import ronde, tekststappen
from rapportage.models import Rapportage, Voortgang

from .conftest import BIJLAGE_JSON, zorg_voor_migratiedata

KOPPEN = ["Actie", "Omschrijving", "Stand van Zaken"]


def _document(inhoud):
    return docx.Document(io.BytesIO(inhoud))


def _tabel(inhoud):
    return _document(inhoud).element.body.find(qn("w:tbl"))


def _cellen(tr):
    return tr.findall(qn("w:tc"))


def _tekst(element):
    """The paragraphs of a cell (or any element), one line each."""
    return "\n".join("".join(t.text or "" for t in p.iter(qn("w:t"))) for p in element.iter(qn("w:p")))


def _span(tc):
    span = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
    return int(span.get(qn("w:val"))) if span is not None else 1


def _vmerge(tc):
    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    if merge is None:
        return None
    return merge.get(qn("w:val")) or "continue"


def _actierijen(tbl):
    """{action number: its row} for every action row of the table."""
    rijen = {}
    for tr in tbl.findall(qn("w:tr")):
        cellen = _cellen(tr)
        if len(cellen) > 1 and re.fullmatch(r"\d+\.", _tekst(cellen[0])):
            rijen[int(_tekst(cellen[0])[:-1])] = tr
    return rijen


def _laad_demo():
    zorg_voor_migratiedata()
    laad_bijlage(
        uit_json(json.loads(BIJLAGE_JSON.read_text())),
        rapportage_titel="Stand van zaken juni 2021",
        kamerstuk="35 510, nr. 60",
        reden="Testdata",
    )
    wijs_demo_ministeries_toe()


@pytest.fixture(scope="session")  # pytest-django runs this module's db tests apart from the others
def demo_word(django_db_setup, django_db_blocker):
    """The demo annex as Word, made once; the data is rolled back afterwards, so other tests never see it."""
    with django_db_blocker.unblock(), transaction.atomic():
        _laad_demo()
        rapportage = Rapportage.objects.get()
        context = samenstelling.bijlage_context(rapportage)
        inhoud = word.render_to_docx(context)
        teksten = {r.nummer: (r.omschrijving, r.tekst, r.rijen) for b in context["blokken"] for r in b.rijen}
        blokken = [(b.naam, b.subthema) for b in context["blokken"]]
        inleiding = list(context["inleiding"])
        kop = context["kop"]
        transaction.set_rollback(True)
    return {"docx": inhoud, "teksten": teksten, "blokken": blokken, "inleiding": inleiding, "kop": kop}


# ---------------------------------------------------------------- the document


def test_word_annex_is_a4_landscape_in_the_original_font_with_title_and_introduction(demo_word):
    document = _document(demo_word["docx"])
    (sectie,) = document.sections
    assert sectie.orientation == WD_ORIENT.LANDSCAPE
    assert (round(sectie.page_width.mm), round(sectie.page_height.mm)) == (297, 210)
    assert sectie.left_margin == sectie.right_margin and round(sectie.left_margin.mm) == 15
    normaal = document.styles["Normal"]
    assert normaal.font.name == "Liberation Sans" and normaal.font.size.pt == 9

    titel, *inleiding = [p for p in document.paragraphs if p.text][: 1 + len(demo_word["inleiding"])]
    assert titel.text == demo_word["kop"]
    # A real heading for the outline, looking like the original's title: 12 pt bold black.
    assert titel.style.name == "Heading 1"
    assert titel.style.font.bold and titel.style.font.size.pt == 12 and titel.style.font.color.rgb is None
    # No theme font where the annex takes its fonts from: in Word it would win over the named one.
    standaard = document.styles.element.find(f"{qn('w:docDefaults')}/{qn('w:rPrDefault')}/{qn('w:rPr')}")
    for rpr in (standaard, normaal.element.rPr, titel.style.element.rPr):
        rfonts = rpr.find(qn("w:rFonts"))
        assert {k.split("}")[1]: v for k, v in rfonts.attrib.items()} == dict.fromkeys(
            ("ascii", "hAnsi", "cs", "eastAsia"), "Liberation Sans"
        )
    assert [p.text for p in inleiding] == demo_word["inleiding"]
    assert document.core_properties.language == "nl-NL"
    assert document.core_properties.title.startswith(demo_word["kop"])


def test_header_row_is_marked_to_repeat_on_every_page_and_only_the_header_row(demo_word):
    tbl = _tabel(demo_word["docx"])
    rijen = tbl.findall(qn("w:tr"))
    herhaald = [tr for tr in rijen if tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None]
    assert herhaald == [rijen[0]]
    assert [_tekst(tc) for tc in _cellen(rijen[0])] == KOPPEN
    bijschrift = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
    assert bijschrift.get(qn("w:val")) == "Vervolgacties per thema met de stand van zaken"
    assert all(r.get(qn("w:val")) is None for r in rijen[0].iter(qn("w:b")))  # bold, not bold="0"


def test_theme_and_sub_theme_rows_are_full_width_merged_cells_kept_with_the_next_row(demo_word):
    tbl = _tabel(demo_word["docx"])
    kolommen = len(tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol")))
    themarijen = [tr for tr in tbl.findall(qn("w:tr"))[1:] if len(_cellen(tr)) == 1]
    assert [(_tekst(_cellen(tr)[0])) for tr in themarijen] == [naam for naam, _sub in demo_word["blokken"]]
    assert len(themarijen) == 7 + 6
    for tr, (_naam, subthema) in zip(themarijen, demo_word["blokken"], strict=True):
        (tc,) = _cellen(tr)
        assert _span(tc) == kolommen == 3
        assert tc.find(f".//{qn('w:b')}") is not None
        assert (tc.find(f".//{qn('w:i')}") is not None) == subthema
        assert all(p.find(f"{qn('w:pPr')}/{qn('w:keepNext')}") is not None for p in tc.iter(qn("w:p")))
        assert tr.find(f"{qn('w:trPr')}/{qn('w:cantSplit')}") is not None


def test_shared_status_text_of_actions_3_and_4_is_one_vertical_merge(demo_word):
    rijen = _actierijen(_tabel(demo_word["docx"]))
    drie, vier = _cellen(rijen[3])[2], _cellen(rijen[4])[2]
    assert _vmerge(drie) == "restart" and "moratorium" in _tekst(drie)
    assert _vmerge(vier) == "continue" and _tekst(vier) == ""
    samengevoegd = {n for n, tr in rijen.items() if any(_vmerge(tc) for tc in _cellen(tr))}
    assert samengevoegd == {3, 4}
    # The other rows keep their three cells; only theme rows span.
    assert {len(_cellen(tr)) for tr in rijen.values()} == {3}


def test_every_action_is_one_row_with_its_number_description_and_status_text(demo_word):
    rijen = _actierijen(_tabel(demo_word["docx"]))
    assert sorted(rijen) == sorted(demo_word["teksten"]) and len(rijen) == 86
    for nummer, (omschrijving, tekst, aantal) in demo_word["teksten"].items():
        nummer_, omschrijving_, stand = _cellen(rijen[nummer])
        assert _tekst(omschrijving_) == "\n".join(r for r in omschrijving.splitlines() if r.strip())
        if aantal:
            assert _tekst(stand) == "\n".join(r for r in tekst.splitlines() if r.strip()), nummer


def test_column_widths_fill_the_page_between_the_margins(demo_word):
    document = _document(demo_word["docx"])
    sectie = document.sections[0]
    tussen = sectie.page_width - sectie.left_margin - sectie.right_margin
    tbl = document.element.body.find(qn("w:tbl"))
    breedtes = [int(g.get(qn("w:w"))) for g in tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
    assert sum(breedtes) * 635 == tussen  # twips to EMU
    assert breedtes == word.kolombreedtes([])
    assert breedtes[0] < breedtes[1] < breedtes[2]


def test_footer_has_the_page_number_field_and_the_letter(demo_word):
    document = _document(demo_word["docx"])
    voet = document.sections[0].footer._element
    assert " PAGE " in "".join(t.text for t in voet.iter(qn("w:instrText")))
    assert "35 510, nr. 60" in _tekst(voet)
    # A closed round's annex has no draft mark anywhere.
    assert "CONCEPT" not in _tekst(document.sections[0].header._element)
    assert "CONCEPT" not in document.core_properties.title


def test_the_file_is_a_plain_word_document_without_macros_or_external_parts(demo_word):
    with zipfile.ZipFile(io.BytesIO(demo_word["docx"])) as pakket:
        namen = pakket.namelist()
        relaties = "".join(pakket.read(n).decode() for n in namen if n.endswith(".rels"))
        inhoudsoorten = pakket.read("[Content_Types].xml").decode()
    assert "word/document.xml" in namen
    assert not any("vbaProject" in n or n.endswith(".bin") for n in namen)
    assert "macroEnabled" not in inhoudsoorten
    assert 'TargetMode="External"' not in relaties


# ---------------------------------------------------------------- small rounds


@pytest.fixture
def kleine_ronde(db):
    """Two actions under a theme and a sub-theme, texts with markup and control characters, closed."""
    thema = Thema(naam="TESTTHEMA", volgorde=0)
    thema.save()
    sub = Thema(naam="Een subthema", hoofdthema=thema, volgorde=0)
    sub.save()
    rapportage = Rapportage(
        titel="Testronde",
        peildatum=datetime.date(2024, 6, 1),
        kamerstuk="35 510, nr. 99",
        briefdatum=datetime.date(2024, 6, 20),
    )
    rapportage.save()
    eerste = Actie(nummer=1, omschrijving="Omschrijving met <script>alert(1)</script> & meer", thema=thema)
    eerste.save()
    # \x01, not \x00: PostgreSQL cannot store a NUL, and no input lets one in (test_ongeldige_invoer.py).
    tweede = Actie(nummer=2, omschrijving="Een gewone\x0b actie\x01 met\ttab", thema=sub)
    tweede.save()
    ActieMinisterie(
        actie=eerste, ministerie=Ministerie.objects.get(afkorting="FIN"), rol=Rol.EERSTVERANTWOORDELIJK
    ).save()
    Voortgang(
        actie=eerste,
        rapportage=rapportage,
        tekst='Stand met <w:t>"tags"</w:t> erin.\n\nTweede alinea\x01\x1f.',
        status=Status.AFGEROND,
    ).save()
    Voortgang(actie=tweede, rapportage=rapportage, tekst="Loopt.\x7f", status=Status.IN_UITVOERING).save()
    ronde.publiceer_gegenereerd([rapportage], [timezone.now()])
    rapportage.refresh_from_db()
    return rapportage


def test_markup_stays_literal_text_and_control_characters_are_left_out(kleine_ronde):
    inhoud = word.bijlage_docx(kleine_ronde)
    with zipfile.ZipFile(io.BytesIO(inhoud)) as pakket:
        xml = pakket.read("word/document.xml").decode()
    assert "<script>" not in xml and "&lt;script&gt;" in xml and "&lt;w:t&gt;" in xml
    assert not re.search("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]", xml)
    rijen = _actierijen(_tabel(inhoud))
    assert _tekst(_cellen(rijen[1])[1]) == "Omschrijving met <script>alert(1)</script> & meer"
    assert _tekst(_cellen(rijen[1])[2]) == 'Stand met <w:t>"tags"</w:t> erin.\nTweede alinea.'
    # A vertical tab is a line break to Python and so a paragraph; the NUL and the tab are not text.
    assert _tekst(_cellen(rijen[2])[1]) == "Een gewone\nactie met tab"
    assert _tekst(_cellen(rijen[2])[2]) == "Loopt."


def test_a_lone_surrogate_from_outside_the_database_is_left_out_too():
    # The database refuses them, but a context may be built from other sources (the list, a benchmark).
    blok = gegevens.Blok("THEMA", False, [gegevens.Rij(1, "Actie\ud800 een", "Stand\udfff.")])
    context = {"kop": "Kop\x00", "inleiding": ["Inleiding\x1b."], "kolommen": [], "blokken": [blok]}
    document = _document(word.render_to_docx(context))
    assert [p.text for p in document.paragraphs][:2] == ["Kop", "Inleiding."]
    rij = _actierijen(document.element.body.find(qn("w:tbl")))[1]
    assert [_tekst(tc) for tc in _cellen(rij)] == ["1.", "Actie een", "Stand."]


def test_footer_names_the_letter_with_its_date(kleine_ronde):
    voet = _tekst(_document(word.bijlage_docx(kleine_ronde)).sections[0].footer._element)
    assert "20 juni 2024" in voet and "35 510, nr. 99" in voet


def test_draft_carries_a_large_concept_mark_in_the_header_of_every_page(kleine_ronde):
    kleine_ronde.toestand = Rapportage.Toestand.OPEN
    kleine_ronde.save()
    document = _document(word.bijlage_docx(kleine_ronde))
    (sectie,) = document.sections  # one section: its header is on every page
    assert not sectie.different_first_page_header_footer
    assert not document.settings.odd_and_even_pages_header_footer
    kop = sectie.header.paragraphs[0]
    assert kop.text == "CONCEPT" and kop.runs[0].bold and kop.runs[0].font.size.pt >= 16
    assert document.core_properties.title.startswith("CONCEPT")


def test_extra_columns_get_their_own_cells_within_the_same_width(kleine_ronde):
    inhoud = word.bijlage_docx(kleine_ronde, ["status", "ministerie"])
    tbl = _tabel(inhoud)
    assert [_tekst(tc) for tc in _cellen(tbl.find(qn("w:tr")))] == [*KOPPEN, "Ministerie", "Status"]
    rij = _actierijen(tbl)[1]
    assert [_tekst(tc) for tc in _cellen(rij)[3:]] == ["FIN", "afgerond"]
    breedtes = [int(g.get(qn("w:w"))) for g in tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
    assert sum(breedtes) == word.TABELBREEDTE
    themarij = tbl.findall(qn("w:tr"))[1]
    assert _span(_cellen(themarij)[0]) == 5


def test_a_round_without_actions_still_makes_a_valid_document(db):
    rapportage = Rapportage(titel="Leeg", peildatum=datetime.date(2024, 1, 1))
    rapportage.save()
    document = _document(word.bijlage_docx(rapportage))
    assert document.element.body.find(qn("w:tbl")) is None
    assert "Er zijn geen acties om te tonen." in [p.text for p in document.paragraphs]


# ---------------------------------------------------------------- through LibreOffice and our importer


def _naar_pdf(docx_pad, map_):
    """The Word file as PDF, laid out by LibreOffice with a profile of its own (a user's running
    LibreOffice, or a parallel test, would otherwise hold the default profile's lock)."""
    profiel = map_ / "profiel"
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profiel.as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(map_),
            str(docx_pad),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return (map_ / docx_pad.with_suffix(".pdf").name).read_bytes()


def _normaliseer(waarde):
    if isinstance(waarde, str):
        return "\n".join(re.sub(r"\s+", " ", regel).strip() for regel in waarde.split("\n"))
    return waarde


@pytest.fixture(scope="session")
def via_libreoffice(demo_word, tmp_path_factory):
    map_ = tmp_path_factory.mktemp("word")
    pad = map_ / "bijlage.docx"
    pad.write_bytes(demo_word["docx"])
    inhoud = _naar_pdf(pad, map_)
    return {"pdf": inhoud, "gelezen": lees_bijlage(inhoud)}


def test_libreoffice_pdf_of_the_word_annex_reads_back_at_100_percent_of_fields(via_libreoffice):
    verwacht = json.loads(BIJLAGE_JSON.read_text())
    uit = naar_json(via_libreoffice["gelezen"])
    per_nummer = {a["nummer"]: a for a in uit["acties"]}
    goed, fouten = 0, []
    for actie in verwacht["acties"]:
        kreeg = per_nummer.get(actie["nummer"], {})
        for veld in sorted(set(actie) | set(kreeg)):
            if _normaliseer(kreeg.get(veld)) == _normaliseer(actie.get(veld)):
                goed += 1
            else:
                fouten.append(f"actie {actie['nummer']} {veld}: {kreeg.get(veld)!r} != {actie.get(veld)!r}")
    assert fouten == []
    assert len(uit["acties"]) == len(verwacht["acties"]) == 86
    assert goed == sum(len(a) for a in verwacht["acties"])
    assert uit["themas"] == verwacht["themas"]
    assert uit["titel"] == verwacht["titel"]
    assert next(a for a in uit["acties"] if a["nummer"] == 4)["gedeeld_met"] == 3


def _paginateksten(inhoud):
    uit = subprocess.run(["pdftotext", "-layout", "-", "-"], input=inhoud, capture_output=True, check=True)
    paginas = uit.stdout.decode().split("\f")[:-1]
    return [[re.sub(r"\s+", " ", r).strip() for r in p.splitlines() if r.strip()] for p in paginas]


def test_libreoffice_repeats_the_header_row_and_never_leaves_a_theme_alone_at_a_page_foot(
    demo_word, via_libreoffice
):
    paginas = _paginateksten(via_libreoffice["pdf"])
    assert len(paginas) <= 22
    assert all(any(r.startswith("Actie Omschrijving Stand van Zaken") for r in p[:6]) for p in paginas)
    koppen = {naam for naam, _sub in demo_word["blokken"]}
    for nummer, regels in enumerate(paginas, 1):
        # The last line is the footer; the row above it must not be a heading without its action.
        assert regels[-2] not in koppen, f"pagina {nummer} eindigt met {regels[-2]!r}"
        assert regels[-1].endswith(str(nummer)) and "35 510, nr. 60" in regels[-1]


# ---------------------------------------------------------------- stored Word file and downloads


@pytest.fixture
def download(client, django_capture_on_commit_callbacks):
    """GET a file as a visitor does, through the job's waiting page if it is not made yet."""

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


def test_closed_round_serves_a_stored_word_file_that_never_changes(
    client, download, kleine_ronde, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    url = reverse("bijlage:docx", args=[kleine_ronde.pk])
    eerste = download(url)
    assert eerste.status_code == 200 and eerste["Content-Type"] == word.DOCX_TYPE
    assert eerste["Content-Disposition"] == 'attachment; filename="bijlage-testronde.docx"'
    kleine_ronde.refresh_from_db()
    assert kleine_ronde.bijlage_docx.name.startswith("bijlagen/")
    assert kleine_ronde.history.first().history_change_reason == "Bijlage (Word) gemaakt en bewaard"
    # The Word job stores only the Word file: a round closed before there was one keeps its PDF as is.
    assert not kleine_ronde.bijlage_pdf

    voortgang = Voortgang.objects.get(actie__nummer=2)
    voortgang.tekst = "Een heel andere stand van zaken"
    voortgang.save()
    assert b"".join(client.get(url).streaming_content) == eerste.inhoud
    assert len(list(tmp_path.glob("bijlagen/*.docx"))) == 1
    assert "Loopt." in _tekst(_tabel(eerste.inhoud))


def test_closing_a_round_stores_pdf_and_word_in_the_background_job(
    open_ronde, redactie, settings, tmp_path, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    for voortgang in open_ronde.voortgang.exclude(toestand="concept", versie=1):
        tekststappen.keur_goed(voortgang, redactie)
    with django_capture_on_commit_callbacks(execute=True):
        ronde.stel_vast(open_ronde, redactie)
    job = Job.objects.get(sleutel=f"bijlage:{open_ronde.pk}")
    assert job.status == Job.Status.KLAAR
    open_ronde.refresh_from_db()
    assert (tmp_path / open_ronde.bijlage_pdf.name).read_bytes().startswith(b"%PDF-")
    gelezen = _document((tmp_path / open_ronde.bijlage_docx.name).read_bytes())
    assert "CONCEPT" not in gelezen.core_properties.title
    assert len(_actierijen(gelezen.element.body.find(qn("w:tbl")))) == 86
    redenen = [h.history_change_reason for h in open_ronde.history.all()[:2]]
    assert redenen == ["Bijlage (PDF) gemaakt en bewaard", "Bijlage (Word) gemaakt en bewaard"]


def test_a_render_overtaken_by_reopening_and_closing_again_stores_nothing(
    kleine_ronde, redactie, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    kleine_ronde.vastgesteld_op = datetime.datetime(2024, 6, 20, 12, tzinfo=datetime.UTC)
    kleine_ronde.save()
    tijdens_render = Rapportage.objects.get(pk=kleine_ronde.pk)
    # Meanwhile the round was reopened and closed again: the render of the old state must not be stored.
    ronde.heropen(kleine_ronde, redactie, "Correctie")
    ronde.stel_vast(kleine_ronde, redactie, "Correctie")
    with pytest.raises(ValueError, match="heropend"):
        opslag.bewaar_bijlage(tijdens_render, formaten=("docx",))
    kleine_ronde.refresh_from_db()
    assert not kleine_ronde.bijlage_docx and not list(tmp_path.glob("bijlagen/*"))


def test_draft_word_annex_is_for_the_redactie_only(
    client, download, kleine_ronde, rollen, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    kleine_ronde.toestand = Rapportage.Toestand.IN_REDACTIE
    kleine_ronde.save()
    # Published, so its own address keeps the publication; the draft of the correction is here.
    url = reverse("bijlage:concept_docx", args=[kleine_ronde.pk])
    gekregen = {}
    for naam, gebruiker in rollen.items():
        client.logout()
        if gebruiker:
            client.force_login(gebruiker)
        response = download(url)
        gekregen[naam] = response.status_code
        if response.status_code == 200:
            assert response["Cache-Control"] == "private, no-store"
            assert _document(response.inhoud).sections[0].header.paragraphs[0].text == "CONCEPT"
    assert gekregen == {
        "beheerder": 200,
        "redactie": 200,
        "coordinator_fin": 404,
        "coordinator_bzk": 404,
        "anoniem": 404,
    }
    kleine_ronde.refresh_from_db()
    assert not kleine_ronde.bijlage_docx


def test_word_with_extra_columns_is_made_on_demand_next_to_the_stored_file(
    download, kleine_ronde, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    response = download(reverse("bijlage:docx", args=[kleine_ronde.pk]) + "?kolommen=ministerie")
    assert response.status_code == 200 and response["Content-Type"] == word.DOCX_TYPE
    koppen = [_tekst(tc) for tc in _cellen(_tabel(response.inhoud).find(qn("w:tr")))]
    assert koppen == [*KOPPEN, "Ministerie"]
    assert list(tmp_path.glob("downloads/*.docx"))
    kleine_ronde.refresh_from_db()
    assert not kleine_ronde.bijlage_docx


# ---------------------------------------------------------------- command


def test_maak_bijlage_writes_the_stored_word_file_when_the_suffix_is_docx(kleine_ronde, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    uit = io.StringIO()
    call_command(
        "maak_bijlage", "--rapportage", str(kleine_ronde.pk), "-o", str(tmp_path / "b.DOCX"), stdout=uit
    )
    kleine_ronde.refresh_from_db()
    with kleine_ronde.bijlage_docx.open("rb") as bestand:
        assert (tmp_path / "b.DOCX").read_bytes() == bestand.read()
    assert "Bewaarde bijlage" in uit.getvalue() and "2 acties" in uit.getvalue()
    assert not kleine_ronde.bijlage_pdf  # asked for Word, so no PDF render


def test_maak_bijlage_writes_a_draft_as_word_and_refuses_other_suffixes(kleine_ronde, tmp_path):
    kleine_ronde.toestand = Rapportage.Toestand.OPEN
    kleine_ronde.save()
    call_command(
        "maak_bijlage",
        rapportage=kleine_ronde.pk,
        uitvoer=str(tmp_path / "c.docx"),
        kolommen="status",
        stdout=io.StringIO(),
    )
    document = _document((tmp_path / "c.docx").read_bytes())
    assert document.sections[0].header.paragraphs[0].text == "CONCEPT"
    assert [_tekst(tc) for tc in _cellen(document.element.body.find(qn("w:tbl")).find(qn("w:tr")))][
        -1
    ] == "Status"
    for naam in ("c.doc", "c.odt", "zonder-extensie"):
        with pytest.raises(CommandError, match="Onbekend formaat"):
            call_command("maak_bijlage", rapportage=kleine_ronde.pk, uitvoer=str(tmp_path / naam))
        assert not (tmp_path / naam).exists()
