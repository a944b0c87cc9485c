"""Following by e-mail without an account (volgen): double opt-in with an expiring signed link, one digest
per follower when a round is published with exactly their changes and none when nothing they follow
changed, unsubscribing in one click (the link and RFC 8058's one-click POST) removing the address and
all it follows, the same answer for known and unknown addresses, rate limits, and nothing stored but the
address and what it follows."""

import logging
import re
import time

import pytest
from django.apps import apps
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from acties.models import Actie, Status
from jobs.models import Job
from rapportage import ronde, tekststappen
from rapportage.models import Voortgang
from volgen import receivers, taken, tokens
from volgen.models import Abonnement, Soort, Verzending, Volger
from volgen.onderwerp import uit_code
from volgen.overzicht import kort_verschil

SITE = "https://pokvolg.example.nl"


@pytest.fixture(autouse=True)
def _omgeving(settings, tmp_path):
    settings.SITE_URL = SITE
    settings.MEDIA_ROOT = tmp_path  # closing a round stores its annex
    cache.clear()  # the rate limits count in the cache
    yield
    cache.clear()


# ---------------------------------------------------------------- helpers


def soort(bericht):
    return bericht.extra_headers.get("X-Pokvolg-Volgen")


def bevestigingen(mailoutbox):
    return [m for m in mailoutbox if soort(m) == "bevestiging"]


def overzichten(mailoutbox):
    """{address: digest}; nobody gets two."""
    berichten = [m for m in mailoutbox if soort(m) == "overzicht"]
    assert all(len(m.to) == 1 for m in berichten)
    adressen = [m.to[0] for m in berichten]
    assert len(adressen) == len(set(adressen)), "someone got two digests"
    return {m.to[0]: m for m in berichten}


def link_in(bericht, naam):
    pad = reverse(naam, args=["TOKEN"]).replace("TOKEN/", "")
    gevonden = re.search(re.escape(SITE + pad) + r"([^/\s]+)/", bericht.body)
    assert gevonden, f"no {naam} link in:\n{bericht.body}"
    return gevonden[0].removeprefix(SITE)


def acties_in(bericht):
    return [int(n) for n in re.findall(r"^- Actie (\d+):", bericht.body, re.MULTILINE)]


def sectie(bericht, titel):
    """The action numbers listed under one heading of the digest ('Nieuw', 'Gewijzigd', 'Afgerond')."""
    nummers, kop = [], None
    for regel in bericht.body.splitlines():
        if re.fullmatch(r"(Nieuw|Gewijzigd|Afgerond) \(\d+\)", regel) or regel.startswith(
            "De hele rapportage"
        ):
            kop = regel.split(" (")[0]
        elif kop == titel and (gevonden := re.match(r"- Actie (\d+):", regel)):
            nummers.append(int(gevonden[1]))
    return nummers


def vraag_aan(client, capture, email, ip="192.0.2.1", **parameters):
    """Ask to follow through the site: the follow page named by `parameters`, then its form."""
    pagina = client.get(reverse("volgen:aanmelden"), parameters)
    assert pagina.status_code == 200
    code = re.search(r'name="volg" value="([^"]*)"', pagina.content.decode())[1].replace("&amp;", "&")
    with capture(execute=True):
        antwoord = client.post(
            reverse("volgen:aanmelden"), {"volg": code, "vast": "1", "email": email}, REMOTE_ADDR=ip
        )
    return antwoord


def volg(client, capture, mailoutbox, email, **parameters):
    """Follow and confirm, as a visitor would: the form, the mail, the page of its link, its button."""
    voor = len(bevestigingen(mailoutbox))
    assert vraag_aan(client, capture, email, **parameters).status_code == 302
    bericht = bevestigingen(mailoutbox)[voor]
    assert bericht.to == [email]
    url = link_in(bericht, "volgen:bevestigen")
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 200


def eigen_tekst(rapportage, afkorting, overslaan=()):
    """A text of the ministry that shares no text with another action (so changing it changes one)."""
    for v in (
        Voortgang.objects.filter(rapportage=rapportage, gedeeld_met__isnull=True, delers__isnull=True)
        .filter(
            actie__actieministeries__ministerie__afkorting=afkorting,
            actie__actieministeries__rol="eerstverantwoordelijk",
        )
        .exclude(actie_id__in=overslaan)
        .select_related("actie__thema")
        .order_by("actie__nummer")
    ):
        if v.status != Status.AFGEROND:
            return v
    raise AssertionError(f"no text of {afkorting} to change")


def wijzig(voortgang, redactie, tekst=None, status=None):
    """Change a text of the open round as the redactie does, and approve it."""
    voortgang.refresh_from_db()
    if status == Status.AFGEROND:
        met_vindplaats(voortgang.actie)
    voortgang, _ = tekststappen.bewaar_tekst(
        voortgang,
        voortgang.tekst if tekst is None else tekst,
        status or voortgang.status,
        voortgang.versie,
        redactie,
    )
    tekststappen.keur_goed(voortgang, redactie)
    return voortgang


def met_vindplaats(actie):
    """'Afgerond' asks for evidence (a Kamerstuk) where the round's rules have that model."""
    try:
        vindplaats = apps.get_model("rapportage", "Vindplaats")
    except LookupError:
        return
    vindplaats.objects.create(actie=actie, kamerstuk="35510-60", titel="Voortgangsbrief")


def in_thema(actie, thema):
    return thema.pk in (actie.thema_id, actie.thema.hoofdthema_id)


def publiceer(rapportage, redactie, capture):
    """Close the round as the redactie does, and run what follows its commit (the annex, the mails)."""
    with capture(execute=True):
        ronde.stel_vast(rapportage, redactie)
    rapportage.refresh_from_db()


# ---------------------------------------------------------------- double opt-in


def test_asking_to_follow_stores_a_request_that_only_the_button_behind_the_mails_link_confirms(
    demodata, client, mailoutbox, django_capture_on_commit_callbacks
):
    actie = Actie.objects.order_by("nummer").first()
    pagina = client.get(reverse("volgen:aanmelden"), {"actie": actie.nummer})
    assert f"actie {actie.nummer}" in pagina.content.decode()

    antwoord = vraag_aan(client, django_capture_on_commit_callbacks, "ouder@example.nl", actie=actie.nummer)

    assert antwoord.status_code == 302 and antwoord["Location"] == reverse("volgen:verstuurd")
    aanvraag = Abonnement.objects.get()
    assert (aanvraag.volger.email, aanvraag.actie_id, aanvraag.bevestigd_op) == (
        "ouder@example.nl",
        actie.pk,
        None,
    )
    (bericht,) = bevestigingen(mailoutbox)
    assert bericht.to == ["ouder@example.nl"]
    assert f"actie {actie.nummer}" in bericht.subject
    assert "48 uur" in bericht.body
    assert SITE + reverse("volgen:privacy") in bericht.body
    url = link_in(bericht, "volgen:bevestigen")
    assert (
        "ouder" not in url
        and "example" not in signing.b64_decode(url.split("/")[3].split(":")[0].encode()).decode()
    )

    # Opening the link (as a mail scanner does) shows a button and confirms nothing.
    pagina = client.get(url)
    assert pagina.status_code == 200 and "Ja, bevestig" in pagina.content.decode()
    assert not Abonnement.objects.bevestigd().exists()

    assert client.post(url).status_code == 200
    aanvraag.refresh_from_db()
    assert aanvraag.bevestigd_op is not None
    # Confirming twice, or asking again, stores it once.
    client.post(url)
    vraag_aan(client, django_capture_on_commit_callbacks, "OUDER@example.nl", actie=actie.nummer)
    assert Abonnement.objects.count() == 1 and Volger.objects.count() == 1
    assert Abonnement.objects.get().bevestigd_op == aanvraag.bevestigd_op


def test_an_expired_or_altered_confirmation_link_is_refused_and_the_expired_request_is_deleted(
    demodata, client, mailoutbox, django_capture_on_commit_callbacks
):
    vraag_aan(client, django_capture_on_commit_callbacks, "ouder@example.nl", ministerie="FIN")
    aanvraag = Abonnement.objects.select_related("volger").get()

    class DrieDagenGeleden(signing.TimestampSigner):
        def timestamp(self):
            return signing.b62_encode(int(time.time()) - 3 * 24 * 60 * 60)

    verlopen = tokens.bevestigtoken(aanvraag, DrieDagenGeleden(salt=tokens.BEVESTIGEN))
    url = reverse("volgen:bevestigen", args=[verlopen])
    for antwoord in (client.get(url), client.post(url)):
        assert antwoord.status_code == 410
        assert "verlopen" in antwoord.content.decode()
    assert not Abonnement.objects.bevestigd().exists()

    geldig = link_in(bevestigingen(mailoutbox)[0], "volgen:bevestigen")
    veranderd = geldig[:-3] + ("a/" if geldig[-2] != "a" else "b/")
    assert client.post(veranderd).status_code == 400
    # An unsubscribe token is no confirmation token.
    ander = signing.Signer(salt=tokens.AFMELDEN).sign_object({"n": aanvraag.pk, "h": "x"})
    assert client.post(reverse("volgen:bevestigen", args=[ander])).status_code == 400
    assert not Abonnement.objects.bevestigd().exists()

    # Once the request is as old as its link, it is deleted, and the address that follows nothing else.
    Abonnement.objects.update(aangevraagd_op=timezone.now() - timezone.timedelta(days=3))
    assert client.get(url).status_code == 410
    assert not Volger.objects.exists()
    assert client.post(geldig).status_code == 404  # the link of a deleted request confirms nothing


def test_the_daily_clean_up_deletes_only_expired_requests_once_a_day(
    demodata, mailoutbox, django_capture_on_commit_callbacks
):
    oud = timezone.now() - timezone.timedelta(hours=49)
    fin, bzk = (uit_code(f"ministerie:{m}") for m in ("FIN", "BZK"))
    verlopen = Volger.objects.create(email="verlopen@example.nl")
    Abonnement.objects.create(volger=verlopen, **fin.velden(), aangevraagd_op=oud)
    half = Volger.objects.create(email="half@example.nl")
    Abonnement.objects.create(volger=half, **fin.velden(), aangevraagd_op=oud, bevestigd_op=oud)
    Abonnement.objects.create(volger=half, **bzk.velden(), aangevraagd_op=oud)
    vers = Volger.objects.create(email="vers@example.nl")
    Abonnement.objects.create(volger=vers, **fin.velden())

    with django_capture_on_commit_callbacks(execute=True):
        job = taken.start_dagelijks()
    assert taken.start_dagelijks() is None  # the second look of the day starts nothing

    job.refresh_from_db()
    assert job.status == Job.Status.KLAAR
    assert sorted(Volger.objects.values_list("email", flat=True)) == ["half@example.nl", "vers@example.nl"]
    assert [a.soort for a in Abonnement.objects.filter(volger=half)] == [Soort.MINISTERIE]
    assert Abonnement.objects.get(volger=half).ministerie.afkorting == "FIN"


# ---------------------------------------------------------------- the digest


def test_each_follower_gets_one_digest_with_exactly_their_changes_when_a_round_is_published(
    open_ronde, redactie, client, mailoutbox, django_capture_on_commit_callbacks, capsys
):
    capture = django_capture_on_commit_callbacks
    tekst = eigen_tekst(open_ronde, "FIN")
    afgerond = eigen_tekst(open_ronde, "BZK", overslaan=[tekst.actie_id])
    stil = eigen_tekst(open_ronde, "AZ", overslaan=[tekst.actie_id, afgerond.actie_id])
    a, b, c = tekst.actie, afgerond.actie, stil.actie
    oud_a = tekst.tekst

    volg(client, capture, mailoutbox, "alice@example.nl", actie=a.nummer)
    volg(client, capture, mailoutbox, "bob@example.nl", thema=b.hoofdthema.slug)
    volg(client, capture, mailoutbox, "carol@example.nl", actie=c.nummer)  # nothing of hers changes
    volg(client, capture, mailoutbox, "erin@example.nl", actie=a.nummer)
    volg(client, capture, mailoutbox, "erin@example.nl", ministerie="FIN")  # names A a second time
    volg(client, capture, mailoutbox, "frank@example.nl", status="afgerond")  # a selection of the list
    vraag_aan(client, capture, "dave@example.nl", actie=a.nummer)  # never confirmed
    assert Abonnement.objects.bevestigd().count() == 6 and Abonnement.objects.count() == 7

    wijzig(tekst, redactie, tekst=oud_a + " Inmiddels is de eerste groep ouders gecompenseerd.")
    wijzig(afgerond, redactie, status=Status.AFGEROND)
    # An action that is new in this round, in B's theme.
    nieuw = Actie.objects.create(
        nummer=Actie.objects.order_by("-nummer").first().nummer + 1,
        omschrijving="Een loket voor ouders in elke gemeente.",
        thema=b.thema,
        status=Status.IN_UITVOERING,
    )
    Voortgang.objects.create(
        actie=nieuw,
        rapportage=open_ronde,
        tekst="De eerste loketten zijn open.",
        status=Status.IN_UITVOERING,
        toestand=Voortgang.Toestand.GOEDGEKEURD,
    )
    mailoutbox.clear()

    with capture(execute=True):
        ronde.stel_vast(open_ronde, redactie)

    digests = overzichten(mailoutbox)
    bob_verwacht = sorted(x.nummer for x in (a, b, nieuw) if in_thema(x, b.hoofdthema))
    assert set(digests) == {"alice@example.nl", "bob@example.nl", "erin@example.nl", "frank@example.nl"}
    assert acties_in(digests["alice@example.nl"]) == [a.nummer]
    assert acties_in(digests["erin@example.nl"]) == [a.nummer]  # once, though two subscriptions name it
    assert sorted(acties_in(digests["bob@example.nl"])) == bob_verwacht
    assert acties_in(digests["frank@example.nl"]) == [b.nummer]  # A's status is not 'afgerond'

    alice = digests["alice@example.nl"]
    assert sectie(alice, "Gewijzigd") == [a.nummer]
    assert "Toegevoegd: “Inmiddels is de eerste groep ouders gecompenseerd.”" in alice.body
    assert f"{SITE}{reverse('actie', args=[a.nummer])}#ronde-{open_ronde.pk}" in alice.body
    assert f"{SITE}{reverse('rapportage', args=[open_ronde.pk])}" in alice.body
    assert "peildatum 1 december 2021" in alice.body and "December" not in alice.body
    assert "Stand van zaken december 2021" in alice.subject and "1 actie" in alice.subject
    bob = digests["bob@example.nl"]
    assert sectie(bob, "Afgerond") == [b.nummer]
    assert sectie(bob, "Nieuw") == [nieuw.nummer]
    assert "Tekst: “De eerste loketten zijn open.”" in bob.body
    assert f"Status: {Status.label_van(afgerond.status)} → afgerond" in bob.body
    for bericht in digests.values():
        assert bericht.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
        assert re.fullmatch(
            rf"<{re.escape(SITE)}/volgen/afmelden/[^/]+/een-klik/>", bericht.extra_headers["List-Unsubscribe"]
        )
        assert link_in(bericht, "volgen:afmelden")
        assert SITE + reverse("volgen:privacy") in bericht.body

    jobs = Job.objects.filter(sleutel__startswith=f"volgen:overzicht:{open_ronde.pk}:")
    assert jobs.count() == 1 and jobs.get().status == Job.Status.KLAAR
    verzending = Verzending.objects.get(rapportage=open_ronde)
    assert (verzending.aantal_mails, verzending.aantal_jobs) == (4, 1)
    with capsys.disabled():
        print(
            f"\n[volgen] digest test: {len(mailoutbox)} mails after closing the round, "
            f"{len(digests)} digests for 5 confirmed followers and 1 unconfirmed request, "
            f"{jobs.count()} mail job"
        )

    # The round's signal once more (a retried receiver): nobody gets a second digest.
    with capture(execute=True):
        receivers.bij_ronde_vastgesteld(
            sender=None, rapportage=open_ronde, publicatie=open_ronde.publicaties.get(versie=1)
        )
    assert len(overzichten(mailoutbox)) == 4


def test_nobody_gets_a_digest_when_nothing_they_follow_changed(
    open_ronde, redactie, client, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    tekst = eigen_tekst(open_ronde, "FIN")
    ander = (
        Actie.objects.exclude(pk=tekst.actie_id).exclude(thema=tekst.actie.thema).order_by("nummer").first()
    )
    volg(client, capture, mailoutbox, "carol@example.nl", actie=ander.nummer)
    volg(client, capture, mailoutbox, "alice@example.nl", actie=tekst.actie.nummer)
    wijzig(tekst, redactie, tekst=tekst.tekst + " Nieuw.")
    mailoutbox.clear()

    publiceer(open_ronde, redactie, capture)

    assert set(overzichten(mailoutbox)) == {"alice@example.nl"}
    assert Verzending.objects.get(rapportage=open_ronde).aantal_mails == 1


def test_a_round_in_which_nothing_changed_sends_no_digest_at_all(
    open_ronde, redactie, client, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    volg(client, capture, mailoutbox, "alice@example.nl", lijst="1")  # the whole list
    mailoutbox.clear()

    publiceer(open_ronde, redactie, capture)

    assert overzichten(mailoutbox) == {}
    assert not Job.objects.filter(sleutel__startswith="volgen:overzicht:").exists()


def test_digests_go_out_in_batches_of_one_hundred(
    open_ronde, redactie, mailoutbox, django_capture_on_commit_callbacks, settings
):
    tekst = eigen_tekst(open_ronde, "FIN")
    for i in range(taken.PER_JOB + 5):
        volger = Volger.objects.create(email=f"volger{i:03d}@example.nl")
        Abonnement.objects.create(
            volger=volger, soort=Soort.ACTIE, actie=tekst.actie, bevestigd_op=timezone.now()
        )
    wijzig(tekst, redactie, tekst=tekst.tekst + " Nieuw.")

    publiceer(open_ronde, redactie, django_capture_on_commit_callbacks)

    assert len(overzichten(mailoutbox)) == taken.PER_JOB + 5
    jobs = Job.objects.filter(sleutel__startswith=f"volgen:overzicht:{open_ronde.pk}:").order_by("sleutel")
    assert [j.argumenten for j in jobs] == [{"verstuurd": taken.PER_JOB}, {"verstuurd": 5}]


# ---------------------------------------------------------------- unsubscribing


@pytest.fixture
def met_digest(open_ronde, redactie, client, mailoutbox, django_capture_on_commit_callbacks):
    """alice follows two things and got a digest; bob follows one."""
    capture = django_capture_on_commit_callbacks
    tekst = eigen_tekst(open_ronde, "FIN")
    volg(client, capture, mailoutbox, "alice@example.nl", actie=tekst.actie.nummer)
    volg(client, capture, mailoutbox, "alice@example.nl", ministerie="FIN")
    volg(client, capture, mailoutbox, "bob@example.nl", actie=tekst.actie.nummer)
    wijzig(tekst, redactie, tekst=tekst.tekst + " Nieuw.")
    publiceer(open_ronde, redactie, capture)
    return overzichten(mailoutbox)


def _csrf(client, url):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(url).content.decode())[1]


def test_the_unsubscribe_link_in_a_digest_removes_the_address_and_all_it_follows(met_digest):
    url = link_in(met_digest["alice@example.nl"], "volgen:afmelden")
    streng = Client(enforce_csrf_checks=True)

    pagina = streng.get(url)
    assert pagina.status_code == 200
    inhoud = pagina.content.decode()
    assert "Afmelden en mijn adres verwijderen" in inhoud and "alice@example.nl" in inhoud
    assert Volger.objects.filter(email="alice@example.nl").exists()  # opening the link removes nothing
    assert streng.post(url, {"alles": "1"}).status_code == 403  # the page's form has a CSRF token

    antwoord = streng.post(url, {"alles": "1", "csrfmiddlewaretoken": _csrf(streng, url)})

    assert antwoord.status_code == 200 and "U bent afgemeld" in antwoord.content.decode()
    assert not Volger.objects.filter(email="alice@example.nl").exists()
    assert not Abonnement.objects.filter(volger__email="alice@example.nl").exists()
    assert Volger.objects.filter(email="bob@example.nl").exists()
    # The link again: the same answer, nothing left to remove.
    assert "U bent afgemeld" in streng.get(url).content.decode()


def test_stopping_the_last_subscription_on_the_unsubscribe_page_removes_the_address(met_digest, client):
    url = link_in(met_digest["alice@example.nl"], "volgen:afmelden")
    eerste, tweede = Abonnement.objects.filter(volger__email="alice@example.nl").order_by("pk")

    antwoord = client.post(url, {"stop": eerste.pk})
    assert "niet meer" in antwoord.content.decode()
    assert list(Abonnement.objects.filter(volger__email="alice@example.nl")) == [tweede]

    client.post(url, {"stop": tweede.pk})
    assert not Volger.objects.filter(email="alice@example.nl").exists()


def test_the_one_click_post_of_rfc_8058_unsubscribes_without_a_csrf_token(met_digest):
    bericht = met_digest["alice@example.nl"]
    een_klik = bericht.extra_headers["List-Unsubscribe"].strip("<>").removeprefix(SITE)
    mailprogramma = Client(enforce_csrf_checks=True)  # no cookies, no token: only the signed link

    assert mailprogramma.get(een_klik).status_code == 405  # a GET (a link scanner) removes nothing
    assert Volger.objects.filter(email="alice@example.nl").exists()

    antwoord = mailprogramma.post(
        een_klik, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )

    assert antwoord.status_code == 200
    assert not Volger.objects.filter(email="alice@example.nl").exists()
    assert not Abonnement.objects.filter(volger__email="alice@example.nl").exists()
    assert (
        mailprogramma.post(
            een_klik, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
        ).status_code
        == 200
    )
    assert mailprogramma.post(een_klik[:-12] + "xx/een-klik/").status_code == 400
    # Only this endpoint does without CSRF: the follow form does not.
    assert (
        mailprogramma.post(
            reverse("volgen:aanmelden"), {"email": "x@example.nl", "volg": "ministerie:FIN"}
        ).status_code
        == 403
    )


def test_unsubscribing_takes_the_address_out_of_mail_not_yet_sent(met_digest, open_ronde):
    alice = Volger.objects.get(email="alice@example.nl")
    bob = Volger.objects.get(email="bob@example.nl")
    url = link_in(met_digest["alice@example.nl"], "volgen:afmelden")
    # A batch still waiting in the queue (its job is queued after a commit that never comes here).
    job = taken.zet_klaar([{"onderwerp": "x", "tekst": "x", "aan": [v.email]} for v in (alice, bob)], "test")
    assert job.status == Job.Status.WACHT

    Client().post(url, {"alles": "1"})

    job.refresh_from_db()
    assert [b["aan"] for b in job.argumenten["berichten"]] == [["bob@example.nl"]]


# ---------------------------------------------------------------- same answer, rate limits, storage


def test_the_answer_is_the_same_whether_the_address_is_known_or_not(
    demodata, client, mailoutbox, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    volg(client, capture, mailoutbox, "bekend@example.nl", ministerie="FIN")

    antwoorden = [
        vraag_aan(Client(), capture, email, ministerie="FIN")
        for email in ("bekend@example.nl", "onbekend@example.nl")
    ]

    assert [a.status_code for a in antwoorden] == [302, 302]
    assert antwoorden[0]["Location"] == antwoorden[1]["Location"]
    paginas = [Client().get(a["Location"]).content for a in antwoorden]
    assert paginas[0] == paginas[1]
    # Both get the same kind of mail; only the address knows which it is.
    laatste = bevestigingen(mailoutbox)[-2:]
    assert [m.to for m in laatste] == [["bekend@example.nl"], ["onbekend@example.nl"]]
    assert laatste[0].subject == laatste[1].subject


def test_rate_limits_per_address_and_per_ip_refuse_quietly_and_are_logged(
    demodata, settings, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    capture = django_capture_on_commit_callbacks
    settings.VOLGEN_PER_ADRES, settings.VOLGEN_PER_IP = 3, 5
    with caplog.at_level(logging.INFO, logger="pokvolg.beveiliging"):
        # One address from ever other IP addresses: three mails, then none.
        per_adres = [
            vraag_aan(Client(), capture, "doelwit@example.nl", ip=f"198.51.100.{i}", ministerie="FIN")
            for i in range(5)
        ]
        assert len(bevestigingen(mailoutbox)) == 3
        # One IP address (an IPv6 /64: a new address per request does not help) with ever other addresses.
        per_ip = [
            vraag_aan(
                Client(), capture, f"ander{i}@example.nl", ip=f"2001:db8:1:2::{i + 1:x}", ministerie="FIN"
            )
            for i in range(7)
        ]
        assert len(bevestigingen(mailoutbox)) == 3 + 5

    antwoorden = {(a.status_code, a["Location"]) for a in per_adres + per_ip}
    assert antwoorden == {(302, reverse("volgen:verstuurd"))}  # refused or not, the same answer
    geweigerd = [r.getMessage() for r in caplog.records if "volgen geweigerd" in r.getMessage()]
    assert sum("dit e-mailadres" in m for m in geweigerd) == 2
    assert sum("dit IP-adres" in m for m in geweigerd) == 2
    assert not any("doelwit@example.nl" in r.getMessage() for r in caplog.records)  # a hash, not the address


def test_only_the_address_and_what_it_follows_are_stored_and_sent_mail_keeps_no_address(met_digest, client):
    assert {f.name for f in Volger._meta.concrete_fields} == {"id", "email"}
    alice = Volger.objects.get(email="alice@example.nl")
    assert sorted(a.soort for a in alice.abonnementen.all()) == [Soort.ACTIE, Soort.MINISTERIE]
    volgen_jobs = Job.objects.filter(taak="volgen.taken.verstuur")
    assert volgen_jobs.count() >= 4  # three confirmations and a digest batch
    assert all(j.status == Job.Status.KLAAR for j in volgen_jobs)
    assert not any("@" in str(j.argumenten) + j.omschrijving + j.sleutel for j in volgen_jobs)

    privacy = client.get(reverse("volgen:privacy")).content.decode()
    assert "Uw e-mailadres." in privacy and "Wat u volgt" in privacy
    assert "verwijderen we meteen uw e-mailadres en alles wat u volgde" in privacy


# ---------------------------------------------------------------- links, the list's filter, the form


def test_the_public_pages_link_to_following_what_they_show(demodata, client):
    actie = Actie.objects.select_related("thema").order_by("nummer").first()
    motie = (
        actie.opdrachten.first() or Actie.objects.filter(opdrachten__isnull=False).first().opdrachten.first()
    )
    volgen = reverse("volgen:aanmelden")

    assert f'href="{volgen}?actie={actie.nummer}"' in client.get(actie.get_absolute_url()).content.decode()
    thema = actie.hoofdthema
    assert f'href="{volgen}?thema={thema.slug}"' in client.get(thema.get_absolute_url()).content.decode()
    assert f'href="{volgen}?motie={motie.sleutel}"' in client.get(motie.get_absolute_url()).content.decode()
    lijst = client.get(reverse("acties"), {"status": "vertraagd", "ministerie": "FIN", "page": "1"})
    assert f'href="{volgen}?status=vertraagd&amp;ministerie=FIN&amp;lijst=1"' in lijst.content.decode()
    alle = client.get(reverse("acties"))
    assert f'href="{volgen}?lijst=1"' in alle.content.decode()


@pytest.mark.parametrize(
    "parameters, soort_, label",
    [
        ({"ministerie": "fin"}, Soort.MINISTERIE, "(FIN)"),
        (
            {"status": "vertraagd", "ministerie": "FIN", "sorteer": "-nummer"},
            Soort.LIJST,
            "Status: vertraagd",
        ),
        ({"lijst": "1", "page": "2"}, Soort.LIJST, "alle acties"),
    ],
)
def test_the_list_filter_is_followed_as_the_list_names_it(
    demodata, client, mailoutbox, django_capture_on_commit_callbacks, parameters, soort_, label
):
    pagina = client.get(reverse("volgen:aanmelden"), parameters)
    assert label in pagina.content.decode()
    volg(client, django_capture_on_commit_callbacks, mailoutbox, "kamer@example.nl", **parameters)
    abonnement = Abonnement.objects.get()
    assert abonnement.soort == soort_
    if "status" in parameters:
        assert abonnement.filter == "ministerie=FIN&status=vertraagd"  # no sorting: not what the list holds


def test_the_follow_form_names_the_field_of_each_error_and_sends_nothing(
    demodata, client, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        antwoord = client.post(reverse("volgen:aanmelden"), {"volg": "", "email": "geen-adres"})
    inhoud = antwoord.content.decode()
    assert antwoord.status_code == 200
    assert "Vul bij ‘E-mailadres’ een geldig e-mailadres in" in inhoud
    assert "Kies bij ‘Wat wilt u volgen?’" in inhoud
    assert 'href="#id_email">E-mailadres</a>' in inhoud
    assert re.search(r'<input[^>]*name="email"[^>]*aria-describedby="id_email_fout', inhoud)
    assert mailoutbox == []

    onbekend = client.get(reverse("volgen:aanmelden"), {"actie": "99999"})
    assert onbekend.status_code == 404 and "bestaat niet" in onbekend.content.decode()
    # Without a subject the form offers themes, ministries and motions to choose from.
    keuze = client.get(reverse("volgen:aanmelden")).content.decode()
    assert '<optgroup label="Ministeries">' in keuze and 'value="ministerie:FIN"' in keuze


def test_the_short_diff_shows_added_removed_and_replaced_passages_and_stops_after_three():
    assert kort_verschil("De compensatie loopt.", "De compensatie loopt. Ouders zijn betaald.") == [
        "Toegevoegd: “Ouders zijn betaald.”"
    ]
    assert kort_verschil("a b c d e f g h", "a b X d e f g") == ["Gewijzigd: “c” → “X”", "Weggehaald: “h”"]
    # Changes a few words apart read as one passage.
    assert kort_verschil("een twee drie vier", "een 2 drie 4") == ["Gewijzigd: “twee drie vier” → “2 drie 4”"]
    veel = kort_verschil(
        " ".join(f"w{i}" for i in range(60)), " ".join(f"w{i}" if i % 10 else "x" for i in range(60))
    )
    assert len(veel) == 4 and veel[-1].startswith("(en nog 3 wijzigingen")
    lang = kort_verschil("", " ".join(["woord"] * 40))
    assert lang == ["Toegevoegd: “" + " ".join(["woord"] * 25) + " …”"]


# ---------------------------------------------------------------- accessibility


@pytest.mark.browser
def test_the_follow_pages_have_no_wcag_violations_and_work_without_javascript(
    live_server, browser, migratiedata, request, mailoutbox
):
    from axe_playwright_python.sync_playwright import Axe

    request.getfixturevalue("demodata")
    actie = Actie.objects.order_by("nummer").first()
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    axe, fouten, titels = Axe(), {}, {}

    def controleer(naam):
        # axe needs script; it runs in a second page with the same HTML.
        # A form posted without script may still be committing its answer
        # when the click returns; read the page only once it has loaded.
        page.wait_for_load_state("load")
        page.locator("html[lang] head title").wait_for(state="attached")
        html = page.content()
        met_script = browser.new_page(locale="nl-NL")
        met_script.goto(live_server.url + "/volgen/privacy/")
        met_script.set_content(html)
        resultaat = axe.run(
            met_script,
            options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}},
        )
        assert resultaat.response["passes"], naam
        if resultaat.violations_count:
            fouten[naam] = resultaat.generate_report()
        titels[naam] = page.title()
        met_script.close()

    page.goto(f"{live_server.url}/volgen/")
    controleer("kiezen")
    page.goto(f"{live_server.url}/volgen/?actie={actie.nummer}")
    controleer("actie volgen")
    page.fill("#id_email", "geen-adres")
    page.click("button[type=submit]")
    controleer("fout in het formulier")
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    page.fill("#id_email", "ouder@example.nl")
    page.click("button[type=submit]")
    controleer("verstuurd")
    page.goto(live_server.url + link_in(bevestigingen(mailoutbox)[0], "volgen:bevestigen"))
    controleer("bevestigen")
    page.click("button[type=submit]")
    controleer("bevestigd")
    assert Volger.objects.filter(email="ouder@example.nl").exists()
    page.click("text=Bekijk wat u volgt, of meld u af")
    controleer("afmelden")
    page.click("text=Afmelden en mijn adres verwijderen")
    controleer("afgemeld")
    assert not Volger.objects.exists()
    page.goto(f"{live_server.url}/volgen/bevestig/onzin/")
    controleer("ongeldige link")
    page.goto(f"{live_server.url}/volgen/privacy/")
    controleer("privacy")
    context.close()

    assert fouten == {}
    assert len(set(titels.values())) == len(titels) - 1, titels  # the form with an error says 'Fout:'
