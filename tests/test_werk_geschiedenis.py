"""A history nobody can lose: who, from where, every version; text stays text; one click is one change."""

import re

import pytest
from django.conf import settings
from django.contrib import admin
from django.test import Client
from django.urls import NoReverseMatch, reverse

from acties.models import Actie
from rapportage import ronde, tekststappen
from rapportage.models import Vindplaats, Voortgang

SCRIPT = "<script>alert('x')</script><img src=x onerror=alert(1)>"
ALS_TEKST = "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


@pytest.fixture
def fin(open_ronde):
    tekst = (
        open_ronde.voortgang.filter(actie__actieministeries__ministerie__afkorting="FIN")
        .select_related("actie")
        .first()
    )
    # Evidence, so that posting 'afgerond' is allowed (rapportage.tekststappen.controleer_afgerond).
    Vindplaats.objects.create(actie=tekst.actie, kamerstuk="35510-60", titel="Kamerbrief")
    return tekst


def bewaar(client, voortgang, tekst, actie="bewaar", **extra):
    voortgang.refresh_from_db()
    return client.post(
        reverse("werk:bewerk", args=[voortgang.pk]),
        {"tekst": tekst, "status": "in uitvoering", "versie": voortgang.versie, "actie": actie},
        **extra,
    )


def test_every_history_record_keeps_the_user_and_ip_address(
    client, redactie, coordinator_fin, open_ronde, fin
):
    client.force_login(coordinator_fin)
    bewaar(client, fin, "Nieuwe stand.", actie="indienen", REMOTE_ADDR="192.0.2.7")
    client.force_login(redactie)
    client.post(reverse("werk:goedkeuren", args=[fin.pk]), REMOTE_ADDR="192.0.2.8")
    client.post(reverse("werk:vaststellen", args=[open_ronde.pk]), REMOTE_ADDR="192.0.2.8")

    van_coordinator = fin.history.filter(history_change_reason__in=["Tekst bewaard", "Ingediend"])
    assert van_coordinator.count() == 2
    for record in van_coordinator:
        assert (record.history_user, record.ip_adres) == (coordinator_fin, "192.0.2.7")
    goedgekeurd = fin.history.get(history_change_reason="Goedgekeurd")
    assert (goedgekeurd.history_user, goedgekeurd.ip_adres) == (redactie, "192.0.2.8")
    vastgesteld = open_ronde.history.first()
    assert (vastgesteld.history_user, vastgesteld.ip_adres) == (redactie, "192.0.2.8")
    overgenomen = Voortgang.history.filter(
        rapportage_id=open_ronde.pk, history_change_reason="Ongewijzigd overgenomen bij vaststelling"
    )
    assert overgenomen.count() == 85
    assert set(overgenomen.values_list("history_user", "ip_adres")) == {(redactie.pk, "192.0.2.8")}


def test_history_cannot_be_edited_or_reverted_in_the_admin(client, beheerder, coordinator_fin, fin):
    tekststappen.bewaar_tekst(fin, "Versie twee.", "in uitvoering", 1, coordinator_fin)
    assert not [m for m in admin.site._registry if m.__name__.startswith("Historical")]
    client.force_login(beheerder)
    basis = f"/{settings.ADMIN_URL}rapportage/voortgang/{fin.pk}/history/"
    assert client.get(basis).status_code == 200
    oud = fin.history.last()
    pagina = client.get(f"{basis}{oud.history_id}/")
    assert b"Terugdraaien" not in pagina.content and b"Revert" not in pagina.content
    response = client.post(
        f"{basis}{oud.history_id}/", {"tekst": oud.tekst, "status": oud.status, "toestand": oud.toestand}
    )
    assert response.status_code == 403
    fin.refresh_from_db()
    assert fin.tekst == "Versie twee."
    assert client.get(f"/{settings.ADMIN_URL}rapportage/historicalvoortgang/").status_code == 404


def _pagina(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_html_typed_into_a_text_is_shown_as_text_everywhere(
    client, redactie, coordinator_fin, open_ronde, fin, mailoutbox
):
    client.force_login(coordinator_fin)
    bewaar(client, fin, SCRIPT, actie="indienen")
    client.force_login(redactie)
    client.post(reverse("werk:terugsturen", args=[fin.pk]), {"opmerking": SCRIPT})

    for url in [reverse("werk:bewerk", args=[fin.pk]), reverse("werk:geschiedenis", args=[fin.actie.nummer])]:
        inhoud = _pagina(client, url)
        assert "<script>alert" not in inhoud and "<img src=x" not in inhoud, url
        assert ALS_TEKST in inhoud, url
    client.force_login(coordinator_fin)
    lijst = _pagina(client, reverse("werk:mijn_acties"))
    assert "<script>alert" not in lijst and "&lt;script&gt;" in lijst

    bewaar(client, fin, SCRIPT, actie="indienen")
    tekststappen.keur_goed(fin, redactie)
    ronde.stel_vast(open_ronde, redactie)
    client.logout()
    for naam, args in [("actie", [fin.actie.nummer]), ("rapportage", [open_ronde.pk])]:
        try:
            url = reverse(naam, args=args)
        except NoReverseMatch:
            continue
        inhoud = _pagina(client, url)
        assert "<script>alert" not in inhoud and "<img src=x" not in inhoud, url


def test_a_double_submit_creates_one_change(client, redactie, coordinator_fin, fin):
    client.force_login(coordinator_fin)
    versie = fin.versie
    gegevens = {"tekst": "Eenmaal.", "status": "vertraagd", "versie": versie, "actie": "indienen"}
    url = reverse("werk:bewerk", args=[fin.pk])
    assert client.post(url, gegevens).status_code == 302
    na_eerste = fin.history.count()
    assert client.post(url, gegevens).status_code == 302
    assert client.post(reverse("werk:indienen", args=[fin.pk])).status_code == 302
    assert fin.history.count() == na_eerste

    client.force_login(redactie)
    terug = {"opmerking": "Korter graag."}
    assert client.post(reverse("werk:terugsturen", args=[fin.pk]), terug).status_code == 302
    assert client.post(reverse("werk:terugsturen", args=[fin.pk]), terug).status_code == 302
    assert fin.history.count() == na_eerste + 1
    tekststappen.dien_in(fin, coordinator_fin)
    client.post(reverse("werk:goedkeuren", args=[fin.pk]))
    client.post(reverse("werk:goedkeuren", args=[fin.pk]))
    assert fin.history.count() == na_eerste + 3


def _token(client, url):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', client.get(url).content.decode())[1]


def test_csrf_is_enforced_on_every_form(redactie, coordinator_fin, open_ronde, fin):
    redactie_client = Client(enforce_csrf_checks=True)
    redactie_client.force_login(redactie)
    coordinator = Client(enforce_csrf_checks=True)
    coordinator.force_login(coordinator_fin)
    posts = [
        (
            coordinator,
            reverse("werk:bewerk", args=[fin.pk]),
            {"tekst": "x", "status": "afgerond", "versie": 1},
        ),
        (coordinator, reverse("werk:indienen", args=[fin.pk]), {}),
        (redactie_client, reverse("werk:goedkeuren", args=[fin.pk]), {}),
        (redactie_client, reverse("werk:terugsturen", args=[fin.pk]), {"opmerking": "x"}),
        (redactie_client, reverse("werk:vaststellen", args=[open_ronde.pk]), {}),
        (redactie_client, reverse("werk:heropenen", args=[open_ronde.pk]), {"reden": "x"}),
        (
            redactie_client,
            reverse("werk:ronde_openen"),
            {"titel": "x", "peildatum": "2022-01-01", "deadline": "2022-01-01"},
        ),
    ]
    rijen = Voortgang.history.count()
    for client, url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert Voortgang.history.count() == rijen
    fin.refresh_from_db()
    assert fin.versie == 1

    # With the token from the page's own form the same post goes through.
    url = reverse("werk:bewerk", args=[fin.pk])
    data = {
        "tekst": "Met token.",
        "status": "afgerond",
        "versie": 1,
        "csrfmiddlewaretoken": _token(coordinator, url),
    }
    assert coordinator.post(url, data).status_code == 302
    fin.refresh_from_db()
    assert fin.tekst == "Met token."


def test_login_form_enforces_csrf(coordinator_fin):
    from tests.conftest import WACHTWOORD

    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("login"), {"username": "coordinator-fin", "password": WACHTWOORD})
    assert response.status_code == 403


def test_history_page_shows_every_version_with_who_when_and_a_readable_diff(
    client, beheerder, redactie, coordinator_fin, fin
):
    client.force_login(coordinator_fin)
    bewaar(client, fin, "De wet is ingediend bij de Kamer.")
    bewaar(client, fin, "De wet is aangenomen door de Kamer.")
    actie = Actie.objects.get(pk=fin.actie_id)
    actie.omschrijving = "Nieuwe omschrijving."
    actie._history_user = beheerder
    actie.save()

    inhoud = _pagina(client, reverse("werk:geschiedenis", args=[fin.actie.nummer]))
    assert "<del>ingediend bij</del> <ins>aangenomen door</ins>" in inhoud
    assert "coordinator-fin" in inhoud and "beheerder" in inhoud
    assert "Stand van zaken december 2021" in inhoud and "Stand van zaken juni 2021" in inhoud
    assert re.search(r"<ins>[^<]*Nieuwe", inhoud)
    bewerkpagina = _pagina(client, reverse("werk:bewerk", args=[fin.pk]))
    assert "<ins>aangenomen door</ins>" in bewerkpagina


@pytest.mark.parametrize(
    "url_naam, veld, grens, extra",
    [
        ("werk:bewerk", "tekst", 10000, {"status": "afgerond", "versie": 1}),
        ("werk:terugsturen", "opmerking", 2000, {}),
    ],
)
def test_text_fields_refuse_more_than_their_maximum_length(
    client, redactie, coordinator_fin, fin, url_naam, veld, grens, extra
):
    fin, _ = tekststappen.dien_in(fin, coordinator_fin)
    extra = {**extra, "versie": fin.versie} if "versie" in extra else extra
    client.force_login(redactie)
    url = reverse(url_naam, args=[fin.pk])
    response = client.post(url, {veld: "x" * (grens + 1), **extra})
    assert response.status_code in (200, 400)
    assert f'maxlength="{grens}"' in response.content.decode()
    fin.refresh_from_db()
    assert getattr(fin, veld) != "x" * (grens + 1)
    assert client.post(url, {veld: "x" * grens, **extra}).status_code == 302
