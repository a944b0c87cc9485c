"""Secure defaults: deploy check, headers, sessions, login throttling, size limits, security log."""

import logging
import os
import subprocess
import sys
import time

from django.conf import settings


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
