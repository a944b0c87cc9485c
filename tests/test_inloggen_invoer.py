"""Whatever is typed into the login, password-reset and two-step forms, the answer is the form's Dutch
message (or the lockout page), never a 500: on PostgreSQL a user name longer than axes' 255-character
column used to fail when the failed login was recorded."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from .conftest import WACHTWOORD

FOUTE_LOGIN = "Voer een juiste gebruikersnaam en wachtwoord in."
VREEMDE_TEKENS = ["\x00", "a\x00b", "\x01\x1f\x7f", "\u202egeheim", "\ud7ff\ufffe", "²²²²²²", " \t\n "]


@pytest.mark.parametrize("lengte", [151, 255, 256, 10_000])
def test_a_login_with_an_overlong_user_name_gets_the_dutch_message_and_is_counted(client, db, lengte):
    naam = "a" * lengte
    antwoord = client.post("/account/login/", {"username": naam, "password": "fout"})
    assert antwoord.status_code == 200
    assert FOUTE_LOGIN in antwoord.content.decode()
    assert AccessAttempt.objects.get().username == naam[:150]


def test_failures_with_overlong_user_names_end_in_the_lockout_page(client, db):
    # Names that differ only after the 150th character count as one name.
    for n in range(settings.AXES_FAILURE_LIMIT - 1):
        antwoord = client.post("/account/login/", {"username": "b" * 300 + str(n), "password": "fout"})
        assert antwoord.status_code == 200
    antwoord = client.post("/account/login/", {"username": "b" * 1000, "password": "fout"})
    assert antwoord.status_code == 429
    assert antwoord["Retry-After"] == "3600"


def test_an_overlong_name_does_not_count_against_the_account_it_starts_with(client, redactie):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post("/account/login/", {"username": "redactie", "password": "fout"})
    antwoord = client.post("/account/login/", {"username": "redactie" + "x" * 200, "password": "fout"})
    assert antwoord.status_code == 200
    antwoord = client.post("/account/login/", {"username": "redactie", "password": WACHTWOORD})
    assert antwoord.status_code == 302
    assert client.session["_auth_user_id"] == str(redactie.pk)


@pytest.mark.parametrize("tekst", VREEMDE_TEKENS + ["x" * 100_000])
def test_a_login_with_control_characters_or_a_huge_password_gets_a_form_answer(client, db, tekst):
    for velden in ({"username": tekst, "password": "fout"}, {"username": "redactie", "password": tekst}):
        antwoord = client.post("/account/login/", velden)
        assert antwoord.status_code == 200
        assert "gebruikersnaam en wachtwoord in." in antwoord.content.decode()


LANGE_ADRESSEN = ["a" * 10_000 + "@example.org", "x@" + "a" * 300 + ".nl", "rédactie@exämple.org"]


@pytest.mark.parametrize("email", VREEMDE_TEKENS + LANGE_ADRESSEN)
def test_the_password_reset_form_answers_any_address_without_an_error(client, db, email):
    antwoord = client.post("/account/password_reset/", {"email": email})
    assert antwoord.status_code in (200, 302)


def test_the_password_reset_form_refuses_an_address_with_a_null_character(client, db):
    antwoord = client.post("/account/password_reset/", {"email": "redactie@example.org\x00"})
    assert antwoord.status_code == 200
    assert "Null-tekens zijn niet toegestaan" in antwoord.content.decode()


@pytest.fixture
def redactie_met_app(client, redactie, settings):
    settings.TWEESTAPS_VERPLICHT = True
    client.force_login(redactie)
    client.get("/account/tweestaps/")
    return TOTPDevice.objects.get(user=redactie, confirmed=False)


@pytest.mark.parametrize("code", VREEMDE_TEKENS + ["1" * 10_000, "12345678", "-1", "1e6"])
def test_the_two_step_form_refuses_any_wrong_code_in_dutch(client, redactie_met_app, code):
    antwoord = client.post("/account/tweestaps/", {"code": code})
    assert antwoord.status_code == 400
    assert "Code uit uw authenticator-app" in antwoord.content.decode()


@pytest.mark.parametrize(
    "volgende", ["/a\nb", "/\x00", "\x01//evil.example", "/" + "x" * 10_000, "//evil.example"]
)
def test_the_two_step_form_sends_a_correct_code_only_to_a_page_of_its_own(client, redactie_met_app, volgende):
    a = redactie_met_app
    code = f"{totp(a.bin_key, a.step, a.t0, a.digits, a.drift):06d}"
    antwoord = client.post("/account/tweestaps/", {"code": code, "next": volgende})
    assert antwoord.status_code == 302
    locatie = antwoord["Location"]
    assert locatie.startswith("/") and not locatie.startswith("//")
    assert "\n" not in locatie and "\x00" not in locatie
