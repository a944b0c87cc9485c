"""Target dates: who may set them, the shift log, 'over tijd' in words, the list filter and sort, the
calendar feed, and constant query counts on the pages that show them."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from acties.models import Actie, Rol, Status
from rapportage import ronde, tekststappen, verantwoording
from rapportage.models import StreefdatumWijziging
from tests.conftest import maak_gebruiker, tekst_van
from tests.hulp import geschiedenis_telling, is_login_redirect

VANDAAG = timezone.localdate()
GISTEREN = VANDAAG - datetime.timedelta(days=1)


def fin_actie(rapportage):
    return tekst_van(rapportage, "FIN").actie


@pytest.fixture
def coordinator_szw(db):
    """SZW is only ever involved (betrokken), never lead, in the demo data."""
    return maak_gebruiker("coordinator-szw", "Coördinator", ["SZW"])


def post_streefdatum(gebruiker, actie, datum="2022-07-01", reden="Wetgeving loopt later"):
    client = Client()
    if gebruiker is not None:
        client.force_login(gebruiker)
    return client.post(
        reverse("werk:streefdatum", args=[actie.nummer]), {"streefdatum": datum, "reden": reden}
    )


def test_every_role_sets_a_target_date_only_where_it_may(rollen, coordinator_szw, open_ronde):
    actie = Actie.objects.get(
        pk=tekst_van(open_ronde, "FIN").actie_id,
    )
    # An action FIN leads and SZW is involved in, so an involved coordinator is tried too.
    actie = (
        Actie.objects.filter(actieministeries__ministerie__afkorting="SZW")
        .filter(
            actieministeries__ministerie__afkorting="FIN", actieministeries__rol=Rol.EERSTVERANTWOORDELIJK
        )
        .first()
    )
    assert actie is not None
    verwacht = {
        "beheerder": 302,
        "redactie": 302,
        "coordinator_fin": 302,
        "coordinator_bzk": 404,
        "coordinator_szw": 403,
        "anoniem": "login",
    }
    for rol, gebruiker in {**rollen, "coordinator_szw": coordinator_szw}.items():
        Actie.objects.filter(pk=actie.pk).update(streefdatum=None)
        voor = geschiedenis_telling()
        response = post_streefdatum(gebruiker, actie, reden=f"Door {rol}")
        actie.refresh_from_db()
        if verwacht[rol] == 302:
            assert response.status_code == 302, rol
            # During a round it waits for the round's publication.
            assert verantwoording.werkende_streefdatum(actie) == datetime.date(2022, 7, 1), rol
            assert actie.streefdatum is None, rol
            StreefdatumWijziging.objects.filter(actie=actie).delete()
        else:
            assert (
                is_login_redirect(response)
                if verwacht[rol] == "login"
                else response.status_code == verwacht[rol]
            ), rol
            assert actie.streefdatum is None and geschiedenis_telling() == voor, rol


def test_a_coordinator_changes_target_dates_only_in_an_open_round(
    client, redactie, coordinator_fin, open_ronde
):
    actie = fin_actie(open_ronde)
    ronde.sluit_inzending(open_ronde, redactie)  # in redactie: no longer open for coordinators
    assert post_streefdatum(coordinator_fin, actie).status_code == 403
    ronde.stel_vast(open_ronde, redactie)  # no round runs at all
    assert post_streefdatum(coordinator_fin, actie).status_code == 403
    actie.refresh_from_db()
    assert actie.streefdatum is None
    assert post_streefdatum(redactie, actie).status_code == 302  # the redactie may, round or not
    assert StreefdatumWijziging.objects.get(actie=actie).rapportage is None


def test_every_change_needs_a_reason_and_is_kept_with_old_and_new_date_who_when_and_round(
    client, redactie, coordinator_fin, open_ronde
):
    actie = fin_actie(open_ronde)
    with pytest.raises(ronde.RondeFout):
        verantwoording.wijzig_streefdatum(actie, datetime.date(2022, 1, 1), "  ", coordinator_fin)
    assert post_streefdatum(coordinator_fin, actie, reden="").status_code == 400
    verantwoording.wijzig_streefdatum(actie, datetime.date(2022, 1, 1), "Eerste planning", coordinator_fin)
    verantwoording.wijzig_streefdatum(actie, datetime.date(2022, 6, 1), "Wet later in de Kamer", redactie)
    # The same date again changes nothing (a double submit).
    assert not verantwoording.wijzig_streefdatum(actie, datetime.date(2022, 6, 1), "x", redactie)[1]
    log = list(
        StreefdatumWijziging.objects.filter(actie=actie).values_list(
            "van", "naar", "reden", "door", "rapportage"
        )
    )
    assert log == [
        (None, datetime.date(2022, 1, 1), "Eerste planning", coordinator_fin.pk, open_ronde.pk),
        (
            datetime.date(2022, 1, 1),
            datetime.date(2022, 6, 1),
            "Wet later in de Kamer",
            redactie.pk,
            open_ronde.pk,
        ),
    ]
    # Nothing public until the round is published: then both changes, in order, with their reasons.
    pagina = client.get(actie.get_absolute_url()).content.decode()
    assert "Wet later in de Kamer" not in pagina and "Eerste planning" not in pagina
    assert client.get(f"/api/v1/acties/{actie.nummer}").json()["streefdatumWijzigingen"] == []
    for v in open_ronde.voortgang.filter(versie__gt=1, gedeeld_met__isnull=True):
        tekststappen.keur_goed(v, redactie)
    ronde.stel_vast(open_ronde, redactie)
    redenen = list(
        actie.history.order_by("history_date").values_list("streefdatum", "history_change_reason")
    )[-2:]
    assert redenen == [
        (datetime.date(2022, 1, 1), "Streefdatum geen → 01-01-2022: Eerste planning"),
        (datetime.date(2022, 6, 1), "Streefdatum 01-01-2022 → 01-06-2022: Wet later in de Kamer"),
    ]
    pagina = client.get(actie.get_absolute_url()).content.decode()
    assert "1 keer verschoven" in pagina and "Wet later in de Kamer" in pagina
    assert "1 januari 2022" in pagina and "1 juni 2022" in pagina
    api = client.get(f"/api/v1/acties/{actie.nummer}").json()
    assert api["streefdatum"] == "2022-06-01"
    assert [(w["van"], w["naar"], w["reden"], w["rapportage"]) for w in api["streefdatumWijzigingen"]] == [
        (None, "2022-01-01", "Eerste planning", open_ronde.titel),
        ("2022-01-01", "2022-06-01", "Wet later in de Kamer", open_ronde.titel),
    ]


def test_a_crafted_post_cannot_choose_the_round_the_user_or_another_action(
    coordinator_fin, open_ronde, redactie
):
    actie, bzk = fin_actie(open_ronde), tekst_van(open_ronde, "BZK").actie
    client = Client()
    client.force_login(coordinator_fin)
    response = client.post(
        reverse("werk:streefdatum", args=[actie.nummer]),
        {"streefdatum": "2023-01-01", "reden": "x", "door": redactie.pk, "rapportage": 999, "actie": bzk.pk},
    )
    assert response.status_code == 302
    (w,) = StreefdatumWijziging.objects.all()
    assert (w.actie, w.door, w.rapportage) == (actie, coordinator_fin, open_ronde)
    bzk.refresh_from_db()
    assert bzk.streefdatum is None


def test_over_tijd_is_a_badge_in_words_a_filter_and_a_sort(client, demodata):
    *acties, klaar = list(Actie.objects.order_by("nummer")[:4])
    Actie.objects.filter(pk=klaar.pk).update(status=Status.AFGEROND, streefdatum=GISTEREN)  # never over tijd
    Actie.objects.filter(pk=acties[0].pk).update(status=Status.VERTRAAGD, streefdatum=GISTEREN)
    Actie.objects.filter(pk=acties[1].pk).update(streefdatum=VANDAAG + datetime.timedelta(days=30))
    Actie.objects.filter(pk=acties[2].pk).update(streefdatum=VANDAAG - datetime.timedelta(days=400))
    assert set(Actie.objects.over_tijd(VANDAAG)) == {acties[0], acties[2]}
    badge = '<span class="markering markering--over-tijd">over tijd</span>'
    assert badge in client.get(f"/acties/{acties[0].nummer}/").content.decode()
    assert badge not in client.get(f"/acties/{acties[1].nummer}/").content.decode()
    assert badge not in client.get(f"/acties/{klaar.nummer}/").content.decode()
    lijst = client.get("/acties/?termijn=over-tijd").content.decode()
    assert "2 acties gevonden" in lijst and lijst.count(badge) == 2
    from tests.conftest import nummers

    # Earliest first, actions without a target date last.
    assert nummers(client.get("/acties/?sorteer=streefdatum"))[:5] == [
        acties[2].nummer,
        acties[0].nummer,
        klaar.nummer,
        acties[1].nummer,
        5,
    ]
    assert client.get("/acties/?termijn=bogus").status_code == 400
    api = client.get("/api/v1/acties?termijn=over-tijd").json()
    assert sorted(a["nummer"] for a in api["_embedded"]["acties"]) == sorted(
        [acties[0].nummer, acties[2].nummer]
    )


def test_the_demo_says_plainly_that_the_annex_names_no_target_dates(client, demodata):
    assert not Actie.objects.met_streefdatum().exists()
    pagina = client.get("/acties/1/").content.decode()
    assert "De bijlage van juni 2021 noemt geen streefdata" in pagina
    assert "De bijlage van juni 2021 noemt er geen" in pagina  # no vindplaatsen either


def _events(response):
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")
    kalender = Calendar.from_ical(response.content)
    return {str(e["uid"]): e for e in kalender.walk("VEVENT")}


def test_the_calendar_feed_parses_and_holds_exactly_the_filtered_actions(client, demodata):
    fin = list(Actie.objects.filter(actieministeries__ministerie__afkorting="FIN").order_by("nummer")[:3])
    bzk = Actie.objects.filter(actieministeries__ministerie__afkorting="BZK").exclude(
        pk__in=[a.pk for a in fin]
    )[0]
    for i, actie in enumerate([*fin[:2], bzk]):
        Actie.objects.filter(pk=actie.pk).update(streefdatum=datetime.date(2022, 3, 1 + i))
    alle = _events(client.get("/streefdata.ics"))
    assert set(alle) == {f"actie-{a.nummer}-streefdatum@testserver" for a in [*fin[:2], bzk]}
    event = alle[f"actie-{fin[0].nummer}-streefdatum@testserver"]
    assert event.decoded("dtstart") == datetime.date(2022, 3, 1)
    assert str(event["url"]) == f"http://testserver/acties/{fin[0].nummer}/"
    alleen_fin = _events(client.get("/streefdata.ics?ministerie=FIN"))
    assert set(alleen_fin) == {f"actie-{a.nummer}-streefdatum@testserver" for a in fin[:2]}
    thema = fin[0].hoofdthema.slug
    verwacht = {a.nummer for a in [*fin[:2], bzk] if a.hoofdthema.slug == thema}
    assert {int(u.split("-")[1]) for u in _events(client.get(f"/streefdata.ics?thema={thema}"))} == verwacht
    assert client.get("/streefdata.ics?ministerie=NIETS").status_code == 400
    assert "streefdata.ics?ministerie=FIN" in client.get("/acties/?ministerie=FIN").content.decode()


def _tel(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def _paginas(nummer):
    return [
        "/acties/",
        "/acties/?termijn=over-tijd&sorteer=streefdatum",
        "/acties/?knelpunt=ja",
        f"/acties/{nummer}/",
        "/streefdata.ics",
        "/api/v1/acties",
        f"/api/v1/acties/{nummer}",
        "/acties/export.json",
        "/acties/export.csv",
    ]


def _met_streefdata_en_vindplaatsen(redactie):
    for actie in Actie.objects.order_by("nummer")[::5]:
        verantwoording.wijzig_streefdatum(actie, GISTEREN, "Test", redactie)
        verantwoording.wijzig_streefdatum(actie, VANDAAG, "Test opnieuw", redactie)
        verantwoording.voeg_vindplaats_toe_aan_actie(actie, "Brief", redactie, kamerstuk="35510-60")


def test_query_counts_on_the_changed_pages_do_not_grow_from_86_to_386_actions(
    request, client, demodata, redactie
):
    _met_streefdata_en_vindplaatsen(redactie)
    werk = Client()
    werk.force_login(redactie)
    _tel(werk, "/werk/acties/1/")  # the first request fills caches (content types) once
    # So do the list's choice lists, once per version of themes, motions, ministries and rounds
    # (openbaar.filters.Keuzelijsten): each page is counted as every request after the first pays.
    for url in _paginas(1):
        _tel(client, url)
    klein = {url: _tel(client, url) for url in _paginas(1)} | {"werk": _tel(werk, "/werk/acties/1/")}
    request.getfixturevalue("veel_data")
    assert Actie.objects.count() == 386
    _met_streefdata_en_vindplaatsen(redactie)
    for url in _paginas(1):
        _tel(client, url)
    groot = {url: _tel(client, url) for url in _paginas(1)} | {"werk": _tel(werk, "/werk/acties/1/")}
    assert groot == klein
