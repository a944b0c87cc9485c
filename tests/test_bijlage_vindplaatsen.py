"""Vindplaatsen (evidence) as a column of the annex, chosen per round: absent by default, in the PDF (as
links) and in Word when chosen, only the evidence that belongs to the round, read back by our importer,
switched on by the redactie on the round's details page, at the same number of queries for any number
of actions."""

import datetime
import io
import json
import re
import zipfile

import docx
import pdfplumber
import pytest
from django.db import transaction
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx.oxml.ns import qn

from acties.models import Actie, Status, Thema
from bijlage import opmaak, samenstelling, word
from importeer.bijlage import lees_bijlage
from importeer.formaat import uit_json
from importeer.laden import laad_bijlage
from importeer.management.commands.demo import wijs_demo_ministeries_toe
from importeer.word import lees_word
from lib.vindplaats import kamerstuk_aanhaling, kamerstuk_url
from rapportage.models import Rapportage, Vindplaats, Voortgang

from .conftest import BIJLAGE_JSON, zorg_voor_migratiedata

KOPPEN = ["Actie", "Omschrijving", "Stand van Zaken"]
HARDE_SPATIE = "\u00a0"
DOCUMENT = "https://www.rijksoverheid.nl/documenten/kamerstukken/2021/06/29/voortgangsbrief-hersteloperatie"


def _zonder_witruimte(tekst):
    # Wrapped lines, no-break spaces and line breaks differ per reader; the characters must not.
    return re.sub(r"\s+", "", tekst)


def _bronnen(context):
    """{action number: [the lines of each of its vindplaatsen]} of an annex context, no-break spaces as
    spaces."""
    return {
        r.nummer: [[regel.replace(HARDE_SPATIE, " ") for regel in b.regels] for b in r.vindplaatsen]
        for b in context["blokken"]
        for r in b.rijen
    }


def _kolommen(context):
    return [naam for naam, _kop in context["kolommen"]]


# ---------------------------------------------------------------- the demo annex with the column


def _demo_bewijs(rapportage):
    """Evidence on many actions of the demo round: a Kamerstuk on every even action, a document with a
    long address on the text of every third, and both on actions 3 and 4, which share one status text."""
    # The demo round is published: its evidence is public (as the publication step would have made it).
    verwacht, nu = {}, timezone.now()
    for v in Voortgang.objects.filter(rapportage=rapportage).select_related("actie"):
        nummer, regels = v.actie.nummer, []
        if nummer % 2 == 0 or nummer in (3, 4):
            Vindplaats.objects.create(
                actie=v.actie, kamerstuk=f"35510-{nummer}", titel=f"Brief {nummer}", gepubliceerd_op=nu
            )
            regels.append(([f"Kamerstuk 35 510, nr. {nummer}"], kamerstuk_url(f"35510-{nummer}")))
        if nummer % 3 == 0 or nummer in (3, 4):
            adres = f"{DOCUMENT}-over-de-stand-van-zaken-bij-actie-{nummer}"
            Vindplaats.objects.create(
                actie=v.actie, voortgang=v, url=adres, titel=f"Voortgangsbrief {nummer}", gepubliceerd_op=nu
            )
            regels.append(([f"Voortgangsbrief {nummer}", adres], adres))
        verwacht[nummer] = regels
    return verwacht


@pytest.fixture(scope="session")  # pytest-django runs this module's db tests apart from the others
def demo(django_db_setup, django_db_blocker):
    """The demo annex with the column, as PDF and as Word, rendered and read back once; and its HTML and
    Word without the choice. The data is rolled back afterwards, so other tests never see it."""
    with django_db_blocker.unblock(), transaction.atomic():
        zorg_voor_migratiedata()
        laad_bijlage(
            uit_json(json.loads(BIJLAGE_JSON.read_text())),
            rapportage_titel="Stand van zaken juni 2021",
            kamerstuk="35 510, nr. 60",
            reden="Testdata",
        )
        wijs_demo_ministeries_toe()
        rapportage = Rapportage.objects.get()
        verwacht = _demo_bewijs(rapportage)
        zonder = samenstelling.bijlage_context(rapportage)
        html_zonder = render_to_string(opmaak.BIJLAGE_TEMPLATE, {**zonder, "voor_pdf": True})
        docx_zonder = word.render_to_docx(zonder)
        # Closed after the evidence was added, as a round run in pokvolg is; the choice is the round's.
        Rapportage.objects.update(vastgesteld_op=timezone.now(), bijlage_met_vindplaatsen=True)
        rapportage.refresh_from_db()
        context = samenstelling.bijlage_context(rapportage)
        _html, inhoud = opmaak.render_to_pdf(opmaak.BIJLAGE_TEMPLATE, context)
        docx_met = word.render_to_docx(context)
        volgorde = [r.nummer for b in context["blokken"] for r in b.rijen]
        transaction.set_rollback(True)
    return {
        "pdf": inhoud,
        "docx": docx_met,
        "gelezen_pdf": lees_bijlage(inhoud),
        "gelezen_word": lees_word(docx_met),
        "verwacht": verwacht,
        "volgorde": volgorde,
        "bronnen": _bronnen(context),
        "kolommen": _kolommen(context),
        "zonder": {"kolommen": _kolommen(zonder), "bronnen": _bronnen(zonder)},
        "html_zonder": html_zonder,
        "docx_zonder": docx_zonder,
    }


def test_annex_without_the_choice_has_no_vindplaatsen_column(demo):
    assert demo["zonder"]["kolommen"] == []
    assert not any(demo["zonder"]["bronnen"].values())
    html = demo["html_zonder"]
    assert html.count('scope="col"') == 3 and "Vindplaatsen" not in html and "kol-vindplaatsen" not in html
    assert "zoek.officielebekendmakingen.nl" not in html
    kop = docx.Document(io.BytesIO(demo["docx_zonder"])).element.body.find(qn("w:tbl")).find(qn("w:tr"))
    assert [_tekst(tc) for tc in kop.findall(qn("w:tc"))] == KOPPEN


def test_annex_with_vindplaatsen_lists_the_evidence_of_each_action(demo):
    assert demo["kolommen"] == [samenstelling.VINDPLAATSEN]
    assert demo["bronnen"] == {n: [regels for regels, _adres in b] for n, b in demo["verwacht"].items()}
    # The demo round has every action; most have evidence, a few none.
    assert sum(1 for b in demo["bronnen"].values() if b) > 50 and not all(demo["bronnen"].values())


# ---------------------------------------------------------------- PDF


def _pdf_paginas(inhoud):
    """Per page: its words, its vertical rules as (x, top, bottom), the x of each column rule (rules of
    the rows, one pt apart at most, taken together), its links and its size."""
    paginas = []
    with pdfplumber.open(io.BytesIO(inhoud)) as document:
        for p in document.pages:
            regels = [
                ((r["x0"] + r["x1"]) / 2, r["top"], r["bottom"])
                for r in [*p.lines, *p.rects]
                if r["x1"] - r["x0"] < 1 and r["bottom"] - r["top"] > 1
            ]
            kolomgrenzen = []
            for x in sorted(x for x, _top, _bottom in regels):
                if not kolomgrenzen or x - kolomgrenzen[-1] > 1:
                    kolomgrenzen.append(x)
            paginas.append(
                {
                    "woorden": p.extract_words(),
                    "regels": regels,
                    "kolomgrenzen": kolomgrenzen,
                    "onderkant": max(bottom for _x, _top, bottom in regels),
                    "links": [h["uri"] for h in p.hyperlinks],
                    "maat": (round(p.width), round(p.height)),
                }
            )
    return paginas


def _kopregel(pagina):
    kop = next(w for w in pagina["woorden"] if w["text"] == "Omschrijving")
    return [w for w in pagina["woorden"] if abs(w["top"] - kop["top"]) < 1]


def test_pdf_has_a_fourth_column_vindplaatsen_with_each_actions_evidence_in_order(demo):
    kolomtekst = []
    for nummer, pagina in enumerate(_pdf_paginas(demo["pdf"]), 1):
        kop = _kopregel(pagina)
        assert [w["text"] for w in kop] == [*" ".join(KOPPEN).split(), "Vindplaatsen"], f"pagina {nummer}"
        # The column is the last: from the rule left of its header to the table's right edge.
        grens = max(x for x in pagina["kolomgrenzen"] if x < kop[-1]["x0"])
        woorden = [
            w
            for w in pagina["woorden"]
            if w["x0"] > grens and kop[-1]["bottom"] < w["top"] < pagina["onderkant"]
        ]
        kolomtekst += [w["text"] for w in sorted(woorden, key=lambda w: (w["top"], w["x0"]))]
    verwacht = [regel for n in demo["volgorde"] for regels, _adres in demo["verwacht"][n] for regel in regels]
    assert _zonder_witruimte("".join(kolomtekst)) == _zonder_witruimte("".join(verwacht))


def test_pdf_links_each_vindplaats_to_its_document(demo):
    links = [uri for pagina in _pdf_paginas(demo["pdf"]) for uri in pagina["links"]]
    assert set(links) == {adres for b in demo["verwacht"].values() for _regels, adres in b}
    assert len(links) >= sum(len(b) for b in demo["verwacht"].values())


def test_pdf_columns_still_fit_a4_landscape_and_long_addresses_stay_in_their_cell(demo):
    for nummer, pagina in enumerate(_pdf_paginas(demo["pdf"]), 1):
        assert pagina["maat"] == (842, 595)
        grenzen = pagina["kolomgrenzen"]
        # Five rules, the outer two on the page body's 42.5 pt margins, as the table without the column.
        assert len(grenzen) == 5 and abs(grenzen[0] - 42.5) < 1 and abs(grenzen[-1] - 799.5) < 1, nummer
        for w in pagina["woorden"]:
            gekruist = [
                x
                for x, top, bottom in pagina["regels"]
                if w["x0"] + 0.5 < x < w["x1"] - 0.5 and top < w["bottom"] and bottom > w["top"]
            ]
            assert not gekruist, (nummer, w["text"])


def test_importer_reads_the_pdf_with_the_column_back_to_its_source(demo, bijlage_data):
    assert _verschillen(uit_json(bijlage_data), demo["gelezen_pdf"]) == []
    # The column is ignored, as any column the importer does not know; it warns of nothing.
    assert not any("vindplaats" in w.lower() for w in demo["gelezen_pdf"].waarschuwingen)


# ---------------------------------------------------------------- Word


def _tekst(element):
    """The paragraphs of a cell, one line each; a line break inside a paragraph as a space."""
    regels = []
    for p in element.iter(qn("w:p")):
        delen = [(t.text or "") if t.tag == qn("w:t") else " " for t in p.iter(qn("w:t"), qn("w:br"))]
        regels.append("".join(delen))
    return "\n".join(regels)


def _actierijen(tbl):
    rijen = {}
    for tr in tbl.findall(qn("w:tr")):
        cellen = tr.findall(qn("w:tc"))
        if len(cellen) > 1 and re.fullmatch(r"\d+\.", _tekst(cellen[0])):
            rijen[int(_tekst(cellen[0])[:-1])] = cellen
    return rijen


def _vmerge(tc):
    merge = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    return None if merge is None else (merge.get(qn("w:val")) or "continue")


def test_word_has_the_column_with_one_paragraph_per_vindplaats(demo):
    tbl = docx.Document(io.BytesIO(demo["docx"])).element.body.find(qn("w:tbl"))
    kop = tbl.find(qn("w:tr")).findall(qn("w:tc"))
    assert [_tekst(tc) for tc in kop] == [*KOPPEN, "Vindplaatsen"]
    rijen = _actierijen(tbl)
    assert sorted(rijen) == sorted(demo["verwacht"])
    for nummer, bronnen in demo["verwacht"].items():
        cel = rijen[nummer][3]
        verwacht = "\n".join(" ".join(regels) for regels, _adres in bronnen)
        assert _tekst(cel).replace(HARDE_SPATIE, " ") == verwacht, nummer


def test_word_columns_fill_the_page_and_the_shared_status_cell_stays_merged(demo):
    tbl = docx.Document(io.BytesIO(demo["docx"])).element.body.find(qn("w:tbl"))
    breedtes = [int(g.get(qn("w:w"))) for g in tbl.find(qn("w:tblGrid")).findall(qn("w:gridCol"))]
    assert sum(breedtes) == word.TABELBREEDTE and breedtes == word.kolombreedtes(
        [(samenstelling.VINDPLAATSEN, "")]
    )
    assert breedtes[:2] == word.kolombreedtes([])[:2] and breedtes[2] > breedtes[3]
    rijen = _actierijen(tbl)
    assert [_vmerge(tc) for tc in rijen[3]] == [None, None, "restart", None]
    assert [_vmerge(tc) for tc in rijen[4]] == [None, None, "continue", None]
    # Each action keeps its own evidence beside the shared text.
    assert "35 510, nr. 3" in _tekst(rijen[3][3]).replace(HARDE_SPATIE, " ")
    assert "35 510, nr. 4" in _tekst(rijen[4][3]).replace(HARDE_SPATIE, " ")
    themarijen = [tr for tr in tbl.findall(qn("w:tr"))[1:] if len(tr.findall(qn("w:tc"))) == 1]
    span = f"{qn('w:tcPr')}/{qn('w:gridSpan')}"
    assert {int(tr.find(qn("w:tc")).find(span).get(qn("w:val"))) for tr in themarijen} == {4}


def test_word_with_the_column_links_to_nothing_outside_the_file(demo):
    with zipfile.ZipFile(io.BytesIO(demo["docx"])) as pakket:
        relaties = "".join(pakket.read(n).decode() for n in pakket.namelist() if n.endswith(".rels"))
    assert 'TargetMode="External"' not in relaties


def test_importer_reads_the_word_annex_with_the_column_back_to_its_source(demo, bijlage_data):
    assert _verschillen(uit_json(bijlage_data), demo["gelezen_word"]) == []


def _velden(actie):
    return (
        actie.thema,
        actie.subthema,
        actie.omschrijving,
        actie.stand_van_zaken,
        [(m.nummer, m.indieners, m.deel) for m in actie.moties],
        actie.gedeeld_met,
    )


def _verschillen(bron, gelezen):
    """Every action read otherwise than its source, as readable lines."""
    per_nummer = {a.nummer: _velden(a) for a in gelezen.acties}
    fouten = [
        f"actie {a.nummer}: {per_nummer.get(a.nummer)!r}"
        for a in bron.acties
        if per_nummer.get(a.nummer) != _velden(a)
    ]
    if len(gelezen.acties) != len(bron.acties):
        fouten.append(f"{len(gelezen.acties)} acties gelezen, {len(bron.acties)} verwacht")
    if [t.naam for t in gelezen.themas] != [t.naam for t in bron.themas]:
        fouten.append(f"thema's: {[t.naam for t in gelezen.themas]}")
    return fouten


# ---------------------------------------------------------------- which evidence belongs to a round


@pytest.fixture
def rondes(db):
    """Three actions (3 shares the text of 2) in an earlier closed round, a closed round that chose the
    column, and the round that runs now; evidence on the action and on the texts of each round."""
    thema = Thema.objects.create(naam="HERSTEL", volgorde=0)
    acties = {n: Actie.objects.create(nummer=n, omschrijving=f"Actie {n}", thema=thema) for n in (1, 2, 3)}
    toen = timezone.now() - datetime.timedelta(days=30)
    eerder, gesloten, lopend = (
        Rapportage.objects.create(
            titel=titel, peildatum=peildatum, toestand=toestand, bijlage_met_vindplaatsen=True
        )
        for titel, peildatum, toestand in [
            ("Juni", datetime.date(2021, 6, 1), Rapportage.Toestand.VASTGESTELD),
            ("December", datetime.date(2021, 12, 1), Rapportage.Toestand.VASTGESTELD),
            ("Juni 2022", datetime.date(2022, 6, 1), Rapportage.Toestand.OPEN),
        ]
    )
    teksten = {}
    for rapportage in (eerder, gesloten, lopend):
        for n, actie in acties.items():
            teksten[rapportage.titel, n] = Voortgang.objects.create(
                actie=actie,
                rapportage=rapportage,
                tekst=f"Stand {n} in {rapportage.titel}.",
                status=Status.IN_UITVOERING,
                gedeeld_met=teksten.get((rapportage.titel, 2)) if n == 3 else None,
            )

    def bewijs(n, kamerstuk="", url="", tekst=None):
        # Public once its round was published; a text of the running round's waits for it.
        lopende_tekst = tekst is not None and tekst[0] == "Juni 2022"
        return Vindplaats.objects.create(
            actie=acties[n],
            voortgang=teksten.get(tekst),
            kamerstuk=kamerstuk,
            url=url,
            titel="Brief",
            gepubliceerd_op=None if lopende_tekst else timezone.now(),
        )

    bewijs(1, kamerstuk="35510-60")  # of the action: in every round's annex
    bewijs(1, kamerstuk="35510-50", tekst=("Juni", 1))  # the earlier round's text
    bewijs(2, url=DOCUMENT, tekst=("December", 2))
    bewijs(3, kamerstuk="36200-VII-5", tekst=("December", 3))
    bewijs(1, kamerstuk="35510-61", tekst=("December", 1))
    bewijs(1, kamerstuk="35510-70", tekst=("Juni 2022", 1))  # a draft text's, not yet public
    bewijs(1, kamerstuk="35510-60", tekst=("Juni 2022", 1))  # the same as the action's own
    bewijs(2, kamerstuk="35510-71", tekst=("Juni 2022", 2))
    # Closed after all of it, as stel_vast would have; the earlier round long before.
    Rapportage.objects.filter(pk=eerder.pk).update(vastgesteld_op=toen)
    Rapportage.objects.filter(pk=gesloten.pk).update(vastgesteld_op=timezone.now())
    Voortgang.objects.filter(rapportage=eerder).update(gewijzigd_op=toen)
    return {r.titel: Rapportage.objects.get(pk=r.pk) for r in (eerder, gesloten, lopend)} | {"acties": acties}


def _kort(bronnen):
    return {n: [" ".join(regels) for regels in b] for n, b in bronnen.items()}


def test_a_closed_rounds_annex_lists_the_actions_own_evidence_and_its_texts_in_that_round_only(rondes):
    assert _kort(_bronnen(samenstelling.bijlage_context(rondes["December"]))) == {
        1: ["Kamerstuk 35 510, nr. 60", "Kamerstuk 35 510, nr. 61"],
        2: [f"Brief {DOCUMENT}"],
        3: ["Kamerstuk 36 200 VII, nr. 5"],
    }


def test_an_earlier_rounds_annex_shows_neither_later_nor_draft_evidence(rondes):
    # Action 1's own Kamerstuk was added after June was closed: it was no part of that annex either.
    assert _kort(_bronnen(samenstelling.bijlage_context(rondes["Juni"]))) == {
        1: ["Kamerstuk 35 510, nr. 50"],
        2: [],
        3: [],
    }


def test_the_draft_annex_shows_its_own_texts_evidence_as_closing_will_publish_it(rondes):
    # Action 1's own Kamerstuk is on its draft text as well: listed once.
    assert _kort(_bronnen(samenstelling.bijlage_context(rondes["Juni 2022"]))) == {
        1: ["Kamerstuk 35 510, nr. 60", "Kamerstuk 35 510, nr. 70"],
        2: ["Kamerstuk 35 510, nr. 71"],
        3: [],
    }


def test_the_public_html_version_never_shows_draft_evidence(client, rondes):
    html = client.get(reverse("bijlage:html", args=[rondes["December"].pk])).content.decode()
    assert "kst-35510-61.html" in html and f'href="{DOCUMENT}"' in html
    assert "kst-35510-70" not in html and "kst-35510-50" not in html
    assert client.get(reverse("bijlage:html", args=[rondes["Juni 2022"].pk])).status_code == 404


def test_evidence_added_to_an_action_after_closing_is_not_in_that_rounds_annex(rondes):
    Vindplaats.objects.create(actie=rondes["acties"][2], kamerstuk="35510-99", titel="Later")
    assert (
        "Kamerstuk 35 510, nr. 99"
        not in _kort(_bronnen(samenstelling.bijlage_context(rondes["December"])))[2]
    )
    assert (
        "Kamerstuk 35 510, nr. 99" in _kort(_bronnen(samenstelling.bijlage_context(rondes["Juni 2022"])))[2]
    )


def test_an_address_that_is_not_https_is_printed_but_never_a_link(client, rondes):
    Vindplaats.objects.create(
        actie=rondes["acties"][3], url="javascript:alert(1)", titel="Onveilig", gepubliceerd_op=timezone.now()
    )
    Rapportage.objects.filter(pk=rondes["December"].pk).update(vastgesteld_op=timezone.now())
    html = client.get(reverse("bijlage:html", args=[rondes["December"].pk])).content.decode()
    assert "Onveilig<br>javascript:alert(1)" in html and 'href="javascript' not in html


def test_without_the_choice_no_evidence_is_gathered_or_shown(rondes):
    rapportage = rondes["December"]
    rapportage.bijlage_met_vindplaatsen = False
    with CaptureQueriesContext(transaction.get_connection()) as zonder:
        context = samenstelling.bijlage_context(rapportage)
    assert _kolommen(context) == [] and not any(_bronnen(context).values())
    assert not any("vindplaats" in q["sql"] for q in zonder.captured_queries)
    assert "Vindplaatsen" not in opmaak.render_zelfstandige_html(opmaak.BIJLAGE_TEMPLATE, context)


@pytest.mark.parametrize(
    "kamerstuk, aanhaling",
    [
        ("35510-60", "Kamerstuk 35 510, nr. 60"),
        ("36200-VII-5", "Kamerstuk 36 200 VII, nr. 5"),
        ("35261-B", "Kamerstuk 35 261, B"),
        ("onleesbaar", "Kamerstuk onleesbaar"),
    ],
)
def test_kamerstukken_are_cited_as_the_kamer_cites_them(kamerstuk, aanhaling):
    gedrukt = kamerstuk_aanhaling(kamerstuk)
    assert gedrukt.replace(HARDE_SPATIE, " ") == aanhaling
    # A line may break after "Kamerstuk" and after the comma, never inside the dossier or the number.
    assert gedrukt.count(" ") == min(2, aanhaling.count(" "))


def test_the_column_comes_before_the_columns_a_reader_asks_for(rondes):
    context = samenstelling.bijlage_context(rondes["December"], ["status", "ministerie"])
    assert _kolommen(context) == [samenstelling.VINDPLAATSEN, "ministerie", "status"]
    assert context["aantal_kolommen"] == 6
    breedtes = word.kolombreedtes(context["kolommen"])
    assert sum(breedtes) == word.TABELBREEDTE and min(breedtes) > 0


# ---------------------------------------------------------------- the redactie's choice


@pytest.fixture
def lopende_ronde(db):
    return Rapportage.objects.create(
        titel="Stand van zaken december 2021",
        peildatum=datetime.date(2021, 12, 1),
        deadline=datetime.date(2021, 11, 20),
    )


def _gegevens(ronde, **extra):
    return {
        "kamerstuk": "35 510, nr. 70",
        "briefdatum": "2021-12-15",
        "deadline": ronde.deadline.isoformat(),
        "bijlage_titel": "",
        "inleiding": "",
        **extra,
    }


def test_the_round_details_page_offers_the_choice_as_a_labelled_checkbox(client, redactie, lopende_ronde):
    client.force_login(redactie)
    html = client.get(reverse("werk:ronde_gegevens", args=[lopende_ronde.pk])).content.decode()
    invoer = re.search(r"<input[^>]*name=\"bijlage_met_vindplaatsen\"[^>]*>", html)
    assert invoer and 'type="checkbox"' in invoer[0] and "utrecht-checkbox" in invoer[0]
    assert 'id="id_bijlage_met_vindplaatsen"' in invoer[0] and "checked" not in invoer[0]
    assert re.search(r'<label class="utrecht-form-label[^"]*" for="id_bijlage_met_vindplaatsen">', html)


def test_redactie_switches_the_column_on_and_off_on_the_round_details_page(client, redactie, lopende_ronde):
    client.force_login(redactie)
    url = reverse("werk:ronde_gegevens", args=[lopende_ronde.pk])
    response = client.post(url, _gegevens(lopende_ronde, bijlage_met_vindplaatsen="on"))
    assert response.status_code == 302
    lopende_ronde.refresh_from_db()
    assert lopende_ronde.bijlage_met_vindplaatsen
    assert _kolommen(samenstelling.bijlage_context(lopende_ronde)) == [samenstelling.VINDPLAATSEN]
    laatste = lopende_ronde.history.first()
    assert laatste.bijlage_met_vindplaatsen and laatste.history_user == redactie
    assert laatste.history_change_reason == "Gegevens van de ronde gewijzigd door redactie"
    assert (
        "checked"
        in re.search(r"<input[^>]*bijlage_met_vindplaatsen[^>]*>", client.get(url).content.decode())[0]
    )

    client.post(url, _gegevens(lopende_ronde))  # an unticked checkbox is not sent
    lopende_ronde.refresh_from_db()
    assert not lopende_ronde.bijlage_met_vindplaatsen


def test_a_coordinator_cannot_switch_the_column_on(client, coordinator_fin, lopende_ronde):
    client.force_login(coordinator_fin)
    url = reverse("werk:ronde_gegevens", args=[lopende_ronde.pk])
    response = client.post(url, _gegevens(lopende_ronde, bijlage_met_vindplaatsen="on"))
    assert response.status_code == 403
    lopende_ronde.refresh_from_db()
    assert not lopende_ronde.bijlage_met_vindplaatsen and lopende_ronde.kamerstuk == ""


def test_a_closed_round_keeps_the_choice_it_was_published_with(client, redactie, lopende_ronde):
    Rapportage.objects.filter(pk=lopende_ronde.pk).update(toestand=Rapportage.Toestand.VASTGESTELD)
    client.force_login(redactie)
    url = reverse("werk:ronde_gegevens", args=[lopende_ronde.pk])
    assert client.post(url, _gegevens(lopende_ronde, bijlage_met_vindplaatsen="on")).status_code == 403
    lopende_ronde.refresh_from_db()
    assert not lopende_ronde.bijlage_met_vindplaatsen


# ---------------------------------------------------------------- queries


def test_annex_with_vindplaatsen_takes_the_same_queries_for_more_actions(demodata):
    rapportage = Rapportage.objects.get()

    def tel():
        Rapportage.objects.filter(pk=rapportage.pk).update(vastgesteld_op=timezone.now())
        rapportage.refresh_from_db()
        with CaptureQueriesContext(transaction.get_connection()) as vragen:
            context = samenstelling.bijlage_context(rapportage, ["ministerie", "status"])
        return len(vragen.captured_queries), context

    Rapportage.objects.filter(pk=rapportage.pk).update(bijlage_met_vindplaatsen=True)
    # Published evidence, as the round's publication makes it.
    nu = timezone.now()
    Vindplaats.objects.create(
        actie=Actie.objects.get(nummer=1), kamerstuk="35510-60", titel="Brief", gepubliceerd_op=nu
    )
    weinig, _context = tel()
    thema = Thema.objects.get(naam="OVERIG")
    for nummer in range(100, 150):
        actie = Actie.objects.create(nummer=nummer, omschrijving=f"Extra actie {nummer}", thema=thema)
        tekst = Voortgang.objects.create(
            actie=actie, rapportage=rapportage, tekst="Tekst.", status=Status.DOORLOPEND
        )
        Vindplaats.objects.create(actie=actie, kamerstuk=f"35510-{nummer}", titel="Brief", gepubliceerd_op=nu)
        Vindplaats.objects.create(
            actie=actie, voortgang=tekst, url=f"{DOCUMENT}-{nummer}", titel="Brief", gepubliceerd_op=nu
        )
    veel, context = tel()
    assert veel == weinig <= 7
    assert sum(len(r.vindplaatsen) for b in context["blokken"] for r in b.rijen) == 1 + 2 * 50
