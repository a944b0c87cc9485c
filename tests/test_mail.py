"""Mail goes through a background job (jobs.mail): password-reset mail, its rate limit, and retries when
the mail server fails."""

import logging
import re

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from jobs import mail, taken
from jobs.models import Job
from lib import limiet
from pokvolg import wachtwoord
from tests.conftest import WACHTWOORD

MISLUKT_BIJ = []  # which send_messages calls (1, 2, …) of KapotBackend raise
AANROEPEN = []


class KapotBackend(EmailBackend):
    """The test mailbox, with a mail server that fails on the calls listed in MISLUKT_BIJ."""

    def send_messages(self, messages):
        AANROEPEN.append(1)
        if len(AANROEPEN) in MISLUKT_BIJ:
            raise ConnectionRefusedError("mailserver even weg")
        return super().send_messages(messages)


@pytest.fixture(autouse=True)
def _schoon():
    # The rate limit counts in the (process-wide) cache; no test leaves counts for another.
    cache.clear()
    MISLUKT_BIJ.clear()
    AANROEPEN.clear()
    yield
    cache.clear()


def bericht(aan, onderwerp="Onderwerp", tekst="Tekst\n"):
    return {"onderwerp": onderwerp, "tekst": tekst, "aan": [aan]}


def test_do_mail_queues_the_messages_and_the_job_sends_them_over_one_connection(
    db, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.DEFAULT_FROM_EMAIL = "redactie@example.org"
    with django_capture_on_commit_callbacks(execute=True):
        job = mail.do_mail(
            [
                bericht("a@example.org", "Eén"),
                {**bericht("b@example.org", "Twee"), "headers": {"X-Pokvolg": "1"}},
            ],
            "Twee berichten",
        )
        assert mailoutbox == []  # not in the request: after the commit, by the job
    job.refresh_from_db()
    assert (job.status, job.pogingen, job.taak) == (Job.Status.KLAAR, 1, "jobs.mail.verstuur")
    assert [(m.to, m.subject, m.body, m.from_email) for m in mailoutbox] == [
        (["a@example.org"], "Eén", "Tekst\n", "redactie@example.org"),
        (["b@example.org"], "Twee", "Tekst\n", "redactie@example.org"),
    ]
    assert mailoutbox[1].extra_headers == {"X-Pokvolg": "1"}
    # Once sent, the job keeps who got what, not the text.
    assert job.argumenten == {
        "berichten": [
            {"aan": ["a@example.org"], "onderwerp": "Eén"},
            {"aan": ["b@example.org"], "onderwerp": "Twee"},
        ]
    }


def test_a_malformed_message_is_refused_in_the_request_and_by_the_job(db, django_capture_on_commit_callbacks):
    for fout in [{"onderwerp": "x", "tekst": "y"}, {**bericht("a@example.org"), "aan": "a@example.org"}]:
        with pytest.raises(ValueError):
            mail.do_mail([fout], "Fout")
    assert not Job.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        job = taken.do_start(mail.verstuur, "Fout", berichten=[{"onderwerp": "x"}])
    job.refresh_from_db()
    assert (job.status, job.pogingen) == (Job.Status.MISLUKT, 1)


def test_a_failing_mail_server_is_tried_again(db, mailoutbox, django_capture_on_commit_callbacks, settings):
    settings.EMAIL_BACKEND = f"{__name__}.KapotBackend"
    MISLUKT_BIJ.append(1)
    with django_capture_on_commit_callbacks(execute=True):
        job = mail.do_mail([bericht("a@example.org"), bericht("b@example.org")], "Twee berichten")
    job.refresh_from_db()
    assert (job.status, job.pogingen) == (Job.Status.KLAAR, 2)
    assert [m.to for m in mailoutbox] == [["a@example.org"], ["b@example.org"]]


def test_a_mail_server_failing_halfway_sends_nobody_a_message_twice(
    db, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.KapotBackend"
    MISLUKT_BIJ.append(2)  # a gets his message, then the server fails before b's
    adressen = ["a@example.org", "b@example.org", "c@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        job = mail.do_mail([bericht(a) for a in adressen], "Drie berichten")
    job.refresh_from_db()
    assert (job.status, job.pogingen) == (Job.Status.KLAAR, 2)
    assert [m.to for m in mailoutbox] == [[a] for a in adressen]


def test_a_mail_server_that_stays_down_fails_the_job_after_the_last_attempt(
    db, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.EMAIL_BACKEND = f"{__name__}.KapotBackend"
    MISLUKT_BIJ.extend(range(1, 10))
    with django_capture_on_commit_callbacks(execute=True):
        job = mail.do_mail([bericht("a@example.org")], "Eén bericht")
    job.refresh_from_db()
    assert (job.status, job.pogingen, mailoutbox) == (Job.Status.MISLUKT, taken.MAX_POGINGEN, [])
    assert job.argumenten["berichten"][0]["tekst"] == "Tekst\n"  # kept for 'Probeer opnieuw'


# ---------------------------------------------------------------------------------------------------------
# Password reset


def vraag_herstel(client, email, ip="127.0.0.1"):
    return client.post(reverse("password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_the_password_reset_mail_is_sent_by_a_job(
    client, coordinator_fin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as wachtrij:
        response = vraag_herstel(client, coordinator_fin.email)
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mailoutbox == [] and len(wachtrij) == 1
    job = Job.objects.get()
    assert (job.taak, job.status) == ("jobs.mail.verstuur", Job.Status.WACHT)
    wachtrij[0]()
    job.refresh_from_db()
    assert job.status == Job.Status.KLAAR
    (bericht,) = mailoutbox
    assert bericht.subject == "Nieuw wachtwoord voor pokvolg" and bericht.to == [coordinator_fin.email]
    assert f"pokvolg-account '{coordinator_fin.username}'" in bericht.body
    pad = re.search(r"https?://[^/\s]+(/account/reset/\S+/)", bericht.body)[1]
    assert pad not in str(job.argumenten)  # the link is not kept in the job once sent
    formulier = client.get(pad)
    nieuw = "een-ander-lang-wachtwoord-42"
    response = client.post(formulier["Location"], {"new_password1": nieuw, "new_password2": nieuw})
    assert response["Location"] == reverse("password_reset_complete")
    coordinator_fin.refresh_from_db()
    assert coordinator_fin.check_password(nieuw)


def test_an_unknown_address_gets_the_same_answer_and_no_job(client, db, mailoutbox):
    response = vraag_herstel(client, "onbekend@example.org")
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert not Job.objects.exists()


def _antwoord(response):
    return response.status_code, response.get("Location"), response.content


def test_the_fourth_request_for_one_address_in_an_hour_sends_nothing_and_looks_the_same(
    client, coordinator_fin, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    antwoorden = []
    with caplog.at_level(logging.WARNING, logger="pokvolg.beveiliging"):
        for n in range(wachtwoord.PER_ADRES + 1):
            with django_capture_on_commit_callbacks(execute=True):
                antwoorden.append(
                    _antwoord(vraag_herstel(client, coordinator_fin.email.upper(), f"10.0.0.{n}"))
                )
    assert len(mailoutbox) == wachtwoord.PER_ADRES == 3
    assert len(set(antwoorden)) == 1
    assert "wachtwoordherstel geweigerd: te veel aanvragen voor dit e-mailadres" in caplog.text
    assert "10.0.0.3" in caplog.text and "10.0.0.2" not in caplog.text
    # The page the refused visitor then sees is the page everyone sees.
    assert client.get(antwoorden[-1][1]).content == client.get(antwoorden[0][1]).content
    # Another address is not held up.
    zonder = User.objects.create_user("ander", "ander@example.org", WACHTWOORD)
    with django_capture_on_commit_callbacks(execute=True):
        vraag_herstel(client, zonder.email, "10.0.0.9")
    assert mailoutbox[-1].to == [zonder.email]


def test_the_eleventh_request_from_one_ip_address_in_an_hour_sends_nothing_and_looks_the_same(
    client, db, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    gebruikers = [
        User.objects.create_user(f"gebruiker{n}", f"gebruiker{n}@example.org", WACHTWOORD)
        for n in range(wachtwoord.PER_IP + 1)
    ]
    antwoorden = []
    with caplog.at_level(logging.WARNING, logger="pokvolg.beveiliging"):
        for gebruiker in gebruikers:
            with django_capture_on_commit_callbacks(execute=True):
                antwoorden.append(_antwoord(vraag_herstel(client, gebruiker.email, "192.0.2.7")))
    assert len(mailoutbox) == wachtwoord.PER_IP == 10
    assert gebruikers[-1].email not in {m.to[0] for m in mailoutbox}
    assert len(set(antwoorden)) == 1
    assert "wachtwoordherstel geweigerd: te veel aanvragen van dit IP-adres" in caplog.text
    assert "192.0.2.7" in caplog.text
    # The refused request did not count against the address: from elsewhere it still gets its mail.
    with django_capture_on_commit_callbacks(execute=True):
        vraag_herstel(client, gebruikers[-1].email, "192.0.2.8")
    assert mailoutbox[-1].to == [gebruikers[-1].email]


def test_without_a_cache_the_reset_still_works(
    client, coordinator_fin, mailoutbox, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    class Weg:
        def __getattr__(self, naam):
            def kapot(*args, **kwargs):
                raise ConnectionError("redis weg")

            return kapot

    monkeypatch.setattr(limiet, "cache", Weg())  # the limiter counts in the cache that lib.limiet uses
    with caplog.at_level(logging.WARNING, logger="pokvolg.beveiliging"):
        with django_capture_on_commit_callbacks(execute=True):
            response = vraag_herstel(client, coordinator_fin.email)
    assert response["Location"] == reverse("password_reset_done")
    assert [m.to for m in mailoutbox] == [[coordinator_fin.email]]
    assert "geen cache voor de limiet" in caplog.text
