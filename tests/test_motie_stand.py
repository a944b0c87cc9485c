"""Where a motion stands and what the cabinet answered, apart from each other and from the actions: a
motion is (partly) fulfilled only with the document that fulfils it, dropped only with a reason, and a
response the sources do not give is shown as missing, never guessed."""

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from moties.models import Opdracht, OpdrachtDeel, Reactie, Stand
from rapportage import verantwoording
from rapportage.ronde import RondeFout

SLEUTEL = "35510-21"
FORMULIER = {
    "indieners": "Marijnissen c.s.",
    "titel": "",
    "datum": "",
    "dictum": "",
    "stand": "",
    "stand_datum": "",
    "vervuld_door": "",
    "vervuld_kamerstuk": "",
    "vervuld_url": "",
    "stand_reden": "",
    "reactie": "",
    "reactie_toelichting": "",
    "reactie_bron": "",
}


def _motie():
    return Opdracht.objects.get(dossier=35510, nummer=21)


def _post(gebruiker, **velden):
    client = Client()
    client.force_login(gebruiker)
    return client.post(reverse("werk:motie", args=[SLEUTEL]), FORMULIER | velden)


def test_fulfilled_without_the_fulfilling_document_is_refused_everywhere(demodata, redactie):
    antwoord = _post(redactie, stand=Stand.VOLDAAN)
    assert antwoord.status_code == 400
    assert "pas (deels) voldaan met het document" in antwoord.content.decode()
    with pytest.raises(RondeFout):
        verantwoording.wijzig_motie(_motie(), redactie, {}, stand=Stand.DEELS_VOLDAAN)
    with pytest.raises(RondeFout, match="Kamerstuk of een adres"):
        verantwoording.wijzig_motie(_motie(), redactie, {}, stand=Stand.VOLDAAN, vervuld_door="Brief")
    assert _motie().stand == Stand.OPEN
    with pytest.raises(IntegrityError), transaction.atomic():
        Opdracht.objects.filter(dossier=35510, nummer=21).update(stand=Stand.VOLDAAN)


def test_a_fulfilled_motion_links_its_document_on_the_page_and_in_the_api(demodata, redactie):
    antwoord = _post(
        redactie,
        stand=Stand.VOLDAAN,
        stand_datum="2021-11-15",
        vervuld_door="Brief over de zwarte lijst",
        vervuld_kamerstuk="31066 - 920",
    )
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    assert _motie().vervuld_kamerstuk == "31066-920"
    pagina = Client().get(_motie().get_absolute_url()).content.decode()
    assert "Voldaan</strong> sinds 15 november 2021" in pagina
    assert 'href="https://zoek.officielebekendmakingen.nl/kst-31066-920.html"' in pagina
    stand = Client().get(f"/api/v1/moties/{SLEUTEL}").json()["stand"]
    assert stand == {
        "waarde": "voldaan",
        "sinds": "2021-11-15",
        "document": {
            "titel": "Brief over de zwarte lijst",
            "kamerstuk": "31066-920",
            "url": "https://zoek.officielebekendmakingen.nl/kst-31066-920.html",
        },
        "reden": None,
    }
    assert Opdracht.history.filter(dossier=35510, nummer=21).first().stand == Stand.VOLDAAN


def test_a_dropped_motion_needs_a_reason(demodata, redactie):
    assert _post(redactie, stand=Stand.VERVALLEN).status_code == 400
    assert (
        _post(redactie, stand=Stand.VERVALLEN, stand_reden="Ingehaald door de nieuwe wet.").status_code == 302
    )
    assert "Ingehaald door de nieuwe wet." in Client().get(_motie().get_absolute_url()).content.decode()


def test_the_cabinets_response_is_its_own_block_and_says_so_when_no_source_gives_one(demodata, redactie):
    pagina = Client().get(_motie().get_absolute_url()).content.decode()
    assert "Er is geen reactie van het kabinet vastgelegd" in pagina
    assert Client().get(f"/api/v1/moties/{SLEUTEL}").json()["kabinetsreactie"] is None
    _post(
        redactie,
        reactie=Reactie.DEELS_OVERGENOMEN,
        reactie_toelichting="Het kabinet informeert iedereen, maar niet voor 1 maart.",
        reactie_bron="Kamerstuk 35 510, nr. 62",
    )
    pagina = Client().get(_motie().get_absolute_url()).content.decode()
    assert "Deels overgenomen</strong> (Kamerstuk 35 510, nr. 62)" in pagina
    assert "Er is geen reactie van het kabinet vastgelegd" not in pagina
    assert Client().get(f"/api/v1/moties/{SLEUTEL}").json()["kabinetsreactie"] == {
        "reactie": "deels_overgenomen",
        "toelichting": "Het kabinet informeert iedereen, maar niet voor 1 maart.",
        "bron": "Kamerstuk 35 510, nr. 62",
    }


def test_a_coordinator_cannot_set_a_motions_standing(demodata, coordinator_fin):
    assert _post(coordinator_fin, stand=Stand.VERVALLEN, stand_reden="Zelf besloten").status_code in (
        403,
        404,
    )
    assert _motie().stand == Stand.OPEN


def test_the_motion_list_shows_each_standing(demodata, redactie):
    _post(redactie, stand=Stand.VERVALLEN, stand_reden="Ingehaald.")
    pagina = Client().get(reverse("moties")).content.decode()
    assert '<td class="utrecht-table__cell">vervallen</td>' in pagina
    assert '<td class="utrecht-table__cell">open</td>' in pagina


def test_the_api_filters_motions_on_standing_and_on_geen_actie(demodata, redactie):
    _post(redactie, stand=Stand.VERVALLEN, stand_reden="Ingehaald.")
    OpdrachtDeel.objects.create(opdracht=_motie(), nummer=3, tekst="Een derde verzoek.")
    vervallen = Client().get("/api/v1/moties?stand=vervallen").json()["_embedded"]["moties"]
    assert [m["id"] for m in vervallen] == [SLEUTEL]
    open_ = Client().get("/api/v1/moties?stand=open").json()
    assert SLEUTEL not in [m["id"] for m in open_["_embedded"]["moties"]]
    zonder = Client().get("/api/v1/moties?geenActie=true").json()["_embedded"]["moties"]
    assert [m["id"] for m in zonder] == [SLEUTEL]
    assert Client().get("/api/v1/moties?stand=onzin").status_code == 400
    assert Client().get("/api/v1/moties?geenActie=ja").status_code == 400
