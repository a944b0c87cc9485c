"""Indicators with targets: the projection's verdicts at their boundaries, a moved target that stays
visible as 'eerder beloofd', the redactie's steps, constant queries, and a chart whose numbers are the
table's."""

import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acties.models import Actie, Thema
from indicatoren import beheer, demo
from indicatoren.models import Doel, Indicator, Meting
from lib import doelgrafiek, prognose
from lib.prognose import Punt, Soort

D = datetime.date
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


# The projection (lib.prognose): pure, no database.


def lijn_10_per_10_dagen():
    # 0 on 1 January 2024, 10 on the 11th: one per day.
    return [Punt(D(2024, 1, 1), 0), Punt(D(2024, 1, 11), 10)]


def test_a_projection_that_reaches_the_target_exactly_on_its_date_is_on_schedule():
    oordeel = prognose.oordeel(lijn_10_per_10_dagen(), 20, D(2024, 1, 21), "%")
    assert (oordeel.soort, oordeel.tekst) == (Soort.OP_SCHEMA, "op schema")
    assert oordeel.schatting == pytest.approx(20)


def test_a_projection_just_short_of_the_target_is_behind_and_says_where_this_pace_ends():
    oordeel = prognose.oordeel(lijn_10_per_10_dagen(), 20.5, D(2024, 1, 21), "%")
    assert oordeel.soort == Soort.ACHTER
    assert oordeel.tekst == "achter op schema: bij dit tempo 20% op 21 januari 2024"


def test_the_line_is_fitted_through_the_last_three_measurements_only():
    # An old figure far off the line must not move it: 10, 20, 30 on days 10, 20, 30 give one per day.
    punten = [
        Punt(D(2020, 1, 1), 90),
        *(Punt(D(2024, 1, 1) + datetime.timedelta(days=d), d) for d in (10, 20, 30)),
    ]
    assert prognose.schatting(punten, D(2024, 1, 1) + datetime.timedelta(days=40)) == pytest.approx(40)
    # Least squares, not the last two: 0, 12, 18 on days 0, 10, 20 fit 0.9 a day from 1 (not 0.6 a day).
    punten = [Punt(D(2024, 1, 1) + datetime.timedelta(days=d), w) for d, w in ((0, 0), (10, 12), (20, 18))]
    assert prognose.schatting(punten, D(2024, 1, 31)) == pytest.approx(28)


def test_a_target_reached_on_its_date_is_reached_and_a_day_later_is_late():
    punten = [Punt(D(2024, 1, 1), 50), Punt(D(2024, 3, 31), 90)]
    gehaald = prognose.oordeel(punten, 90, D(2024, 3, 31), "%")
    assert (gehaald.soort, gehaald.tekst) == (Soort.GEHAALD, "doel gehaald: 90% op 31 maart 2024")
    te_laat = prognose.oordeel(punten, 90, D(2024, 3, 30), "%")
    assert te_laat.soort == Soort.TE_LAAT_GEHAALD
    assert "beloofd was 90% op 30 maart 2024" in te_laat.tekst


def test_a_target_whose_date_passed_with_a_later_measurement_below_it_is_not_reached():
    punten = [Punt(D(2024, 1, 1), 50), Punt(D(2024, 6, 1), 80)]
    oordeel = prognose.oordeel(punten, 90, D(2024, 3, 31), "%")
    assert oordeel.soort == Soort.NIET_GEHAALD
    assert oordeel.tekst.startswith("doel niet gehaald: 80% op 1 juni 2024")


def test_a_target_below_the_first_measurement_is_reached_from_above():
    # Parents still waiting: 1.000 down to 600 in 100 days, 200 promised 100 days later.
    punten = [Punt(D(2024, 1, 1), 1000), Punt(D(2024, 4, 10), 600)]
    assert prognose.oordeel(punten, 200, D(2024, 7, 19), "ouders").soort == Soort.OP_SCHEMA
    achter = prognose.oordeel(punten, 100, D(2024, 7, 19), "ouders")
    assert achter.tekst == "achter op schema: bij dit tempo 200 ouders op 19 juli 2024"
    assert prognose.oordeel(punten, 600, D(2024, 5, 1), "ouders").soort == Soort.GEHAALD


def test_one_measurement_or_two_on_one_date_give_no_projection():
    een = [Punt(D(2023, 4, 1), 35)]
    assert prognose.oordeel(een, 90, D(2025, 3, 31), "%", D(2025, 3, 31)).soort == Soort.ONBEKEND
    twee = [Punt(D(2023, 4, 1), 35), Punt(D(2023, 4, 1), 36)]
    assert prognose.oordeel(twee, 90, D(2025, 3, 31), "%").soort == Soort.ONBEKEND
    # The day after the target date, without a measurement since, the verdict says that.
    verstreken = prognose.oordeel(een, 90, D(2025, 3, 31), "%", D(2025, 4, 1))
    assert verstreken.soort == Soort.VERSTREKEN
    assert (
        verstreken.tekst
        == "doeldatum verstreken zonder meting erna; de laatste meting is 35% op 1 april 2023"
    )


def test_a_replaced_target_says_from_which_date_to_which_it_moved():
    assert (
        prognose.verschoven(D(2024, 3, 31), D(2025, 9, 30), 100, 100, "%").tekst
        == "doel verschoven van 31 maart 2024 naar 30 september 2025"
    )
    assert (
        prognose.verschoven(D(2025, 3, 31), D(2025, 3, 31), 100, 90, "%").tekst
        == "doel gewijzigd van 100% naar 90%"
    )


def test_numbers_are_written_the_dutch_way():
    assert [prognose.getal(w) for w in (62000, 87.5, 35, 0.04)] == ["62.000", "87,5", "35", "0"]


# The redactie's steps and the public pages.


@pytest.fixture
def actie(db):
    thema = Thema.objects.create(naam="HERSTELOPERATIE", slug="hersteloperatie")
    return Actie.objects.create(nummer=1, omschrijving="Opschalen hersteloperatie", thema=thema)


def maak_indicator(actie, redactie, naam="Integrale beoordelingen afgerond", **extra):
    return beheer.bewaar_indicator(
        Indicator(actie=actie, naam=naam, eenheid="%", wat_telt="Afgeronde beoordelingen.", **extra), redactie
    )


def test_a_moved_target_is_a_new_target_and_the_earlier_one_stays_visible(client, actie, redactie):
    indicator = maak_indicator(actie, redactie)
    eerst = beheer.beloof_doel(
        indicator, 100, D(2024, 3, 31), redactie, "Bijlage juni 2021", kamerstuk="35 510, nr. 60"
    )
    beheer.meet(indicator, 35, D(2023, 4, 1), redactie, "Brief 2023")
    later = beheer.verschuif_doel(eerst, 100, D(2025, 9, 30), redactie, "Brief 2023")
    assert later.vervangt == eerst and Doel.objects.filter(pk=eerst.pk).exists()
    assert eerst.kamerstuk == "35510-60"
    assert later.history.first().history_change_reason.startswith("Doel verschoven door redactie")
    with pytest.raises(ValidationError):
        beheer.verschuif_doel(eerst, 100, D(2026, 1, 1), redactie, "Nog een brief")
    with pytest.raises(ValidationError):
        beheer.verwijder(eerst, redactie)

    html = client.get(reverse("indicator", args=[indicator.pk])).content.decode()
    eerder = html[html.index('id="eerder-kop"') :]
    assert "100% op 31 maart 2024, volgens Bijlage juni 2021" in eerder
    assert "doel verschoven van 31 maart 2024 naar 30 september 2025" in eerder
    assert "Kamerstuk 35\u00a0510, nr.\u00a060" in eerder
    assert 'data-soort="eerder beloofd"' in html and "eerder 100%" in html
    # The action's own page shows the indicator and where it stands.
    pagina = client.get(actie.get_absolute_url()).content.decode()
    assert reverse("indicator", args=[indicator.pk]) in pagina
    assert "Integrale beoordelingen afgerond" in pagina


def test_only_the_redactie_enters_figures_and_only_from_an_official_source(actie, redactie, coordinator_fin):
    with pytest.raises(PermissionDenied):
        maak_indicator(actie, coordinator_fin)
    indicator = maak_indicator(actie, redactie)
    with pytest.raises(PermissionDenied):
        beheer.meet(indicator, 1, D(2023, 1, 1), coordinator_fin, "Brief")
    with pytest.raises(ValidationError):
        beheer.meet(
            indicator,
            1,
            D(2023, 1, 1),
            redactie,
            "Brief",
            kamerstuk="35510-60",
            url="https://www.rijksoverheid.nl/x",
        )
    with pytest.raises(ValidationError):
        beheer.meet(indicator, 1, D(2023, 1, 1), redactie, "Brief", url="https://example.com/brief")
    with pytest.raises(ValidationError):
        beheer.meet(indicator, 1, D(2023, 1, 1), redactie, "")
    assert not Meting.objects.exists()


def test_the_redactie_enters_a_measurement_and_moves_a_target_in_the_admin(client, actie, redactie):
    indicator = maak_indicator(actie, redactie)
    eerst = beheer.beloof_doel(indicator, 100, D(2024, 3, 31), redactie, "Bijlage juni 2021")
    client.force_login(redactie)
    antwoord = client.post(
        reverse("admin:indicatoren_meting_add"),
        {
            "indicator": indicator.pk,
            "waarde": "35",
            "meetdatum": "2023-04-01",
            "bron": "Brief 2023",
            "kamerstuk": "",
            "url": "",
        },
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    meting = Meting.objects.get()
    assert (meting.waarde, meting.ingevoerd_door) == (Decimal(35), redactie)
    assert meting.history.get().history_change_reason == "Meting ingevoerd door redactie"
    gegevens = {
        "indicator": indicator.pk,
        "vervangt": eerst.pk,
        "waarde": "100",
        "datum": "2025-09-30",
        "bron": "Brief 2023",
        "kamerstuk": "",
        "url": "",
        "toelichting": "",
    }
    assert client.post(reverse("admin:indicatoren_doel_add"), gegevens).status_code == 302
    assert Doel.objects.get(vervangt=eerst).datum == D(2025, 9, 30)
    # A target is never edited: the change page only shows it.
    assert client.post(reverse("admin:indicatoren_doel_change", args=[eerst.pk]), gegevens).status_code == 403


def _vul(actie, redactie, naam):
    indicator = maak_indicator(
        actie, redactie, naam=naam, basis_waarde=0, basis_datum=D(2021, 6, 29), basis_bron="Bijlage"
    )
    for dag, waarde in ((D(2022, 1, 1), 10), (D(2022, 7, 1), 20), (D(2023, 4, 1), 35)):
        beheer.meet(indicator, waarde, dag, redactie, "Brief")
    eerst = beheer.beloof_doel(indicator, 100, D(2024, 3, 31), redactie, "Bijlage")
    beheer.verschuif_doel(eerst, 100, D(2025, 9, 30), redactie, "Brief 2023")
    beheer.beloof_doel(indicator, "87.5", D(2025, 3, 31), redactie, "Brief 2023")
    return indicator


def test_the_pages_ask_the_same_number_of_queries_for_1_and_50_indicators(
    client, actie, redactie, django_assert_num_queries
):
    eerste = _vul(actie, redactie, "Indicator 0")
    with CaptureQueriesContext(connection) as een:
        assert client.get(reverse("indicatoren")).status_code == 200
    with CaptureQueriesContext(connection) as detail:
        assert client.get(reverse("indicator", args=[eerste.pk])).status_code == 200
    for n in range(1, 50):
        _vul(actie, redactie, f"Indicator {n}")
    assert Indicator.objects.count() == 50
    with django_assert_num_queries(len(een)):
        html = client.get(reverse("indicatoren")).content.decode()
    assert html.count("data-indicator=") == 50
    with django_assert_num_queries(len(detail)):
        client.get(reverse("indicator", args=[eerste.pk]))


class _Getallen(HTMLParser):
    """The values the chart writes (text[data-waarde] inside the svg) and the table's (td[data-waarde])."""

    def __init__(self):
        super().__init__()
        self.svg, self.tabel, self._in_svg, self._cel = [], [], False, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "svg" and "data-grafiek" in attrs:
            self._in_svg = True
        elif tag == "text" and self._in_svg and "data-waarde" in attrs:
            self.svg.append(attrs["data-waarde"])
        elif tag == "td" and "data-waarde" in attrs:
            self._cel = ""

    def handle_data(self, data):
        if self._cel is not None:
            self._cel += data

    def handle_endtag(self, tag):
        if tag == "svg":
            self._in_svg = False
        elif tag == "td" and self._cel is not None:
            self.tabel.append(self._cel.strip())
            self._cel = None


def test_the_chart_writes_the_same_numbers_as_the_table_beside_it(client, actie, redactie):
    indicator = _vul(actie, redactie, "Integrale beoordelingen")
    html = client.get(reverse("indicator", args=[indicator.pk])).content.decode()
    getallen = _Getallen()
    getallen.feed(html)
    assert sorted(getallen.svg) == sorted(getallen.tabel)
    # Baseline, three measurements, two current targets and the earlier one.
    assert sorted(getallen.tabel) == sorted(["0", "10", "20", "35", "87,5", "100", "100"])
    assert "data-projectie" in html and 'style="' not in html[html.index("<svg") : html.index("</svg>")]


def test_the_demo_indicators_come_from_the_sources_and_load_once(client, actie):
    demo.laad()
    demo.laad()
    integraal = Indicator.objects.get(naam="Integrale beoordelingen afgerond")
    assert Indicator.objects.count() == 2 and integraal.doelen.count() == 3
    assert list(integraal.metingen.values_list("waarde", flat=True)) == [Decimal(35)]
    html = client.get(reverse("indicator", args=[integraal.pk])).content.decode()
    assert "doel verschoven van 31 maart 2024 naar 30 september 2025" in html
    assert "“in het eerste kwartaal van 2025”" in html and "“zonder deze versnelling medio 2027”" in html
    toetsen = client.get(reverse("indicatoren")).content.decode()
    assert "Eerste toetsen gedaan" in toetsen and "94%" in toetsen


@pytest.mark.browser
def test_the_indicator_pages_fit_320_px_without_axe_violations(live_server, browser, migratiedata):
    thema = Thema.objects.create(naam="HERSTELOPERATIE", slug="hersteloperatie")
    Actie.objects.create(nummer=1, omschrijving="Opschalen hersteloperatie", thema=thema)
    demo.laad()
    integraal = Indicator.objects.get(naam="Integrale beoordelingen afgerond")
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="nl-NL")
    page = context.new_page()
    fouten = {}
    for url in [reverse("indicatoren"), reverse("indicator", args=[integraal.pk])]:
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        resultaat = Axe().run(page, options=WCAG_AA)
        assert resultaat.response["passes"], url
        if resultaat.violations_count:
            fouten[url] = resultaat.generate_report()
    context.close()
    assert fouten == {}


def test_no_label_in_the_chart_covers_another_label_a_dot_or_a_diamond():
    punten = [Punt(D(2021, 6, 29), 0), Punt(D(2022, 1, 1), 10), Punt(D(2023, 4, 1), 35)]
    doelen = [
        doelgrafiek.Doel(100, D(2024, 3, 31), "eerder 100%", True),
        doelgrafiek.Doel(90, D(2025, 3, 31), "doel 90%"),
        doelgrafiek.Doel(100, D(2025, 9, 30), "doel 100%"),
    ]
    g = doelgrafiek.teken(punten, doelen, None)
    labels = [doelgrafiek._vak(s.x, s.label_y, s.tekst, s.anker) for s in g.stippen]
    labels += [doelgrafiek._vak(r.label_x, r.label_y, r.tekst, r.anker) for r in g.ruiten]
    vormen = [(r.x - 6, r.y - 6, r.x + 6, r.y + 6) for r in g.ruiten] + [
        (s.x - 4, s.y - 4, s.x + 4, s.y + 4) for s in g.stippen
    ]
    for i, a in enumerate(labels):
        assert not any(doelgrafiek._overlapt(a, b) for b in labels[i + 1 :] + vormen), a
        assert 0 <= a[0] and a[2] <= g.breedte and 0 <= a[1], a


def test_the_action_page_block_asks_three_queries_however_many_indicators(
    actie, redactie, django_assert_num_queries
):
    sjabloon = Template("{% load indicatoren %}{% indicatoren_bij_actie actie %}")
    _vul(actie, redactie, "Een")
    with django_assert_num_queries(3):
        html = sjabloon.render(Context({"actie": actie}))
    assert html.count('data-tabel="indicator-') == 1 and 'id="indicatoren-kop"' in html
    for n in range(5):
        _vul(actie, redactie, f"Nog een {n}")
    with django_assert_num_queries(3):
        html = sjabloon.render(Context({"actie": actie}))
    assert html.count('data-tabel="indicator-') == 6
