from unittest import mock


def test_health_endpoint_reports_the_database(client, db):
    antwoord = client.get("/gezondheid")
    assert antwoord.status_code == 200 and antwoord.json()["database"] == "ok"


def test_health_endpoint_fails_when_the_database_is_gone(client, db):
    with mock.patch("pokvolg.views.connection.cursor", side_effect=OSError("weg")):
        antwoord = client.get("/gezondheid")
    assert antwoord.status_code == 503
