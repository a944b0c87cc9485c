"""A coordinator's round in few clicks: many texts submitted at once after one confirmation, and Mijn acties
filtered and searched by GET parameters; between rounds it shows their actions."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acties.models import Actie, ActieMinisterie, Ministerie, Status, Thema
from rapportage import tekststappen, verantwoording
from rapportage.models import Rapportage, Voortgang
from tests.conftest import WACHTWOORD, tekst_van


def _fin_teksten(rapportage):
    return Voortgang.objects.filter(
        rapportage=rapportage, actie__actieministeries__ministerie__afkorting="FIN"
    ).distinct()


def test_all_unchanged_texts_are_submitted_after_one_confirmation(client, coordinator_fin, open_ronde):
    gewijzigd = tekst_van(open_ronde, "FIN", 0)
    tekststappen.bewaar_tekst(gewijzigd, "Nieuw.", gewijzigd.status, gewijzigd.versie, coordinator_fin)
    ongewijzigd = set(
        _fin_teksten(open_ronde)
        .filter(versie=1, gedeeld_met__isnull=True)
        .exclude(tekst="")
        .values_list("pk", flat=True)
    )
    assert len(ongewijzigd) > 2
    client.force_login(coordinator_fin)
    url = reverse("werk:indienen_meerdere")
    bevestiging = client.get(url, {"ongewijzigd": "1"})
    assert bevestiging.status_code == 200
    assert f"Dien {len(ongewijzigd)} teksten in" in bevestiging.content.decode()
    assert Voortgang.objects.filter(toestand="ingediend").count() == 0  # asking changes nothing

    response = client.post(url, {"ongewijzigd": "1"}, follow=True)
    assert response.redirect_chain == [(reverse("werk:mijn_acties"), 302)]
    assert f"{len(ongewijzigd)} teksten zijn ingediend" in response.content.decode()
    assert (
        set(
            Voortgang.objects.filter(toestand="ingediend", gedeeld_met__isnull=True).values_list(
                "pk", flat=True
            )
        )
        == ongewijzigd
    )
    gewijzigd.refresh_from_db()
    assert gewijzigd.toestand == "concept"
    record = Voortgang.history.filter(id=next(iter(ongewijzigd))).first()
    assert record.history_change_reason.startswith("Ingediend") and record.history_user == coordinator_fin


def test_ticked_texts_of_another_ministry_or_already_submitted_are_left_alone(
    client, coordinator_fin, coordinator_bzk, open_ronde
):
    fin0, fin1 = tekst_van(open_ronde, "FIN", 0), tekst_van(open_ronde, "FIN", 1)
    bzk = tekst_van(open_ronde, "BZK")
    client.force_login(coordinator_fin)
    response = client.post(reverse("werk:indienen_meerdere"), {"tekst": [fin0.pk, bzk.pk, "²", "-1"]})
    assert response.status_code == 302
    assert Voortgang.objects.get(pk=fin0.pk).toestand == "ingediend"
    assert Voortgang.objects.get(pk=bzk.pk).toestand == "concept"
    assert Voortgang.objects.get(pk=fin1.pk).toestand == "concept"
    # The step itself checks again: a text the user may not submit is skipped even if asked for directly.
    assert tekststappen.dien_in_meerdere(open_ronde, [bzk.pk], coordinator_fin) == []
    assert [v.pk for v in tekststappen.dien_in_meerdere(open_ronde, [bzk.pk], coordinator_bzk)] == [bzk.pk]


def test_mijn_acties_filters_and_searches_by_get_parameters(client, coordinator_fin, open_ronde):
    tekst = tekst_van(open_ronde, "FIN", 1)
    tekststappen.bewaar_tekst(
        tekst, "Een unieke zin over kwijtschelding.", Status.VERTRAAGD, tekst.versie, coordinator_fin
    )
    client.force_login(coordinator_fin)
    url = reverse("werk:mijn_acties")

    def getoond(**params):
        html = client.get(url, params).content.decode()
        return {int(pk) for pk in re.findall(r'id="tekst-(\d+)"', html)}

    alle = getoond()
    assert len(alle) == _fin_teksten(open_ronde).count()
    assert getoond(q="kwijtschelding") == {tekst.pk}
    assert getoond(q=str(tekst.actie.nummer)) >= {tekst.pk}
    assert getoond(gewijzigd="ja") == {tekst.pk}
    assert tekst.pk not in getoond(gewijzigd="nee") and len(getoond(gewijzigd="nee")) == len(alle) - 1
    assert getoond(status=Status.VERTRAAGD) >= {tekst.pk}
    assert getoond(toestand="ingediend") == set()
    thema = tekst.actie.hoofdthema
    assert tekst.pk in getoond(thema=thema.slug) and getoond(thema=thema.slug) < alle
    # Unknown values are ignored, not a 500.
    assert getoond(status="bestaat-niet", thema="x", gewijzigd="misschien") == alle


def test_mijn_acties_shows_only_actions_past_their_target_date_when_asked(
    client, coordinator_fin, open_ronde
):
    laat, op_tijd = tekst_van(open_ronde, "FIN", 1), tekst_van(open_ronde, "FIN", 2)
    Actie.objects.filter(pk__in=[v.actie_id for v in _fin_teksten(open_ronde)]).update(streefdatum=None)
    Actie.objects.filter(pk=laat.actie_id).update(streefdatum="2020-01-01", status=Status.VERTRAAGD)
    Actie.objects.filter(pk=op_tijd.actie_id).update(streefdatum="2099-01-01", status=Status.VERTRAAGD)
    client.force_login(coordinator_fin)
    html = client.get(reverse("werk:mijn_acties"), {"over_tijd": "ja"}).content.decode()
    assert {int(pk) for pk in re.findall(r'id="tekst-(\d+)"', html)} == {laat.pk}
    assert re.search(r'id="filter-over-tijd"[^>]* checked>', html)  # the filter shows what was chosen


def test_between_rounds_mijn_acties_shows_the_actions_with_target_date_and_evidence(
    client, coordinator_fin, demodata, redactie
):
    assert not Rapportage.objects.lopend().exists()
    actie = tekst_van(Rapportage.objects.get(), "FIN").actie
    verantwoording.voeg_vindplaats_toe_aan_actie(actie, "Voortgangsbrief", redactie, kamerstuk="35510-60")
    client.force_login(coordinator_fin)
    html = client.get(reverse("werk:mijn_acties")).content.decode()
    assert "Er is nu geen ronde open" in html
    assert "Voortgangsbrief" in html and f"{actie.nummer}. " in html
    assert "Streefdatum" in html


def test_between_rounds_mijn_acties_costs_the_same_queries_for_more_actions_and_evidence(
    client, coordinator_fin, demodata, redactie, django_assert_max_num_queries
):
    client.force_login(coordinator_fin)
    url = reverse("werk:mijn_acties")
    client.get(url)  # the session is touched on the first request only
    # +1 since the page counts the rappel items waiting for the user's answer.
    with django_assert_max_num_queries(13) as ervoor:
        assert client.get(url).status_code == 200
    fin, thema = Ministerie.objects.get(afkorting="FIN"), Thema.objects.first()
    for i in range(20):
        actie = Actie.objects.create(nummer=1000 + i, omschrijving=f"Extra actie {i}", thema=thema)
        ActieMinisterie.objects.create(actie=actie, ministerie=fin)
        kamerstuk = f"35510-{i + 1}"
        verantwoording.voeg_vindplaats_toe_aan_actie(actie, f"Brief {i}", redactie, kamerstuk=kamerstuk)
    with django_assert_max_num_queries(len(ervoor.captured_queries)):
        html = client.get(url).content.decode()
    assert "Extra actie 19" in html and "Brief 19" in html


def test_mijn_acties_costs_the_same_queries_filtered_or_not(client, coordinator_fin, open_ronde):
    client.force_login(coordinator_fin)
    url = reverse("werk:mijn_acties")
    with CaptureQueriesContext(connection) as ongefilterd:
        client.get(url)
    with CaptureQueriesContext(connection) as gefilterd:
        response = client.get(url, {"q": "herstel", "over_tijd": "ja", "gewijzigd": "nee", "thema": "x"})
    assert response.status_code == 200
    # Only the count of all texts ("3 van 40 getoond") is added when a filter is chosen.
    assert len(gefilterd) <= len(ongefilterd) + 1, [q["sql"] for q in gefilterd]


def _inloggen(page, url, naam, volgende):
    page.goto(f"{url}{reverse('login')}?next={volgende}")
    page.fill("#id_username", naam)
    page.fill("#id_password", WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{url}{volgende}")


@pytest.mark.browser
def test_at_390_px_a_coordinator_submits_all_unchanged_texts_with_one_confirmation(
    migratiedata, live_server, page, demodata, open_ronde, coordinator_fin
):
    page.set_viewport_size({"width": 390, "height": 800})
    werk = reverse("werk:mijn_acties")
    _inloggen(page, live_server.url, coordinator_fin.username, werk)
    aantal = _fin_teksten(open_ronde).filter(versie=1, gedeeld_met__isnull=True).exclude(tekst="").count()
    page.get_by_role("button", name=f"Dien alle {aantal} ongewijzigde teksten in").click()
    page.get_by_role("button", name=f"Dien {aantal} teksten in").click()
    page.wait_for_url(live_server.url + werk)
    assert f"{aantal} teksten zijn ingediend" in page.locator(".meldingen").inner_text()
    assert Voortgang.objects.filter(toestand="ingediend", gedeeld_met__isnull=True).count() == aantal


@pytest.mark.browser
def test_at_390_px_ticked_texts_are_submitted_together(
    migratiedata, live_server, page, demodata, open_ronde, coordinator_fin
):
    page.set_viewport_size({"width": 390, "height": 800})
    werk = reverse("werk:mijn_acties")
    _inloggen(page, live_server.url, coordinator_fin.username, werk)
    a, b = tekst_van(open_ronde, "FIN", 0), tekst_van(open_ronde, "FIN", 2)
    page.get_by_label(f"Kies actie {a.actie.nummer}", exact=True).check()
    page.get_by_label(f"Kies actie {b.actie.nummer}", exact=True).check()
    page.get_by_role("button", name="Dien aangevinkte teksten in").click()
    page.get_by_role("button", name="Dien 2 teksten in").click()
    page.wait_for_url(live_server.url + werk)
    assert {v.toestand for v in Voortgang.objects.filter(pk__in=[a.pk, b.pk])} == {"ingediend"}


WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


@pytest.mark.browser
def test_at_320_px_the_filters_and_the_confirmation_reflow_without_axe_violations(
    migratiedata, live_server, page, demodata, open_ronde, coordinator_fin
):
    page.set_viewport_size({"width": 320, "height": 800})
    werk = reverse("werk:mijn_acties")
    _inloggen(page, live_server.url, coordinator_fin.username, werk)
    for url in (
        f"{werk}?q=herstel&over_tijd=ja",
        reverse("werk:indienen_meerdere") + "?ongewijzigd=1",
    ):
        page.goto(live_server.url + url)
        breedte = page.evaluate("document.documentElement.scrollWidth")
        assert breedte <= 320, (url, breedte)
        resultaat = Axe().run(page, options=WCAG_21_AA)
        assert resultaat.violations_count == 0, resultaat.generate_report()
