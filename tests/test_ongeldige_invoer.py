"""Input the database cannot store (a NUL byte) gets the Dutch 400 of other invalid input, on every list,
export, feed and API address; under /api/ every error is problem+json."""

import pytest

ADRESSEN = [
    "/acties/?thema=%00",
    "/acties/?ministerie=FIN%00",
    "/acties/?q=schuld%00",
    "/acties/?subthema=%00",
    "/acties/export.csv?thema=%00",
    "/acties/lijst.pdf?ministerie=%00",
    "/feeds/ministerie/%00.atom",
    "/feeds/thema/x%00.atom",
    "/feeds/motie/35510-21%00.atom",
    "/moties/35510-%0021/",
    "/api/v1/acties?thema=%00",
    "/api/v1/acties?subthema=a%00b",
    "/api/v1/moties/35510-21%00",
    "/api/v1/acties?%00=1",
]


@pytest.mark.parametrize("adres", ADRESSEN)
def test_a_nul_byte_anywhere_gives_a_dutch_400(client, demodata, adres):
    response = client.get(adres)
    assert response.status_code == 400
    if adres.startswith("/api/"):
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["status"] == 400 and "niet zijn toegestaan" in response.json()["detail"]
    else:
        assert "niet zijn toegestaan" in response.content.decode()


def test_an_unknown_api_address_is_a_problem_json_404(client, db):
    response = client.get("/api/v1/bestaat-niet")
    assert response.status_code == 404 and response["Content-Type"] == "application/problem+json"
    assert response.json() == {
        "type": "about:blank",
        "title": "Niet gevonden",
        "status": 404,
        "instance": "/api/v1/bestaat-niet",
        "detail": "Deze bron bestaat niet.",
    }


def test_a_server_error_under_the_api_is_problem_json(rf):
    from pokvolg.views import serverfout

    response = serverfout(rf.get("/api/v1/acties"))
    assert response.status_code == 500 and response["Content-Type"] == "application/problem+json"
    assert serverfout(rf.get("/acties/")).status_code == 500
