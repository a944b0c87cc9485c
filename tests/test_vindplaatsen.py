"""Evidence (vindplaatsen): valid Kamerstukken and official hosts only, who may add and remove it, 'afgerond'
needs one, and it shows on the action page, in the exports and in the API."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from acties.models import Status
from lib.vindplaats import TOEGESTANE_HOSTS, controleer_url, kamerstuk_url, normaliseer_kamerstuk
from rapportage import ronde, tekststappen, verantwoording
from rapportage.models import Vindplaats
from tests.conftest import maak_gebruiker, tekst_van
from tests.hulp import geschiedenis_telling, is_login_redirect


@pytest.mark.parametrize(
    ("invoer", "verwacht"),
    [
        ("35510-60", "35510-60"),
        ("35 510, nr. 60", "35510-60"),
        ("kst-35510-60", "35510-60"),
        ("36200-VII-5", "36200-VII-5"),
        ("35261-B", "35261-B"),
        ("35510-060", "35510-60"),
    ],
)
def test_kamerstuk_references_are_recognised_and_normalised(invoer, verwacht):
    assert normaliseer_kamerstuk(invoer) == verwacht


@pytest.mark.parametrize(
    "invoer", ["", "35510", "3551-60", "35510-60-", "abc", "35510-60; DROP", "35510 60 61"]
)
def test_invalid_kamerstuk_references_are_refused_in_dutch(invoer):
    with pytest.raises(ValidationError) as fout:
        normaliseer_kamerstuk(invoer)
    assert "is geen Kamerstuk" in fout.value.messages[0]


def test_kamerstukken_link_to_officielebekendmakingen():
    assert kamerstuk_url("35510-60") == "https://zoek.officielebekendmakingen.nl/kst-35510-60.html"


@pytest.mark.parametrize(
    "url",
    [
        "http://www.rijksoverheid.nl/x",
        "https://example.org/x",
        "https://www.rijksoverheid.nl.example.org/x",
        "https://user@www.rijksoverheid.nl/x",
        "https://www.rijksoverheid.nl:8443/x",
        "javascript:alert(1)",
    ],
)
def test_only_https_addresses_on_the_listed_hosts_are_accepted(url):
    with pytest.raises(ValidationError):
        controleer_url(url)
    assert controleer_url("https://www.rijksoverheid.nl/documenten/kamerstukken/x")


def test_the_readme_lists_exactly_the_allowed_hosts():
    readme = (Path(settings.BASE_DIR) / "README.md").read_text()
    blok = readme.split("<!-- vindplaats-hosts -->")[1].split("<!-- /vindplaats-hosts -->")[0]
    assert re.findall(r"^\s*- (\S+)$", blok, re.M) == list(TOEGESTANE_HOSTS)


def _post(gebruiker, url, data):
    client = Client()
    if gebruiker is not None:
        client.force_login(gebruiker)
    return client.post(url, data)


DATA = {"titel": "Voortgangsbrief", "kamerstuk": "35 510, nr. 61"}


@pytest.mark.parametrize("waar", ["actie", "tekst"])
def test_every_role_adds_evidence_only_where_it_may(rollen, open_ronde, waar):
    szw = maak_gebruiker("coordinator-szw", "Coördinator", ["SZW"])  # involved, never lead
    tekst = (
        open_ronde.voortgang.filter(actie__actieministeries__ministerie__afkorting="SZW")
        .filter(
            actie__actieministeries__ministerie__afkorting="FIN",
            gedeeld_met__isnull=True,
            delers__isnull=True,
        )
        .first()
    )
    url = (
        reverse("werk:vindplaats_actie", args=[tekst.actie.nummer])
        if waar == "actie"
        else reverse("werk:vindplaats_tekst", args=[tekst.pk])
    )
    verwacht = {
        "beheerder": 302,
        "redactie": 302,
        "coordinator_fin": 302,
        "coordinator_bzk": 404,
        "coordinator_szw": 403,
        "anoniem": "login",
    }
    for rol, gebruiker in {**rollen, "coordinator_szw": szw}.items():
        Vindplaats.objects.all().delete()
        voor = geschiedenis_telling()
        response = _post(gebruiker, url, DATA)
        if verwacht[rol] == 302:
            assert response.status_code == 302, rol
            (v,) = Vindplaats.objects.all()
            assert (v.kamerstuk, v.actie_id, v.voortgang_id) == (
                "35510-61",
                tekst.actie_id,
                tekst.pk if waar == "tekst" else None,
            )
        else:
            geweigerd = (
                is_login_redirect(response)
                if verwacht[rol] == "login"
                else response.status_code == verwacht[rol]
            )
            assert geweigerd and not Vindplaats.objects.exists() and geschiedenis_telling() == voor, rol


def test_invalid_evidence_is_refused_with_a_dutch_message_and_nothing_is_stored(redactie, open_ronde):
    tekst = tekst_van(open_ronde, "FIN")
    url = reverse("werk:vindplaats_tekst", args=[tekst.pk])
    for data, melding in [
        ({"titel": "x", "kamerstuk": "12-3"}, "is geen Kamerstuk"),
        ({"titel": "x", "url": "https://example.org/"}, "staat niet in de lijst van officiële bronnen"),
        ({"titel": "x", "url": "http://www.rijksoverheid.nl/"}, "https://"),
        ({"titel": "x", "kamerstuk": "35510-60", "url": "https://www.rijksoverheid.nl/"}, "niet allebei"),
        ({"titel": "", "kamerstuk": "35510-60"}, "Titel"),
    ]:
        response = _post(redactie, url, data)
        assert response.status_code == 400 and melding in response.content.decode(), data
    with pytest.raises(ronde.RondeFout):
        verantwoording.voeg_vindplaats_toe_aan_tekst(tekst, "x", redactie, kamerstuk="nee")
    assert not Vindplaats.objects.exists()


def test_afgerond_without_evidence_is_refused_and_with_it_accepted(
    client, coordinator_fin, redactie, open_ronde
):
    tekst = tekst_van(open_ronde, "FIN")
    assert tekst.status != Status.AFGEROND
    client.force_login(coordinator_fin)
    gegevens = {"tekst": "Klaar.", "status": Status.AFGEROND, "versie": tekst.versie, "actie": "bewaar"}
    response = client.post(reverse("werk:bewerk", args=[tekst.pk]), gegevens)
    assert response.status_code == 400
    assert "kan pas &#x27;afgerond&#x27; zijn met ten minste één vindplaats" in response.content.decode()
    with pytest.raises(ronde.RondeFout):
        tekststappen.bewaar_tekst(tekst, "Klaar.", Status.AFGEROND, tekst.versie, redactie)
    tekst.refresh_from_db()
    assert tekst.status != Status.AFGEROND
    verantwoording.voeg_vindplaats_toe_aan_tekst(tekst, "Slotbrief", coordinator_fin, kamerstuk="35510-70")
    tekst.refresh_from_db()
    gegevens["versie"] = tekst.versie
    assert client.post(reverse("werk:bewerk", args=[tekst.pk]), gegevens).status_code == 302
    tekst.refresh_from_db()
    assert tekst.status == Status.AFGEROND


def test_evidence_entered_in_a_round_shows_on_the_action_page_the_exports_and_the_api_once_published(
    client, redactie, open_ronde
):
    tekst = tekst_van(open_ronde, "FIN")
    actie = tekst.actie
    verantwoording.voeg_vindplaats_toe_aan_actie(
        actie, "Wetsvoorstel", redactie, url="https://www.tweedekamer.nl/x"
    )
    verantwoording.voeg_vindplaats_toe_aan_tekst(
        tekst, "Zevende voortgangsbrief", redactie, kamerstuk="35510-80"
    )
    # Entered while the round runs: public with its publication, not before.
    pagina = client.get(actie.get_absolute_url()).content.decode()
    assert 'href="https://www.tweedekamer.nl/x"' not in pagina and "Zevende voortgangsbrief" not in pagina
    api = client.get(f"/api/v1/acties/{actie.nummer}").json()
    assert api["vindplaatsen"] == []

    tekststappen.keur_goed(tekst, redactie)
    ronde.stel_vast(open_ronde, redactie)
    pagina = client.get(actie.get_absolute_url()).content.decode()
    assert 'href="https://zoek.officielebekendmakingen.nl/kst-35510-80.html"' in pagina
    assert 'href="https://www.tweedekamer.nl/x"' in pagina
    api = client.get(f"/api/v1/acties/{actie.nummer}").json()
    assert api["vindplaatsen"][0] == {
        "kamerstuk": None,
        "url": "https://www.tweedekamer.nl/x",
        "titel": "Wetsvoorstel",
    }
    assert api["vindplaatsen"][1] == {
        "kamerstuk": "35510-80",
        "url": "https://zoek.officielebekendmakingen.nl/kst-35510-80.html",
        "titel": "Zevende voortgangsbrief",
    }
    lijst = client.get(f"/api/v1/acties?thema={actie.hoofdthema.slug}").json()["_embedded"]["acties"]
    assert next(a for a in lijst if a["nummer"] == actie.nummer)["vindplaatsen"] == api["vindplaatsen"]
    csv = client.get("/acties/export.csv").content.decode("utf-8-sig")
    assert "Vindplaatsen" in csv.splitlines()[0]
    assert (
        "Zevende voortgangsbrief (35510-80): https://zoek.officielebekendmakingen.nl/kst-35510-80.html" in csv
    )
    data = client.get("/acties/export.json").json()
    assert (
        next(a for a in data["acties"] if a["nummer"] == actie.nummer)["vindplaatsen"] == api["vindplaatsen"]
    )


def test_removing_evidence_is_kept_in_the_history_and_allowed_only_to_whoever_may_add_it(
    coordinator_fin, coordinator_bzk, redactie, open_ronde
):
    tekst = tekst_van(open_ronde, "FIN")
    v, _nieuw = verantwoording.voeg_vindplaats_toe_aan_tekst(
        tekst, "Brief", coordinator_fin, kamerstuk="35510-60"
    )
    url = reverse("werk:vindplaats_verwijderen", args=[v.pk])
    assert _post(coordinator_bzk, url, {}).status_code == 404
    assert _post(coordinator_fin, url, {}).status_code == 302
    assert not Vindplaats.objects.exists()
    assert list(
        Vindplaats.history.filter(id=v.pk).values_list(
            "history_type", "history_user", "history_change_reason"
        )
    ) == [
        ("-", coordinator_fin.pk, "Vindplaats verwijderd"),
        ("+", coordinator_fin.pk, "Vindplaats toegevoegd"),
    ]
    tekst.refresh_from_db()
    assert tekst.history.first().history_change_reason == "Vindplaats verwijderd: Brief"
