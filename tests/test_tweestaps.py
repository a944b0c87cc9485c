"""Two-step login: redactie and beheerders need a TOTP code; coordinators do not."""

import pytest
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice


@pytest.fixture(autouse=True)
def verplicht(settings):
    settings.TWEESTAPS_VERPLICHT = True


def code(apparaat):
    return f"{totp(apparaat.bin_key, apparaat.step, apparaat.t0, apparaat.digits, apparaat.drift):06d}"


def test_redactie_without_code_only_reaches_the_code_page(client, redactie):
    client.force_login(redactie)
    antwoord = client.get("/importeren/")
    assert antwoord.status_code == 302 and antwoord["Location"].startswith("/account/tweestaps/")
    pagina = client.get(antwoord["Location"])
    assert pagina.status_code == 200
    assert b"data:image/svg+xml;base64," in pagina.content and b"Sleutel" in pagina.content


def test_redactie_sets_up_an_app_and_gets_in_with_a_valid_code(client, redactie):
    client.force_login(redactie)
    client.get("/account/tweestaps/")
    apparaat = TOTPDevice.objects.get(user=redactie, confirmed=False)
    antwoord = client.post(
        "/account/tweestaps/?next=/importeren/", {"code": code(apparaat), "next": "/importeren/"}
    )
    assert antwoord.status_code == 302 and antwoord["Location"] == "/importeren/"
    assert TOTPDevice.objects.get(user=redactie).confirmed
    assert client.get("/importeren/").status_code == 200


def test_a_wrong_code_is_refused_with_a_dutch_message(client, redactie):
    client.force_login(redactie)
    client.get("/account/tweestaps/")
    antwoord = client.post("/account/tweestaps/", {"code": "000000"})
    assert antwoord.status_code == 400 and "klopt niet" in antwoord.content.decode()
    assert client.get("/importeren/").status_code == 302


def test_a_used_code_cannot_be_replayed(client, redactie):
    apparaat = TOTPDevice.objects.create(user=redactie, name="app", confirmed=True)
    geldig = code(apparaat)
    client.force_login(redactie)
    assert client.post("/account/tweestaps/", {"code": geldig}).status_code == 302
    client.logout()
    client.force_login(redactie)
    assert client.post("/account/tweestaps/", {"code": geldig}).status_code == 400


def test_next_cannot_redirect_to_another_site(client, redactie):
    apparaat = TOTPDevice.objects.create(user=redactie, name="app", confirmed=True, last_t=-1)
    client.force_login(redactie)
    antwoord = client.post(
        "/account/tweestaps/", {"code": code(apparaat), "next": "https://kwaadwillend.example/"}
    )
    assert antwoord["Location"] == "/"


def test_coordinator_needs_no_second_step(client, coordinator_fin):
    client.force_login(coordinator_fin)
    assert client.get("/").status_code == 200
    assert not TOTPDevice.objects.exists()


def test_code_page_has_no_inline_styles_or_scripts(client, redactie):
    client.force_login(redactie)
    html = client.get("/account/tweestaps/").content.decode()
    assert "style=" not in html and "<script>" not in html
