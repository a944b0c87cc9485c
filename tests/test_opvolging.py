"""Lineage between actions: the redactie records split into, merged into and succeeded by, with a reason
and a date; never a loop; public at once on the action page and in the API; the history keeps it all."""

import datetime
import threading
import time

import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext

from acties.models import Actie, Opvolging, Soort
from acties.opvolging import leg_opvolging_vast, verwijder_opvolging
from lib import paginacache

DATUM = datetime.date(2024, 3, 4)
ADMIN = f"/{settings.ADMIN_URL}acties/opvolging/"


def actie(nummer):
    return Actie.objects.get(nummer=nummer)


def koppel(van, naar, gebruiker, soort=Soort.OPGEVOLGD, reden="Zo besloten in de brief."):
    return leg_opvolging_vast(actie(van), actie(naar), soort, reden, DATUM, gebruiker)


def test_lineage_cannot_form_a_loop(demodata, redactie):
    koppel(1, 2, redactie, Soort.GESPLITST)
    koppel(2, 3, redactie)
    for van, naar in [(3, 1), (2, 1), (3, 2), (1, 1)]:
        with pytest.raises(ValidationError, match="zichzelf"):
            koppel(van, naar, redactie)
    assert list(Opvolging.objects.values_list("van__nummer", "naar__nummer")) == [(1, 2), (2, 3)]
    koppel(1, 3, redactie, Soort.SAMENGEVOEGD)  # a second path is no loop


def test_the_admin_refuses_a_loop_with_a_dutch_message_and_records_nothing(client, demodata, redactie):
    koppel(1, 2, redactie)
    client.force_login(redactie)
    gegevens = {
        "van": actie(2).pk,
        "naar": actie(1).pk,
        "soort": "opgevolgd",
        "reden": "x",
        "datum": "2024-03-04",
    }
    response = client.post(f"{ADMIN}add/", gegevens)
    assert response.status_code == 200
    assert "Dit zou een kring vormen: actie 2 komt al voort uit actie 1." in response.content.decode()
    assert Opvolging.objects.count() == 1


def test_the_same_link_is_recorded_once_and_needs_a_reason_and_a_known_kind(demodata, redactie):
    koppel(1, 2, redactie)
    with pytest.raises(ValidationError, match="al een opvolging"):
        koppel(1, 2, redactie, Soort.GESPLITST)
    with pytest.raises(ValidationError, match="reden"):
        koppel(1, 3, redactie, reden="  ")
    with pytest.raises(ValidationError):
        koppel(1, 3, redactie, soort="verdwenen")
    assert Opvolging.objects.count() == 1


def test_only_the_redactie_records_or_removes_lineage(demodata, redactie, beheerder, coordinator_fin):
    with pytest.raises(PermissionDenied):
        koppel(1, 2, coordinator_fin)
    link = koppel(1, 2, redactie)
    with pytest.raises(PermissionDenied):
        verwijder_opvolging(link, coordinator_fin)
    assert Opvolging.objects.count() == 1
    koppel(2, 3, beheerder)
    verwijder_opvolging(link, beheerder)
    assert list(Opvolging.objects.values_list("van__nummer", flat=True)) == [2]


@pytest.mark.parametrize("rol", ["beheerder", "redactie", "coordinator_fin", "coordinator_bzk", "anoniem"])
def test_the_admin_lets_only_the_redactie_record_lineage(client, demodata, rollen, rol):
    gebruiker = rollen[rol]
    if gebruiker is not None:
        client.force_login(gebruiker)
    gegevens = {
        "van": actie(1).pk,
        "naar": actie(2).pk,
        "soort": "gesplitst",
        "reden": "Twee delen.",
        "datum": "2024-03-04",
    }
    get, post = client.get(f"{ADMIN}add/"), client.post(f"{ADMIN}add/", gegevens)
    if rol in ("beheerder", "redactie"):
        assert get.status_code == 200 and post.status_code == 302
        link = Opvolging.objects.get()
        assert (link.soort, link.reden, link.datum) == ("gesplitst", "Twee delen.", DATUM)
        assert client.post(f"{ADMIN}{link.pk}/delete/", {"post": "yes"}).status_code == 302
        assert not Opvolging.objects.exists()
    else:
        # Coordinators and visitors are no staff: the admin sends them to its login.
        assert get.status_code == post.status_code == 302 and "/login/" in post["Location"]
        assert not Opvolging.objects.exists()


def test_a_recorded_link_is_never_changed_in_the_admin(client, demodata, redactie):
    link = koppel(1, 2, redactie)
    client.force_login(redactie)
    wijzig = f"{ADMIN}{link.pk}/change/"
    assert client.get(wijzig).status_code == 200
    gegevens = {
        "van": actie(1).pk,
        "naar": actie(3).pk,
        "soort": "gesplitst",
        "reden": "Anders.",
        "datum": "2024-03-04",
    }
    assert client.post(wijzig, gegevens).status_code == 403
    link.refresh_from_db()
    assert (link.naar.nummer, link.reden) == (2, "Zo besloten in de brief.")


def test_the_history_keeps_who_why_and_a_removed_link(client, demodata, redactie):
    link = koppel(12, 13, redactie, Soort.GESPLITST)
    verwijder_opvolging(link, redactie)
    records = list(Opvolging.history.order_by("history_id"))
    assert [r.history_type for r in records] == ["+", "-"]
    assert [r.history_user for r in records] == [redactie, redactie]
    assert records[0].history_change_reason == "Opvolging vastgelegd door redactie"
    assert records[1].history_change_reason == "Opvolging verwijderd door redactie"
    assert (records[1].van.nummer, records[1].reden) == (12, "Zo besloten in de brief.")
    for nummer in (12, 13):
        geschiedenis = client.get(f"/acties/{nummer}/").content.decode().split('id="geschiedenis-kop"')[1]
        assert "Opvolging aangemaakt" in geschiedenis and "Opvolging verwijderd" in geschiedenis
        assert "gesplitst in" in geschiedenis and "Zo besloten in de brief." in geschiedenis


def test_the_public_action_page_shows_where_an_action_came_from_and_what_followed(client, demodata, redactie):
    koppel(11, 12, redactie, Soort.GESPLITST, reden="De actie bleek twee opdrachten.")
    koppel(12, 14, redactie, Soort.SAMENGEVOEGD, reden="Eén aanpak voor beide.")
    # No round is published in between: lineage is public at once.
    pagina = client.get("/acties/12/").content.decode()
    assert '<h3 class="utrecht-heading-3">Voortgekomen uit</h3>' in pagina
    datum = '<time datetime="2024-03-04">4 maart 2024</time>'
    assert (
        f'Afgesplitst van <a href="/acties/11/">actie 11</a>, {datum}: De actie bleek twee opdrachten.'
        in pagina
    )
    assert '<h3 class="utrecht-heading-3">Gevolgd door</h3>' in pagina
    assert f'Samengevoegd in <a href="/acties/14/">actie 14</a>, {datum}: Eén aanpak voor beide.' in pagina
    elf = client.get("/acties/11/").content.decode()
    assert 'Gesplitst in <a href="/acties/12/">actie 12</a>' in elf and "Voortgekomen uit" not in elf
    assert "Gevolgd door" not in client.get("/acties/13/").content.decode()


def test_recording_lineage_gives_the_public_pages_a_new_version(
    demodata, redactie, django_capture_on_commit_callbacks
):
    voor = paginacache._versie()
    with django_capture_on_commit_callbacks(execute=True):
        link = koppel(1, 2, redactie)
    na = cache.get(paginacache.VERSIE)
    assert na != voor
    with django_capture_on_commit_callbacks(execute=True):
        verwijder_opvolging(link, redactie)
    assert cache.get(paginacache.VERSIE) != na


def _twintig_links(redactie):
    # Action 12 descends from ten actions and is followed by ten others.
    for nummer in range(20, 30):
        koppel(nummer, 12, redactie)
    for nummer in range(30, 40):
        koppel(12, nummer, redactie, Soort.GESPLITST)


def test_the_action_page_takes_as_many_queries_with_one_link_as_with_twenty(
    client, demodata, redactie, django_assert_num_queries
):
    # A removed link is in the page's history as well, at no query of its own.
    verwijder_opvolging(koppel(40, 12, redactie), redactie)
    koppel(11, 12, redactie)
    with CaptureQueriesContext(connection) as een:
        assert client.get("/acties/12/").status_code == 200
    _twintig_links(redactie)
    with django_assert_num_queries(len(een.captured_queries)):
        pagina = client.get("/acties/12/").content.decode()
    assert pagina.count('Opvolger van <a href="/acties/') == 11
    assert pagina.count('Gesplitst in <a href="/acties/') == 10


def test_the_api_gives_each_action_its_lineage_in_constant_queries(
    client, demodata, redactie, django_assert_num_queries
):
    koppel(11, 12, redactie, Soort.GESPLITST, reden="Twee opdrachten.")
    koppel(12, 14, redactie, Soort.SAMENGEVOEGD, reden="Eén aanpak.")
    detail = client.get("/api/v1/acties/12").json()
    assert detail["voortgekomenUit"] == [
        {"nummer": 11, "soort": "gesplitst", "reden": "Twee opdrachten.", "datum": "2024-03-04"}
    ]
    assert detail["gevolgdDoor"] == [
        {"nummer": 14, "soort": "samengevoegd", "reden": "Eén aanpak.", "datum": "2024-03-04"}
    ]
    with CaptureQueriesContext(connection) as twee:
        lijst = client.get("/api/v1/acties?pageSize=100").json()["_embedded"]["acties"]
    per_nummer = {a["nummer"]: a for a in lijst}
    assert [link["nummer"] for link in per_nummer[11]["gevolgdDoor"]] == [12]
    assert per_nummer[13]["voortgekomenUit"] == per_nummer[13]["gevolgdDoor"] == []
    _twintig_links(redactie)
    with django_assert_num_queries(len(twee.captured_queries)):
        assert client.get("/api/v1/acties?pageSize=100").status_code == 200
    with CaptureQueriesContext(connection) as detailtelling:
        client.get("/api/v1/acties/12")
    assert len(detailtelling.captured_queries) <= 8  # as tests/test_api.py allows an action


def test_the_json_export_carries_the_lineage_as_the_api(client, demodata, redactie):
    koppel(11, 12, redactie)
    acties = {a["nummer"]: a for a in client.get("/acties/export.json").json()["acties"]}
    assert acties[12]["voortgekomenUit"] == [
        {"nummer": 11, "soort": "opgevolgd", "reden": "Zo besloten in de brief.", "datum": "2024-03-04"}
    ]
    assert acties[11]["gevolgdDoor"][0]["nummer"] == 12


def test_the_openapi_document_describes_the_lineage(client, demodata):
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    velden = schema["Actie"]["properties"]
    assert {"voortgekomenUit", "gevolgdDoor"} <= set(velden)
    assert {"voortgekomenUit", "gevolgdDoor"} <= set(schema["Actie"]["required"])
    soort = schema["VoortgekomenUit"]["properties"]["soort"]
    assert set(schema[soort["allOf"][0]["$ref"].rsplit("/", 1)[1]]["enum"]) == {
        "gesplitst",
        "samengevoegd",
        "opgevolgd",
    }


OP_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@pytest.mark.postgres
@pytest.mark.skipif(not OP_POSTGRES, reason="SQLite lets one writer at a time: no two links at once there")
@pytest.mark.django_db(transaction=True)
def test_two_links_recorded_at_once_cannot_close_a_loop_between_them(migratiedata, demodata, beheerder):
    """1 → 2 and 3 → 4 are there; 2 → 3 and 4 → 1 share no action but together would close a loop. The
    second waits for the first's locks and then sees its link."""
    koppel(1, 2, beheerder)
    koppel(3, 4, beheerder)
    uitkomst = {}

    def tweede():
        try:
            koppel(4, 1, beheerder)
            uitkomst["tweede"] = "vastgelegd"
        except ValidationError as fout:
            uitkomst["tweede"] = fout.messages[0]
        finally:
            connections.close_all()

    draad = threading.Thread(target=tweede)
    with transaction.atomic():
        koppel(2, 3, beheerder)
        draad.start()
        grens = time.monotonic() + 20
        with connection.cursor() as cursor:
            while not uitkomst and time.monotonic() < grens:
                cursor.execute("SELECT count(*) FROM pg_locks WHERE NOT granted")
                if cursor.fetchone()[0]:
                    break
                time.sleep(0.05)
    draad.join(timeout=30)
    assert uitkomst["tweede"].startswith("Dit zou een kring vormen: actie 4 komt al voort uit actie 1.")
    assert Opvolging.objects.count() == 3


@pytest.mark.browser
def test_the_action_page_with_lineage_fits_320_and_1280_px_without_axe_violations(
    live_server, browser, migratiedata, demodata, beheerder
):
    from axe_playwright_python.sync_playwright import Axe

    lang = "Een lange reden zonder spaties: " + "herstelorganisatieuitvoeringsafspraken" * 3
    koppel(11, 12, beheerder, Soort.GESPLITST, reden=lang)
    koppel(12, 14, beheerder, Soort.SAMENGEVOEGD)
    fouten = {}
    for breedte in (1280, 320):
        context = browser.new_context(viewport={"width": breedte, "height": 800}, locale="nl-NL")
        page = context.new_page()
        page.goto(live_server.url + "/acties/12/")
        assert page.get_by_text("Afgesplitst van").is_visible()
        assert page.evaluate("document.documentElement.scrollWidth") <= breedte, breedte
        resultaat = Axe().run(
            page, options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
        )
        assert resultaat.response["passes"]
        if resultaat.violations_count:
            fouten[breedte] = resultaat.generate_report()
        context.close()
    assert fouten == {}
