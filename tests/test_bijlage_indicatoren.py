"""The annex can carry the indicators (?kolommen=indicatoren): under each action's status text one line per
indicator of that action, with its last measurement, the target readers look at first and the verdict in
plain words, as the round published them, in PDF, HTML and Word; our importer reads such an annex back
without taking those lines into the status text. Without the choice the annex is as before."""

import datetime
import io
from decimal import Decimal

import docx
import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx.oxml.ns import qn

from acties.models import Actie, Status
from bijlage import opmaak, samenstelling, word
from bijlage.gegevens import publicatie_in_correctie
from importeer.bijlage import lees_bijlage
from importeer.notatie import OMSCHRIJVING, STAND, Opbouw, zonder_indicatorregels
from importeer.word import lees_word
from indicatoren import beheer, query
from indicatoren.models import Doel, Indicator
from rapportage import ronde
from rapportage.models import Rapportage, Voortgang
from tests.conftest import tekst_van

INTEGRAAL = "Integrale beoordelingen afgerond"
TOETSEN = "Eerste toetsen gedaan"
BRON = "Brief van 2023 met de reflectie op de hersteloperatie"
# 30% half a year before 35%: at that pace 60,1% on 30 September 2025, short of the 100% the second
# letter promised there instead of on 31 March 2024.
REGEL_INTEGRAAL = (
    "Indicator: Integrale beoordelingen afgerond: 35% op 1 april 2023; doel 100% op 30 september 2025; "
    "achter op schema: bij dit tempo 60,1% op 30 september 2025; doel verschoven van 31 maart 2024 naar "
    "30 september 2025"
)
REGEL_TOETSEN = "Indicator: Eerste toetsen gedaan: 94% op 1 april 2023; geen doel beloofd"


def _meet(indicator, waarde, datum, redactie):
    return beheer.meet(indicator, Decimal(waarde), datum, redactie, BRON)


def _indicatoren(actie, redactie):
    """The two indicators of the demo, by the redactie: the integral assessments with two measurements and
    a target a later letter moved, and the first checks with one measurement and no target."""
    integraal = beheer.bewaar_indicator(
        Indicator(actie=actie, naam=INTEGRAAL, eenheid="%", wat_telt="Het afgeronde deel."), redactie
    )
    _meet(integraal, 30, datetime.date(2022, 10, 1), redactie)
    _meet(integraal, 35, datetime.date(2023, 4, 1), redactie)
    eerst = beheer.beloof_doel(integraal, Decimal(100), datetime.date(2024, 3, 31), redactie, "Bijlage 2021")
    beheer.verschuif_doel(eerst, Decimal(100), datetime.date(2025, 9, 30), redactie, BRON)
    toetsen = beheer.bewaar_indicator(
        Indicator(actie=actie, naam=TOETSEN, eenheid="%", wat_telt="Het getoetste deel."), redactie
    )
    _meet(toetsen, 94, datetime.date(2023, 4, 1), redactie)
    return integraal, toetsen


def _rijen(context):
    return {r.nummer: r for b in context["blokken"] for r in b.rijen}


def _regels(rapportage, publicatie=None, kolommen=("indicatoren",)):
    """{action number: its indicator lines} of the annex, of the actions that have any."""
    context = samenstelling.bijlage_context(rapportage, kolommen, publicatie)
    return {n: r.indicator_teksten for n, r in _rijen(context).items() if r.indicator_teksten}


@pytest.fixture
def actie(open_ronde):
    return tekst_van(open_ronde, "FIN").actie


# ---------------------------------------------------------------- the line


def test_the_annex_prints_a_line_per_indicator_under_the_status_text_only_when_asked(
    open_ronde, actie, redactie
):
    _indicatoren(actie, redactie)
    # By name: the first checks before the integral assessments.
    assert _regels(open_ronde) == {actie.nummer: [REGEL_TOETSEN, REGEL_INTEGRAAL]}
    assert _regels(open_ronde, kolommen=("herkomst",)) == {}
    assert _regels(open_ronde, kolommen=("Indicatoren ",)) == _regels(open_ronde)

    context = samenstelling.bijlage_context(open_ronde, ["indicatoren"])
    # No column of its own: the table keeps its three columns.
    assert context["kolommen"] == [] and context["aantal_kolommen"] == 3
    html = render_to_string(opmaak.BIJLAGE_TEMPLATE, {**context, "voor_pdf": True})
    rij = html[html.index(f'<tr id="actie-{actie.nummer}">') :]
    rij = rij[: rij.index("</tr>")]
    laatste_alinea = tekst_van(open_ronde, "FIN").tekst.splitlines()[-1]
    assert rij.index(laatste_alinea[:30]) < rij.index('<p class="indicator">Indicator: Eerste toetsen')
    assert rij.count('<p class="indicator">') == 2


def test_an_indicator_without_measurement_says_so(open_ronde, actie, redactie):
    indicator = beheer.bewaar_indicator(
        Indicator(actie=actie, naam="Ouders geholpen", eenheid="ouders", wat_telt="Geholpen ouders."),
        redactie,
    )
    beheer.beloof_doel(indicator, Decimal(62000), datetime.date(2025, 3, 31), redactie, BRON)
    (regel,) = _regels(open_ronde)[actie.nummer]
    assert regel.startswith(
        "Indicator: Ouders geholpen: nog niet gemeten; doel 62.000 ouders op 31 maart 2025; "
    )


def test_word_has_the_lines_as_paragraphs_of_the_status_cell(open_ronde, actie, redactie):
    _indicatoren(actie, redactie)
    context = samenstelling.bijlage_context(open_ronde, ["indicatoren"])
    tabel = docx.Document(io.BytesIO(word.render_to_docx(context))).element.body.find(qn("w:tbl"))
    for tr in tabel.findall(qn("w:tr")):
        cellen = tr.findall(qn("w:tc"))
        if "".join(t.text for t in cellen[0].iter(qn("w:t"))) == f"{actie.nummer}.":
            alineas = ["".join(t.text for t in p.iter(qn("w:t"))) for p in cellen[2].findall(qn("w:p"))]
    assert alineas[-2:] == [REGEL_TOETSEN, REGEL_INTEGRAAL]
    assert alineas[:-2] == tekst_van(open_ronde, "FIN").tekst.splitlines()


# ---------------------------------------------------------------- as published


def test_a_draft_shows_its_own_rounds_measurements_a_closed_round_what_it_published(
    open_ronde, actie, redactie
):
    integraal, _toetsen = _indicatoren(actie, redactie)
    # Entered while the round runs: not public yet, but in the draft that closing will publish.
    assert query.bij_actie(actie, timezone.localdate())[0].metingen == []
    vorige = Rapportage.objects.get(titel="Stand van zaken juni 2021")
    assert _regels(vorige) == {}
    ronde.stel_vast(open_ronde, redactie)
    open_ronde.refresh_from_db()
    gepubliceerd = _regels(open_ronde)
    assert gepubliceerd == {actie.nummer: [REGEL_TOETSEN, REGEL_INTEGRAAL]}

    # Later figures, public at once, and a target moved again, are no part of the published annex.
    _meet(integraal, 60, datetime.date(2023, 10, 1), redactie)
    laatste = Doel.objects.get(indicator=integraal, vervangt__isnull=False)
    beheer.verschuif_doel(laatste, Decimal(100), datetime.date(2027, 6, 30), redactie, BRON)
    assert query.bij_actie(actie, timezone.localdate())[1].laatste_meting == "60%"
    assert _regels(open_ronde) == gepubliceerd
    assert _regels(vorige) == {}


def test_a_round_being_corrected_publishes_its_figures_until_the_correction_is_published(
    open_ronde, actie, redactie
):
    integraal, _toetsen = _indicatoren(actie, redactie)
    ronde.stel_vast(open_ronde, redactie)
    ronde.heropen(open_ronde, redactie, "Een getal ontbrak")
    open_ronde.refresh_from_db()
    _meet(integraal, 60, datetime.date(2023, 10, 1), redactie)
    publicatie = publicatie_in_correctie(open_ronde)
    assert _regels(open_ronde, publicatie) == {actie.nummer: [REGEL_TOETSEN, REGEL_INTEGRAAL]}
    (_toets, correctie) = _regels(open_ronde)[actie.nummer]
    assert correctie.startswith(f"Indicator: {INTEGRAAL}: 60% op 1 oktober 2023; doel 100% op 30 september")


# ---------------------------------------------------------------- a shared status cell


def _kleine_ronde(redactie, indicatoren=True):
    """A closed round of actions 1 to 5 whose texts have two paragraphs, action 5 sharing the text of 4;
    actions 2, 4 and 5 with indicators, measured before it was published."""
    rapportage = Rapportage.objects.create(
        titel="Stand van zaken juni 2022",
        peildatum=datetime.date(2022, 6, 1),
        toestand=Rapportage.Toestand.OPEN,
    )
    teksten = {}
    for nummer in range(1, 6):
        teksten[nummer] = Voortgang.objects.create(
            actie=Actie.objects.get(nummer=nummer),
            rapportage=rapportage,
            tekst=f"Actie {nummer} loopt volgens plan.\nIndicator van de voortgang: de brief van mei.",
            status=Status.IN_UITVOERING,
            toestand=Voortgang.Toestand.GOEDGEKEURD,
            gedeeld_met=teksten.get(4) if nummer == 5 else None,
        )
    if indicatoren:
        for nummer in (2, 4, 5):
            _indicatoren(Actie.objects.get(nummer=nummer), redactie)
    ronde.publiceer_gegenereerd([rapportage], [timezone.now()])
    rapportage.refresh_from_db()
    return rapportage


def test_a_shared_status_cell_names_the_action_of_each_line(demodata, redactie):
    rapportage = _kleine_ronde(redactie)
    rijen = _rijen(samenstelling.bijlage_context(rapportage, ["indicatoren"]))
    assert rijen[5].rijen == 0
    assert rijen[4].indicator_teksten == [
        REGEL_TOETSEN.replace("Indicator:", "Indicator (actie 4):"),
        REGEL_INTEGRAAL.replace("Indicator:", "Indicator (actie 4):"),
        REGEL_TOETSEN.replace("Indicator:", "Indicator (actie 5):"),
        REGEL_INTEGRAAL.replace("Indicator:", "Indicator (actie 5):"),
    ]
    assert rijen[2].indicator_teksten == [REGEL_TOETSEN, REGEL_INTEGRAAL]


# ---------------------------------------------------------------- read back by our importer


@pytest.mark.parametrize("formaat", ["pdf", "word"])
def test_our_importer_reads_the_annex_back_without_the_indicator_lines(demodata, redactie, formaat):
    rapportage = _kleine_ronde(redactie)
    met = samenstelling.bijlage_context(rapportage, ["indicatoren"])
    zonder = samenstelling.bijlage_context(rapportage)
    if formaat == "pdf":
        gelezen, zonder_regels = (
            lees_bijlage(opmaak.render_to_pdf(opmaak.BIJLAGE_TEMPLATE, c)[1]) for c in (met, zonder)
        )
    else:
        gelezen, zonder_regels = (lees_word(word.render_to_docx(c)) for c in (met, zonder))
    standen = {a.nummer: a.stand_van_zaken for a in gelezen.acties}
    assert standen == {a.nummer: a.stand_van_zaken for a in zonder_regels.acties}
    # The text's own paragraph that starts with "Indicator" stays.
    assert standen[2] == "Actie 2 loopt volgens plan.\nIndicator van de voortgang: de brief van mei."
    assert {a.nummer: a.gedeeld_met for a in gelezen.acties if a.gedeeld_met} == {5: 4}
    overgeslagen = (
        "indicatorregel(s) onder de stand van zaken overgeslagen; de cijfers staan bij de indicatoren"
    )
    assert [w for w in gelezen.waarschuwingen if "indicatorregel" in w] == [
        f"actie 2: 2 {overgeslagen}",
        f"actie 4: 4 {overgeslagen}",
        f"actie 5: 4 {overgeslagen}",
    ]


def test_the_importer_leaves_a_paragraph_of_the_text_that_only_looks_like_an_indicator_line():
    tekst = "Indicator: zie de vorige brief.\nDe stand is ongewijzigd.\nIndicator (actie 3): 5 ouders"
    assert zonder_indicatorregels(tekst) == ("Indicator: zie de vorige brief.\nDe stand is ongewijzigd.", 1)
    opbouw = Opbouw([])
    opbouw.thema("HERSTELOPERATIE")
    opbouw.actie(3, {OMSCHRIJVING: "Brief", STAND: "Indicator: 35% op 1 april 2023"}, None)
    assert opbouw.acties[0].stand_van_zaken == ""


# ---------------------------------------------------------------- queries and the address


def _queries(rapportage):
    with CaptureQueriesContext(connection) as queries:
        samenstelling.bijlage_context(rapportage, ["indicatoren"])
    return len(queries)


@pytest.mark.parametrize("vastgesteld", [False, True], ids=["concept", "vastgesteld"])
def test_the_indicator_lines_take_the_same_queries_for_a_few_and_for_many_actions(
    open_ronde, actie, redactie, vastgesteld
):
    _indicatoren(actie, redactie)
    if vastgesteld:
        ronde.stel_vast(open_ronde, redactie)
        open_ronde.refresh_from_db()
    _queries(open_ronde)  # caches that fill once per process
    with CaptureQueriesContext(connection) as zonder:
        samenstelling.bijlage_context(open_ronde)
    weinig = _queries(open_ronde)
    if vastgesteld:
        ronde.heropen(open_ronde, redactie, "Meer cijfers")
    for andere in Actie.objects.exclude(pk=actie.pk).order_by("nummer")[:40]:
        _indicatoren(andere, redactie)
    if vastgesteld:
        ronde.stel_vast(open_ronde, redactie, "Meer cijfers")
        open_ronde.refresh_from_db()
        assert open_ronde.is_vastgesteld
    assert len(_regels(open_ronde)) == 41
    assert _queries(open_ronde) == weinig
    # Indicators, targets and measurements: three queries for all of them.
    assert weinig - len(zonder) == 3


def test_the_annex_page_keeps_the_choice_in_its_pdf_address(demodata, redactie):
    rapportage = _kleine_ronde(redactie)
    pagina = Client().get(reverse("bijlage:html", args=[rapportage.pk]) + "?kolommen=indicatoren")
    html = pagina.content.decode()
    assert pagina.status_code == 200
    assert f'href="{reverse("bijlage:pdf", args=[rapportage.pk])}?kolommen=indicatoren"' in html
    # Two for action 2; four in the cell actions 4 and 5 share.
    assert html.count('<p class="indicator">') == 2 + 4
    assert (
        '<p class="indicator">'
        not in Client().get(reverse("bijlage:html", args=[rapportage.pk])).content.decode()
    )
