"""Figures over time at /cijfers/: every inline SVG shows the numbers of the table beside it, the numbers
are those of the data (the over-tijd counts those of ActieQuerySet.over_tijd), the page takes the same
queries for more data, and it passes axe."""

import datetime

import lxml.html
import pytest
from django.utils import timezone

from acties.models import Actie, ActieMinisterie, Ministerie, Rol, Status, Thema
from moties.models import Opdracht, OpdrachtDeel, Stand
from rapportage.models import Rapportage


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


def staafgrafiek(doc, naam, label_van=lambda sleutel: Status(sleutel).label):
    """{row label: ({status: n}, total, {status: drawn width})} read from a stacked-bar SVG."""
    (svg,) = doc.xpath(f'//svg[@data-grafiek="{naam}"]')
    uit = {}
    for g in svg.xpath("g[@data-rij]"):
        aantallen, breedtes = {}, {}
        for rect in g.xpath("rect[@data-status]"):
            aantal, label = tekst(rect.xpath("title")[0]).split(" ", 1)
            assert label_van(rect.get("data-status")) == label
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


def test_the_page_says_per_which_reference_date_it_stands(client, drie_rondes):
    assert "Stand per 1 juni 2022, volgens de laatst vastgestelde rapportage" in tekst(pagina(client))


def test_without_target_dates_the_page_says_so_instead_of_counting_zeros_over_tijd(client, drie_rondes):
    assert not Actie.objects.met_streefdatum().exists()  # the annex of June 2021 names none
    doc = pagina(client)
    (zin,) = doc.xpath("//p[@data-over-tijd-totaal]")
    assert tekst(zin) == (
        "Er zijn nog geen streefdata vastgelegd; daarom telt deze pagina geen acties die over tijd zijn. "
        "De bijlage van juni 2021 noemt geen streefdata."
    )
    assert not doc.xpath('//*[@id="over-tijd-kop"]')
    assert not doc.xpath('//table[starts-with(@data-tabel, "over-tijd")]')
    assert not doc.xpath('//svg[starts-with(@data-grafiek, "over-tijd")]')


MAANDEN = "januari februari maart april mei juni juli augustus september oktober november december".split()


def nederlands(datum):
    return f"{datum.day} {MAANDEN[datum.month - 1]} {datum.year}"


def geef_streefdata(vandaag, per_nummer):
    """{nummer: (days from today, status)}: a target date that many days away, and that status."""
    for nummer, (dagen, status) in per_nummer.items():
        Actie.objects.filter(nummer=nummer).update(
            streefdatum=vandaag + datetime.timedelta(days=dagen), status=status
        )


@pytest.fixture
def streefdata(drie_rondes):
    """Ten actions with a target date, six of them over tijd: 1, 2 and 13 (FIN), 20 (a subtheme of
    RESPONSIEVE DIENSTVERLENING, BZK), 85 (AZ) and 86 (no lead ministry). Not over tijd: 3 afgerond
    and 4 vervallen past their date, 5 due today, 6 due next month. Action 1 has BZK involved."""
    geef_streefdata(
        timezone.localdate(),
        {
            1: (-30, Status.IN_UITVOERING),
            2: (-1, Status.IN_UITVOERING),
            3: (-30, Status.AFGEROND),
            4: (-30, Status.VERVALLEN),
            5: (0, Status.IN_UITVOERING),
            6: (30, Status.VERTRAAGD),
            13: (-400, Status.VERTRAAGD),
            20: (-30, Status.NOG_NIET_GESTART),
            85: (-30, Status.DOORLOPEND),
            86: (-30, Status.IN_UITVOERING),
        },
    )
    ActieMinisterie.objects.filter(actie__nummer=86, rol=Rol.EERSTVERANTWOORDELIJK).delete()
    # Involved, not lead: BZK leads other actions, so counting action 1 there too would show.
    ActieMinisterie.objects.create(
        actie=Actie.objects.get(nummer=1),
        ministerie=Ministerie.objects.get(afkorting="BZK"),
        rol=Rol.BETROKKEN,
    )
    return drie_rondes


def over_tijd_tabel(doc, naam):
    """{row label: (over tijd, with a target date)} of an over-tijd table."""
    (tabel,) = doc.xpath(f'//table[@data-tabel="{naam}"]')
    return {
        rij.get("data-rij"): (
            int(tekst(rij.xpath("td[@data-over-tijd]")[0])),
            int(tekst(rij.xpath("td[@data-met-streefdatum]")[0])),
        )
        for rij in tabel.xpath("tbody/tr")
    }


def telling(acties, vandaag):
    """(over tijd, with a target date) of these actions by the model's rule, once per queryset and per
    action, so the page's grouping is held to both."""
    over = acties.over_tijd(vandaag).count()
    assert over == sum(a.is_over_tijd(vandaag) for a in acties)
    return over, acties.met_streefdatum().count()


def test_over_tijd_per_theme_is_what_the_rule_gives_for_the_theme_and_its_subthemes(client, streefdata):
    vandaag = timezone.localdate()
    tabel = over_tijd_tabel(pagina(client), "over-tijd-thema")
    themas = Thema.objects.filter(hoofdthema__isnull=True)
    assert list(tabel) == [t.naam for t in themas]
    for thema in themas:
        acties = Actie.objects.filter(thema__in=[thema, *thema.subthemas.all()])
        assert tabel[thema.naam] == telling(acties, vandaag), thema.naam
    # What the rule leaves out: 3 afgerond, 4 vervallen, 5 due today, 6 due later.
    assert tabel["HERSTELOPERATIE"] == (2, 6)
    assert tabel["RESPONSIEVE DIENSTVERLENING"] == (1, 1)  # action 20 is in a subtheme
    assert tabel["OVERIG"] == (2, 2)
    assert sum(over for over, _met in tabel.values()) == Actie.objects.over_tijd(vandaag).count() == 6


def test_over_tijd_per_ministry_counts_each_action_once_at_its_lead_ministry(client, streefdata):
    vandaag = timezone.localdate()
    tabel = over_tijd_tabel(pagina(client), "over-tijd-ministerie")
    for ministerie in Ministerie.objects.filter(actieministeries__rol=Rol.EERSTVERANTWOORDELIJK).distinct():
        acties = Actie.objects.filter(
            actieministeries__ministerie=ministerie, actieministeries__rol=Rol.EERSTVERANTWOORDELIJK
        )
        assert tabel[ministerie.keuzelabel] == telling(acties, vandaag), ministerie.keuzelabel
    zonder = Actie.objects.exclude(actieministeries__rol=Rol.EERSTVERANTWOORDELIJK)
    assert tabel["Zonder eerstverantwoordelijk ministerie"] == telling(zonder, vandaag) == (1, 1)
    assert tabel["Financiën (FIN)"] == (3, 7)
    assert sum(over for over, _met in tabel.values()) == 6
    assert sum(met for _over, met in tabel.values()) == Actie.objects.met_streefdatum().count() == 10


@pytest.mark.parametrize("naam", ["over-tijd-thema", "over-tijd-ministerie"])
def test_over_tijd_charts_show_the_numbers_of_their_tables(client, streefdata, naam):
    doc = pagina(client)
    tabel = over_tijd_tabel(doc, naam)
    grafiek = staafgrafiek(doc, naam, label_van={"over tijd": "over tijd"}.get)
    assert list(grafiek) == list(tabel)
    for label, (over, _met) in tabel.items():
        getekend, getekend_totaal, _breedtes = grafiek[label]
        assert getekend == ({"over tijd": over} if over else {}), label
        assert getekend_totaal == over, label
    # One scale: every drawn width is its count times the width per action of the longest bar.
    grootste = max(tabel, key=lambda label: tabel[label][0])
    per_actie = grafiek[grootste][2]["over tijd"] / tabel[grootste][0]
    for label, (over, _met) in tabel.items():
        if over:
            assert grafiek[label][2]["over tijd"] == pytest.approx(over * per_actie, abs=0.01), label


def test_the_summary_gives_the_total_over_tijd_and_the_day_it_is_counted_on(client, streefdata):
    doc = pagina(client)
    (zin,) = doc.xpath("//p[@data-over-tijd-totaal]")
    assert tekst(zin).startswith(
        f"Stand per {nederlands(timezone.localdate())} zijn 6 van de 10 acties met een streefdatum over tijd."
    )
    assert zin.xpath('a[@href="#over-tijd-kop"]') and doc.xpath('//h2[@id="over-tijd-kop"]')
    assert "Stand per 1 juni 2022, volgens de laatst vastgestelde rapportage" in tekst(doc)  # the round's


@pytest.mark.parametrize(
    ("per_nummer", "zin", "over_tijd"),
    [
        ({1: (-1, Status.IN_UITVOERING), 2: (1, Status.IN_UITVOERING)}, "is 1 van de 2 acties", 1),
        ({1: (-1, Status.AFGEROND), 2: (0, Status.IN_UITVOERING)}, "is geen van de 2 acties", 0),
    ],
)
def test_the_summary_reads_well_for_one_or_no_action_over_tijd(
    client, drie_rondes, per_nummer, zin, over_tijd
):
    vandaag = timezone.localdate()
    geef_streefdata(vandaag, per_nummer)
    doc = pagina(client)
    assert f"Stand per {nederlands(vandaag)} {zin} met een streefdatum over tijd." in tekst(doc)
    # With target dates the tables are there, also when nothing is over tijd.
    assert over_tijd_tabel(doc, "over-tijd-thema")["HERSTELOPERATIE"] == (over_tijd, 2)


def test_figures_page_takes_thirteen_queries_with_86_actions(client, demodata, django_assert_num_queries):
    # +2 since the register: its counts per kind and per ministry (openbaar.opdrachten.tellingen).
    with django_assert_num_queries(13):
        pagina(client)


def test_figures_page_takes_thirteen_queries_with_386_actions_five_rounds_and_target_dates(
    client, veel_data, django_assert_num_queries
):
    assert Actie.objects.count() == 386 and Rapportage.objects.vastgesteld().count() == 5
    Actie.objects.filter(nummer__lte=200).update(
        streefdatum=timezone.localdate() - datetime.timedelta(days=1)
    )
    with django_assert_num_queries(13):
        doc = pagina(client)
    assert len(doc.xpath('//svg[@data-grafiek="trend"]/g')) == 5
    over_tijd = over_tijd_tabel(doc, "over-tijd-thema")
    assert (
        sum(over for over, _met in over_tijd.values())
        == Actie.objects.over_tijd(timezone.localdate()).count()
        > 0
    )


@pytest.mark.browser
def test_figures_page_has_no_wcag_violations(live_server, page, migratiedata, request):
    from axe_playwright_python.sync_playwright import Axe

    from tests.hulp import WCAG_21_AA as WCAG_AA

    request.getfixturevalue("streefdata")  # with the over-tijd section
    page.goto(live_server.url + "/cijfers/")
    resultaat = Axe().run(page, options=WCAG_AA)
    assert resultaat.response["passes"]
    assert resultaat.violations_count == 0, resultaat.generate_report()
    assert page.title() == "Cijfers – pokvolg"


def test_figures_page_counts_motions_per_standing_and_those_with_a_part_without_an_action(client, demodata):
    Opdracht.objects.filter(nummer=21).update(stand=Stand.VERVALLEN, stand_reden="Test")
    # Every motion of the June 2021 annex has an action; a described third part of 21 has none.
    OpdrachtDeel.objects.create(
        opdracht=Opdracht.objects.get(nummer=21), nummer=3, tekst="Een derde verzoek."
    )
    doc = pagina(client)
    rijen = {
        r.xpath("string(th)").strip(): int(r.xpath("string(td)")) for r in doc.xpath("//tr[@data-motiestand]")
    }
    assert rijen["Vervallen"] == 1
    assert rijen["Open"] == Opdracht.objects.moties().count() - 1
    zonder = Opdracht.objects.met_aantallen().zonder_actie().count()
    assert zonder == 1
    assert (
        f"Van de {Opdracht.objects.moties().count()} moties heeft er 1 een deel dat geen actie uitvoert"
        in tekst(doc)
    )
    gefilterd = client.get("/moties/?geen_actie=1")
    assert len(gefilterd.context["opdrachten"]) == zonder
    assert client.get("/moties/?stand=vervallen").context["opdrachten"][0].nummer == 21
    assert client.get("/moties/?stand=onzin").status_code == 400


def test_figures_page_counts_indicators_per_verdict(
    client, demodata, redactie, django_assert_max_num_queries
):
    from indicatoren import beheer
    from indicatoren.models import Indicator

    actie = Actie.objects.order_by("nummer").first()
    achter = beheer.bewaar_indicator(
        Indicator(actie=actie, naam="Achter", eenheid="%", wat_telt="."), redactie
    )
    beheer.beloof_doel(achter, 100, datetime.date(2030, 1, 1), redactie, "Brief")
    beheer.meet(achter, 0, datetime.date(2024, 1, 1), redactie, "Brief")
    beheer.meet(achter, 1, datetime.date(2025, 1, 1), redactie, "Brief")
    beheer.bewaar_indicator(Indicator(actie=actie, naam="Zonder doel", eenheid="%", wat_telt="."), redactie)
    # Two more than without indicators: their measurements and their targets.
    with django_assert_max_num_queries(15):
        doc = pagina(client)
    regels = [li.text_content() for li in doc.xpath("//ul[@data-indicatoren]/li")]
    assert regels == ["Achter op schema: 1", "Zonder doel: 1"]
