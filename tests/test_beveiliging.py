"""Secure defaults: deploy check, headers, sessions, login throttling, size limits, security log."""

import logging
import os
import re
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.urls import reverse

from lib import limiet
from pokvolg import wachtwoord
from rapportage.models import Rapportage
from tests.conftest import tekst_van


def test_deploy_check_passes_with_production_settings():
    omgeving = {
        k: v
        for k, v in os.environ.items()
        if k not in ("DEBUG", "DATABASE_URL", "SECURE_SSL_REDIRECT", "DJANGO_ALLOW_ASYNC_UNSAFE")
    }
    omgeving.update(
        SECRET_KEY="p" * 20 + "-een-lange-willekeurige-sleutel-" + "q" * 20, ALLOWED_HOSTS="pokvolg.nl"
    )
    uitkomst = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=settings.BASE_DIR,
        env=omgeving,
        capture_output=True,
        text=True,
    )
    assert uitkomst.returncode == 0, uitkomst.stdout + uitkomst.stderr


def test_production_settings_refuse_to_start_without_secret_key():
    omgeving = {k: v for k, v in os.environ.items() if k not in ("DEBUG", "SECRET_KEY")}
    uitkomst = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=settings.BASE_DIR,
        env=omgeving,
        capture_output=True,
        text=True,
    )
    assert uitkomst.returncode != 0 and "SECRET_KEY" in uitkomst.stderr


def test_responses_carry_the_security_headers(client, db):
    antwoord = client.get("/gezondheid", secure=True)
    csp = antwoord["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert antwoord["X-Content-Type-Options"] == "nosniff"
    assert antwoord["Referrer-Policy"] == "same-origin"
    assert antwoord["X-Frame-Options"] == "DENY"
    assert antwoord["Strict-Transport-Security"].startswith("max-age=31536000")


def test_session_and_csrf_cookies_are_host_bound_and_secure():
    assert settings.SESSION_COOKIE_NAME == "__Host-sessionid" and settings.SESSION_COOKIE_SECURE
    assert settings.CSRF_COOKIE_NAME == "__Host-csrftoken" and settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_AGE == 12 * 3600
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"


def test_editor_is_logged_out_after_30_minutes_idle(client, redactie):
    client.force_login(redactie)
    client.get("/")
    sessie = client.session
    sessie["laatst_actief"] = int(time.time()) - 31 * 60
    sessie.save()
    antwoord = client.get("/")
    assert antwoord.status_code == 302 and "/account/login/" in antwoord["Location"]
    assert "_auth_user_id" not in client.session


def test_editor_active_within_30_minutes_stays_logged_in(client, redactie):
    client.force_login(redactie)
    client.get("/")
    sessie = client.session
    sessie["laatst_actief"] = int(time.time()) - 29 * 60
    sessie.save()
    assert client.get("/").status_code == 200
    assert client.session["_auth_user_id"] == str(redactie.pk)


def test_login_is_locked_after_five_failures_and_logged(client, redactie, caplog):
    with caplog.at_level(logging.WARNING, logger="pokvolg.beveiliging"):
        for _ in range(5):
            client.post("/account/login/", {"username": "redactie", "password": "fout"})
    assert sum("mislukte login voor 'redactie'" in r.getMessage() for r in caplog.records) == 5
    from tests.conftest import WACHTWOORD

    antwoord = client.post("/account/login/", {"username": "redactie", "password": WACHTWOORD})
    assert antwoord.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


@pytest.fixture
def achter_een_proxy(settings):
    """One proxy in front that appends the address it was connected from to X-Forwarded-For."""
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.VERTROUWDE_PROXIES = 1


def test_spraying_one_user_name_from_many_addresses_locks_it(client, redactie, achter_een_proxy):
    from tests.conftest import WACHTWOORD

    for n in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "redactie", "password": f"fout-{n}"},
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n + 1}",
        )
    antwoord = client.post(
        reverse("login"),
        {"username": "redactie", "password": WACHTWOORD},
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    assert antwoord.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_forged_leftmost_forwarded_for_entry_is_not_taken_as_the_client(
    client, redactie, achter_een_proxy, caplog
):
    from axes.models import AccessAttempt

    with caplog.at_level(logging.WARNING, logger="pokvolg.beveiliging"):
        client.post(
            reverse("login"),
            {"username": "redactie", "password": "fout"},
            HTTP_X_FORWARDED_FOR="203.0.113.66, 198.51.100.7",
        )
    # The login lockout and the security log both count the address the proxy saw.
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.7"]
    assert "mislukte login voor 'redactie' van 198.51.100.7" in caplog.text
    assert "203.0.113.66" not in caplog.text


@pytest.mark.parametrize(
    "proxies, forwarded_for, client_ip",
    [
        (1, "203.0.113.66, 198.51.100.7", "198.51.100.7"),
        (2, "203.0.113.66, 198.51.100.7, 192.0.2.9", "198.51.100.7"),
        # Fewer entries than proxies: the request did not pass them all; its connecting address counts.
        (2, "198.51.100.7", "10.0.0.1"),
        # Not an address where the client should be: the connecting address, never the text.
        (1, "203.0.113.66, geen-adres", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_the_client_is_counted_from_the_right_of_x_forwarded_for(
    rf, settings, proxies, forwarded_for, client_ip
):
    settings.CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    settings.VERTROUWDE_PROXIES = proxies
    verzoek = rf.get("/", HTTP_X_FORWARDED_FOR=forwarded_for, REMOTE_ADDR="10.0.0.1")
    assert limiet.client_ip(verzoek) == client_ip


def test_password_shorter_than_12_characters_is_refused(db):
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    try:
        validate_password("kort-11-tek")
    except ValidationError as fout:
        assert any("12" in m for m in fout.messages)
    else:
        raise AssertionError("een wachtwoord van 11 tekens werd geaccepteerd")


def test_request_body_over_the_limit_is_refused(client, db, settings):
    settings.BIJLAGE_MAX_BYTES = 10
    antwoord = client.post(
        "/account/login/", data=b"x" * (2 * 1024 * 1024), content_type="application/octet-stream"
    )
    assert antwoord.status_code == 413


def test_refused_authorization_is_logged(client, coordinator_fin, caplog):
    client.force_login(coordinator_fin)
    with caplog.at_level(logging.WARNING, logger="pokvolg.beveiliging"):
        antwoord = client.get("/importeren/")
    assert antwoord.status_code == 403
    assert any(
        "toegang geweigerd: GET /importeren/ voor coordinator-fin" in r.getMessage() for r in caplog.records
    )


def test_log_lines_are_json_objects():
    import json as jsonlib

    from lib.logboek import JsonFormatter

    record = logging.LogRecord(
        "pokvolg.beveiliging", logging.WARNING, __file__, 1, "mislukte login voor %r", ("x",), None
    )
    regel = jsonlib.loads(JsonFormatter().format(record))
    assert regel["niveau"] == "WARNING" and regel["bericht"] == "mislukte login voor 'x'"
    assert regel["logger"] == "pokvolg.beveiliging" and regel["tijd"]


# ---------------------------------------------------------------------------------------------------------
# The lockout page


def _sluit_buiten(client, url, gebruikersnaam="redactie"):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": gebruikersnaam, "password": "fout"})
    from tests.conftest import WACHTWOORD

    return client.post(url, {"username": gebruikersnaam, "password": WACHTWOORD})


def _tekst(response):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def test_a_locked_out_login_gets_a_dutch_page_in_the_site_layout_saying_how_long(client, redactie):
    antwoord = _sluit_buiten(client, reverse("login"))
    assert antwoord.status_code == 429 and antwoord["Retry-After"] == "3600"
    pagina = antwoord.content.decode()
    assert '<html lang="nl">' in pagina and 'href="/toegankelijkheid/"' in pagina  # base.html
    tekst = _tekst(antwoord)
    assert "Inloggen tijdelijk geblokkeerd" in tekst
    assert "U kunt over 1 uur opnieuw inloggen." in tekst
    assert "Account locked" not in pagina and "administrator" not in pagina
    assert "_auth_user_id" not in client.session


def test_the_lockout_page_follows_the_configured_waiting_time(client, redactie, settings):
    settings.AXES_COOLOFF_TIME = 0.5
    antwoord = _sluit_buiten(client, reverse("login"))
    assert antwoord["Retry-After"] == "1800"
    assert "U kunt over 30 minuten opnieuw inloggen." in _tekst(antwoord)


def test_the_admin_login_is_locked_out_with_the_same_dutch_page(client, beheerder):
    antwoord = _sluit_buiten(client, f"/{settings.ADMIN_URL}login/", "beheerder")
    assert antwoord.status_code == 429
    assert "Inloggen tijdelijk geblokkeerd" in _tekst(antwoord)
    assert '<html lang="nl">' in antwoord.content.decode()


# ---------------------------------------------------------------------------------------------------------
# No cache for work pages and drafts


def test_every_work_and_import_page_forbids_caching(client, redactie, coordinator_fin, open_ronde):
    client.force_login(coordinator_fin)
    adressen = [reverse("werk:mijn_acties"), reverse("werk:bewerk", args=[tekst_van(open_ronde, "FIN").pk])]
    antwoorden = [client.get(url) for url in adressen]
    client.force_login(redactie)
    adressen = [
        reverse("werk:overzicht"),
        reverse("werk:ronde", args=[open_ronde.pk]),
        reverse("importeer:nieuw"),
    ]
    antwoorden += [client.get(url) for url in adressen]
    assert [a.status_code for a in antwoorden] == [200] * 5
    assert {a["Cache-Control"] for a in antwoorden} == {"private, no-store"}


def test_refusals_and_redirects_under_werk_forbid_caching_too(client, coordinator_fin, demodata):
    anoniem = client.get(reverse("werk:mijn_acties"))
    assert anoniem.status_code == 302 and anoniem["Cache-Control"] == "private, no-store"
    client.force_login(coordinator_fin)
    geweigerd = client.get(reverse("importeer:nieuw"))
    assert geweigerd.status_code == 403 and geweigerd["Cache-Control"] == "private, no-store"
    onbekend = client.get("/werk/bestaat-niet/")
    assert onbekend.status_code == 404 and onbekend["Cache-Control"] == "private, no-store"


def test_a_draft_annex_forbids_caching_and_a_published_one_does_not(client, redactie, open_ronde):
    juni = Rapportage.objects.get(titel="Stand van zaken juni 2021")
    client.force_login(redactie)
    concept = [
        client.get(reverse(naam, args=[open_ronde.pk]))
        for naam in ("bijlage:html", "bijlage:wijzigingen_html", "bijlage:pdf", "bijlage:wijzigingen")
    ]
    assert [a.status_code for a in concept] == [200, 200, 302, 302]
    assert {a["Cache-Control"] for a in concept} == {"private, no-store"}
    gepubliceerd = client.get(reverse("bijlage:html", args=[juni.pk]))
    assert gepubliceerd.status_code == 200 and "no-store" not in gepubliceerd.get("Cache-Control", "")


def test_public_pages_may_still_be_cached(client, demodata):
    for url in ("/", "/acties/", "/acties/1/"):
        assert "no-store" not in client.get(url).get("Cache-Control", "")


# ---------------------------------------------------------------------------------------------------------
# Password reset: limited per address and per IP address, and logged


@pytest.fixture
def lege_tellers():
    """The reset counters live in the cache, which outlives a test."""
    cache.clear()
    yield
    cache.clear()


def _vraag_herstel(client, email, ip):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_ten_reset_requests_for_one_address_send_three_mails_and_look_alike(
    client, coordinator_fin, mailoutbox, django_capture_on_commit_callbacks, lege_tellers
):
    antwoorden = []
    for _ in range(10):
        with django_capture_on_commit_callbacks(execute=True):
            antwoord = _vraag_herstel(client, coordinator_fin.email, "198.51.100.1")
        antwoorden.append((antwoord.status_code, antwoord["Location"]))
    assert len(mailoutbox) == wachtwoord.PER_ADRES == 3
    assert set(antwoorden) == {(302, reverse("password_reset_done"))}


def test_addresses_of_one_ipv6_network_share_the_limit_per_ip(
    client, db, mailoutbox, django_capture_on_commit_callbacks, lege_tellers
):
    gebruikers = [
        User.objects.create_user(f"zes{n}", f"zes{n}@example.org", "x") for n in range(wachtwoord.PER_IP + 2)
    ]
    for n, gebruiker in enumerate(gebruikers[:-1], 1):
        with django_capture_on_commit_callbacks(execute=True):
            _vraag_herstel(client, gebruiker.email, f"2001:db8:0:7::{n:x}")
    # Ten mails: the eleventh request came from yet another address, but of the same /64.
    assert len(mailoutbox) == wachtwoord.PER_IP
    assert gebruikers[-2].email not in {m.to[0] for m in mailoutbox}
    with django_capture_on_commit_callbacks(execute=True):
        _vraag_herstel(client, gebruikers[-1].email, "2001:db8:0:8::1")  # another network
    assert mailoutbox[-1].to == [gebruikers[-1].email]


def test_every_spelling_of_an_address_counts_against_the_same_limit():
    assert limiet.adres_sleutel(" Anne@Example.ORG ") == limiet.adres_sleutel("anne@example.org")
    assert limiet.adres_sleutel("anne@exampl\u00e9.org") == limiet.adres_sleutel("ANNE@EXAMPLE\u0301.ORG")


def test_ipv4_and_ipv4_mapped_ipv6_are_one_sender_and_ipv6_counts_per_network():
    assert limiet.afzender("::ffff:192.0.2.7") == limiet.afzender("192.0.2.7") == "192.0.2.7"
    assert limiet.afzender("2001:db8::1") == limiet.afzender("2001:db8::ffff") == "2001:db8::/64"
    assert limiet.afzender("2001:db8:0:1::1") != limiet.afzender("2001:db8::1")
    assert limiet.afzender("-") == "-"


def test_every_reset_request_is_logged_whether_or_not_the_address_has_an_account(
    client, coordinator_fin, caplog, lege_tellers
):
    with caplog.at_level(logging.INFO, logger="pokvolg.beveiliging"):
        bekend = _vraag_herstel(client, coordinator_fin.email, "198.51.100.2")
        onbekend = _vraag_herstel(client, "niemand@example.org", "198.51.100.2")
    assert (bekend.status_code, bekend["Location"]) == (onbekend.status_code, onbekend["Location"])
    regels = [r.getMessage() for r in caplog.records]
    assert (
        f"wachtwoordherstel aangevraagd: '{coordinator_fin.email}' van 198.51.100.2 (accounts: 1)" in regels
    )
    assert "wachtwoordherstel aangevraagd: 'niemand@example.org' van 198.51.100.2 (accounts: 0)" in regels
