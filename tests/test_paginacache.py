"""Public pages come from the cache for visitors without a session, and never outlive a publication."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acties.models import Actie, Status
from lib.paginacache import versie as pdf_versie
from moties.models import Motie
from rapportage import ronde, verantwoording
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


def test_reopening_a_round_takes_its_texts_off_public_pages_at_once(
    client, demodata, paginacache, redactie, django_capture_on_commit_callbacks
):
    tekst = Voortgang.objects.get(actie__nummer=1).tekst
    assert tekst[:60] in client.get(actie_url()).content.decode()
    rapportage = Rapportage.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        ronde.heropen(rapportage, redactie, "Correctie nodig")
    assert tekst[:60] not in client.get(actie_url()).content.decode()


def test_a_coordinators_draft_leaves_cached_pages_in_place(
    client, open_ronde, paginacache, coordinator_fin, django_capture_on_commit_callbacks
):
    client.get(actie_url())
    concept = tekst_van(open_ronde, "FIN")
    versie = cache.get("publiek:versie")
    with django_capture_on_commit_callbacks(execute=True):
        ronde.bewaar_tekst(concept, "Concepttekst.", Status.IN_UITVOERING, concept.versie, coordinator_fin)
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
    motie = Motie.objects.get(nummer=21)
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
