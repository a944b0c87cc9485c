"""The public list keeps its filter form's choice lists per version in each process: a change shows at
the next request all the same, and a page made again reads no list."""

import datetime

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from acties.models import Ministerie, Status, Thema
from moties.models import Opdracht
from openbaar.filters import keuzelijsten

from .conftest import voeg_ronde_toe

ZOEKEN = "/acties/?q=toeslag&thema=hersteloperatie&status=in+uitvoering"
KEUZETABELLEN = ("acties_thema", "moties_motie", "acties_ministerie", "rapportage_rapportage")


def _html(client, url="/acties/"):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_choice_lists_follow_a_change_made_after_they_were_kept(client, demodata):
    _html(client)
    Thema.objects.create(naam="Nieuw hoofdthema", slug="nieuw-hoofdthema", volgorde=99)
    motie = Opdracht.objects.get(dossier=35510, nummer=7)
    motie.indieners = "Nieuwe indiener"
    motie.save()

    html = _html(client)
    assert '<option value="nieuw-hoofdthema">Nieuw hoofdthema</option>' in html
    assert '<option value="35510-7">7 – Nieuwe indiener</option>' in html


def test_choice_lists_follow_a_new_publication(client, demodata):
    assert "Stand van zaken december 2021" not in _html(client)
    ronde = voeg_ronde_toe(
        "Stand van zaken december 2021", datetime.date(2021, 12, 1), {1: ("Verder.", Status.IN_UITVOERING)}
    )
    assert f'<option value="{ronde.pk}">Stand van zaken december 2021</option>' in _html(client)


def test_choice_lists_of_a_rolled_back_transaction_are_not_shown_afterwards(client, demodata):
    # SQLite gives the rolled-back rows' ids out again: the same ids must not bring back the old lists.
    with transaction.atomic():
        Thema.objects.create(naam="Teruggedraaid", slug="teruggedraaid", volgorde=99)
        assert "Teruggedraaid" in _html(client)
        transaction.set_rollback(True)
    Thema.objects.create(naam="Gebleven", slug="gebleven", volgorde=99)

    html = _html(client)
    assert "Gebleven" in html
    assert "Teruggedraaid" not in html


def test_ministry_list_follows_a_renamed_ministry_for_every_choice(client, demodata):
    # The ministries' lists are kept per choice (round, chosen ministry): each follows the change.
    _html(client, "/acties/?ministerie=FIN")
    _html(client)
    fin = Ministerie.objects.get(afkorting="FIN")
    fin.naam = "Ministerie van Geldzaken"
    fin.save()
    assert '<option value="FIN">Geldzaken (FIN)</option>' in _html(client)
    assert '<option value="FIN" selected>Geldzaken (FIN)</option>' in _html(client, "/acties/?ministerie=FIN")


def test_a_page_made_again_reads_no_choice_list(client, demodata):
    _html(client, ZOEKEN)
    with CaptureQueriesContext(connection) as vangst:
        html = _html(client, ZOEKEN)

    gelezen = [q["sql"] for q in vangst.captured_queries]
    lijsten = [sql for sql in gelezen if sql.startswith(tuple(f'SELECT "{t}".' for t in KEUZETABELLEN))]
    # Only the chosen theme is looked up; its list comes from the kept ones.
    assert len(lijsten) == 1 and '"acties_thema"."slug"' in lijsten[0]
    assert len(gelezen) <= 7
    assert '<option value="hersteloperatie" selected>' in html
    assert '<option value="in uitvoering" selected>' in html


def test_kept_lists_are_bounded_and_dropped_with_a_new_version(client, demodata):
    for n in range(keuzelijsten.max_lijsten + 10):
        # Refused (400), but the form is shown again with its lists.
        assert client.get(f"/acties/?ministerie=X{n}").status_code == 400
    assert len(keuzelijsten._lijsten) <= keuzelijsten.max_lijsten
    Thema.objects.create(naam="Nog een thema", slug="nog-een-thema", volgorde=99)
    _html(client)
    assert len(keuzelijsten._lijsten) < keuzelijsten.max_lijsten
