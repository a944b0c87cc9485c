"""The half-yearly reminder (rappel): exactly the right items per ministry in its mail (the register's
items over or near their deadline too), one bulk answer that logs each shifted date with its reason, no
answers for another ministry, an overview of who answered, the daily planner, the PDF, and constant query
counts. What an answer changes in the register and the indicators: tests/test_rappel_toepassen.py."""

import datetime
import io
import re

import pdfplumber
import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from acties.models import ActieMinisterie, Ministerie, Status
from jobs.models import Job
from meldingen import rappel as rappel_werk
from moties.models import Soort, Stand
from rapportage import rappel, rechten
from rapportage.models import Rappel, RappelPunt, StreefdatumWijziging, Vindplaats
from tests.hulp import indicator_met_doel
from tests.hulp import rappel_actie as actie
from tests.hulp import rappel_opdracht as opdracht
from tests.hulp import rappel_verstuurd as verstuurd

D = datetime.date
# The rappel's date: items up to six months later count, 1 juli 2026 being the last day.
DATUM = D(2026, 1, 1)


@pytest.fixture
def items(db):
    """FIN: one action late, one due within six months, one later, one closed; BZK: one late, one where
    FIN is only involved; plus an indicator target of FIN behind schedule and one on schedule."""
    a = {
        1: actie(1, D(2025, 10, 1), "FIN"),
        2: actie(2, D(2026, 7, 1), "FIN"),
        3: actie(3, D(2026, 7, 2), "FIN"),
        4: actie(4, D(2025, 6, 1), "FIN", status=Status.AFGEROND),
        5: actie(5, D(2025, 12, 31), "BZK"),
        6: actie(6, D(2026, 2, 1), "BZK", betrokken=["FIN"]),
        7: actie(7, None, "FIN"),
    }
    # 0 → 10 in a year: 50 by 1 april 2026 is out of reach, 12 by 1 juni 2026 is on schedule.
    achter = indicator_met_doel(a[7], 50, D(2026, 4, 1), [(D(2024, 12, 1), 0), (D(2025, 12, 1), 10)])
    indicator_met_doel(a[7], 12, D(2026, 6, 1), [(D(2024, 12, 1), 0), (D(2025, 12, 1), 10)])
    return a, achter


@pytest.fixture
def opdrachten(db):
    """FIN: a commitment over its deadline, a fulfilled promise and a commitment not yet due; BZK: a motion
    partly fulfilled and over its deadline; and a commitment over its deadline addressed to no ministry."""
    return {
        "fin": opdracht(
            Soort.TOEZEGGING, D(2025, 10, 1), "FIN", registernummer="TZ202101-088", titel="Brief over herstel"
        ),
        "voldaan": opdracht(Soort.BELOFTE, D(2025, 9, 1), "FIN", Stand.VOLDAAN, titel="Plan voor ouders"),
        "later": opdracht(
            Soort.TOEZEGGING, D(2026, 3, 1), "FIN", registernummer="TZ202101-089", titel="Nog niet aan bod"
        ),
        "bzk": opdracht(
            Soort.MOTIE, D(2025, 6, 1), "BZK", Stand.DEELS_VOLDAAN, dossier=35510, nummer=9, titel="Gemeenten"
        ),
        "zonder": opdracht(
            Soort.TOEZEGGING, D(2025, 11, 1), None, registernummer="TZ202101-090", titel="Van niemand"
        ),
    }


def regels(bericht):
    return re.findall(r"^- (.+?) \(streefdatum", bericht.body, re.MULTILINE)


def test_six_months_later_keeps_the_day_or_takes_the_last_of_a_shorter_month():
    assert rappel.zes_maanden_na(D(2026, 1, 1)) == D(2026, 7, 1)
    assert rappel.zes_maanden_na(D(2025, 8, 31)) == D(2026, 2, 28)
    assert rappel.zes_maanden_na(D(2027, 8, 31)) == D(2028, 2, 29)
    assert rappel.zes_maanden_na(D(2026, 7, 15)) == D(2027, 1, 15)


def test_the_mail_lists_exactly_each_ministrys_late_and_coming_items(
    items, redactie, coordinator_fin, coordinator_bzk, mailoutbox, django_capture_on_commit_callbacks
):
    _, achter = items
    item = verstuurd(redactie, django_capture_on_commit_callbacks)
    mails = {m.to[0]: m for m in mailoutbox}
    assert set(mails) == {coordinator_fin.email, coordinator_bzk.email}
    fin, bzk = mails[coordinator_fin.email], mails[coordinator_bzk.email]
    assert [r.split(":")[0] for r in regels(fin)] == ["Actie 1", "Indicator 7", "Actie 2"]
    assert [r.split(":")[0] for r in regels(bzk)] == ["Actie 5", "Actie 6"]
    assert "Over de streefdatum:\n- Actie 1" in fin.body and "Binnen zes maanden:\n- Indicator 7" in fin.body
    assert "- Indicator 7: doel 50% (actie 7) (streefdatum 1 april 2026); achter op schema" in fin.body
    assert fin.subject == "Rappel 1 januari 2026: streefdata van uw ministerie"
    assert reverse("werk:rappel_antwoord") in fin.body
    assert RappelPunt.objects.filter(rappel=item, doel=achter).count() == 1
    # Sent once: a second send, by hand or by the planner, does nothing and mails nobody again.
    with django_capture_on_commit_callbacks(execute=True):
        assert rappel_werk.verstuur(item, redactie) is None
    assert len(mailoutbox) == 2


def test_the_mail_lists_each_ministrys_register_items_late_and_coming_with_their_public_page(
    items,
    opdrachten,
    redactie,
    coordinator_fin,
    coordinator_bzk,
    mailoutbox,
    django_capture_on_commit_callbacks,
    settings,
):
    item = verstuurd(redactie, django_capture_on_commit_callbacks)
    mails = {m.to[0]: m for m in mailoutbox}
    fin, bzk = mails[coordinator_fin.email].body, mails[coordinator_bzk.email].body
    adres = settings.SITE_URL.rstrip("/") + opdrachten["fin"].get_absolute_url()
    assert (
        "Toezeggingen, beloftes, moties en aanbevelingen aan uw ministerie over de uiterste datum:\n"
        f"- Toezegging TZ202101-088: Brief over herstel (uiterste datum 1 oktober 2025)\n  {adres}\n"
    ) in fin
    later = settings.SITE_URL.rstrip("/") + opdrachten["later"].get_absolute_url()
    assert (
        "Toezeggingen, beloftes, moties en aanbevelingen aan uw ministerie met de uiterste datum binnen zes "
        f"maanden:\n- Toezegging TZ202101-089: Nog niet aan bod (uiterste datum 1 maart 2026)\n  {later}\n"
    ) in fin
    assert "- Motie 35510-9: Gemeenten (uiterste datum 1 juni 2025)" in bzk
    assert "TZ202101-088" not in bzk and "35510-9" not in fin and "TZ202101-089" not in bzk
    for tekst in (fin, bzk):
        assert "Plan voor ouders" not in tekst and "TZ202101-090" not in tekst
    # The actions' lists stay as they were: the register's items have their own.
    acties_fin = [r.split(":")[0] for r in regels(mails[coordinator_fin.email])]
    assert acties_fin == ["Actie 1", "Indicator 7", "Actie 2"]
    assert [r.split(":")[0] for r in regels(mails[coordinator_bzk.email])] == ["Actie 5", "Actie 6"]
    # Stored as they stood: the mail, the answer page and the overview show the same list.
    opgeslagen = {
        (p.opdracht.sleutel, p.ministerie.afkorting if p.ministerie else None, p.streefdatum, p.soort)
        for p in RappelPunt.objects.filter(rappel=item, opdracht__isnull=False).select_related(
            "opdracht", "ministerie"
        )
    }
    assert opgeslagen == {
        ("TZ202101-088", "FIN", D(2025, 10, 1), RappelPunt.Soort.TE_LAAT),
        ("TZ202101-089", "FIN", D(2026, 3, 1), RappelPunt.Soort.BINNENKORT),
        ("35510-9", "BZK", D(2025, 6, 1), RappelPunt.Soort.TE_LAAT),
        ("TZ202101-090", None, D(2025, 11, 1), RappelPunt.Soort.TE_LAAT),
    }


def _secties(html):
    """The overview's sections by their heading: the text after each <h3> up to the next."""
    delen = re.split(r"<h3>(.*?)</h3>", re.sub(r"\s+", " ", html))
    return {delen[i].split(" · ")[0]: delen[i + 1] for i in range(1, len(delen), 2)}


def test_the_overview_lists_register_items_per_ministry_and_those_of_no_ministry_apart(
    client, opdrachten, redactie, django_capture_on_commit_callbacks
):
    item = verstuurd(redactie, django_capture_on_commit_callbacks)
    client.force_login(redactie)
    html = client.get(reverse("werk:rappels"), {"rappel": item.pk}).content.decode()
    secties = _secties(html)
    assert list(secties) == ["BZK", "FIN", "Zonder ministerie"]
    link = f'href="{opdrachten["fin"].get_absolute_url()}">Toezegging TZ202101-088: Brief over herstel'
    assert link in secties["FIN"]
    assert (
        "uiterste datum 1 oktober 2025, over tijd" in secties["FIN"] and "TZ202101-088" not in secties["BZK"]
    )
    assert "(uiterste datum 1 maart 2026, binnen zes maanden)" in secties["FIN"]
    assert "Motie 35510-9: Gemeenten" in secties["BZK"]
    assert "TZ202101-090: Van niemand" in secties["Zonder ministerie"]
    assert re.search(
        r"<th scope=\"row\">zonder ministerie</th><td[^>]*>1</td><td[^>]*>niemand gevraagd</td>",
        re.sub(r"\s+", " ", html),
    )
    assert "Toezegging TZ202101-089: Nog niet aan bod" in secties["FIN"]
    for tekst in secties.values():
        assert "Plan voor ouders" not in tekst


def test_a_waiting_change_of_the_target_date_counts_instead_of_the_published_one(
    items, redactie, django_capture_on_commit_callbacks
):
    a, _ = items
    # Moved out of range while a round runs: the change waits for publication but is what the ministry said.
    StreefdatumWijziging.objects.create(actie=a[1], van=a[1].streefdatum, naar=D(2027, 1, 1), reden="Later")
    StreefdatumWijziging.objects.create(actie=a[3], van=a[3].streefdatum, naar=D(2026, 3, 1), reden="Eerder")
    nummers = {p.actie.nummer for p in rappel.actiepunten(DATUM) if p.ministerie.afkorting == "FIN"}
    assert nummers == {2, 3}


def antwoord_post(punten, **extra):
    data = {"punt": [str(p.pk) for p in punten], **extra}
    return data


def test_a_bulk_answer_writes_one_shift_log_row_per_item_with_its_reason_and_evidence(
    client, items, redactie, coordinator_fin, django_capture_on_commit_callbacks
):
    a, achter = items
    item = verstuurd(redactie, django_capture_on_commit_callbacks)
    p1, pdoel, p2 = RappelPunt.objects.filter(rappel=item, ministerie__afkorting="FIN").order_by(
        "streefdatum"
    )
    assert (p1.actie, p2.actie, pdoel.doel) == (a[1], a[2], achter)
    client.force_login(coordinator_fin)
    pagina = client.get(reverse("werk:rappel_antwoord"))
    assert pagina.status_code == 200 and b"Actie 5" not in pagina.content
    response = client.post(
        reverse("werk:rappel_antwoord"),
        antwoord_post(
            [p1, p2, pdoel],
            **{
                f"p{p1.pk}-nieuwe_datum": "2026-09-01",
                f"p{p1.pk}-reden": "Wetgeving loopt later",
                f"p{p2.pk}-titel": "Voortgangsbrief",
                f"p{p2.pk}-kamerstuk": "35510-70",
                f"p{pdoel.pk}-nieuwe_datum": "2026-12-31",
                f"p{pdoel.pk}-reden": "Minder capaciteit",
            },
        ),
    )
    assert response.status_code == 302
    log = list(StreefdatumWijziging.objects.filter(actie=a[1]))
    assert [(w.van, w.naar, w.reden, w.door) for w in log] == [
        (D(2025, 10, 1), D(2026, 9, 1), "Wetgeving loopt later", coordinator_fin)
    ]
    assert StreefdatumWijziging.objects.count() == 1
    assert Vindplaats.objects.filter(actie=a[2], kamerstuk="35510-70", titel="Voortgangsbrief").count() == 1
    # Outside a round the new date is public at once, as every target date is.
    a[1].refresh_from_db()
    assert a[1].streefdatum == D(2026, 9, 1)
    pdoel.refresh_from_db()
    assert (pdoel.nieuwe_datum, pdoel.reden, pdoel.beantwoord_door) == (
        D(2026, 12, 31),
        "Minder capaciteit",
        coordinator_fin,
    )
    assert not RappelPunt.objects.filter(
        rappel=item, ministerie__afkorting="FIN", beantwoord_op__isnull=True
    ).exists()


def test_a_shift_without_a_reason_is_refused_and_nothing_is_written(
    client, items, redactie, coordinator_fin, django_capture_on_commit_callbacks
):
    item = verstuurd(redactie, django_capture_on_commit_callbacks)
    p1, p2, _ = RappelPunt.objects.filter(rappel=item, ministerie__afkorting="FIN").order_by("streefdatum")
    client.force_login(coordinator_fin)
    response = client.post(
        reverse("werk:rappel_antwoord"),
        antwoord_post(
            [p1, p2],
            **{
                f"p{p1.pk}-nieuwe_datum": "2026-09-01",
                f"p{p2.pk}-nieuwe_datum": "2026-10-01",
                f"p{p1.pk}-reden": "Ok",
            },
        ),
    )
    assert response.status_code == 400
    assert "geef bij een nieuwe datum ook de reden" in response.content.decode()
    assert StreefdatumWijziging.objects.count() == 0
    assert not RappelPunt.objects.filter(beantwoord_op__isnull=False).exists()


def test_a_coordinator_cannot_answer_for_another_ministry_with_a_crafted_id(
    client, items, redactie, coordinator_fin, coordinator_bzk, django_capture_on_commit_callbacks
):
    item = verstuurd(redactie, django_capture_on_commit_callbacks)
    eigen = RappelPunt.objects.filter(rappel=item, ministerie__afkorting="BZK").first()
    vreemd = RappelPunt.objects.filter(rappel=item, ministerie__afkorting="FIN").first()
    client.force_login(coordinator_bzk)
    response = client.post(
        reverse("werk:rappel_antwoord"),
        antwoord_post(
            [eigen, vreemd],
            **{
                f"p{eigen.pk}-nieuwe_datum": "2026-09-01",
                f"p{eigen.pk}-reden": "Eigen punt",
                f"p{vreemd.pk}-nieuwe_datum": "2030-01-01",
                f"p{vreemd.pk}-reden": "Van BZK",
            },
        ),
    )
    assert response.status_code == 403
    assert StreefdatumWijziging.objects.count() == 0
    assert not RappelPunt.objects.filter(beantwoord_op__isnull=False).exists()
    # Nor may the redactie, nor a coordinator answer an item twice.
    client.force_login(redactie)
    assert client.post(reverse("werk:rappel_antwoord"), antwoord_post([vreemd])).status_code == 403
    client.force_login(coordinator_fin)
    ok = {f"p{vreemd.pk}-nieuwe_datum": "2026-09-01", f"p{vreemd.pk}-reden": "Eerste"}
    assert client.post(reverse("werk:rappel_antwoord"), antwoord_post([vreemd], **ok)).status_code == 302
    ok[f"p{vreemd.pk}-reden"] = "Tweede"
    assert client.post(reverse("werk:rappel_antwoord"), antwoord_post([vreemd], **ok)).status_code == 403
    assert list(StreefdatumWijziging.objects.values_list("reden", flat=True)) == ["Eerste"]


def test_a_ministry_that_no_longer_leads_the_action_cannot_move_its_date(
    items, redactie, coordinator_fin, django_capture_on_commit_callbacks
):
    a, _ = items
    item = verstuurd(redactie, django_capture_on_commit_callbacks)
    punt = RappelPunt.objects.get(rappel=item, actie=a[1])
    ActieMinisterie.objects.filter(actie=a[1]).update(ministerie=Ministerie.objects.get(afkorting="BZK"))
    with pytest.raises(PermissionDenied):
        rappel.beantwoord(item, coordinator_fin, [rappel.Antwoord(punt.pk, D(2027, 1, 1), "Later")])
    assert StreefdatumWijziging.objects.count() == 0


def test_the_overview_shows_who_answered_and_who_did_not(
    client, items, redactie, coordinator_fin, coordinator_bzk, django_capture_on_commit_callbacks
):
    item = verstuurd(redactie, django_capture_on_commit_callbacks)
    punten = list(RappelPunt.objects.filter(rappel=item, ministerie__afkorting="FIN"))
    rappel.beantwoord(
        item,
        coordinator_fin,
        [rappel.Antwoord(p.pk, nieuwe_datum=D(2026, 11, 1), reden="Later") for p in punten],
    )
    client.force_login(redactie)
    pagina = client.get(reverse("werk:rappels"))
    tekst = re.sub(r"\s+", " ", pagina.content.decode())
    assert pagina.status_code == 200
    assert re.search(
        r"<th scope=\"row\">BZK</th><td[^>]*>2</td>"
        r"<td[^>]*><strong>niet geantwoord</strong></td><td[^>]*>–</td>",
        tekst,
    )
    assert re.search(
        r"<th scope=\"row\">FIN</th><td[^>]*>3</td>"
        r"<td[^>]*>alles beantwoord</td><td[^>]*>coordinator-fin</td>",
        tekst,
    )
    gekozen = client.get(reverse("werk:rappels"), {"rappel": item.pk}).content.decode()
    assert "coordinator-fin" in gekozen and "niet geantwoord" in gekozen
    # Coordinators do not read the overview.
    client.force_login(coordinator_bzk)
    assert client.get(reverse("werk:rappels")).status_code == 403


def test_the_redactie_plans_a_rappel_the_planner_sends_it_on_its_day_and_plans_the_next(
    client, items, redactie, coordinator_fin, coordinator_bzk, mailoutbox, django_capture_on_commit_callbacks
):
    vandaag = timezone.localdate()
    client.force_login(redactie)
    assert (
        client.post(
            reverse("werk:rappels"),
            {"stap": "plannen", "datum": (vandaag - datetime.timedelta(days=1)).isoformat()},
        ).status_code
        == 400
    )
    response = client.post(reverse("werk:rappels"), {"stap": "plannen", "datum": vandaag.isoformat()})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        rappel_werk.start_dagelijks()
        rappel_werk.start_dagelijks()
    item = Rappel.objects.get(datum=vandaag)
    assert item.is_verstuurd and item.door == redactie
    assert sorted(m.to[0] for m in mailoutbox) == [coordinator_bzk.email, coordinator_fin.email]
    assert list(Rappel.objects.gepland().values_list("datum", flat=True)) == [rappel.zes_maanden_na(vandaag)]
    # The next one waits for its day.
    with django_capture_on_commit_callbacks(execute=True):
        rappel_werk.start_dagelijks()
    assert Rappel.objects.verstuurd().count() == 1


def test_send_now_and_the_pdf_made_in_a_job(
    client, items, redactie, coordinator_fin, django_capture_on_commit_callbacks
):
    opdracht(Soort.TOEZEGGING, D(2025, 11, 1), None, registernummer="TZ202101-090", titel="Van niemand")
    item = Rappel.objects.create(datum=DATUM)
    client.force_login(redactie)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("werk:rappels"), {"stap": "versturen", "rappel": item.pk})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.is_verstuurd
    assert client.get(reverse("werk:rappel_pdf"), {"rappel": item.pk}).status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("werk:rappels"), {"stap": "pdf", "rappel": item.pk})
    job = Job.objects.get(sleutel=f"rappel:{item.pk}:pdf")
    assert response["Location"] == reverse("jobs:job", args=[job.pk])
    assert job.status == Job.Status.KLAAR, job.melding
    pdf = client.get(reverse("werk:rappel_pdf"), {"rappel": item.pk})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert 'filename="Rappel 1 januari 2026.pdf"' in pdf["Content-Disposition"]
    inhoud = b"".join(pdf.streaming_content)
    with pdfplumber.open(io.BytesIO(inhoud)) as document:
        tekst = " ".join(p.extract_text() for p in document.pages)
    assert "Rappel 1 januari 2026" in tekst
    assert re.search(r"BZK 2 niet geantwoord –", tekst) and re.search(r"FIN 3 niet geantwoord –", tekst)
    assert "zonder ministerie 1 niemand gevraagd –" in tekst
    assert "Toezegging TZ202101-090: Van niemand" in tekst


def test_a_rappel_sent_before_its_day_takes_todays_date_and_counts_from_today(
    client, items, redactie, django_capture_on_commit_callbacks
):
    vandaag = timezone.localdate()
    item = Rappel.objects.create(datum=vandaag + datetime.timedelta(days=60))
    actie(50, vandaag + datetime.timedelta(days=200), "FIN")
    client.force_login(redactie)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("werk:rappels"), {"stap": "versturen", "rappel": item.pk})
    item.refresh_from_db()
    assert item.is_verstuurd and item.datum == vandaag
    # 200 days from today is beyond six months; from the planned day it would not have been.
    assert not item.punten.filter(actie__nummer=50).exists()


def _meer_items(n):
    for i in range(n):
        actie(100 + i, D(2025, 11, 1) + datetime.timedelta(days=i), "FIN" if i % 2 else "BZK")


def _opdrachten_over_tijd(van, tot):
    """Register items over their deadline, of FIN, BZK and no ministry in turn, of every kind."""
    for i in range(van, tot):
        soort = [Soort.TOEZEGGING, Soort.BELOFTE, Soort.MOTIE, Soort.AANBEVELING][i % 4]
        opdracht(
            soort,
            D(2025, 6, 1) + datetime.timedelta(days=i),
            ["FIN", "BZK", None][i % 3],
            dossier=36000,
            nummer=i + 1,
            titel=f"Opdracht {i}",
        )


def _tel(client, url):
    with CaptureQueriesContext(connection) as q:
        assert client.get(url).status_code == 200
    return len(q)


def _tel_berichten(item):
    with CaptureQueriesContext(connection) as q:
        assert rappel_werk.berichten(item)
    return len(q)


def test_the_answer_page_the_overview_and_the_mails_take_as_many_queries_for_many_items_as_for_few(
    client, items, redactie, coordinator_fin, coordinator_bzk, django_capture_on_commit_callbacks
):
    _opdrachten_over_tijd(0, 3)
    weinig = verstuurd(redactie, django_capture_on_commit_callbacks, D(2026, 1, 1))
    assert weinig.punten.filter(opdracht__isnull=False).count() == 3
    client.force_login(coordinator_fin)
    antwoord_weinig = _tel(client, reverse("werk:rappel_antwoord"))
    client.force_login(redactie)
    overzicht_weinig = _tel(client, reverse("werk:rappels") + f"?rappel={weinig.pk}")
    berichten_weinig = _tel_berichten(weinig)
    _meer_items(40)
    _opdrachten_over_tijd(3, 30)
    veel = verstuurd(redactie, django_capture_on_commit_callbacks, D(2026, 1, 2))
    assert veel.punten.filter(actie__isnull=False).count() >= 40
    assert veel.punten.filter(opdracht__isnull=False).count() == 30
    client.force_login(coordinator_fin)
    assert _tel(client, reverse("werk:rappel_antwoord")) == antwoord_weinig
    client.force_login(redactie)
    assert _tel(client, reverse("werk:rappels") + f"?rappel={veel.pk}") == overzicht_weinig
    assert _tel_berichten(veel) == berichten_weinig


@pytest.mark.browser
def test_the_rappel_pages_reflow_at_320_px_without_scripts_and_axe_finds_nothing(
    migratiedata, live_server, browser, browser_context_args, redactie, coordinator_fin, coordinator_bzk
):
    from axe_playwright_python.sync_playwright import Axe

    from tests.hulp import SMAL, TELEFOON, axe_fouten, inloggen, meet, zonder_eigen_scripts

    a = {n: actie(n, D(2026, 1, 1) + datetime.timedelta(days=30 * n), "FIN") for n in range(1, 4)}
    indicator_met_doel(a[1], 50, D(2026, 4, 1), [(D(2024, 12, 1), 0), (D(2025, 12, 1), 10)])
    opdracht(Soort.TOEZEGGING, D(2025, 10, 1), "FIN", registernummer="TZ202101-088", titel="Over herstel")
    opdracht(Soort.BELOFTE, D(2025, 11, 1), None, titel="Van niemand")
    item = Rappel.objects.create(datum=DATUM)
    rappel_werk.verstuur(item, redactie)
    eerste = RappelPunt.objects.filter(rappel=item, actie__isnull=False).order_by("streefdatum").first()
    toezegging = RappelPunt.objects.get(rappel=item, opdracht__registernummer="TZ202101-088")
    # A document for a register item: the overview offers the redactie a button to confirm it.
    rappel.beantwoord(
        item,
        coordinator_fin,
        [
            rappel.Antwoord(eerste.pk, D(2026, 9, 1), "Wetgeving loopt later"),
            rappel.Antwoord(toezegging.pk, titel="Brief over herstel", kamerstuk="31066-1071"),
        ],
    )
    Rappel.objects.create(datum=D(2099, 1, 1))
    paginas = [
        (coordinator_fin, reverse("werk:rappel_antwoord"), [("button", "Antwoorden bewaren")]),
        (
            redactie,
            reverse("werk:rappels") + f"?rappel={item.pk}",
            [
                ("button", "Plannen"),
                ("button", "PDF maken"),
                ("button", "Bevestigen als voldaan (Toezegging TZ202101-088: Over herstel)"),
            ],
        ),
    ]
    problemen, axe = [], Axe()
    for gebruiker, url, controls in paginas:
        context = zonder_eigen_scripts(browser, browser_context_args)
        page = context.new_page()
        try:
            inloggen(page, live_server.url, gebruiker.username, url)
            for breedte in (SMAL, TELEFOON):
                meet(page, url, breedte, controls, problemen)
            axe_fouten(axe, page, url, gebruiker, problemen, set())
        finally:
            context.close()
    assert problemen == [], "\n".join(problemen)


def test_mijn_acties_points_a_coordinator_to_the_items_waiting_for_an_answer(
    items, redactie, coordinator_fin, client, django_capture_on_commit_callbacks
):
    client.force_login(coordinator_fin)
    assert "Beantwoord het rappel" not in client.get(reverse("werk:mijn_acties")).content.decode()
    verstuurd(redactie, django_capture_on_commit_callbacks)
    open_punten = rechten.te_beantwoorden_rappelpunten(coordinator_fin).count()
    assert open_punten > 0
    html = client.get(reverse("werk:mijn_acties")).content.decode()
    assert f"Het rappel vraagt uw antwoord op {open_punten} punten." in html
    assert f'href="{reverse("werk:rappel_antwoord")}"' in html
