"""Mail at each step of a round (meldingen): who gets it, who does not, the link in it; the user's own
choices on 'Mijn e-mail'; never twice for one step, and nothing for a step that was rolled back."""

import datetime
import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from acties.models import Rol, Status
from jobs.models import Job
from meldingen.models import MailVoorkeur
from rapportage import ronde, tekststappen
from rapportage.models import Rapportage, Voortgang
from tests.conftest import maak_gebruiker, tekst_van

SITE = "https://pokvolg.example.nl"
DEADLINE = datetime.date(2027, 1, 15)
NL_MAANDEN = "januari februari maart april mei juni juli augustus september oktober november december".split()


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def soort(bericht):
    return bericht.extra_headers.get("X-Pokvolg-Melding")


def per_ontvanger(mailoutbox, melding):
    """{address: message} of one kind of mail; each message goes to exactly one address."""
    berichten = [m for m in mailoutbox if soort(m) == melding]
    assert all(len(m.to) == 1 for m in berichten)
    ontvangers = [m.to[0] for m in berichten]
    assert len(ontvangers) == len(set(ontvangers)), "someone got the same mail twice"
    return {m.to[0]: m for m in berichten}


def acties_in(bericht):
    """The action numbers the mail lists, one '- Actie N…' line each."""
    return {int(n) for n in re.findall(r"^- Actie (\d+)\b", bericht.body, re.MULTILINE)}


def meldingjobs():
    return Job.objects.filter(sleutel__startswith="meldingen:")


def teksten_van(rapportage, afkorting):
    """The texts of the round whose lead ministry is `afkorting`, by action number."""
    return list(
        Voortgang.objects.filter(
            rapportage=rapportage,
            actie__actieministeries__ministerie__afkorting=afkorting,
            actie__actieministeries__rol=Rol.EERSTVERANTWOORDELIJK,
        )
        .select_related("actie")
        .order_by("actie__nummer")
    )


def dien_in(voortgang, gebruiker):
    """Submit a text as a coordinator would (writing one first if it is empty)."""
    voortgang.refresh_from_db()
    if not voortgang.tekst.strip():
        voortgang, _ = tekststappen.bewaar_tekst(
            voortgang, "Op schema.", Status.IN_UITVOERING, voortgang.versie, gebruiker
        )
    return tekststappen.dien_in(voortgang, gebruiker)[0]


def zelf_te_schrijven(rapportage, afkorting):
    """The ministry's texts a coordinator submits: those that do not follow another action's text."""
    return [v for v in teksten_van(rapportage, afkorting) if v.gedeeld_met_id is None]


def login(client, gebruiker):
    client.force_login(gebruiker)
    return client


# ---------------------------------------------------------------- round opened


def test_opening_a_round_mails_each_coordinator_their_own_actions_and_the_deadline_in_dutch(
    demodata,
    redactie,
    beheerder,
    coordinator_fin,
    coordinator_bzk,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    maak_gebruiker("fin-inactief", "Coördinator", ["FIN"], is_active=False)
    zonder_adres = maak_gebruiker("fin-zonder-adres", "Coördinator", ["FIN"])
    zonder_adres.email = ""
    zonder_adres.save()
    maak_gebruiker("zonder-ministerie", "Coördinator")

    with django_capture_on_commit_callbacks(execute=True):
        rapportage = ronde.open_ronde(
            "Stand van zaken december 2021", datetime.date(2021, 12, 1), DEADLINE, redactie
        )
        assert mailoutbox == []  # sent by the job, after the commit

    mails = per_ontvanger(mailoutbox, "ronde_geopend")
    assert set(mails) == {coordinator_fin.email, coordinator_bzk.email}
    fin = mails[coordinator_fin.email]
    assert "Stand van zaken december 2021" in fin.subject
    assert "15 januari 2027" in fin.body and "January" not in fin.body
    assert "1 december 2021" in fin.body  # the reference date
    assert f"{SITE}{reverse('werk:mijn_acties')}" in fin.body
    van_fin = {v.actie.nummer for v in teksten_van(rapportage, "FIN")}
    van_bzk = {v.actie.nummer for v in teksten_van(rapportage, "BZK")}
    assert van_fin <= acties_in(fin)
    assert not van_bzk & acties_in(fin)
    assert van_bzk <= acties_in(mails[coordinator_bzk.email])
    assert "de ronde 'Stand van zaken december 2021'" in fin.body  # plain text, not HTML-escaped
    assert fin.extra_headers["Auto-Submitted"] == "auto-generated"
    assert "uitzetten" not in fin.body  # essential: no switch offered
    assert meldingjobs().count() == 1


def test_a_shared_text_is_listed_as_following_its_source_in_the_opening_mail(
    demodata, redactie, coordinator_fin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        rapportage = ronde.open_ronde(
            "Stand van zaken december 2021", datetime.date(2021, 12, 1), DEADLINE, redactie
        )
    vier = rapportage.voortgang.get(actie__nummer=4)
    assert vier.gedeeld_met.actie.nummer == 3
    body = per_ontvanger(mailoutbox, "ronde_geopend")[coordinator_fin.email].body
    assert "- Actie 4 (deelt de tekst van actie 3)" in body


# ---------------------------------------------------------------- text sent back


@pytest.fixture
def fin_tekst_met_szw(open_ronde):
    """A text with FIN as lead ministry and SZW involved."""
    return (
        Voortgang.objects.filter(
            rapportage=open_ronde,
            gedeeld_met__isnull=True,
            actie__actieministeries__ministerie__afkorting="SZW",
            actie__actieministeries__rol=Rol.BETROKKEN,
        )
        .select_related("actie")
        .order_by("actie__nummer")
        .first()
    )


def test_a_text_sent_back_mails_its_author_and_the_lead_ministrys_coordinators_with_the_remark(
    open_ronde,
    redactie,
    coordinator_fin,
    coordinator_bzk,
    fin_tekst_met_szw,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    fin_twee = maak_gebruiker("coordinator-fin-2", "Coördinator", ["FIN"])
    auteur = maak_gebruiker("coordinator-szw", "Coördinator", ["SZW"])
    andere_szw = maak_gebruiker("coordinator-szw-2", "Coördinator", ["SZW"])
    maak_gebruiker("redactie-2", "Redactie")
    tekst = dien_in(fin_tekst_met_szw, auteur)

    with django_capture_on_commit_callbacks(execute=True):
        tekststappen.stuur_terug(tekst, redactie, "Noem 'de brief' & de datum.")

    mails = per_ontvanger(mailoutbox, "teruggestuurd")
    assert set(mails) == {auteur.email, coordinator_fin.email, fin_twee.email}
    assert andere_szw.email not in mails and coordinator_bzk.email not in mails
    assert redactie.email not in mails
    nummer = tekst.actie.nummer
    link = f"{SITE}{reverse('werk:bewerk', args=[tekst.pk])}"
    for bericht in mails.values():
        assert f"Actie {nummer} is teruggestuurd" in bericht.subject
        assert "Noem 'de brief' & de datum." in bericht.body  # as written, not HTML-escaped
        assert link in bericht.body
        assert "uitzetten" not in bericht.body
    assert "U diende deze tekst in." in mails[auteur.email].body
    assert "U diende deze tekst in." not in mails[coordinator_fin.email].body
    deadline = open_ronde.deadline
    assert f"{deadline.day} {NL_MAANDEN[deadline.month - 1]} {deadline.year}" in mails[auteur.email].body


def test_a_text_sent_back_again_after_resubmission_is_mailed_again(
    open_ronde, redactie, coordinator_fin, mailoutbox, django_capture_on_commit_callbacks
):
    tekst = dien_in(tekst_van(open_ronde, "FIN"), coordinator_fin)
    with django_capture_on_commit_callbacks(execute=True):
        tekst, _ = tekststappen.stuur_terug(tekst, redactie, "Graag aanvullen.")
    tekst = dien_in(tekst, coordinator_fin)
    with django_capture_on_commit_callbacks(execute=True):
        tekststappen.stuur_terug(tekst, redactie, "Graag aanvullen.")
    assert [m.to for m in mailoutbox if soort(m) == "teruggestuurd"] == [[coordinator_fin.email]] * 2


def test_whoever_sends_a_text_back_is_not_mailed_about_it(
    open_ronde, coordinator_fin, mailoutbox, django_capture_on_commit_callbacks
):
    # In the redactie and coordinator of FIN: would otherwise get the mail as FIN's coordinator.
    beide = maak_gebruiker("redactie-fin", "Redactie", ["FIN"])
    beide.groups.add(coordinator_fin.groups.get())
    tekst = dien_in(tekst_van(open_ronde, "FIN"), coordinator_fin)
    with django_capture_on_commit_callbacks(execute=True):
        tekststappen.stuur_terug(tekst, beide, "Graag aanvullen.")
    assert set(per_ontvanger(mailoutbox, "teruggestuurd")) == {coordinator_fin.email}


# ---------------------------------------------------------------- ministry done


def test_the_redactie_hears_when_a_ministry_has_submitted_all_its_texts(
    open_ronde,
    redactie,
    beheerder,
    coordinator_fin,
    coordinator_bzk,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    tweede = maak_gebruiker("redactie-2", "Redactie")
    maak_gebruiker("redactie-oud", "Redactie", is_active=False)
    *eerst, laatste = zelf_te_schrijven(open_ronde, "FIN")
    with django_capture_on_commit_callbacks(execute=True):
        for voortgang in eerst:
            dien_in(voortgang, coordinator_fin)
    assert per_ontvanger(mailoutbox, "ministerie_klaar") == {}  # one FIN text still waits

    with django_capture_on_commit_callbacks(execute=True):
        dien_in(laatste, coordinator_fin)

    mails = per_ontvanger(mailoutbox, "ministerie_klaar")
    assert set(mails) == {redactie.email, tweede.email}  # not the beheerder, nor any coordinator
    bericht = mails[redactie.email]
    assert "FIN heeft alle teksten van 'Stand van zaken december 2021' ingediend" == bericht.subject
    aantal = len(teksten_van(open_ronde, "FIN"))
    assert f"heeft alle {aantal} teksten" in bericht.body
    assert f"{SITE}{reverse('werk:ronde', args=[open_ronde.pk])}" in bericht.body
    assert f"{SITE}{reverse('meldingen:voorkeuren')}" in bericht.body  # may be switched off there


def test_two_last_texts_submitted_together_mail_the_redactie_once(
    open_ronde, redactie, coordinator_fin, mailoutbox, django_capture_on_commit_callbacks
):
    *eerst, voorlaatste, laatste = zelf_te_schrijven(open_ronde, "FIN")
    for voortgang in eerst:
        dien_in(voortgang, coordinator_fin)
    # Both commits happen before either receiver runs: both find FIN done.
    with django_capture_on_commit_callbacks(execute=True) as na_commit:
        dien_in(voortgang=voorlaatste, gebruiker=coordinator_fin)
        dien_in(voortgang=laatste, gebruiker=coordinator_fin)
    assert len(na_commit) >= 2
    assert [m.to for m in mailoutbox if soort(m) == "ministerie_klaar"] == [[redactie.email]]


def test_a_ministry_done_again_after_a_text_came_back_is_mailed_again(
    open_ronde, redactie, coordinator_fin, mailoutbox, django_capture_on_commit_callbacks
):
    teksten = zelf_te_schrijven(open_ronde, "FIN")
    with django_capture_on_commit_callbacks(execute=True):
        for voortgang in teksten:
            dien_in(voortgang, coordinator_fin)
    tekststappen.stuur_terug(Voortgang.objects.get(pk=teksten[0].pk), redactie, "Graag aanvullen.")
    with django_capture_on_commit_callbacks(execute=True):
        dien_in(teksten[0], coordinator_fin)
    assert [m.to for m in mailoutbox if soort(m) == "ministerie_klaar"] == [[redactie.email]] * 2


# ---------------------------------------------------------------- round closed


@pytest.fixture
def lege_ronde(db, redactie):
    """A round without actions: closing it needs no review, and its annex renders fast."""
    return ronde.open_ronde("Stand van zaken juni 2022", datetime.date(2022, 6, 1), DEADLINE, redactie)


def test_closing_a_round_mails_every_editor_where_it_is_published(
    lege_ronde,
    redactie,
    beheerder,
    coordinator_fin,
    coordinator_bzk,
    settings,
    tmp_path,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    maak_gebruiker("zonder-ministerie", "Coördinator")
    maak_gebruiker("fin-inactief", "Coördinator", ["FIN"], is_active=False)
    zonder_adres = maak_gebruiker("redactie-zonder-adres", "Redactie")
    zonder_adres.email = ""
    zonder_adres.save()

    with django_capture_on_commit_callbacks(execute=True):
        ronde.stel_vast(lege_ronde, redactie)

    mails = per_ontvanger(mailoutbox, "ronde_vastgesteld")
    assert set(mails) == {redactie.email, coordinator_fin.email, coordinator_bzk.email}
    bericht = mails[coordinator_bzk.email]
    assert bericht.subject == "Ronde 'Stand van zaken juni 2022' is vastgesteld en gepubliceerd"
    assert f"{SITE}{reverse('rapportage', args=[lege_ronde.pk])}" in bericht.body
    vandaag = timezone.localdate()
    assert f"op {vandaag.day} {NL_MAANDEN[vandaag.month - 1]} {vandaag.year} vastgesteld" in bericht.body
    assert f"{SITE}{reverse('meldingen:voorkeuren')}" in bericht.body
    # The annex is still made: the mail receiver does not stand in its way.
    assert Job.objects.get(sleutel=f"bijlage:{lege_ronde.pk}").status == Job.Status.KLAAR


def test_closing_a_reopened_round_again_mails_again(
    lege_ronde, redactie, settings, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    settings.MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        ronde.stel_vast(lege_ronde, redactie)
    ronde.heropen(lege_ronde, redactie, "Een tikfout")
    with django_capture_on_commit_callbacks(execute=True):
        ronde.stel_vast(lege_ronde, redactie, "Tikfout verbeterd")
    assert [m.to for m in mailoutbox if soort(m) == "ronde_vastgesteld"] == [[redactie.email]] * 2


# ---------------------------------------------------------------- choices


def test_a_mail_switched_off_on_the_preferences_page_is_no_longer_sent(
    client,
    lege_ronde,
    redactie,
    coordinator_fin,
    coordinator_bzk,
    settings,
    tmp_path,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    settings.MEDIA_ROOT = tmp_path
    antwoord = login(client, coordinator_bzk).post(reverse("meldingen:voorkeuren"), {})  # box unticked
    assert antwoord.status_code == 302 and antwoord["Location"] == reverse("meldingen:voorkeuren")
    assert MailVoorkeur.objects.get(gebruiker=coordinator_bzk).ronde_vastgesteld is False

    with django_capture_on_commit_callbacks(execute=True):
        ronde.stel_vast(lege_ronde, redactie)

    assert set(per_ontvanger(mailoutbox, "ronde_vastgesteld")) == {redactie.email, coordinator_fin.email}


def test_a_redactie_member_who_switched_off_ministry_mails_does_not_get_them(
    client, open_ronde, redactie, coordinator_fin, mailoutbox, django_capture_on_commit_callbacks
):
    tweede = maak_gebruiker("redactie-2", "Redactie")
    login(client, tweede).post(reverse("meldingen:voorkeuren"), {"ronde_vastgesteld": "on"})
    keuze = MailVoorkeur.objects.get(gebruiker=tweede)
    assert (keuze.ministerie_klaar, keuze.ronde_vastgesteld) == (False, True)
    with django_capture_on_commit_callbacks(execute=True):
        for voortgang in zelf_te_schrijven(open_ronde, "FIN"):
            dien_in(voortgang, coordinator_fin)
    assert set(per_ontvanger(mailoutbox, "ministerie_klaar")) == {redactie.email}


def test_essential_mails_come_even_when_every_switch_is_off(
    demodata, redactie, coordinator_fin, mailoutbox, django_capture_on_commit_callbacks
):
    MailVoorkeur.objects.create(gebruiker=coordinator_fin, ministerie_klaar=False, ronde_vastgesteld=False)
    with django_capture_on_commit_callbacks(execute=True):
        rapportage = ronde.open_ronde(
            "Stand van zaken december 2021", datetime.date(2021, 12, 1), DEADLINE, redactie
        )
    tekst = dien_in(tekst_van(rapportage, "FIN"), coordinator_fin)
    with django_capture_on_commit_callbacks(execute=True):
        tekststappen.stuur_terug(tekst, redactie, "Graag aanvullen.")
    assert [(soort(m), m.to) for m in mailoutbox] == [
        ("ronde_geopend", [coordinator_fin.email]),
        ("teruggestuurd", [coordinator_fin.email]),
    ]


def test_preferences_page_offers_each_user_only_the_switches_that_concern_them(
    client, redactie, coordinator_fin, beheerder
):
    pagina = login(client, coordinator_fin).get(reverse("meldingen:voorkeuren"))
    inhoud = pagina.content.decode()
    assert pagina.status_code == 200
    assert re.search(r'<input type="checkbox" name="ronde_vastgesteld"[^>]*checked', inhoud)  # on by default
    assert 'name="ministerie_klaar"' not in inhoud
    assert "Een ronde is geopend" in inhoud  # the essential mails, named
    assert coordinator_fin.email in inhoud
    assert "csrfmiddlewaretoken" in inhoud

    inhoud = login(Client(), redactie).get(reverse("meldingen:voorkeuren")).content.decode()
    assert 'name="ministerie_klaar"' in inhoud and 'name="ronde_vastgesteld"' in inhoud
    assert "Een ronde is geopend" not in inhoud

    inhoud = login(Client(), beheerder).get(reverse("meldingen:voorkeuren")).content.decode()
    assert '<form method="post" novalidate>' not in inhoud
    assert "Uw rol krijgt geen e-mail over de rondes." in inhoud


def test_preferences_page_says_plainly_when_no_mail_can_reach_the_user(client, coordinator_fin):
    coordinator_fin.email = ""
    coordinator_fin.save()
    inhoud = login(client, coordinator_fin).get(reverse("meldingen:voorkeuren")).content.decode()
    assert "Bij uw account staat geen e-mailadres" in inhoud


def test_the_beheerder_finds_the_choices_in_the_admin(client, beheerder, coordinator_fin):
    MailVoorkeur.objects.create(gebruiker=coordinator_fin, ronde_vastgesteld=False)
    pagina = login(client, beheerder).get(reverse("admin:meldingen_mailvoorkeur_changelist"))
    assert pagina.status_code == 200 and "coordinator-fin" in pagina.content.decode()


def test_a_coordinator_cannot_switch_off_a_mail_the_page_does_not_offer_them(client, coordinator_fin):
    login(client, coordinator_fin).post(reverse("meldingen:voorkeuren"), {"ronde_vastgesteld": "on"})
    keuze = MailVoorkeur.objects.get(gebruiker=coordinator_fin)
    assert (keuze.ministerie_klaar, keuze.ronde_vastgesteld) == (True, True)


def test_preferences_page_needs_a_login_and_a_csrf_token(db, coordinator_fin):
    antwoord = Client().get(reverse("meldingen:voorkeuren"))
    assert antwoord.status_code == 302 and antwoord["Location"].startswith(reverse("login"))
    streng = login(Client(enforce_csrf_checks=True), coordinator_fin)
    assert streng.post(reverse("meldingen:voorkeuren"), {}).status_code == 403
    assert not MailVoorkeur.objects.exists()


def test_every_page_links_a_logged_in_user_to_their_mail_choices(client, coordinator_fin):
    link = f'href="{reverse("meldingen:voorkeuren")}"'
    assert link not in client.get(reverse("home")).content.decode()
    assert link in login(client, coordinator_fin).get(reverse("home")).content.decode()
    pagina = client.get(reverse("meldingen:voorkeuren")).content.decode()
    assert f'{link} aria-current="page"' in pagina


def test_a_saved_choice_is_confirmed_and_shown_ticked_as_saved(client, redactie):
    login(client, redactie)
    antwoord = client.post(reverse("meldingen:voorkeuren"), {"ministerie_klaar": "on"}, follow=True)
    inhoud = antwoord.content.decode()
    assert "Uw keuzes zijn bewaard." in inhoud
    assert re.search(r'<input type="checkbox" name="ministerie_klaar"[^>]*checked', inhoud)
    assert not re.search(r'<input type="checkbox" name="ronde_vastgesteld"[^>]*checked', inhoud)


# ---------------------------------------------------------------- never twice, nothing on rollback


def test_a_repeated_step_mails_nobody_twice(
    open_ronde, redactie, coordinator_fin, mailoutbox, django_capture_on_commit_callbacks
):
    tekst = dien_in(tekst_van(open_ronde, "FIN"), coordinator_fin)
    with django_capture_on_commit_callbacks(execute=True):
        tekststappen.stuur_terug(tekst, redactie, "Graag aanvullen.")
        tekststappen.stuur_terug(tekst, redactie, "Graag aanvullen.")  # a double click: no change
        # The same announcement twice (a retried request): one batch.
        ronde.tekst_teruggestuurd.send(
            sender=Rapportage, voortgang=Voortgang.objects.get(pk=tekst.pk), door=redactie
        )
        ronde.ronde_geopend.send(sender=Rapportage, rapportage=open_ronde)
        ronde.ronde_geopend.send(sender=Rapportage, rapportage=open_ronde)
    assert [(soort(m), m.to) for m in mailoutbox] == [
        ("teruggestuurd", [coordinator_fin.email]),
        ("ronde_geopend", [coordinator_fin.email]),
    ]
    assert meldingjobs().count() == 2


class Afgebroken(Exception):
    pass


def test_a_step_whose_transaction_fails_mails_nothing(
    demodata, redactie, coordinator_fin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Afgebroken), transaction.atomic():
            rapportage = ronde.open_ronde(
                "Stand van zaken december 2021", datetime.date(2021, 12, 1), DEADLINE, redactie
            )
            raise Afgebroken
    assert not Rapportage.objects.filter(titel="Stand van zaken december 2021").exists()
    rapportage = ronde.open_ronde(
        "Stand van zaken december 2021", datetime.date(2021, 12, 1), DEADLINE, redactie
    )
    tekst = dien_in(tekst_van(rapportage, "FIN"), coordinator_fin)
    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(Afgebroken), transaction.atomic():
            tekststappen.stuur_terug(tekst, redactie, "Graag aanvullen.")
            raise Afgebroken
    assert Voortgang.objects.get(pk=tekst.pk).toestand == Voortgang.Toestand.INGEDIEND
    assert mailoutbox == [] and not meldingjobs().exists()


def test_a_mail_that_cannot_be_prepared_does_not_break_the_step(
    open_ronde, redactie, coordinator_fin, settings, caplog, mailoutbox, django_capture_on_commit_callbacks
):
    tekst = dien_in(tekst_van(open_ronde, "FIN"), coordinator_fin)
    settings.SITE_URL = None  # a misconfiguration: no link can be made
    with django_capture_on_commit_callbacks(execute=True):
        tekststappen.stuur_terug(tekst, redactie, "Graag aanvullen.")
    assert Voortgang.objects.get(pk=tekst.pk).toestand == Voortgang.Toestand.TERUGGESTUURD
    assert mailoutbox == []
    assert "E-mail bij tekst_teruggestuurd niet klaargezet" in caplog.text


# ---------------------------------------------------------------- in a browser


@pytest.mark.browser
@pytest.mark.parametrize("rol", ["coordinator_fin", "redactie"])
def test_preferences_page_fits_320_px_has_no_axe_violations_and_saves_without_javascript(
    rol, request, migratiedata, live_server, browser, browser_context_args
):
    from axe_playwright_python.sync_playwright import Axe

    from tests.hulp import WCAG_21_AA, inloggen

    gebruiker = request.getfixturevalue(rol)
    url = reverse("meldingen:voorkeuren")
    label = "de ronde is vastgesteld en de teksten openbaar zijn"
    problemen = []
    # axe needs the page's JavaScript; the form itself must work without it.
    for javascript in (True, False):
        context = browser.new_context(
            **browser_context_args, java_script_enabled=javascript, viewport={"width": 320, "height": 800}
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            inloggen(page, live_server.url, gebruiker.username, url)
            for breedte in (320, 1280):
                page.set_viewport_size({"width": breedte, "height": 800})
                scroll, venster = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
                if scroll > venster:
                    problemen.append(f"{breedte}px: pagina {scroll}px breed")
                if javascript:
                    resultaat = Axe().run(page, options=WCAG_21_AA)
                    assert resultaat.response["passes"]  # axe really ran its rules
                    if resultaat.violations_count:
                        problemen.append(f"{breedte}px axe:\n{resultaat.generate_report()}")
            if not javascript:
                page.set_viewport_size({"width": 320, "height": 800})
                assert page.get_by_label(label).is_checked()
                page.get_by_label(label).uncheck()
                page.get_by_role("button", name="Keuzes bewaren").click()
                page.wait_for_load_state()
                assert page.get_by_text("Uw keuzes zijn bewaard.").is_visible()
                assert not page.get_by_label(label).is_checked()
        finally:
            context.close()
    assert problemen == [], "\n".join(problemen)
    assert MailVoorkeur.objects.get(gebruiker=gebruiker).ronde_vastgesteld is False
