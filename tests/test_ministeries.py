"""Ministries as real things: full names and the periods each existed (EZK twice), the filters of a round
listing the ministries of its time, /ministeries/ and /ministeries/<afkorting>/, /api/v1/ministeries, the
admin, and the migration that gave ministries more than one period."""

import datetime
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models import Exists, OuterRef, Value
from django.template.loader import render_to_string
from drf_spectacular.validation import validate_schema

from acties.models import Actie, ActieMinisterie, Ministerie, Periode, Rol, Status
from rapportage.models import Rapportage
from tests.conftest import nummers, voeg_ronde_toe

RUTTE_III = datetime.date(2017, 10, 26)
SCHOOF = datetime.date(2024, 7, 2)
JETTEN = datetime.date(2026, 2, 23)
NA_2024 = {"KGG", "VRO", "LVVN", "AenM", "EZ"}
VOOR_2024 = {"EZK", "LNV"}
TOT_2026 = {"KGG", "VRO", "AenM", "EZ"}  # folded into JenV, EZK and BZK, or (EZ) renamed EZK again


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


def perioden():
    return {
        m.afkorting: [(p.van, p.tot) for p in m.perioden.all()]
        for m in Ministerie.objects.prefetch_related("perioden")
    }


def test_the_reorganisations_of_2017_2024_and_2026_are_in_the_periods_of_the_ministries(db):
    periode = perioden()
    assert periode["EZK"] == [(RUTTE_III, SCHOOF), (JETTEN, None)]
    assert periode["LNV"] == [(RUTTE_III, SCHOOF)]
    for afkorting in ("JenV", "IenW"):
        assert periode[afkorting] == [(RUTTE_III, None)], afkorting
    for afkorting in TOT_2026:
        assert periode[afkorting] == [(SCHOOF, JETTEN)], afkorting
    assert periode["LVVN"] == [(SCHOOF, None)]  # not renamed in 2026
    assert periode["FIN"] == periode["BZK"] == []  # existed throughout
    # Abolished exactly when the last period has an end.
    assert set(Ministerie.objects.filter(opgeheven=True).values_list("afkorting", flat=True)) == (
        TOT_2026 | {"LNV"}
    )
    assert Ministerie.objects.get(afkorting="KGG").naam == "Ministerie van Klimaat en Groene Groei"


@pytest.mark.parametrize(
    "datum, wel, niet",
    [
        (datetime.date(2021, 6, 29), VOOR_2024 | {"FIN", "JenV"}, NA_2024),
        (SCHOOF - datetime.timedelta(days=1), VOOR_2024, NA_2024),
        (SCHOOF, NA_2024 | {"FIN"}, VOOR_2024),  # the first day of the successor is its own
        (datetime.date(2017, 10, 25), {"FIN"}, VOOR_2024 | NA_2024 | {"JenV", "IenW"}),
        (datetime.date(2025, 6, 1), NA_2024 | {"FIN", "BZK", "JenV"}, VOOR_2024),
        (JETTEN - datetime.timedelta(days=1), TOT_2026, {"EZK"}),
        (JETTEN, {"EZK", "LVVN", "JenV", "BZK", "FIN"}, TOT_2026 | {"LNV"}),
        (datetime.date(2026, 6, 1), {"EZK", "LVVN", "JenV", "BZK"}, TOT_2026 | {"LNV"}),
    ],
)
def test_ministries_valid_on_a_date_are_those_of_that_time(db, datum, wel, niet):
    geldig = set(Ministerie.objects.geldig_op(datum).values_list("afkorting", flat=True))
    assert wel <= geldig and not (niet & geldig)
    # As an expression (as the filters pass a round's reference date) the same.
    assert set(Ministerie.objects.geldig_op(Value(datum)).values_list("afkorting", flat=True)) == geldig
    # The model's own test agrees with the query for every ministry, with and without prefetched periods.
    assert geldig == {m.afkorting for m in Ministerie.objects.all() if m.geldig_op(datum)}
    assert geldig == {
        m.afkorting for m in Ministerie.objects.prefetch_related("perioden") if m.geldig_op(datum)
    }


def test_the_model_uses_the_prefetched_periods(db, django_assert_num_queries):
    with django_assert_num_queries(2):
        ministeries = list(Ministerie.objects.prefetch_related("perioden"))
    with django_assert_num_queries(0):
        assert {m.afkorting for m in ministeries if m.geldig_op(datetime.date(2026, 6, 1))} >= {"EZK"}
        ezk = next(m for m in ministeries if m.afkorting == "EZK")
        assert (ezk.eerste_van, ezk.laatste_tot) == (RUTTE_III, None)


def test_the_query_takes_a_reference_date_of_an_outer_query(db):
    """An OuterRef names a column of the caller's outer query, which must reach the periods' subquery."""
    for titel, peildatum in [("Voor", datetime.date(2025, 6, 1)), ("Na", datetime.date(2026, 6, 1))]:
        Rapportage.objects.create(titel=titel, peildatum=peildatum)
    met_kgg = Rapportage.objects.filter(
        Exists(Ministerie.objects.geldig_op(OuterRef("peildatum")).filter(afkorting="KGG"))
    )
    assert list(met_kgg.values_list("titel", flat=True)) == ["Voor"]


def test_a_period_that_ends_before_it_begins_is_refused(db):
    fin = Ministerie.objects.get(afkorting="FIN")
    for tot in (datetime.date(2020, 1, 1), SCHOOF):
        with pytest.raises(IntegrityError), transaction.atomic():
            Periode.objects.create(ministerie=fin, van=SCHOOF, tot=tot)


def test_opgeheven_follows_the_last_period_and_each_change_has_history(db):
    fin = Ministerie.objects.get(afkorting="FIN")
    eerste = Periode.objects.create(ministerie=fin, tot=JETTEN)
    fin.refresh_from_db()
    assert fin.opgeheven
    tweede = Periode.objects.create(ministerie=fin, van=datetime.date(2027, 1, 1))
    fin.refresh_from_db()
    assert not fin.opgeheven
    tweede.delete()
    fin.refresh_from_db()
    assert fin.opgeheven
    eerste.delete()
    fin.refresh_from_db()
    assert not fin.opgeheven  # no periods: it existed throughout
    assert [h.history_type for h in Periode.history.filter(ministerie=fin).order_by("history_id")] == [
        "+",
        "+",
        "-",
        "-",
    ]
    assert fin.history.filter(opgeheven=True).count() == 2


def test_the_periods_are_worded_in_dutch_and_joined(db):
    x = Ministerie.objects.create(afkorting="X", naam="Ministerie van X")
    assert render_to_string("ministeries/_periode.html", {"ministerie": x}) == "in alle rapportages"
    Periode.objects.create(ministerie=x, tot=datetime.date(2019, 1, 1))
    Periode.objects.create(ministerie=x, van=datetime.date(2020, 3, 1), tot=datetime.date(2021, 5, 4))
    Periode.objects.create(ministerie=x, van=JETTEN)
    assert render_to_string("ministeries/_periode.html", {"ministerie": x}) == (
        "tot 1 januari 2019, van 1 maart 2020 tot 4 mei 2021 en sinds 23 februari 2026"
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


@pytest.mark.parametrize(
    "peildatum, wel, niet",
    [
        (datetime.date(2025, 6, 1), TOT_2026, {"EZK"}),
        (datetime.date(2026, 6, 1), {"EZK"}, TOT_2026),
        (datetime.date(2021, 6, 29), {"EZK"}, {"EZ"}),
    ],
)
def test_a_round_and_the_api_list_the_ministries_of_its_reference_date(
    client, demodata, peildatum, wel, niet
):
    ronde = Rapportage.objects.filter(peildatum=peildatum).first() or voeg_ronde_toe(
        f"Stand van zaken {peildatum}", peildatum, {1: ("Tekst.", "afgerond")}
    )
    opties = set(ministerie_opties(client.get(f"/acties/?rapportage={ronde.pk}")))
    assert wel <= opties and not (niet & opties)
    response = client.get(f"/api/v1/ministeries?geldigOp={peildatum.isoformat()}&pageSize=100")
    assert {m["afkorting"] for m in response.json()["_embedded"]["ministeries"]} == opties


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
    assert nummers(response) == [5]
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
    assert "van 2 juli 2024 tot 23 februari 2026" in kgg
    ezk = re.search(r'href="/ministeries/EZK/">.*?</tr>', pagina, re.S)[0]
    assert "van 26 oktober 2017 tot 2 juli 2024 en sinds 23 februari 2026" in ezk
    lvvn = re.search(r'href="/ministeries/LVVN/">.*?</tr>', pagina, re.S)[0]
    assert "sinds 2 juli 2024" in lvvn
    fin = re.search(r'href="/ministeries/FIN/">.*?</tr>', pagina, re.S)[0]
    assert "in alle rapportages" in fin
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
    assert set(nummers(response)) == set(leidend.values_list("actie__nummer", flat=True)[:50])
    assert 'href="/feeds/ministerie/FIN.atom"' in pagina
    assert 'rel="alternate" type="application/atom+xml" href="/feeds/ministerie/FIN.atom"' in pagina
    assert 'href="/acties/?ministerie=FIN"' in pagina


def test_ministry_page_lists_the_actions_it_is_involved_in(client, demodata):
    betrokken = ActieMinisterie.objects.filter(ministerie__afkorting="SZW", rol=Rol.BETROKKEN)
    assert betrokken.exists()
    response = client.get("/ministeries/SZW/?rol=betrokken")
    assert response.status_code == 200
    assert set(nummers(response)) == set(betrokken.values_list("actie__nummer", flat=True))
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
    assert "Bestond: van 2 juli 2024 tot 23 februari 2026." in pagina


def test_the_page_of_ezk_names_both_its_periods(client, demodata):
    pagina = html(client.get("/ministeries/EZK/"))
    assert "Bestond: van 26 oktober 2017 tot 2 juli 2024 en sinds 23 februari 2026." in pagina


def test_the_menu_links_to_ministries_and_figures(client, demodata):
    pagina = html(client.get("/ministeries/"))
    assert '<a href="/ministeries/" aria-current="page">Ministeries</a>' in pagina
    assert '<a href="/cijfers/">Cijfers</a>' in pagina


# Exactly these counts, at 86 actions and at 386, and with more periods: none of them grows with the data.
# The periods are one query of their own (prefetch) on each.
PAGINAS = {
    "/ministeries/": 2,
    "/ministeries/FIN/": 7,
    "/ministeries/SZW/?rol=betrokken": 7,
    "/api/v1/ministeries": 3,
    "/api/v1/ministeries/FIN": 2,
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


def test_ministry_pages_take_the_same_queries_with_more_periods(client, demodata, django_assert_num_queries):
    for i, ministerie in enumerate(Ministerie.objects.all()):
        Periode.objects.create(ministerie=ministerie, van=datetime.date(2030 + i, 1, 1))
        Periode.objects.create(ministerie=ministerie, tot=datetime.date(2000, 1, 1))
    assert Periode.objects.count() > 2 * Ministerie.objects.count()
    for url, aantal in PAGINAS.items():
        with django_assert_num_queries(aantal):
            assert client.get(url).status_code == 200, url
    assert "tot 1 januari 2000, van 26 oktober 2017" in html(client.get("/ministeries/EZK/"))


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
        "perioden": [],
        "aantalEerstverantwoordelijk": links.filter(rol=Rol.EERSTVERANTWOORDELIJK).count(),
        "aantalBetrokken": links.filter(rol=Rol.BETROKKEN).count(),
        "_links": {
            "self": {"href": "http://testserver/api/v1/ministeries/FIN"},
            "html": {"href": "http://testserver/ministeries/FIN/"},
            "acties": {"href": "http://testserver/api/v1/acties?ministerie=FIN"},
            "feed": {"href": "http://testserver/feeds/ministerie/FIN.atom"},
        },
    }
    ezk = per_afkorting["EZK"]
    assert ezk["perioden"] == [{"van": "2017-10-26", "tot": "2024-07-02"}, {"van": "2026-02-23", "tot": None}]
    # The old fields: the earliest start, and the end of the last period (open again since 2026).
    assert (ezk["geldigVan"], ezk["geldigTot"]) == ("2017-10-26", None)
    kgg = per_afkorting["KGG"]
    assert (kgg["geldigVan"], kgg["geldigTot"]) == ("2024-07-02", "2026-02-23")
    assert kgg["perioden"] == [{"van": "2024-07-02", "tot": "2026-02-23"}]
    assert client.get("/api/v1/ministeries/EZK").json()["perioden"] == ezk["perioden"]


def test_api_lists_the_ministries_of_a_date(client, demodata):
    def afkortingen(datum):
        response = client.get(f"/api/v1/ministeries?geldigOp={datum}&pageSize=100")
        return {m["afkorting"] for m in response.json()["_embedded"]["ministeries"]}

    toen, nu = afkortingen("2021-06-29"), afkortingen("2024-07-02")
    assert VOOR_2024 <= toen and not (NA_2024 & toen)
    assert NA_2024 <= nu and not (VOOR_2024 & nu)
    jetten = afkortingen("2026-02-23")
    assert "EZK" in jetten and not (TOT_2026 & jetten)
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
        "perioden",
        "aantalEerstverantwoordelijk",
        "aantalBetrokken",
    } <= set(eigenschappen)
    assert "laatste periode" in eigenschappen["geldigTot"]["description"]
    periode = schema["components"]["schemas"]["Periode"]["properties"]
    assert set(periode) == {"van", "tot"}


# The admin ----------------------------------------------------------------------------------------------


def wijzig_perioden(client, ministerie, perioden):
    """POST the ministry's admin form with these (van, tot) periods in place of the ones it has."""
    bestaand = list(ministerie.perioden.all())
    data = {
        "afkorting": ministerie.afkorting,
        "naam": ministerie.naam,
        "perioden-TOTAL_FORMS": str(len(bestaand) + len(perioden)),
        "perioden-INITIAL_FORMS": str(len(bestaand)),
        "perioden-MIN_NUM_FORMS": "0",
        "perioden-MAX_NUM_FORMS": "1000",
    }
    for i, periode in enumerate(bestaand):
        data |= {f"perioden-{i}-id": periode.pk, f"perioden-{i}-ministerie": ministerie.pk}
        data[f"perioden-{i}-DELETE"] = "on"
    for i, (van, tot) in enumerate(perioden, start=len(bestaand)):
        data |= {
            f"perioden-{i}-ministerie": ministerie.pk,
            f"perioden-{i}-van": van.isoformat() if van else "",
            f"perioden-{i}-tot": tot.isoformat() if tot else "",
        }
    return client.post(f"/admin/acties/ministerie/{ministerie.pk}/change/", data)


def test_the_admin_lists_the_periods_and_edits_them_inline(client, beheerder):
    client.force_login(beheerder)
    lijst_pagina = html(client.get("/admin/acties/ministerie/"))
    assert "van 26 oktober 2017 tot 2 juli 2024, sinds 23 februari 2026" in lijst_pagina
    assert 'name="perioden-TOTAL_FORMS"' in html(client.get("/admin/acties/ministerie/1/change/"))
    fin = Ministerie.objects.get(afkorting="FIN")
    response = wijzig_perioden(client, fin, [(None, JETTEN)])
    assert response.status_code == 302, response.content.decode()[:2000]
    fin.refresh_from_db()
    assert [(p.van, p.tot) for p in fin.perioden.all()] == [(None, JETTEN)]
    assert fin.opgeheven  # follows from the periods, not from a checkbox
    assert wijzig_perioden(client, fin, []).status_code == 302
    fin.refresh_from_db()
    assert not fin.perioden.exists() and not fin.opgeheven


def test_the_admin_refuses_overlapping_periods(client, beheerder):
    client.force_login(beheerder)
    ezk = Ministerie.objects.get(afkorting="EZK")
    voor = perioden()["EZK"]
    response = wijzig_perioden(client, ezk, [(RUTTE_III, JETTEN), (SCHOOF, None)])
    assert response.status_code == 200
    assert "Perioden van een ministerie mogen elkaar niet overlappen." in html(response)
    response = wijzig_perioden(client, ezk, [(RUTTE_III, None), (JETTEN, None)])
    assert "Perioden van een ministerie mogen elkaar niet overlappen." in html(response)
    assert perioden()["EZK"] == voor
    # Touching periods (the end is the first day of the next) are fine.
    assert wijzig_perioden(client, ezk, [(RUTTE_III, SCHOOF), (SCHOOF, None)]).status_code == 302


# The migration --------------------------------------------------------------------------------------------

VORIGE = ("acties", "0005_streefdatum_samenvatting")
DEZE = ("acties", "0006_ministerie_perioden")


@pytest.fixture
def lege_database(db, tmp_path):
    """An empty database of its own in the place of the test database, to migrate to exactly the steps a
    test needs. Unapplying 0006 in the test database would unapply the thirty-odd later migrations that
    depend on it as well, and apply them again: most of a minute of rendering model states."""
    oud = connections[DEFAULT_DB_ALIAS]
    if oud.vendor == "sqlite":
        naam = str(tmp_path / "migraties.sqlite3")
    else:
        naam = f"{oud.settings_dict['NAME']}_migraties"
        with oud._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE IF EXISTS {oud.ops.quote_name(naam)}")
            cursor.execute(f"CREATE DATABASE {oud.ops.quote_name(naam)} TEMPLATE template0")
    nieuw = oud.__class__({**oud.settings_dict, "NAME": naam}, DEFAULT_DB_ALIAS)
    # The migrations' own functions use the default database, as they do in `manage.py migrate`.
    connections[DEFAULT_DB_ALIAS] = nieuw
    try:
        yield nieuw
    finally:
        nieuw.close()
        connections[DEFAULT_DB_ALIAS] = oud
        if oud.vendor != "sqlite":
            with oud._nodb_cursor() as cursor:
                cursor.execute(f"DROP DATABASE {oud.ops.quote_name(naam)}")


def migreer(verbinding, doel):
    """Migrate to `doel` and only what it depends on; the historical models there."""
    executor = MigrationExecutor(verbinding)
    executor.migrate([doel])
    return executor.loader.project_state([doel]).apps


def test_the_migration_moves_each_period_and_enters_2026_and_goes_back(lege_database):
    migreer(lege_database, DEZE)
    oud = migreer(lege_database, VORIGE).get_model("acties", "Ministerie")  # back: one period per ministry
    terug = {m.afkorting: (m.geldig_van, m.geldig_tot, m.opgeheven) for m in oud.objects.all()}
    assert terug["EZK"] == (RUTTE_III, SCHOOF, True)  # as 0004 left it: no 2026
    assert terug["EZ"] == terug["KGG"] == (SCHOOF, None, False)
    assert terug["FIN"] == (None, None, False)
    # As the redactie may have left them in the admin: KGG already ended, BZ given a start of its own.
    oud.objects.filter(afkorting="KGG").update(geldig_tot=JETTEN, opgeheven=True)
    oud.objects.filter(afkorting="BZ").update(geldig_van=datetime.date(2010, 1, 1))

    nieuw = migreer(lege_database, DEZE)
    periode = {
        m.afkorting: [(p.van, p.tot) for p in m.perioden.all()]
        for m in nieuw.get_model("acties", "Ministerie").objects.prefetch_related("perioden")
    }
    assert periode["EZK"] == [(RUTTE_III, SCHOOF), (JETTEN, None)]
    assert periode["KGG"] == periode["EZ"] == periode["AenM"] == periode["VRO"] == [(SCHOOF, JETTEN)]
    assert periode["BZ"] == [(datetime.date(2010, 1, 1), None)]
    assert periode["LNV"] == [(RUTTE_III, SCHOOF)] and periode["LVVN"] == [(SCHOOF, None)]
    assert periode["FIN"] == []
    opgeheven = nieuw.get_model("acties", "Ministerie").objects.filter(opgeheven=True)
    assert set(opgeheven.values_list("afkorting", flat=True)) == TOT_2026 | {"LNV"}
    # No later migration changes these two tables: the final models read what it wrote.
    assert perioden() == periode


def test_the_fill_function_enters_every_period_once(db):
    vul = import_module("acties.migrations.0006_ministerie_perioden").vul
    voor = perioden()
    vul(apps)  # again on the same data: nothing changes
    assert perioden() == voor
    Periode.objects.all().delete()
    Ministerie.objects.update(opgeheven=False)
    vul(apps)  # as tests/conftest.py after a flush
    assert perioden() == voor
    assert set(Ministerie.objects.filter(opgeheven=True).values_list("afkorting", flat=True)) == (
        TOT_2026 | {"LNV"}
    )


# Accessibility ---------------------------------------------------------------------------------------


@pytest.mark.browser
def test_ministry_pages_have_no_wcag_violations(live_server, page, migratiedata, request):
    from axe_playwright_python.sync_playwright import Axe

    from tests.hulp import WCAG_21_AA as WCAG_AA

    request.getfixturevalue("demodata")
    axe, fouten, titels = Axe(), {}, set()
    urls = ["/ministeries/", "/ministeries/FIN/", "/ministeries/SZW/?rol=betrokken", "/ministeries/KGG/"]
    for url in urls + ["/ministeries/EZK/"]:
        page.goto(live_server.url + url)
        resultaat = axe.run(page, options=WCAG_AA)
        assert resultaat.response["passes"], url
        if resultaat.violations_count:
            fouten[url] = resultaat.generate_report()
        titels.add(page.title())
    assert fouten == {}
    assert len(titels) == 5
