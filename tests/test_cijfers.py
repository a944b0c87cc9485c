"""Figures over time at /cijfers/: every inline SVG shows the numbers of the table beside it, the numbers
are those of the data, the page takes the same queries for more data, and it passes axe."""

import datetime
from importlib import import_module

import lxml.html
import pytest
from django.apps import apps

from acties.models import Actie, ActieMinisterie, Rol, Status, Thema
from rapportage.models import Rapportage
from tests import test_publiek_lijst as lijst
from tests.test_publiek_lijst import voeg_ronde_toe

veel_data = lijst.veel_data


def pagina(client):
    response = client.get("/cijfers/")
    assert response.status_code == 200
    return lxml.html.fromstring(response.content)


def tekst(element):
    return " ".join(element.text_content().split())


def statustabel(doc, naam):
    """{row label: ({status: n}, total)} of a status table."""
    (tabel,) = doc.xpath(f'//table[@data-tabel="{naam}"]')
    return {
        rij.get("data-rij"): (
            {td.get("data-status"): int(tekst(td)) for td in rij.xpath("td[@data-status]")},
            int(tekst(rij.xpath("td[@data-totaal]")[0])),
        )
        for rij in tabel.xpath("tbody/tr")
    }


def staafgrafiek(doc, naam):
    """{row label: ({status: n}, total, {status: drawn width})} read from a stacked-bar SVG."""
    (svg,) = doc.xpath(f'//svg[@data-grafiek="{naam}"]')
    uit = {}
    for g in svg.xpath("g[@data-rij]"):
        aantallen, breedtes = {}, {}
        for rect in g.xpath("rect[@data-status]"):
            aantal, label = tekst(rect.xpath("title")[0]).split(" ", 1)
            assert Status(rect.get("data-status")).label == label
            aantallen[rect.get("data-status")] = int(aantal)
            breedtes[rect.get("data-status")] = float(rect.get("width"))
        uit[g.get("data-rij")] = (
            aantallen,
            int(tekst(g.xpath('text[@class="grafiek__totaal"]')[0])),
            breedtes,
        )
    return uit


def controleer_statusgrafiek(doc, naam):
    tabel, grafiek = statustabel(doc, naam), staafgrafiek(doc, naam)
    assert list(grafiek) == list(tabel)  # the same rows in the same order
    schalen = set()
    for label, (aantallen, totaal) in tabel.items():
        getekend, getekend_totaal, breedtes = grafiek[label]
        assert getekend == {s: n for s, n in aantallen.items() if n}, label
        assert getekend_totaal == totaal == sum(aantallen.values()), label
        schalen |= {round(breedtes[s] / n, 2) for s, n in getekend.items()}
    assert len(schalen) <= 1  # one scale: every drawn width is proportional to its count
    return tabel


def test_status_per_theme_chart_shows_the_numbers_of_its_table_and_of_the_data(client, demodata):
    tabel = controleer_statusgrafiek(pagina(client), "status-thema")
    for thema in Thema.objects.filter(hoofdthema__isnull=True):
        acties = Actie.objects.filter(thema__in=[thema, *thema.subthemas.all()])
        aantallen, totaal = tabel[thema.naam]
        assert totaal == acties.count()
        assert aantallen == {s.value: acties.filter(status=s).count() for s in Status}
    assert tabel["HERSTELOPERATIE"][0]["in uitvoering"] == 12  # as on the home page


def test_status_per_ministry_chart_counts_each_action_once_at_its_lead_ministry(client, demodata):
    Actie.objects.filter(nummer__in=[1, 2]).update(status=Status.AFGEROND)
    ActieMinisterie.objects.filter(actie__nummer=3, rol=Rol.EERSTVERANTWOORDELIJK).delete()
    tabel = controleer_statusgrafiek(pagina(client), "status-ministerie")
    fin = ActieMinisterie.objects.filter(ministerie__afkorting="FIN", rol=Rol.EERSTVERANTWOORDELIJK)
    assert tabel["Financiën (FIN)"][1] == fin.count()
    assert tabel["Financiën (FIN)"][0]["afgerond"] == 2
    assert tabel["Zonder eerstverantwoordelijk ministerie"][1] == 1
    assert sum(totaal for _a, totaal in tabel.values()) == Actie.objects.count()
    assert "Klimaat en Groene Groei (KGG)" not in tabel  # no lead actions, no row


@pytest.fixture
def drie_rondes(demodata):
    """June 2021 (nothing afgerond), December 2021 (actions 1-3) and June 2022 (1-5, 1 in another theme)."""
    voeg_ronde_toe(
        "Stand van zaken december 2021",
        datetime.date(2021, 12, 1),
        {n: ("Tekst.", "afgerond" if n <= 3 else "in uitvoering") for n in range(1, 11)},
    )
    voeg_ronde_toe(
        "Stand van zaken juni 2022",
        datetime.date(2022, 6, 1),
        {n: ("Tekst.", "afgerond" if n <= 5 else "vertraagd") for n in [*range(1, 11), 80]},
    )
    # A round still open counts nowhere.
    voeg_ronde_toe("Open", datetime.date(2022, 12, 1), {1: ("Concept.", "afgerond")}, toestand="open")
    return demodata


def test_trend_chart_shows_per_closed_round_the_number_afgerond_of_its_table(client, drie_rondes):
    doc = pagina(client)
    (tabel,) = doc.xpath('//table[@data-tabel="trend"]')
    rijen = [
        (r.get("data-rij"), int(tekst(r.xpath("td[@data-afgerond]")[0]))) for r in tabel.xpath("tbody/tr")
    ]
    assert rijen == [("juni 2021", 0), ("december 2021", 3), ("juni 2022", 5)]
    (svg,) = doc.xpath('//svg[@data-grafiek="trend"]')
    kolommen = [
        (
            g.get("data-kolom"),
            int(tekst(g.xpath('text[@class="grafiek__waarde"]')[0])),
            float(g.xpath("rect")[0].get("height")),
        )
        for g in svg.xpath("g[@data-kolom]")
    ]
    assert [(label, waarde) for label, waarde, _h in kolommen] == rijen
    assert kolommen[0][2] == 0 and kolommen[2][2] == pytest.approx(kolommen[1][2] * 5 / 3, abs=0.01)
    teksten = [int(tekst(r.xpath("td")[-1])) for r in tabel.xpath("tbody/tr")]
    assert teksten == [86, 10, 11]


def trendtabel(doc, naam):
    """{row label: (cell values, drawn values, drawn heights)} of a trend table with its small charts."""
    (tabel,) = doc.xpath(f'//table[@data-tabel="{naam}"]')
    uit = {}
    for rij in tabel.xpath("tbody/tr"):
        rects = rij.xpath(".//svg//rect")
        uit[rij.get("data-rij")] = (
            [int(tekst(td)) for td in rij.xpath("td[@data-waarde]")],
            [int(r.get("data-waarde")) for r in rects],
            [float(r.get("height")) for r in rects],
        )
    return uit


@pytest.mark.parametrize("naam", ["trend-thema", "trend-ministerie"])
def test_each_small_chart_shows_the_numbers_of_its_row(client, drie_rondes, naam):
    for label, (cellen, getekend, hoogtes) in trendtabel(pagina(client), naam).items():
        assert getekend == cellen, label
        grootste = max(cellen)
        assert all(
            h == pytest.approx(22 * c / grootste if grootste else 0, abs=0.01)
            for c, h in zip(cellen, hoogtes, strict=True)
        )


def test_trend_per_theme_and_per_ministry_add_up_to_the_trend(client, drie_rondes):
    doc = pagina(client)
    per_thema, per_ministerie = trendtabel(doc, "trend-thema"), trendtabel(doc, "trend-ministerie")
    for tabel in (per_thema, per_ministerie):
        assert [sum(kolom) for kolom in zip(*(c for c, _g, _h in tabel.values()), strict=True)] == [0, 3, 5]
    assert per_thema["HERSTELOPERATIE"][0] == [0, 3, 5]  # actions 1-5 are in HERSTELOPERATIE
    assert per_ministerie["Financiën (FIN)"][0] == [0, 3, 5]


def test_the_page_says_per_which_reference_date_it_stands_and_that_it_counts_no_overdue(client, drie_rondes):
    doc = pagina(client)
    assert "Stand per 1 juni 2022" in tekst(doc)
    assert "geen acties die over tijd zijn" in tekst(doc)


def test_without_a_closed_round_the_page_says_so(client, db):
    doc = pagina(client)
    assert "Er is nog geen rapportage vastgesteld" in tekst(doc)
    assert not doc.xpath('//svg[@data-grafiek="trend"]')


def test_charts_have_a_name_and_use_no_inline_style_or_script(client, drie_rondes):
    response = client.get("/cijfers/")
    doc = lxml.html.fromstring(response.content)
    for svg in doc.xpath('//svg[@role="img"]'):
        (titel,) = svg.xpath(f'title[@id="{svg.get("aria-labelledby")}"]')
        assert "tabel" in tekst(titel)
    for svg in doc.xpath("//svg[not(@role)]"):
        assert svg.get("aria-hidden") == "true"
    assert not doc.xpath("//*[@style]") and not doc.xpath("//script") and not doc.xpath("//style")
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_figures_page_takes_seven_queries_with_86_actions(client, demodata, django_assert_num_queries):
    with django_assert_num_queries(7):
        pagina(client)


def test_figures_page_takes_seven_queries_with_386_actions_and_five_rounds(
    client, veel_data, django_assert_num_queries
):
    assert Actie.objects.count() == 386 and Rapportage.objects.vastgesteld().count() == 5
    with django_assert_num_queries(7):
        doc = pagina(client)
    assert len(doc.xpath('//svg[@data-grafiek="trend"]/g')) == 5


@pytest.mark.browser
def test_figures_page_has_no_wcag_violations(live_server, page, migratiedata, request):
    from axe_playwright_python.sync_playwright import Axe

    from tests.test_toegankelijkheid import WCAG_AA

    request.getfixturevalue("drie_rondes")
    import_module("acties.migrations.0004_ministerie_geldigheid").vul(apps, None)  # see test_ministeries
    page.goto(live_server.url + "/cijfers/")
    resultaat = Axe().run(page, options=WCAG_AA)
    assert resultaat.response["passes"]
    assert resultaat.violations_count == 0, resultaat.generate_report()
    assert page.title() == "Cijfers – pokvolg"
