"""Public pages come from the cache for visitors without a session, and never outlive a publication."""

import datetime
import time

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acties.models import Actie, Status
from jobs.models import Job
from lib.paginacache import Lokaal, Pagina
from lib.paginacache import versie as pdf_versie
from moties.models import Opdracht
from openbaar.versie import versie as openbare_versie
from rapportage import ronde, tekststappen, verantwoording
from rapportage.models import Rapportage, Voortgang
from tests.conftest import tekst_van


@pytest.fixture
def paginacache(settings):
    settings.PUBLIEK_CACHE_SECONDEN = 60
    cache.clear()
    yield
    cache.clear()


def actie_url(nummer=1):
    return reverse("actie", args=[nummer])


def gemaakt(client, url):
    """Whether the page was made afresh for this request (it asked the database), not taken from the cache."""
    with CaptureQueriesContext(connection) as queries:
        client.get(url)
    return len(queries) > 0


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/acties/?status=in+uitvoering&q=schulden",
        "/acties/1/",
        "/moties/",
        "/themas/",
        "/rapportages/",
        "/feeds/acties.atom",
        "/api/v1/acties?ministerie=FIN",
        "/api/v1/acties/1",
    ],
)
def test_second_anonymous_request_is_served_without_database_queries(
    client, demodata, paginacache, django_assert_num_queries, url
):
    eerste = client.get(url)
    assert eerste.status_code == 200
    with django_assert_num_queries(0):
        tweede = client.get(url)
    assert tweede.status_code == 200
    assert tweede.content == eerste.content


def test_each_query_string_is_a_page_of_its_own(client, demodata, paginacache):
    alle = client.get("/acties/?status=afgerond")
    client.get("/acties/?status=in+uitvoering")
    assert client.get("/acties/?status=afgerond").content == alle.content
    assert client.get("/acties/?status=in+uitvoering").content != alle.content


def test_logged_in_user_always_gets_a_fresh_page(client, demodata, paginacache, coordinator_fin):
    client.get(actie_url())
    client.force_login(coordinator_fin)
    assert gemaakt(client, actie_url())
    assert "coordinator-fin" in client.get(actie_url()).content.decode()


def test_a_visitor_with_a_pending_message_is_not_served_from_or_into_the_cache(client, demodata, paginacache):
    client.get(actie_url())
    client.cookies["messages"] = "iets"
    assert gemaakt(client, actie_url())
    del client.cookies["messages"]
    client.get("/themas/")
    client.cookies["messages"] = "iets"
    assert gemaakt(client, "/themas/")


def test_refused_filters_are_not_cached(client, demodata, paginacache):
    assert client.get("/acties/?status=bogus").status_code == 400
    assert gemaakt(client, "/acties/?status=bogus")


def test_editing_an_action_shows_at_once(client, demodata, paginacache, django_capture_on_commit_callbacks):
    client.get(actie_url())
    actie = Actie.objects.get(nummer=1)
    actie.omschrijving = "Een geheel nieuwe omschrijving van actie 1."
    with django_capture_on_commit_callbacks(execute=True):
        actie.save()
    assert "Een geheel nieuwe omschrijving van actie 1." in client.get(actie_url()).content.decode()


def test_publishing_a_correction_shows_on_cached_pages_at_once(
    client, demodata, paginacache, redactie, django_capture_on_commit_callbacks
):
    voortgang = Voortgang.objects.get(actie__nummer=1)
    assert voortgang.tekst[:60] in client.get(actie_url()).content.decode()
    rapportage = Rapportage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        ronde.heropen(rapportage, redactie, "Correctie nodig")
        voortgang.refresh_from_db()
        tekststappen.bewaar_tekst(
            voortgang, "Gecorrigeerde tekst.", voortgang.status, voortgang.versie, redactie
        )
        tekststappen.keur_goed(Voortgang.objects.get(pk=voortgang.pk), redactie)
    # Reopened for a correction: the published page stays.
    assert voortgang.tekst[:60] in client.get(actie_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        ronde.stel_vast(rapportage, redactie, "Tekst verkeerd overgenomen")
    assert "Gecorrigeerde tekst." in client.get(actie_url()).content.decode()


def test_a_coordinators_draft_leaves_cached_pages_in_place(
    client, open_ronde, paginacache, coordinator_fin, django_capture_on_commit_callbacks
):
    client.get(actie_url())
    concept = tekst_van(open_ronde, "FIN")
    versie = cache.get("publiek:versie")
    with django_capture_on_commit_callbacks(execute=True):
        tekststappen.bewaar_tekst(
            concept, "Concepttekst.", Status.IN_UITVOERING, concept.versie, coordinator_fin
        )
    assert cache.get("publiek:versie") == versie


def test_the_version_that_keys_pdfs_is_the_same_in_every_process(demodata, paginacache):
    voor = pdf_versie()
    # Another app server or worker has its own per-process cache: it must compute the same version.
    cache.clear()
    assert pdf_versie() == voor


def test_the_version_that_keys_pdfs_changes_with_published_data(demodata, paginacache):
    voor = pdf_versie()
    actie = Actie.objects.get(nummer=1)
    actie.omschrijving += " (gewijzigd)"
    actie.save()
    na_wijziging = pdf_versie()
    assert na_wijziging != voor
    Actie.objects.get(nummer=2).delete()
    assert pdf_versie() != na_wijziging


def test_evidence_on_an_action_and_a_motions_part_show_at_once(
    client, demodata, paginacache, redactie, django_capture_on_commit_callbacks
):
    client.get(actie_url(12))
    client.get("/moties/35510-21/")
    with django_capture_on_commit_callbacks(execute=True):
        verantwoording.voeg_vindplaats_toe_aan_actie(
            Actie.objects.get(nummer=12), "Brief over de zwarte lijst", redactie, kamerstuk="35510-60"
        )
    assert "Brief over de zwarte lijst" in client.get(actie_url(12)).content.decode()
    motie = Opdracht.objects.get(nummer=21)
    with django_capture_on_commit_callbacks(execute=True):
        verantwoording.wijzig_motie(motie, redactie, {3: "Een deel zonder actie."}, dictum="")
    assert "Een deel zonder actie." in client.get("/moties/35510-21/").content.decode()


def test_evidence_on_a_draft_text_leaves_cached_pages_in_place(
    client, open_ronde, paginacache, redactie, django_capture_on_commit_callbacks
):
    client.get(actie_url())
    versie = cache.get("publiek:versie")
    with django_capture_on_commit_callbacks(execute=True):
        verantwoording.voeg_vindplaats_toe_aan_tekst(
            tekst_van(open_ronde, "FIN"), "Conceptbrief", redactie, kamerstuk="35510-61"
        )
    assert cache.get("publiek:versie") == versie


def test_the_version_that_keys_a_draft_annex_changes_with_its_details_and_evidence(open_ronde, redactie):
    voor = pdf_versie()
    ronde.wijzig_gegevens(open_ronde, redactie, bijlage_met_vindplaatsen=True)
    na_keuze = pdf_versie()
    assert na_keuze != voor
    verantwoording.voeg_vindplaats_toe_aan_actie(
        Actie.objects.get(nummer=1), "Brief", redactie, kamerstuk="35510-60"
    )
    assert pdf_versie() != na_keuze


# One render per published version


def _publiceer(rapportage, redactie):
    for v in rapportage.voortgang.exclude(toestand=Voortgang.Toestand.GOEDGEKEURD):
        if v.versie > 1 and not v.gedeeld_met_id:
            tekststappen.keur_goed(v, redactie)
    ronde.stel_vast(rapportage, redactie)


def test_drafts_leave_the_public_version_alone_and_a_publication_changes_it(
    open_ronde, coordinator_fin, redactie
):
    voor = openbare_versie()
    concept = tekst_van(open_ronde, "FIN")
    tekststappen.bewaar_tekst(concept, "Concepttekst.", Status.IN_UITVOERING, concept.versie, coordinator_fin)
    verantwoording.voeg_vindplaats_toe_aan_tekst(concept, "Conceptbrief", redactie, kamerstuk="35510-61")
    verantwoording.wijzig_streefdatum(concept.actie, datetime.date(2031, 1, 1), "Later", coordinator_fin)
    ronde.wijzig_gegevens(open_ronde, redactie, inleiding="Een nieuwe inleiding.")
    assert openbare_versie() == voor
    # The draft annex does change with them.
    assert pdf_versie() != voor

    _publiceer(open_ronde, redactie)
    na_publicatie = openbare_versie()
    assert na_publicatie != voor
    # Public at once: an edit of an action outside a round.
    actie = Actie.objects.get(nummer=1)
    actie.omschrijving += " (gewijzigd)"
    actie.save()
    assert openbare_versie() != na_publicatie


def _lijst_pdf(client, query):
    antwoord = client.get(reverse("bijlage:lijst") + query)
    assert antwoord.status_code == 302, antwoord.status_code
    return Job.objects.get(pk=antwoord.url.rstrip("/").rsplit("/", 1)[-1])


def test_the_list_pdf_is_keyed_by_its_filters_in_one_spelling(client, demodata):
    job = _lijst_pdf(client, "?status=afgerond&ministerie=fin&thema=Hersteloperatie")
    assert job.argumenten["query"] == "thema=hersteloperatie&ministerie=FIN&status=afgerond"
    assert _lijst_pdf(client, "?thema=hersteloperatie&status=afgerond&ministerie=FIN&q=") == job
    assert _lijst_pdf(client, "?status=afgerond") != job


@pytest.mark.parametrize("query", ["?c=1", "?status=afgerond&c=2", "?status=afgerond&x=" + "a" * 480])
def test_a_parameter_that_is_no_filter_is_refused_on_the_list_pdf(client, demodata, query):
    antwoord = client.get(reverse("bijlage:lijst") + query)
    assert antwoord.status_code == 400
    assert "ongeldig" in antwoord.content.decode()
    assert not Job.objects.exists()


def test_a_draft_save_leaves_the_public_list_pdf_as_it_was_until_the_publication(
    client, open_ronde, coordinator_fin, redactie
):
    voor = _lijst_pdf(client, "?status=afgerond")
    concept = tekst_van(open_ronde, "FIN")
    tekststappen.bewaar_tekst(concept, "Concepttekst.", Status.IN_UITVOERING, concept.versie, coordinator_fin)
    assert _lijst_pdf(client, "?status=afgerond") == voor
    _publiceer(open_ronde, redactie)
    assert _lijst_pdf(client, "?status=afgerond") != voor


# Served early, and what a cached answer carries


def test_a_hit_is_answered_before_the_session_middleware_with_the_headers_of_the_made_page(
    client, demodata, paginacache
):
    gemaakt_antwoord = client.get(actie_url())
    assert hasattr(gemaakt_antwoord.wsgi_request, "session")
    uit_cache = client.get(actie_url())
    # Sessions, login and two-step verification never ran: the page came from the cache before them.
    assert not hasattr(uit_cache.wsgi_request, "session")
    assert uit_cache.content == gemaakt_antwoord.content
    # Security headers, CSP, Vary and Content-Language: set again or kept with the page.
    assert dict(uit_cache.headers) == dict(gemaakt_antwoord.headers)
    for kop in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert uit_cache.has_header(kop)


def test_a_visitor_with_a_session_is_never_served_from_the_cache_nor_kept_in_it(
    client, demodata, paginacache, settings
):
    client.get(actie_url())
    sessie = client.session
    sessie["bezocht"] = True
    sessie.save()
    client.cookies[settings.SESSION_COOKIE_NAME] = sessie.session_key
    assert gemaakt(client, actie_url())
    assert hasattr(client.get(actie_url()).wsgi_request, "session")
    client.get("/themas/")
    del client.cookies[settings.SESSION_COOKIE_NAME]
    assert gemaakt(client, "/themas/")


@pytest.mark.parametrize("url", ["/", "/acties/", "/acties/1/"])
def test_anonymous_public_pages_may_be_kept_by_a_proxy_for_a_few_seconds(client, demodata, paginacache, url):
    for antwoord in (client.get(url), client.get(url)):
        assert antwoord["Cache-Control"] == "public, max-age=10"
        # A proxy must not hand this page to someone with a session.
        assert "Cookie" in antwoord["Vary"]


def test_pages_of_someone_logged_in_and_work_pages_are_never_public(
    client, demodata, paginacache, coordinator_fin
):
    client.get(actie_url())
    assert client.get("/werk/").get("Cache-Control") == "private, no-store"
    client.force_login(coordinator_fin)
    for url in ("/", "/acties/", actie_url(), "/api/v1/acties/1"):
        cache_control = client.get(url)["Cache-Control"]
        assert "private" in cache_control and "public" not in cache_control
    assert client.get("/werk/").get("Cache-Control") == "private, no-store"


def test_each_host_has_pages_of_its_own(client, demodata, paginacache, settings):
    """The feed's links are absolute: a page made for one host must never be served to another."""
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    via_a = client.get("/feeds/acties.atom", HTTP_HOST="a.example").content.decode()
    assert "http://a.example/" in via_a
    via_b = client.get("/feeds/acties.atom", HTTP_HOST="b.example").content.decode()
    assert "http://b.example/" in via_b and "a.example" not in via_b
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/feeds/acties.atom", HTTP_HOST="b.example").content.decode() == via_b
    assert len(queries) == 0


def test_each_host_and_scheme_has_api_links_of_its_own(client, demodata, paginacache, settings):
    """HAL links are absolute: a page made for one host or scheme must never be served to another."""
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    adres = "/api/v1/acties/1"
    verzoeken = {
        "http://a.example": {"HTTP_HOST": "a.example"},
        "http://b.example": {"HTTP_HOST": "b.example"},
        "https://a.example": {"HTTP_HOST": "a.example", "secure": True},
    }
    for basis, extra in verzoeken.items():
        assert client.get(adres, **extra).json()["_links"]["self"]["href"] == basis + adres
    for basis, extra in verzoeken.items():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(adres, **extra).json()["_links"]["self"]["href"] == basis + adres
        assert len(queries) == 0, basis


def test_a_cached_page_is_refused_to_a_host_outside_allowed_hosts(client, demodata, paginacache):
    assert client.get(actie_url()).status_code == 200
    client.raise_request_exception = False
    assert client.get(actie_url(), HTTP_HOST="elders.example").status_code != 200


def test_lezen_vereist_login_keeps_cached_pages_from_anonymous_visitors(
    client, demodata, paginacache, settings
):
    assert client.get(actie_url()).status_code == 200
    settings.LEZEN_VEREIST_LOGIN = True
    assert client.get(actie_url()).status_code == 302


def test_the_process_layer_keeps_one_version_and_at_most_its_bytes():
    lokaal = Lokaal(max_bytes=10)
    later = time.time() + 60
    lokaal.bewaar("v1", "a", Pagina(later, 200, (), b"12345"))
    lokaal.bewaar("v1", "b", Pagina(later, 200, (), b"12345"))
    assert lokaal.lees("v1", "a") is not None  # a is now used last
    lokaal.bewaar("v1", "c", Pagina(later, 200, (), b"12345"))
    assert lokaal.lees("v1", "b") is None
    assert lokaal.lees("v1", "a") is not None and lokaal.lees("v1", "c") is not None
    # Another version: the pages of the old one are gone, also when the old one is read again.
    assert lokaal.lees("v2", "a") is None
    assert lokaal.lees("v1", "a") is None


def test_the_process_layer_lets_go_of_a_page_when_the_shared_cache_does():
    lokaal = Lokaal()
    lokaal.bewaar("v1", "a", Pagina(time.time() - 1, 200, (), b"oud"))
    assert lokaal.lees("v1", "a") is None
