"""Nobody where they do not belong: every role × every /werk/ URL, crafted posts, every URL of the project."""

import fnmatch
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils import timezone

from acties.models import Actie, ActieMinisterie, Ministerie, Status, Thema
from indicatoren.models import Indicator
from rapportage import tekststappen
from rapportage.models import Afronding, Vindplaats
from rapportage.opdrachten import registreer_opdracht
from tests.conftest import tekst_van, zorg_voor_migratiedata
from tests.hulp import geschiedenis_telling, is_login_redirect, kamertoezegging

# ---------------------------------------------------------------------------------------------------------
# The authorization matrix: every role × every URL of the "werk" namespace × GET and POST.

ALLE = {"beheerder", "redactie", "coordinator_fin", "coordinator_bzk"}
REDACTIE = {"beheerder", "redactie"}
FIN = {"beheerder", "redactie", "coordinator_fin"}

# URL name -> (who may use it, how to build its arguments, what to post, methods the view accepts).
WERK_URLS = {
    "mijn_acties": (ALLE, lambda o: [], {}, {"GET"}),
    # Each user submits only texts they may submit (rechten.indienbare_voortgang); others are left alone.
    "indienen_meerdere": (ALLE, lambda o: [], {"ongewijzigd": "1"}, {"GET", "POST"}),
    "start": (ALLE, lambda o: [], {}, {"GET"}),
    "overzicht": (ALLE, lambda o: [], {}, {"GET"}),
    "ronde": (REDACTIE, lambda o: [o["ronde"].pk], {}, {"GET"}),
    "ronde_openen": (
        REDACTIE,
        lambda o: [],
        {"titel": "Nieuwe ronde", "peildatum": "2022-06-01", "deadline": "2022-05-15"},
        {"GET", "POST"},
    ),
    "ronde_plannen": (
        REDACTIE,
        lambda o: [],
        {"opent_op": "2099-01-01", "deadline": "2099-02-01", "titel": ""},
        {"GET", "POST"},
    ),
    "ronde_gegevens": (
        REDACTIE,
        lambda o: [o["ronde"].pk],
        {
            "kamerstuk": "35 510, nr. 61",
            "briefdatum": "2021-12-10",
            "deadline": "2022-01-01",
            "inleiding": "",
        },
        {"GET", "POST"},
    ),
    "inzending": (REDACTIE, lambda o: [o["ronde"].pk], {"stap": "sluiten"}, {"POST"}),
    "goedkeuren_meerdere": (
        REDACTIE,
        lambda o: [o["ronde"].pk],
        {},
        {"GET", "POST"},
    ),
    "vaststellen": (REDACTIE, lambda o: [o["ronde"].pk], {}, {"GET", "POST"}),
    "heropenen": (REDACTIE, lambda o: [o["ronde"].pk], {"reden": "Matrix"}, {"GET", "POST"}),
    "bewerk": (
        FIN,
        lambda o: [o["concept"].pk],
        {"tekst": "Matrixtekst", "status": Status.AFGEROND, "versie": 1, "actie": "bewaar"},
        {"GET", "POST"},
    ),
    "indienen": (FIN, lambda o: [o["concept"].pk], {}, {"GET", "POST"}),
    "intrekken": (FIN, lambda o: [o["ingediend"].pk], {}, {"POST"}),
    "ontkoppelen": (FIN, lambda o: [o["gedeeld"].pk], {}, {"POST"}),
    "goedkeuren": (REDACTIE, lambda o: [o["ingediend"].pk], {}, {"POST"}),
    "terugsturen": (REDACTIE, lambda o: [o["ingediend"].pk], {"opmerking": "Matrix"}, {"GET", "POST"}),
    "geschiedenis": (FIN, lambda o: [o["concept"].actie.nummer], {}, {"GET"}),
    # Target dates, evidence and knelpunten: the redactie, or the lead ministry's coordinator in an open
    # round; the summary only the redactie (rapportage.rechten).
    "actie": (FIN, lambda o: [o["concept"].actie.nummer], {}, {"GET"}),
    "streefdatum": (
        FIN,
        lambda o: [o["concept"].actie.nummer],
        {"streefdatum": "2022-07-01", "reden": "Matrix"},
        {"POST"},
    ),
    # The same target date from the edit page of one of the action's texts, which it returns to.
    "streefdatum_tekst": (
        FIN,
        lambda o: [o["concept"].pk],
        {"streefdatum": "2022-07-01", "reden": "Matrix"},
        {"POST"},
    ),
    # Motions in full: only the redactie writes them down.
    "opdrachten": (REDACTIE, lambda o: [], {}, {"GET"}),
    "motie": (
        REDACTIE,
        lambda o: ["35510-21"],
        {"indieners": "Matrix c.s.", "dictum": "Matrix"},
        {"GET", "POST"},
    ),
    # A new action for what no action carries out: the whole of 35510-21 (actions carry its parts).
    "nieuwe_actie": (
        REDACTIE,
        lambda o: ["35510-21"],
        lambda o: {"omschrijving": "Matrixactie", "thema": o["thema"].pk, "ministerie": o["ministerie"].pk},
        {"GET", "POST"},
    ),
    # Commitments the Tweede Kamer fetch proposes: only the redactie accepts or rejects them.
    "kamertoezeggingen": (REDACTIE, lambda o: [], {}, {"GET"}),
    "kamertoezegging_beslis": (
        REDACTIE,
        lambda o: [o["kamertoezegging"].pk],
        {"besluit": "afwijzen", "reden": "Matrix"},
        {"POST"},
    ),
    # An aanbeveling, toezegging or belofte registered by hand, linked to an action: only the redactie.
    "nieuwe_opdracht": (
        REDACTIE,
        lambda o: [],
        lambda o: {
            "soort": "belofte",
            "dictum": "Matrixbelofte",
            "bron": "Matrixbrief",
            "actie": o["concept"].actie.nummer,
        },
        {"GET", "POST"},
    ),
    # A registered item changed on its work page (a correction, with its reason) and an action started
    # from it: only the redactie.
    "opdracht": (
        REDACTIE,
        lambda o: [o["toezegging"].pk],
        {"dictum": "Matrixtoezegging, gecorrigeerd", "bron": "Matrixdebat", "correctiereden": "Matrix"},
        {"GET", "POST"},
    ),
    "opdracht_nieuwe_actie": (
        REDACTIE,
        lambda o: [o["toezegging"].pk],
        lambda o: {"omschrijving": "Matrixactie", "thema": o["thema"].pk, "ministerie": o["ministerie"].pk},
        {"GET", "POST"},
    ),
    "samenvatting": (REDACTIE, lambda o: [o["concept"].actie.nummer], {"samenvatting": "Matrix."}, {"POST"}),
    "vindplaats_actie": (
        FIN,
        lambda o: [o["concept"].actie.nummer],
        {"titel": "Matrixbrief", "url": "https://www.rijksoverheid.nl/documenten/matrix"},
        {"POST"},
    ),
    "vindplaats_tekst": (
        FIN,
        lambda o: [o["concept"].pk],
        {"titel": "Matrixbrief", "kamerstuk": "35510-61"},
        {"POST"},
    ),
    "vindplaats_verwijderen": (FIN, lambda o: [o["vindplaats"].pk], {}, {"POST"}),
    "knelpunt": (
        FIN,
        lambda o: [o["concept"].pk],
        {"knelpunt": "on", "toelichting": "Vertraging door wetgeving"},
        {"POST"},
    ),
    # A measurement of one of the action's indicators: as its target date, the lead ministry in a round.
    "meting": (
        FIN,
        lambda o: [o["concept"].actie.nummer],
        lambda o: {
            "indicator": o["indicator"].pk,
            "waarde": "35",
            "meetdatum": "2021-11-01",
            "bron": "Matrixbrief",
            "kamerstuk": "35510-61",
        },
        {"POST"},
    ),
    # Closure: a coordinator reports it, only the redactie confirms it.
    "afrondingen": (REDACTIE, lambda o: [], {}, {"GET"}),
    "afronding": (REDACTIE, lambda o: [o["afgerond"].nummer], {"besluit": "bevestigd"}, {"POST"}),
    # The rappel: the redactie plans, sends and reads it; the coordinators answer their ministry's items.
    "rappels": (REDACTIE, lambda o: [], {"stap": "plannen", "datum": "2099-06-01"}, {"GET", "POST"}),
    "rappel_pdf": (REDACTIE, lambda o: [], {}, {"GET"}),
    "rappel_antwoord": ({"coordinator_fin", "coordinator_bzk"}, lambda o: [], {}, {"GET", "POST"}),
}


def vindplaats_bij(actie, redactie):
    """Evidence for an action, so that 'afgerond' may be set (rapportage.tekststappen.controleer_afgerond)."""
    from rapportage import verantwoording

    return verantwoording.voeg_vindplaats_toe_aan_actie(actie, "Kamerbrief", redactie, kamerstuk="35510-60")[
        0
    ]


def als_afgerond_gemeld(actie, redactie):
    """An action with public evidence that a publication reported 'afgerond' (rapportage.afronding.meld)."""
    vindplaats_bij(actie, redactie)
    # Evidence added while a round runs waits for its publication; this one is as if published.
    Vindplaats.alle.filter(actie=actie).update(gepubliceerd_op=timezone.now())
    Actie.objects.filter(pk=actie.pk).update(status=Status.AFGEROND)
    Afronding.objects.create(actie=actie, gemeld_op=timezone.now())
    return actie


def werk_url_namen():
    resolver = next(
        p for p in get_resolver().url_patterns if isinstance(p, URLResolver) and p.namespace == "werk"
    )
    return {p.name for p in resolver.url_patterns}


def test_matrix_knows_every_werk_url():
    """A new /werk/ URL fails here until someone decides who may use it."""
    assert werk_url_namen() == set(WERK_URLS)


def test_authorization_matrix_every_role_times_every_werk_url(rollen, open_ronde, coordinator_fin, redactie):
    objecten = {
        "ronde": open_ronde,
        "concept": tekst_van(open_ronde, "FIN", 0),
        "ingediend": tekststappen.dien_in(tekst_van(open_ronde, "FIN", 1), coordinator_fin)[0],
        "gedeeld": open_ronde.voortgang.get(gedeeld_met__isnull=False),
    }
    objecten["vindplaats"] = vindplaats_bij(objecten["concept"].actie, redactie)
    objecten["indicator"] = Indicator.objects.create(
        actie=objecten["concept"].actie, naam="Matrixindicator", eenheid="%", wat_telt="Matrix."
    )
    objecten["thema"], objecten["ministerie"] = Thema.objects.first(), Ministerie.objects.get(afkorting="FIN")
    objecten["kamertoezegging"] = kamertoezegging()
    objecten["toezegging"] = registreer_opdracht(
        redactie, soort="toezegging", dictum="Matrixtoezegging", bron="Matrixdebat"
    )
    objecten["afgerond"] = als_afgerond_gemeld(tekst_van(open_ronde, "FIN", 2).actie, redactie)
    # The shared text belongs to FIN (HERSTELOPERATIE), so FIN may unshare it and BZK may not see it.
    assert objecten["gedeeld"].actie.actieministeries.filter(ministerie__afkorting="FIN").exists()
    # One session per role, logged in once; each cell gets a fresh client with that session's cookie.
    sessies = {}
    for rol, gebruiker in rollen.items():
        if gebruiker is not None:
            inlog = Client()
            inlog.force_login(gebruiker)
            sessies[rol] = inlog.cookies[settings.SESSION_COOKIE_NAME].value
    # Each cell starts from the same state, as its changes are rolled back afterwards: so from this count.
    voor = geschiedenis_telling()
    cellen = []
    for naam, (toegestaan, args, data, methoden) in WERK_URLS.items():
        url = reverse(f"werk:{naam}", args=args(objecten))
        for rol in rollen:
            for methode in ("GET", "POST"):
                client = Client()
                if rol in sessies:
                    client.cookies[settings.SESSION_COOKIE_NAME] = sessies[rol]
                weigeren = rol in sessies and (rol not in toegestaan or methode not in methoden)
                with transaction.atomic():
                    gegevens = data(objecten) if callable(data) else data
                    response = client.get(url) if methode == "GET" else client.post(url, gegevens)
                    # Only a refusal must have written nothing.
                    niets_geschreven = not weigeren or geschiedenis_telling() == voor
                    transaction.set_rollback(True)
                if rol not in sessies:
                    uitkomst = is_login_redirect(response)
                elif rol not in toegestaan:
                    # A method the view never accepts may be refused as such (405) before the object lookup.
                    geweigerd = {403, 404} if methode in methoden else {403, 404, 405}
                    uitkomst = response.status_code in geweigerd and niets_geschreven
                elif methode not in methoden:
                    uitkomst = response.status_code == 405 and niets_geschreven
                else:
                    uitkomst = response.status_code in (200, 302) and not is_login_redirect(response)
                cellen.append((naam, rol, methode, response.status_code, uitkomst))
    fout = [c for c in cellen if not c[4]]
    assert fout == [], fout
    assert geschiedenis_telling() == voor
    assert len(cellen) == len(WERK_URLS) * len(rollen) * 2 == 410


def test_allowed_posts_in_the_matrix_really_change_something(client, rollen, open_ronde, coordinator_fin):
    """The matrix accepts 200/302 for allowed roles; these are the writes it must not mistake for refusals."""
    concept = tekst_van(open_ronde, "FIN", 0)
    vindplaats_bij(concept.actie, rollen["redactie"])
    client.force_login(coordinator_fin)
    client.post(reverse("werk:bewerk", args=[concept.pk]), WERK_URLS["bewerk"][2])
    client.post(reverse("werk:indienen", args=[concept.pk]))
    concept.refresh_from_db()
    assert (concept.tekst, concept.toestand) == ("Matrixtekst", "ingediend")
    client.force_login(rollen["redactie"])
    client.post(reverse("werk:terugsturen", args=[concept.pk]), {"opmerking": "Matrix"})
    concept.refresh_from_db()
    assert concept.toestand == "teruggestuurd"


# ---------------------------------------------------------------------------------------------------------
# Crafted requests.


def test_coordinator_cannot_edit_other_ministry_with_a_changed_id(client, coordinator_bzk, open_ronde):
    fin = tekst_van(open_ronde, "FIN")
    client.force_login(coordinator_bzk)
    voor = geschiedenis_telling()
    bewerk = reverse("werk:bewerk", args=[fin.pk])
    assert client.get(bewerk).status_code == 404
    assert client.post(bewerk, {"tekst": "Van BZK", "status": "afgerond", "versie": 1}).status_code == 404
    assert client.post(reverse("werk:indienen", args=[fin.pk])).status_code == 404
    assert client.get(reverse("werk:geschiedenis", args=[fin.actie.nummer])).status_code == 404
    assert geschiedenis_telling() == voor
    fin.refresh_from_db()
    assert (fin.tekst, fin.toestand, fin.versie) != ("Van BZK", "ingediend", 2)
    assert fin.versie == 1 and fin.toestand == "concept"


def test_coordinator_cannot_edit_other_ministry_with_a_ministerie_field(client, coordinator_fin, open_ronde):
    bzk = tekst_van(open_ronde, "BZK")
    client.force_login(coordinator_fin)
    voor = geschiedenis_telling()
    response = client.post(
        reverse("werk:bewerk", args=[bzk.pk]),
        {
            "tekst": "Van FIN",
            "status": "afgerond",
            "versie": 1,
            "ministerie": Ministerie.objects.get(afkorting="FIN").pk,
            "ministeries": "FIN",
        },
    )
    assert response.status_code == 404
    assert geschiedenis_telling() == voor


def test_extra_fields_in_a_post_change_nothing_but_the_text(client, coordinator_fin, redactie, open_ronde):
    fin, bzk = tekst_van(open_ronde, "FIN"), tekst_van(open_ronde, "BZK")
    vindplaats_bij(fin.actie, redactie)
    koppelingen = list(ActieMinisterie.objects.filter(actie=fin.actie).values_list("ministerie", "rol"))
    client.force_login(coordinator_fin)
    response = client.post(
        reverse("werk:bewerk", args=[fin.pk]),
        {
            "tekst": "Eigen tekst",
            "status": "afgerond",
            "versie": 1,
            "ministerie": Ministerie.objects.get(afkorting="BZK").pk,
            "id": bzk.pk,
            "actie_id": bzk.actie_id,
            "rapportage": 999,
            "toestand": "goedgekeurd",
            "auteur": 1,
        },
    )
    assert response.status_code == 302
    fin.refresh_from_db()
    bzk.refresh_from_db()
    assert (fin.tekst, fin.toestand, fin.rapportage_id, fin.auteur) == (
        "Eigen tekst",
        "concept",
        open_ronde.pk,
        coordinator_fin,
    )
    assert bzk.versie == 1
    assert (
        list(ActieMinisterie.objects.filter(actie=fin.actie).values_list("ministerie", "rol")) == koppelingen
    )


def test_coordinator_without_a_ministry_sees_and_edits_nothing(client, open_ronde):
    from tests.conftest import maak_gebruiker

    zonder = maak_gebruiker("zonder-ministerie", "Coördinator")
    client.force_login(zonder)
    assert client.get(reverse("werk:mijn_acties")).context["aantal"] == 0
    assert client.get(reverse("werk:bewerk", args=[tekst_van(open_ronde, "FIN").pk])).status_code == 404


def test_logged_in_user_without_a_role_is_refused(client, open_ronde):
    kaal = User.objects.create_user("kaal", "kaal@example.org", "x")
    Ministerie.objects.get(afkorting="FIN").coordinatoren.add(kaal)  # membership alone is not a role
    client.force_login(kaal)
    assert client.get(reverse("werk:mijn_acties")).status_code == 403
    assert client.get(reverse("werk:bewerk", args=[tekst_van(open_ronde, "FIN").pk])).status_code == 403


@pytest.mark.parametrize("rol", ["coordinator_fin", "coordinator_bzk"])
def test_coordinators_cannot_reach_the_admin(client, rollen, rol):
    gebruiker = rollen[rol]
    assert not gebruiker.is_staff
    client.force_login(gebruiker)
    response = client.get(f"/{settings.ADMIN_URL}")
    assert response.status_code == 302 and "login" in response["Location"]
    voortgang_admin = f"/{settings.ADMIN_URL}rapportage/voortgang/"
    assert client.get(voortgang_admin).status_code == 302


def test_redactie_manages_actions_and_motions_in_the_admin_but_texts_only_through_werk(
    client, redactie, open_ronde
):
    from moties.models import Opdracht

    client.force_login(redactie)
    admin = f"/{settings.ADMIN_URL}"
    assert client.get(f"{admin}moties/opdracht/{Opdracht.objects.first().pk}/change/").status_code == 200
    assert client.get(f"{admin}acties/actie/add/").status_code == 200
    voortgang = tekst_van(open_ronde, "FIN")
    wijzig = f"{admin}rapportage/voortgang/{voortgang.pk}/change/"
    assert client.get(wijzig).status_code == 200
    assert b'name="tekst"' not in client.get(wijzig).content  # shown read-only
    assert client.post(wijzig, {"tekst": "Via het beheer", "status": "afgerond"}).status_code == 403
    assert client.post(f"{admin}rapportage/rapportage/{open_ronde.pk}/change/", {}).status_code == 403
    voortgang.refresh_from_db()
    assert voortgang.tekst != "Via het beheer"


# ---------------------------------------------------------------------------------------------------------
# Accounts: log in, log out, reset a forgotten password by e-mail.


def test_login_and_logout_through_the_forms(client, coordinator_fin):
    from tests.conftest import WACHTWOORD

    assert "Wachtwoord vergeten?" in client.get(reverse("login")).content.decode()
    fout = client.post(reverse("login"), {"username": "coordinator-fin", "password": "fout"})
    assert fout.status_code == 200 and "utrecht-alert--error" in fout.content.decode()
    response = client.post(
        reverse("login"), {"username": "coordinator-fin", "password": WACHTWOORD, "next": "/werk/"}
    )
    assert response.status_code == 302 and response["Location"] == "/werk/"
    assert client.get("/werk/").status_code == 200
    assert client.post(reverse("logout")).status_code == 302
    assert is_login_redirect(client.get("/werk/"))


def test_password_reset_by_e_mail_sets_a_new_password_once(
    client, coordinator_fin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(reverse("password_reset"), {"email": "onbekend@example.org"}).status_code == 302
    assert mailoutbox == []  # the same answer for unknown addresses, so accounts cannot be guessed
    with django_capture_on_commit_callbacks(execute=True):  # the mail is sent by a job after the commit
        response = client.post(reverse("password_reset"), {"email": coordinator_fin.email})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    (mail,) = mailoutbox
    assert mail.subject == "Nieuw wachtwoord voor pokvolg" and mail.to == [coordinator_fin.email]
    pad = re.search(r"https?://[^/\s]+(/account/reset/\S+/)", mail.body)[1]
    formulier = client.get(pad)
    assert formulier.status_code == 302
    nieuw = "een-ander-lang-wachtwoord-42"
    response = client.post(formulier["Location"], {"new_password1": nieuw, "new_password2": nieuw})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_complete")
    coordinator_fin.refresh_from_db()
    assert coordinator_fin.check_password(nieuw)
    assert "Deze link werkt niet meer" in client.get(pad, follow=True).content.decode()


# ---------------------------------------------------------------------------------------------------------
# Every URL of the project is either public on purpose or refuses anonymous users.

# Public by design: published data, the API and feeds, the annex of closed rounds (its views refuse
# drafts themselves), login and password reset, and the health check. Glob patterns on the URL name.
PUBLIEK = {
    "home",
    "acties",
    "acties_export",
    "actie",
    "themas",
    "thema",
    "moties",
    "motie",
    # The register's other kinds, each a list and a page like the motions.
    "toezeggingen",
    "toezegging",
    "aanbevelingen",
    "aanbeveling",
    "beloftes",
    "belofte",
    # Each kind's list as CSV, XLSX and JSON, with the list's filters: what the list shows.
    "moties_export",
    "toezeggingen_export",
    "aanbevelingen_export",
    "beloftes_export",
    "rapportages",
    "rapportage",
    "ministeries",
    "ministerie",
    "cijfers",
    # Indicators with their targets and measurements: the redactie's figures from published letters.
    "indicatoren",
    "indicator",
    "indicatoren_export",
    # The target dates as a calendar: published data, filtered like the list.
    "streefdata",
    # The corrections log: what changed in published rounds, and why; published data only.
    "correcties",
    "correcties_rapportage",
    # Following by e-mail needs no account: double opt-in and signed links guard it.
    "volgen:*",
    "toegankelijkheid",
    "feed",
    "feed_*",
    "api-*",
    "bijlage:*",
    # A job is seen by its owner; a job without one (a public download) by whoever has its random id.
    "jobs:*",
    "gezondheid",
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "admin:login",
    "admin:logout",
}
# What LEZEN_VEREIST_LOGIN leaves open: only what one needs to log in, and the health check.
ALTIJD_OPEN = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "gezondheid",
    "oidc_authentication_init",
    "oidc_authentication_callback",
}

VOORBEELD = {
    "int": "1",
    "slug": "herstel",
    "str": "x",
    "path": "x/y",
    "uuid": "00000000-0000-0000-0000-000000000001",
}
_ROUTE_PARAM = re.compile(r"<(?:(?P<conv>[^>:]+):)?(?P<naam>[^>]+)>")
_GROEP = re.compile(r"\((?:\?P<(?P<naam>\w+)>)?(?P<inhoud>[^()]*)\)")


def _voorbeeld_regex(match):
    inhoud = match["inhoud"]
    if re.fullmatch(r"[\w-]+(\|[\w-]+)*", inhoud):
        return inhoud.split("|")[0]
    return "1"


def _pad(pattern):
    tekst = str(pattern)
    if isinstance(pattern, RoutePattern):
        return _ROUTE_PARAM.sub(lambda m: VOORBEELD.get(m["conv"] or "str", "x"), tekst)
    assert isinstance(pattern, RegexPattern)
    tekst = _GROEP.sub(_voorbeeld_regex, tekst).removeprefix("^").removesuffix("$")
    return tekst.replace("/?", "/").replace("\\", "")


def _route(route1, route2):
    return route1 + route2.removeprefix("^") if route1 else route2


def alle_urls(resolver=None, pad="", route="", namespace=""):
    """(url, name, route) for every URL pattern in the project, with example values for its parameters."""
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from alle_urls(p, pad + _pad(p.pattern), _route(route, str(p.pattern)), ns)
        elif isinstance(p, URLPattern):
            naam = f"{namespace}{p.name}" if p.name else None
            yield "/" + pad + _pad(p.pattern), naam, _route(route, str(p.pattern))


def publiek(naam, toegestaan):
    return naam is not None and any(fnmatch.fnmatchcase(naam, patroon) for patroon in toegestaan)


def _controleer_alle_urls(toegestaan, settings):
    client = Client()
    onbeschermd, onbereikbaar, gezien = [], [], 0
    for url, naam, route in alle_urls():
        try:
            match = resolve(url)
        except Exception:
            match = None
        if match is None or match.route != route:
            onbereikbaar.append((naam, route, url))
            continue
        gezien += 1
        if publiek(naam, toegestaan):
            continue
        response = client.get(url)
        beschermd = is_login_redirect(response) or response.status_code in (403, 404)
        if response.status_code == 302 and not is_login_redirect(response):
            # The admin sends anonymous users to its own login page.
            beschermd = response["Location"].startswith(f"/{settings.ADMIN_URL}login/")
        if not beschermd:
            onbeschermd.append((naam, url, response.status_code))
    return onbeschermd, onbereikbaar, gezien


def test_every_url_is_public_on_purpose_or_protected(open_ronde, settings):
    onbeschermd, onbereikbaar, gezien = _controleer_alle_urls(PUBLIEK, settings)
    assert onbereikbaar == [], "Geef deze URL's een voorbeeldwaarde in VOORBEELD"
    assert onbeschermd == [], "Beveilig deze URL's, of zet ze bewust in PUBLIEK"
    assert gezien > 50  # the admin alone has dozens; a broken walk would see few


def test_with_lezen_vereist_login_everything_but_login_asks_anonymous_users_to_log_in(open_ronde, settings):
    settings.LEZEN_VEREIST_LOGIN = True
    client = Client()
    onbeschermd = []
    for url, naam, _route_tekst in alle_urls():
        if publiek(naam, ALTIJD_OPEN):
            continue
        response = client.get(url)
        if not is_login_redirect(response):
            onbeschermd.append((naam, url, response.status_code))
    assert onbeschermd == []
    assert client.get(reverse("login")).status_code == 200
    assert client.get(reverse("password_reset")).status_code == 200
    assert client.get(settings.STATIC_URL + "css/pokvolg.css").status_code != 302


def test_without_lezen_vereist_login_public_pages_are_open(client, demodata):
    assert client.get(reverse("home")).status_code == 200


def test_after_a_browser_tests_flush_the_redactie_keeps_its_rights_on_the_renamed_models(transactional_db):
    """A transactional test empties the database; the rights put back must carry the renames of moties 0008
    and acties 0012, or every later admin page of the register is a 403."""
    call_command("flush", verbosity=0, interactive=False)
    zorg_voor_migratiedata()
    codes = set(Group.objects.get(name="Redactie").permissions.values_list("codename", flat=True))
    assert {"change_opdracht", "change_actieopdracht", "delete_actieopdracht"} <= codes
