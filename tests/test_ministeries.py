"""Ministries as real things: full names and the period each existed, the filters of a round listing the
ministries of its time, /ministeries/ and /ministeries/<afkorting>/, and /api/v1/ministeries."""

import datetime
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.db import IntegrityError, transaction
from drf_spectacular.validation import validate_schema

from acties.models import Actie, ActieMinisterie, Ministerie, Rol, Status
from rapportage.models import Rapportage
from tests import test_publiek_lijst as lijst
from tests.test_publiek_lijst import voeg_ronde_toe

veel_data = lijst.veel_data

SCHOOF = datetime.date(2024, 7, 2)
NA_2024 = {"KGG", "VRO", "LVVN", "AenM", "EZ"}
VOOR_2024 = {"EZK", "LNV"}


def html(response):
    return response.content.decode()


def ministerie_opties(response):
    """The values of the ministry filter's options on the list page (without 'Alle ministeries')."""
    select = re.search(r'<select[^>]*name="ministerie".*?</select>', html(response), re.S)[0]
    return [w for w in re.findall(r'<option value="([^"]*)"', select) if w]


def ronde_na_2024(demodata):
    return voeg_ronde_toe(
        "Stand van zaken december 2024", datetime.date(2024, 12, 1), {1: ("Tekst.", "afgerond")}
    )


# The model and its data ---------------------------------------------------------------------------------


def test_the_2024_reorganisation_is_in_the_periods_of_the_ministries(db):
    periode = {m.afkorting: (m.geldig_van, m.geldig_tot) for m in Ministerie.objects.all()}
    for afkorting in VOOR_2024:
        assert periode[afkorting][1] == SCHOOF, afkorting
    for afkorting in NA_2024:
        assert periode[afkorting] == (SCHOOF, None), afkorting
    assert periode["FIN"] == (None, None)
    assert Ministerie.objects.get(afkorting="KGG").naam == "Ministerie van Klimaat en Groene Groei"


@pytest.mark.parametrize(
    "datum, wel, niet",
    [
        (datetime.date(2021, 6, 29), VOOR_2024 | {"FIN", "JenV"}, NA_2024),
        (SCHOOF - datetime.timedelta(days=1), VOOR_2024, NA_2024),
        (SCHOOF, NA_2024 | {"FIN"}, VOOR_2024),  # the first day of the successor is its own
        (datetime.date(2017, 10, 25), {"FIN"}, VOOR_2024 | NA_2024 | {"JenV", "IenW"}),
    ],
)
def test_ministries_valid_on_a_date_are_those_of_that_time(db, datum, wel, niet):
    geldig = set(Ministerie.objects.geldig_op(datum).values_list("afkorting", flat=True))
    assert wel <= geldig and not (niet & geldig)
    # The model's own test agrees with the query for every ministry.
    assert geldig == {m.afkorting for m in Ministerie.objects.all() if m.geldig_op(datum)}


def test_a_period_that_ends_before_it_begins_is_refused(db):
    with pytest.raises(IntegrityError), transaction.atomic():
        Ministerie.objects.create(
            afkorting="X", naam="Ministerie van X", geldig_van=SCHOOF, geldig_tot=datetime.date(2020, 1, 1)
        )


# The filters of a round --------------------------------------------------------------------------------


def test_the_filter_names_each_ministry_in_full(client, demodata):
    pagina = html(client.get("/acties/"))
    assert '<option value="FIN">Financiën (FIN)</option>' in pagina
    assert "Binnenlandse Zaken en Koninkrijksrelaties (BZK)" in pagina


def test_the_filters_of_the_2021_round_list_only_the_ministries_of_2021(client, demodata):
    opties = set(ministerie_opties(client.get("/acties/")))
    assert VOOR_2024 <= opties and {"FIN", "BZK", "SZW", "JenV", "AZ"} <= opties
    assert not (NA_2024 & opties)  # no KGG, VRO, LVVN, AenM, nor EZ beside EZK
    assert opties == set(
        Ministerie.objects.geldig_op(Rapportage.objects.get().peildatum).values_list("afkorting", flat=True)
    )


def test_the_filters_follow_the_chosen_round_and_default_to_the_latest(client, demodata):
    juni = Rapportage.objects.get()
    december_2024 = ronde_na_2024(demodata)
    nu = set(ministerie_opties(client.get("/acties/")))  # the latest closed round: December 2024
    assert NA_2024 <= nu and not (VOOR_2024 & nu)
    assert set(ministerie_opties(client.get(f"/acties/?rapportage={december_2024.pk}"))) == nu
    toen = set(ministerie_opties(client.get(f"/acties/?rapportage={juni.pk}")))
    assert VOOR_2024 <= toen and not (NA_2024 & toen)


def test_an_open_round_does_not_change_the_filters(client, demodata):
    voeg_ronde_toe("Open ronde", datetime.date(2025, 6, 1), {}, toestand=Rapportage.Toestand.OPEN)
    opties = set(ministerie_opties(client.get("/acties/")))
    assert VOOR_2024 <= opties and not (NA_2024 & opties)


def test_a_ministry_of_another_time_still_filters_the_actions_linked_to_it(client, demodata):
    ronde_na_2024(demodata)
    ActieMinisterie.objects.filter(actie__nummer=5, rol=Rol.EERSTVERANTWOORDELIJK).update(
        ministerie=Ministerie.objects.get(afkorting="EZK")
    )
    response = client.get("/acties/?ministerie=EZK")
    assert response.status_code == 200  # not offered for December 2024, but a known ministry
    assert lijst.nummers(response) == [5]
    assert '<option value="EZK" selected>' in html(response)  # shown as chosen, not as 'all'
    assert "EZK" not in ministerie_opties(client.get("/acties/?ministerie=FIN"))
    assert client.get("/acties/?ministerie=XYZ").status_code == 400


# /ministeries/ --------------------------------------------------------------------------------------


def test_ministry_list_shows_names_periods_and_the_number_of_actions_per_role(client, demodata):
    response = client.get("/ministeries/")
    assert response.status_code == 200
    pagina = html(response)
    fin = re.search(
        r'<tr>\s*<th[^>]*><a href="/ministeries/FIN/">Ministerie van Financiën</a>.*?</tr>', pagina, re.S
    )[0]
    cijfers = [int(n) for n in re.findall(r"numeric-data\">(\d+)<", fin)]
    links = ActieMinisterie.objects.filter(ministerie__afkorting="FIN")
    assert cijfers == [
        links.filter(rol=Rol.EERSTVERANTWOORDELIJK).count(),
        links.filter(rol=Rol.BETROKKEN).count(),
    ]
    assert cijfers[0] > 0
    kgg = re.search(r'href="/ministeries/KGG/">.*?</tr>', pagina, re.S)[0]
    assert "sinds 2 juli 2024" in kgg
    ezk = re.search(r'href="/ministeries/EZK/">.*?</tr>', pagina, re.S)[0]
    assert "van 26 oktober 2017 tot 2 juli 2024" in ezk
    assert len(re.findall(r'href="/ministeries/[^"/]+/"', pagina)) == Ministerie.objects.count()


def test_ministry_page_shows_status_figures_lead_actions_and_the_feed(client, demodata):
    response = client.get("/ministeries/FIN/")
    assert response.status_code == 200
    pagina = html(response)
    assert "<h1" in pagina and "Ministerie van Financiën" in pagina
    leidend = ActieMinisterie.objects.filter(ministerie__afkorting="FIN", rol=Rol.EERSTVERANTWOORDELIJK)
    in_uitvoering = leidend.filter(actie__status=Status.IN_UITVOERING).count()
    assert f"Eerstverantwoordelijk voor {leidend.count()} acties" in pagina
    assert f"{in_uitvoering} in uitvoering" in pagina
    assert set(lijst.nummers(response)) == set(leidend.values_list("actie__nummer", flat=True)[:50])
    assert 'href="/feeds/ministerie/FIN.atom"' in pagina
    assert 'rel="alternate" type="application/atom+xml" href="/feeds/ministerie/FIN.atom"' in pagina
    assert 'href="/acties/?ministerie=FIN"' in pagina


def test_ministry_page_lists_the_actions_it_is_involved_in(client, demodata):
    betrokken = ActieMinisterie.objects.filter(ministerie__afkorting="SZW", rol=Rol.BETROKKEN)
    assert betrokken.exists()
    response = client.get("/ministeries/SZW/?rol=betrokken")
    assert response.status_code == 200
    assert set(lijst.nummers(response)) == set(betrokken.values_list("actie__nummer", flat=True))
    assert 'aria-current="page">Betrokken' in html(response)


def test_ministry_page_refuses_an_unknown_role_and_an_unknown_ministry(client, demodata):
    response = client.get("/ministeries/FIN/?rol=baas")
    assert response.status_code == 400 and "Kies als rol" in html(response)
    assert client.get("/ministeries/FIN/?page=99").status_code == 404
    assert client.get("/ministeries/XYZ/").status_code == 404


def test_ministry_page_has_one_address_in_the_ministrys_own_spelling(client, demodata):
    response = client.get("/ministeries/fin/?rol=betrokken")
    assert response.status_code == 301 and response["Location"] == "/ministeries/FIN/?rol=betrokken"


def test_a_ministry_without_actions_says_so(client, demodata):
    pagina = html(client.get("/ministeries/KGG/"))
    assert "Dit ministerie is bij geen enkele actie eerstverantwoordelijk." in pagina
    assert "sinds 2 juli 2024" in pagina


def test_the_menu_links_to_ministries_and_figures(client, demodata):
    pagina = html(client.get("/ministeries/"))
    assert '<a href="/ministeries/" aria-current="page">Ministeries</a>' in pagina
    assert '<a href="/cijfers/">Cijfers</a>' in pagina


# Exactly these counts, at 86 actions and at 386: none of them grows with the data.
PAGINAS = {
    "/ministeries/": 1,
    "/ministeries/FIN/": 6,
    "/ministeries/SZW/?rol=betrokken": 6,
    "/api/v1/ministeries": 2,
    "/api/v1/ministeries/FIN": 1,
}


def test_ministry_pages_take_a_fixed_number_of_queries_with_86_actions(
    client, demodata, django_assert_num_queries
):
    for url, aantal in PAGINAS.items():
        with django_assert_num_queries(aantal):
            assert client.get(url).status_code == 200, url


def test_ministry_pages_take_the_same_queries_with_386_actions(client, veel_data, django_assert_num_queries):
    assert Actie.objects.count() == 386
    for url, aantal in PAGINAS.items():
        with django_assert_num_queries(aantal):
            assert client.get(url).status_code == 200, url


# /api/v1/ministeries --------------------------------------------------------------------------------


def test_api_lists_ministries_in_camel_case_with_periods_counts_and_links(client, demodata):
    response = client.get("/api/v1/ministeries")
    assert response.status_code == 200 and response["API-Version"]
    data = response.json()
    assert data["totaal"] == Ministerie.objects.count()
    per_afkorting = {m["afkorting"]: m for m in data["_embedded"]["ministeries"]}
    fin = per_afkorting["FIN"]
    links = ActieMinisterie.objects.filter(ministerie__afkorting="FIN")
    assert fin == {
        "afkorting": "FIN",
        "naam": "Ministerie van Financiën",
        "geldigVan": None,
        "geldigTot": None,
        "aantalEerstverantwoordelijk": links.filter(rol=Rol.EERSTVERANTWOORDELIJK).count(),
        "aantalBetrokken": links.filter(rol=Rol.BETROKKEN).count(),
        "_links": {
            "self": {"href": "http://testserver/api/v1/ministeries/FIN"},
            "html": {"href": "http://testserver/ministeries/FIN/"},
            "acties": {"href": "http://testserver/api/v1/acties?ministerie=FIN"},
            "feed": {"href": "http://testserver/feeds/ministerie/FIN.atom"},
        },
    }
    assert per_afkorting["EZK"]["geldigTot"] == "2024-07-02"
    assert per_afkorting["KGG"]["geldigVan"] == "2024-07-02"


def test_api_lists_the_ministries_of_a_date(client, demodata):
    def afkortingen(datum):
        response = client.get(f"/api/v1/ministeries?geldigOp={datum}&pageSize=100")
        return {m["afkorting"] for m in response.json()["_embedded"]["ministeries"]}

    toen, nu = afkortingen("2021-06-29"), afkortingen("2024-07-02")
    assert VOOR_2024 <= toen and not (NA_2024 & toen)
    assert NA_2024 <= nu and not (VOOR_2024 & nu)
    fout = client.get("/api/v1/ministeries?geldigOp=29-06-2021")
    assert fout.status_code == 400 and fout["Content-Type"] == "application/problem+json"
    assert fout.json()["invalidParams"][0]["name"] == "geldigOp"


def test_api_shows_one_ministry_in_any_case_and_404_for_an_unknown_one(client, demodata):
    assert client.get("/api/v1/ministeries/fin").json()["afkorting"] == "FIN"
    response = client.get("/api/v1/ministeries/XYZ")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"


def test_openapi_document_describes_the_ministries(client, db):
    schema = client.get("/api/v1/openapi.json").json()
    validate_schema(schema)
    assert {"/api/v1/ministeries", "/api/v1/ministeries/{afkorting}"} <= set(schema["paths"])
    lijst_get = schema["paths"]["/api/v1/ministeries"]["get"]
    assert "geldigOp" in {p["name"] for p in lijst_get["parameters"]}
    eigenschappen = schema["components"]["schemas"]["Ministerie"]["properties"]
    assert {
        "afkorting",
        "naam",
        "geldigVan",
        "geldigTot",
        "aantalEerstverantwoordelijk",
        "aantalBetrokken",
    } <= set(eigenschappen)


# Accessibility ---------------------------------------------------------------------------------------


@pytest.mark.browser
def test_ministry_pages_have_no_wcag_violations(live_server, page, migratiedata, request):
    from axe_playwright_python.sync_playwright import Axe

    from tests.test_toegankelijkheid import WCAG_AA

    request.getfixturevalue("demodata")
    # After a transactional test's flush, tests/conftest.py brings back the ministries of migration 0002
    # only: give them their periods again.
    import_module("acties.migrations.0004_ministerie_geldigheid").vul(apps, None)
    axe, fouten, titels = Axe(), {}, set()
    for url in ["/ministeries/", "/ministeries/FIN/", "/ministeries/SZW/?rol=betrokken", "/ministeries/KGG/"]:
        page.goto(live_server.url + url)
        resultaat = axe.run(page, options=WCAG_AA)
        assert resultaat.response["passes"], url
        if resultaat.violations_count:
            fouten[url] = resultaat.generate_report()
        titels.add(page.title())
    assert fouten == {}
    assert len(titels) == 4
