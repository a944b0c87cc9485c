"""The register's other kinds in public: a list per kind with its filters, a page per item in three blocks,
the API resources, constant queries, and WCAG at 320 and 1280 px."""

import csv
import datetime
import io

import lxml.html
import pytest
from axe_playwright_python.sync_playwright import Axe

from acties.models import Actie, ActieOpdracht, Ministerie
from moties import demo
from moties.models import Opdracht, Soort, Stand

LIJSTEN = {
    "motie": "/moties/",
    "toezegging": "/toezeggingen/",
    "aanbeveling": "/aanbevelingen/",
    "belofte": "/beloftes/",
}


def _toezegging(**velden):
    standaard = {
        "soort": Soort.TOEZEGGING,
        "registernummer": "TZ202103-011",
        "titel": "Brief over de kindregeling",
        "dictum": "De staatssecretaris stuurt de Kamer voor de zomer een brief over de kindregeling.",
        "adressaat": "staatssecretaris Toeslagen en Douane",
        "ministerie": Ministerie.objects.get(afkorting="FIN"),
        "uiterste_datum": datetime.date(2021, 7, 1),
    }
    return Opdracht.objects.create(**(standaard | velden))


def _rijen(response):
    doc = lxml.html.fromstring(response.content)
    return [" ".join(th.text_content().split()) for th in doc.xpath("//tbody/tr/th")]


@pytest.fixture
def register(demodata):
    demo.laad()
    return _toezegging()


def test_each_kind_has_its_own_list_with_only_its_items(client, register):
    for soort, url in LIJSTEN.items():
        response = client.get(url)
        assert response.status_code == 200
        assert {o.soort for o in response.context["opdrachten"]} == {soort}
    assert _rijen(client.get("/toezeggingen/")) == ["Brief over de kindregeling"]
    assert len(_rijen(client.get("/aanbevelingen/"))) == 3


def test_the_item_page_shows_what_was_asked_the_answer_and_where_it_stands(client, register):
    register.reactie, register.reactie_bron = "overgenomen", "Kamerstuk 35 510, nr. 70"
    register.save()
    html = client.get("/toezeggingen/TZ202103-011/").content.decode()
    doc = lxml.html.fromstring(html)
    koppen = [" ".join(h.text_content().split()) for h in doc.xpath("//main//h2")]
    assert koppen[:2] == ["Wat werd toegezegd", "Wat het kabinet antwoordde"] and "Waar het staat" in koppen
    assert "De staatssecretaris stuurt de Kamer voor de zomer een brief" in html
    assert "Overgenomen" in html and "TZ202103-011" in html and "Ministerie van Financiën" in html
    # Past its deadline and still open: over tijd; no action carries it: geen actie.
    assert "over tijd" in html and "Geen actie" in html


def test_a_recommendation_without_a_text_says_so_and_invents_nothing(client, register):
    aanbeveling = Opdracht.objects.filter(soort=Soort.AANBEVELING).first()
    html = client.get(aanbeveling.get_absolute_url()).content.decode()
    assert "De tekst is (nog) niet ingevoerd" in html
    assert "Er is geen reactie van het kabinet vastgelegd" in html
    assert "Advies van 1 december 2021" in html


def test_the_filters_select_by_standing_response_ministry_dossier_and_no_action(client, register):
    actie = Actie.objects.get(nummer=12)
    belofte = Opdracht.objects.filter(soort=Soort.BELOFTE, dossier=29279).first()
    ActieOpdracht.objects.create(actie=actie, opdracht=belofte)
    zonder = client.get("/beloftes/?geen_actie=1").context["opdrachten"]
    assert belofte not in zonder and len(zonder) == Opdracht.objects.filter(soort=Soort.BELOFTE).count() - 1
    assert [o.pk for o in client.get("/beloftes/?dossier=29279").context["opdrachten"]] == list(
        Opdracht.objects.filter(soort=Soort.BELOFTE, dossier=29279)
        .order_by("nummer", "pk")
        .values_list("pk", flat=True)
    )
    assert list(client.get("/toezeggingen/?ministerie=fin").context["opdrachten"]) == [register]
    assert list(client.get("/toezeggingen/?ministerie=BZK").context["opdrachten"]) == []
    assert list(client.get("/toezeggingen/?reactie=overgenomen").context["opdrachten"]) == []
    Opdracht.objects.filter(pk=register.pk).update(stand=Stand.VOLDAAN, vervuld_door="Brief van 1 juli 2021")
    assert list(client.get("/toezeggingen/?stand=voldaan").context["opdrachten"]) == [register]
    assert "over tijd" not in client.get("/toezeggingen/").content.decode()


@pytest.mark.parametrize(
    "parameter", ["dossier=abc", "dossier=²", "stand=onzin", "ministerie=XYZ", "reactie=ja"]
)
def test_an_unreadable_filter_is_a_400_that_still_lists_everything(client, register, parameter):
    response = client.get(f"/beloftes/?{parameter}")
    assert response.status_code == 400
    assert len(response.context["opdrachten"]) == Opdracht.objects.filter(soort=Soort.BELOFTE).count()
    assert 'role="alert"' in response.content.decode()


def test_unknown_keys_are_404_and_a_motion_key_does_not_open_another_kind(client, register):
    assert client.get("/toezeggingen/TZ-bestaat-niet/").status_code == 404
    assert client.get("/aanbevelingen/abc/").status_code == 404
    assert client.get("/toezeggingen/35510-21/").status_code == 404
    belofte = Opdracht.objects.filter(soort=Soort.BELOFTE).first()
    assert client.get(f"/aanbevelingen/{belofte.pk}/").status_code == 404
    assert client.get("/moties/35510-21/").status_code == 200
    # Every register number the registration accepts is an address (a dot included).
    met_punt = _toezegging(registernummer="TZ2021.05-7")
    assert client.get(met_punt.get_absolute_url()).status_code == 200


def test_the_api_serves_each_kind_with_the_same_filters(client, register):
    lijst = client.get("/api/v1/toezeggingen").json()
    (item,) = lijst["_embedded"]["opdrachten"]
    assert item["id"] == "TZ202103-011" and item["soort"] == "toezegging" and item["ministerie"] == "FIN"
    assert item["uitersteDatum"] == "2021-07-01" and item["stand"]["waarde"] == "open"
    detail = client.get("/api/v1/toezeggingen/TZ202103-011").json()
    assert detail["acties"] == [] and detail["aanWie"] == "staatssecretaris Toeslagen en Douane"
    assert client.get("/api/v1/toezeggingen/nee").status_code == 404
    assert client.get("/api/v1/beloftes?geenActie=ja").status_code == 400
    # Each unreadable parameter is named in the problem, as the motions' and the actions' resources do.
    fout = client.get("/api/v1/beloftes?dossier=abc&stand=nee")
    assert fout.status_code == 400 and fout["Content-Type"] == "application/problem+json"
    assert sorted(p["name"] for p in fout.json()["invalidParams"]) == ["dossier", "stand"]
    assert len(client.get("/api/v1/aanbevelingen?geenActie=true").json()["_embedded"]["opdrachten"]) == 3
    # Motions keep their own resource and filter, as before.
    assert client.get("/api/v1/moties/35510-21").status_code == 200
    assert all(
        m["id"].startswith("35510-") or m["id"].startswith("31066-")
        for m in client.get("/api/v1/moties").json()["_embedded"]["moties"]
    )


def _veel(aantal):
    ministerie = Ministerie.objects.get(afkorting="FIN")
    acties = list(Actie.objects.order_by("nummer")[:5])
    for i in range(aantal):
        opdracht = _toezegging(registernummer=f"TZ2099-{i}", ministerie=ministerie)
        ActieOpdracht.objects.create(actie=acties[i % 5], opdracht=opdracht)


@pytest.mark.parametrize("aantal", [3, 90])
def test_lists_and_pages_cost_the_same_queries_for_few_and_many_items(
    client, demodata, django_assert_max_num_queries, aantal
):
    _veel(aantal)
    # The page reads its deadline log (rapportage.UitersteDatumWijziging) too.
    for url, maximum in (("/toezeggingen/", 4), ("/toezeggingen/TZ2099-1/", 5), ("/api/v1/toezeggingen", 4)):
        with django_assert_max_num_queries(maximum):
            assert client.get(url).status_code == 200


@pytest.mark.browser
@pytest.mark.parametrize("breedte", [320, 1280])
def test_the_new_pages_have_no_wcag_violations_and_reflow(
    live_server, browser, migratiedata, request, breedte
):
    request.getfixturevalue("demodata")
    demo.laad()
    toezegging = _toezegging()
    aanbeveling = Opdracht.objects.filter(soort=Soort.AANBEVELING).first()
    belofte = Opdracht.objects.filter(soort=Soort.BELOFTE).first()
    urls = [
        *LIJSTEN.values(),
        "/beloftes/?dossier=abc",
        toezegging.get_absolute_url(),
        aanbeveling.get_absolute_url(),
        belofte.get_absolute_url(),
    ]
    context = browser.new_context(viewport={"width": breedte, "height": 800}, locale="nl-NL")
    page = context.new_page()
    fouten = {}
    for url in urls:
        page.goto(live_server.url + url)
        if breedte == 320:
            assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        resultaat = Axe().run(
            page,
            options={
                "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
                "resultTypes": ["violations"],
            },
        )
        if resultaat.violations_count:
            fouten[url] = resultaat.generate_report()
    context.close()
    assert fouten == {}


def test_the_figures_count_each_kind_open_fulfilled_without_action_and_overdue(client, register):
    Opdracht.objects.filter(soort=Soort.AANBEVELING).first().delete()
    doc = lxml.html.fromstring(client.get("/cijfers/").content)

    def rijen(tabel):
        return {
            " ".join(tr.xpath("th")[0].text_content().split()): [
                int(td.text_content()) for td in tr.xpath("td")
            ]
            for tr in doc.xpath(f"//table[@data-tabel='{tabel}']/tbody/tr")
        }

    soorten = rijen("register-soort")
    assert soorten["Toezeggingen"] == [1, 1, 0, 1, 1]
    assert soorten["Aanbevelingen"] == [2, 2, 0, 2, 0]
    beloftes = Opdracht.objects.filter(soort=Soort.BELOFTE)
    assert soorten["Beloftes"][0] == beloftes.count()
    assert soorten["Beloftes"][4] == beloftes.filter(uiterste_datum__lt=datetime.date.today()).count()
    assert soorten["Moties"][0] == Opdracht.objects.moties().count()
    assert rijen("register-ministerie") == {"Ministerie van Financiën": [1, 1, 0, 1, 1]}


def test_the_action_page_and_the_export_name_what_the_action_carries_out_of_each_kind(client, register):
    actie = Actie.objects.get(nummer=12)
    ActieOpdracht.objects.create(actie=actie, opdracht=register)
    doc = lxml.html.fromstring(client.get("/acties/12/").content)
    (uitvoert,) = [d for d in doc.xpath("//dl/div") if d.xpath("string(dt)") == "Voert uit"]
    tekst = " ".join(uitvoert.text_content().split())
    assert "Nr. 21 motie Marijnissen cs, deel 1 (Kamerstuk 35 510, nr. 21" in tekst
    assert "Toezegging TZ202103-011: Brief over de kindregeling" in tekst
    assert uitvoert.xpath(f'.//a[@href="{register.get_absolute_url()}"]')
    export = client.get("/acties/export.csv?motie=35510-21").content.decode("utf-8-sig")
    rij = {r["Nummer"]: r for r in csv.DictReader(io.StringIO(export))}["12"]
    assert sorted(rij["Moties"].split(", ")) == ["35510-21 deel 1", "toezegging TZ202103-011"]
    # The list's cards name motions only, as their heading says.
    assert "TZ202103-011" not in client.get("/acties/").content.decode()


def test_the_lists_and_the_api_search_title_text_source_and_register_number(client, register):
    assert list(client.get("/toezeggingen/?q=kindregeling+ZOMER").context["opdrachten"]) == [register]
    assert list(client.get("/toezeggingen/?q=tz202103").context["opdrachten"]) == [register]
    assert list(client.get("/toezeggingen/?q=kindregeling+winter").context["opdrachten"]) == []
    gevonden = client.get("/beloftes/?q=voortgangsrapportage").context["opdrachten"]
    assert [o.dossier for o in gevonden] == [29279]
    assert [
        m["id"] for m in client.get("/api/v1/aanbevelingen?q=waardenkader").json()["_embedded"]["opdrachten"]
    ] == [str(Opdracht.objects.get(titel="Een waardenkader").pk)]
