"""The read-only open data API under /api/v1/ and its OpenAPI 3 document."""

import datetime

from drf_spectacular.validation import validate_schema

from acties.models import Actie
from moties.models import Opdracht
from rapportage.models import Rapportage
from tests.conftest import voeg_ronde_toe


def acties(client, query=""):
    response = client.get("/api/v1/acties" + query)
    assert response.status_code == 200, response.content[:500]
    return [a["nummer"] for a in response.json()["_embedded"]["acties"]]


def test_action_list_is_paginated_with_hal_links_and_version_header(client, demodata):
    response = client.get("/api/v1/acties")
    data = response.json()
    assert response["API-Version"] == "1.0.0"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["X-Total-Count"] == "86"
    assert data["totaal"] == 86 and len(data["_embedded"]["acties"]) == 50
    assert data["_links"]["next"]["href"] == "http://testserver/api/v1/acties?page=2"
    assert "prev" not in data["_links"]
    tweede = client.get("/api/v1/acties?page=2&pageSize=50").json()
    assert [a["nummer"] for a in tweede["_embedded"]["acties"]][0] == 51


def test_action_list_has_the_filters_of_the_website(client, demodata):
    assert acties(client, "?motie=35510-21") == [12, 81]
    assert acties(client, "?thema=toekomst toeslagen") == acties(client, "?thema=toekomst-toeslagen")
    assert len(acties(client, "?thema=TOEKOMST TOESLAGEN")) == 4
    assert acties(client, "?subthema=Signalen") == acties(client, "?subthema=signalen")
    assert set(acties(client, "?ministerie=FIN")) == set(acties(client, "?ministerie=fin"))
    assert acties(client, "?thema=hersteloperatie&ministerie=FIN&q=moratorium") == [3, 4]
    assert acties(client, "?status=afgerond") == []
    juni = Rapportage.objects.get()
    assert len(acties(client, f"?rapportage={juni.pk}&pageSize=100")) == 86


def test_action_representation(client, demodata):
    actie = client.get("/api/v1/acties?motie=35510-21").json()["_embedded"]["acties"][0]
    assert actie["nummer"] == 12
    assert actie["thema"] == {"naam": "HERSTELOPERATIE", "slug": "hersteloperatie"}
    assert actie["moties"][0]["motie"] == "35510-21" and actie["moties"][0]["deel"] == 1
    assert actie["ministeries"][0] == {
        "afkorting": "FIN",
        "naam": "Ministerie van Financiën",
        "rol": "eerstverantwoordelijk",
    }
    assert actie["standVanZaken"].startswith("Zoals vermeld in Herstellen, Verbeteren en Borgen")
    assert actie["_links"]["self"]["href"] == "http://testserver/api/v1/acties/12"


def test_action_detail_has_published_texts_per_round_only(client, demodata):
    voeg_ronde_toe("December", datetime.date(2021, 12, 1), {4: ("Eigen tekst.", "vertraagd")})
    voeg_ronde_toe("Open", datetime.date(2022, 6, 1), {4: ("GEHEIM", "afgerond")}, toestand="open")
    data = client.get("/api/v1/acties/4").json()
    assert [v["rapportage"]["titel"] for v in data["voortgang"]] == ["December", "Stand van zaken juni 2021"]
    assert data["voortgang"][1]["gedeeldMet"] == 3
    assert data["standVanZaken"] == "Eigen tekst."
    assert "GEHEIM" not in client.get("/api/v1/acties/4").content.decode()


def test_errors_are_problem_details(client, demodata):
    response = client.get("/api/v1/acties/9999")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
    for query, naam in [
        ("?status=bogus", "status"),
        ("?ministerie=999999", "ministerie"),
        ("?page=abc", "page"),
        ("?page=-1", "page"),
        ("?pageSize=1000", "pageSize"),
        ("?q=" + "x" * 10_000, "q"),
        ("?status=afgerond&status=vertraagd", "status"),
    ]:
        response = client.get("/api/v1/acties" + query)
        assert response.status_code == 400, query[:30]
        assert response["Content-Type"] == "application/problem+json"
        assert [p["name"] for p in response.json()["invalidParams"]] == [naam], query[:30]
    assert client.get("/api/v1/acties?page=99").status_code == 404


def test_motions_themes_and_rounds(client, demodata):
    moties = client.get("/api/v1/moties").json()["_embedded"]["moties"]
    motie_21 = next(m for m in moties if m["id"] == "35510-21")
    assert motie_21["aantalActies"] == 2 and motie_21["kamerstuk"] == "35 510, nr. 21"
    detail = client.get("/api/v1/moties/35510-21").json()
    assert [(a["nummer"], a["deel"]) for a in detail["acties"]] == [(12, 1), (81, 2)]
    assert client.get("/api/v1/moties/35510-0").status_code == 404

    themas = client.get("/api/v1/themas").json()["_embedded"]["themas"]
    assert themas[0]["slug"] == "hersteloperatie" and themas[0]["aantalActies"] == 12
    signalen = client.get("/api/v1/themas/signalen").json()
    assert signalen["hoofdthema"] == "responsieve-dienstverlening"

    voeg_ronde_toe("Open", datetime.date(2022, 6, 1), {}, toestand="open")
    rondes = client.get("/api/v1/rapportages").json()["_embedded"]["rapportages"]
    assert [r["titel"] for r in rondes] == ["Stand van zaken juni 2021"]
    assert rondes[0]["kamerstuk"] == "35 510, nr. 60" and rondes[0]["aantalTeksten"] == 86
    assert rondes[0]["versie"] == 1
    open_ronde = Rapportage.objects.get(titel="Open")
    assert client.get(f"/api/v1/rapportages/{open_ronde.pk}").status_code == 404


def test_openapi_document_is_valid_and_describes_every_resource(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) == {
        "/api/v1/acties",
        "/api/v1/acties/{nummer}",
        "/api/v1/moties",
        "/api/v1/moties/{sleutel}",
        "/api/v1/toezeggingen",
        "/api/v1/toezeggingen/{sleutel}",
        "/api/v1/aanbevelingen",
        "/api/v1/aanbevelingen/{sleutel}",
        "/api/v1/beloftes",
        "/api/v1/beloftes/{sleutel}",
        "/api/v1/themas",
        "/api/v1/themas/{slug}",
        "/api/v1/rapportages",
        "/api/v1/rapportages/{id}",
        "/api/v1/ministeries",
        "/api/v1/ministeries/{afkorting}",
        "/api/v1/indicatoren",
        "/api/v1/indicatoren/{id}",
    }
    parameters = {p["name"] for p in schema["paths"]["/api/v1/acties"]["get"]["parameters"]}
    assert {"thema", "subthema", "motie", "ministerie", "status", "rapportage", "q", "page"} <= parameters
    assert all(set(item) == {"get"} for item in schema["paths"].values())  # read-only


API_URLS = [
    "/api/v1/acties",
    "/api/v1/acties?thema=hersteloperatie&q=schulden",
    "/api/v1/acties/12",
    "/api/v1/moties",
    "/api/v1/moties/35510-21",
    "/api/v1/themas",
    "/api/v1/rapportages",
    "/api/v1/indicatoren",
]


def test_api_queries_are_constant_with_few_actions(client, demodata, django_assert_max_num_queries):
    for url in API_URLS:
        # Actions: +2 for their target-date logs and evidence (openbaar.query.met_verantwoording), +1 for
        # their lineage (openbaar.opvolging), +1 for their closure reports (rapportage.afronding).
        with django_assert_max_num_queries(9 if url.startswith("/api/v1/acties") else 5):
            assert client.get(url).status_code == 200


def test_api_queries_are_constant_with_many_actions(client, veel_data, django_assert_max_num_queries):
    assert Actie.objects.count() == 386
    for url in API_URLS:
        # Actions: +2 for their target-date logs and evidence (openbaar.query.met_verantwoording), +1 for
        # their lineage (openbaar.opvolging), +1 for their closure reports (rapportage.afronding).
        with django_assert_max_num_queries(9 if url.startswith("/api/v1/acties") else 5):
            assert client.get(url).status_code == 200


def test_empty_repeated_and_odd_parameters_are_a_400_never_a_guess(client, demodata):
    for query, naam in [
        ("?status=", "status"),
        ("?thema=", "thema"),
        ("?sorteer=", "sorteer"),
        ("?status=afgerond&status=afgerond", "status"),
        ("?page=2&page=2", "page"),
        ("?pageSize=²", "pageSize"),  # str.isdigit() says yes, int() says no: was a 500
    ]:
        response = client.get("/api/v1/acties" + query)
        assert response.status_code == 400, query
        assert response["Content-Type"] == "application/problem+json"
        assert [p["name"] for p in response.json()["invalidParams"]] == [naam], query
    assert client.get("/api/v1/acties?q=").status_code == 200  # an empty search is no search
    for query in ("?geldigOp=20210629", "?geldigOp=2021-W26-2", "?geldigOp="):
        assert client.get("/api/v1/ministeries" + query).status_code == 400, query
    assert client.get("/api/v1/themas?pageSize=").status_code == 400


def test_openapi_document_describes_errors_bounds_and_accepted_values(client, demodata):
    schema = client.get("/api/v1/openapi.json").json()
    validate_schema(schema)
    assert set(schema["components"]["schemas"]["Probleem"]["required"]) == {
        "type",
        "title",
        "status",
        "instance",
    }
    for pad, operaties in schema["paths"].items():
        antwoorden = operaties["get"]["responses"]
        for code in ("400", "404"):
            inhoud = antwoorden[code]["content"]
            assert list(inhoud) == ["application/problem+json"], (pad, code)
            assert inhoud["application/problem+json"]["schema"] == {"$ref": "#/components/schemas/Probleem"}
        assert all(a["headers"]["API-Version"]["required"] for a in antwoorden.values())
    parameters = {p["name"]: p["schema"] for p in schema["paths"]["/api/v1/acties"]["get"]["parameters"]}
    assert (parameters["page"]["minimum"], parameters["page"]["maximum"]) == (1, 1_000_000)
    assert (parameters["pageSize"]["minimum"], parameters["pageSize"]["maximum"]) == (1, 100)
    assert parameters["q"]["maxLength"] == 200
    assert "in uitvoering" in parameters["status"]["enum"]
    assert "hersteloperatie" in parameters["thema"]["enum"] and "signalen" in parameters["subthema"]["enum"]
    assert "35510-21" in parameters["motie"]["enum"] and "FIN" in parameters["ministerie"]["enum"]
    assert parameters["rapportage"]["enum"] == [Rapportage.objects.get().pk]
    # Every value the document offers is accepted.
    for naam in ("thema", "subthema", "motie", "ministerie", "rapportage", "status", "sorteer"):
        for waarde in parameters[naam]["enum"]:
            assert client.get("/api/v1/acties", {naam: waarde}).status_code == 200, (naam, waarde)


def test_api_root_is_a_page_for_people_and_links_for_programs(client, demodata):
    response = client.get("/api/v1/")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    assert "Accept" in response["Vary"]
    html = response.content.decode()
    assert "<script" not in html and " style=" not in html  # the CSP allows neither inline
    for tekst in (
        "/api/v1/acties",
        "/api/v1/openapi.json",
        "<code>motie</code>",
        "<code>35510-21</code>",
        "<code>hersteloperatie</code>",
        "<code>in uitvoering</code>",
    ):
        assert tekst in html, tekst
    # The examples are the instance's own: its first motion, theme and action.
    eerste = Opdracht.objects.order_by("dossier", "nummer").first().sleutel
    assert f'href="/api/v1/acties?motie={eerste}"' in html
    assert f'href="/api/v1/moties/{eerste}"' in html
    assert 'href="/api/v1/acties/1"' in html
    assert 'href="/api/v1/acties?thema=hersteloperatie&amp;status=vertraagd"' in html
    data = client.get("/api/v1/", HTTP_ACCEPT="application/json").json()
    assert data["_links"]["acties"]["href"] == "http://testserver/api/v1/acties"
    assert data["_links"]["openapi"]["href"] == "http://testserver/api/v1/openapi.json"
    assert client.get(data["_links"]["ministeries"]["href"]).status_code == 200
