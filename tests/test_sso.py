"""Single sign-on through OpenID Connect: off unless configured; existing accounts only; no TOTP step.

The identity provider is simulated where it is reached over the network (token and userinfo endpoints);
the ID token is a real RS256-signed JWT, checked with the provider's key as in production.
"""

import logging
import time
import urllib.parse
from unittest import mock

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from pokvolg import sso

IDP = "https://idp.example.nl"
SLEUTEL = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def sso_aan(settings):
    settings.OIDC_RP_CLIENT_ID = "pokvolg"
    settings.OIDC_RP_CLIENT_SECRET = "geheim"
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{IDP}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{IDP}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{IDP}/userinfo"
    settings.OIDC_RP_IDP_SIGN_KEY = (
        SLEUTEL.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    settings.OIDC_NAAM = "Rijks-SSO"
    settings.AUTHENTICATION_BACKENDS = [*settings.AUTHENTICATION_BACKENDS, sso.BACKEND]
    settings.TWEESTAPS_VERPLICHT = True


def log_in_via_idp(client, claims, next_url="/werk/", nonce=None, sleutel=SLEUTEL):
    """Start at pokvolg, 'log in' at the provider, and come back to the callback with its code."""
    start = client.get(f"/account/sso/authenticate/?next={next_url}")
    assert start.status_code == 302 and start["Location"].startswith(f"{IDP}/authorize?")
    vraag = urllib.parse.parse_qs(urllib.parse.urlsplit(start["Location"]).query)
    id_token = jwt.encode(
        {"iss": IDP, "aud": "pokvolg", "exp": int(time.time()) + 300, "nonce": nonce or vraag["nonce"][0]},
        sleutel,
        algorithm="RS256",
    )
    with (
        mock.patch.object(sso.Backend, "get_token", return_value={"id_token": id_token, "access_token": "t"}),
        mock.patch.object(sso.Backend, "get_userinfo", return_value=claims),
    ):
        return client.get("/account/sso/callback/", {"code": "c", "state": vraag["state"][0]}), vraag


def test_single_sign_on_is_off_unless_configured(client, db):
    assert client.get("/account/sso/authenticate/").status_code == 404
    assert "Inloggen via" not in client.get("/account/login/").content.decode()


def test_login_page_offers_single_sign_on_when_configured(client, db, sso_aan):
    pagina = client.get("/account/login/?next=/werk/").content.decode()
    assert 'href="/account/sso/authenticate/?next=/werk/"' in pagina and "Inloggen via Rijks-SSO" in pagina


def test_provider_is_asked_with_state_nonce_and_pkce(client, db, sso_aan):
    start = client.get("/account/sso/authenticate/")
    vraag = urllib.parse.parse_qs(urllib.parse.urlsplit(start["Location"]).query)
    assert vraag["client_id"] == ["pokvolg"] and vraag["response_type"] == ["code"]
    assert vraag["state"] and vraag["nonce"] and vraag["code_challenge_method"] == ["S256"]


def test_redactie_logs_in_through_sso_without_a_totp_step(client, redactie, sso_aan):
    response, _ = log_in_via_idp(client, {"email": "REDACTIE@example.org", "email_verified": True})
    assert response.status_code == 302 and response["Location"] == "/werk/"
    assert client.get("/werk/").status_code == 200


def test_redactie_logging_in_with_a_password_still_needs_the_totp_step(client, redactie, sso_aan):
    from tests.conftest import WACHTWOORD

    client.post("/account/login/", {"username": "redactie", "password": WACHTWOORD})
    response = client.get("/werk/")
    assert response.status_code == 302 and response["Location"].startswith("/account/tweestaps/")


def test_unknown_address_gets_no_account_and_is_logged(client, db, sso_aan, caplog, django_user_model):
    with caplog.at_level(logging.WARNING, logger="pokvolg.beveiliging"):
        response, _ = log_in_via_idp(client, {"email": "onbekend@example.org", "email_verified": True})
    assert response["Location"] == "/account/login/?sso=mislukt"
    assert not django_user_model.objects.filter(email="onbekend@example.org").exists()
    assert "mislukte login" in caplog.text
    assert "niet gelukt" in client.get(response["Location"]).content.decode()
    assert client.get("/werk/").status_code == 302


@pytest.mark.parametrize(
    "claims",
    [{"email": "coordinator-fin@example.org", "email_verified": False}, {"sub": "zonder-e-mail"}],
)
def test_unverified_or_missing_address_is_refused(client, coordinator_fin, sso_aan, claims):
    response, _ = log_in_via_idp(client, claims)
    assert response["Location"] == "/account/login/?sso=mislukt"


def test_deactivated_account_cannot_log_in_through_sso(client, coordinator_fin, sso_aan):
    coordinator_fin.is_active = False
    coordinator_fin.save()
    response, _ = log_in_via_idp(client, {"email": "coordinator-fin@example.org", "email_verified": True})
    assert response["Location"] == "/account/login/?sso=mislukt"


def test_token_signed_by_another_key_is_refused(client, coordinator_fin, sso_aan):
    vreemd = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    claims = {"email": "coordinator-fin@example.org", "email_verified": True}
    response, _ = log_in_via_idp(client, claims, sleutel=vreemd)
    assert response.status_code == 400
    assert client.get("/werk/").status_code == 302


def test_replayed_nonce_is_refused(client, coordinator_fin, sso_aan):
    claims = {"email": "coordinator-fin@example.org", "email_verified": True}
    response, _ = log_in_via_idp(client, claims, nonce="een-andere-nonce")
    assert response.status_code == 400
    assert client.get("/werk/").status_code == 302
