"""Motions in full: the redactie writes down title, date, submitters, the dictum and what each part asks;
the public page and the API show per part which actions carry it out and their status, and a part no
action carries out; every change is in the history; the importer fills what an annex says and leaves
what the redactie wrote."""

import datetime

import lxml.html
import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acties.models import ActieOpdracht
from importeer.formaat import uit_json
from importeer.laden import laad_bijlage
from moties.models import Opdracht, OpdrachtDeel
from rapportage import verantwoording
from tests.hulp import geschiedenis_telling, is_login_redirect

SLEUTEL = "35510-21"
DICTUM = (
    "verzoekt de regering om alle personen die op de zwarte lijst stonden te informeren;\n"
    "verzoekt de regering voor 1 maart een voorstel naar de Kamer te sturen hoe vervuilde data worden "
    "opgeruimd"
)
VOLUIT = {
    "indieners": "Marijnissen c.s.",
    "titel": "Motie van het lid Marijnissen c.s. over de zwarte lijst",
    "datum": "2021-01-19",
    "dictum": DICTUM,
    "deel_1": "Informeer wie op de zwarte lijst stond.",
    "deel_2": "Een voorstel om vervuilde data op te ruimen.",
    "nieuw_deel": "3",
    "nieuw_deel_tekst": "Een derde verzoek dat geen actie uitvoert.",
}


def motie_21():
    return Opdracht.objects.get(dossier=35510, nummer=21)


def als(gebruiker):
    client = Client()
    if gebruiker is not None:
        client.force_login(gebruiker)
    return client


def post_motie(gebruiker, data=VOLUIT, sleutel=SLEUTEL):
    return als(gebruiker).post(reverse("werk:motie", args=[sleutel]), data)


def onderdelen_op_pagina(html):
    """{part heading: (part text, [(action number, status)] or 'geen')} from the public motion page."""
    doc = lxml.html.fromstring(html)
    uit = {}
    for sectie in doc.xpath('//section[contains(@class, "motie-deel")]'):
        kop = " ".join(sectie.xpath("h4")[0].text_content().split())
        tekst = " ".join(t.text_content() for t in sectie.xpath('p[@class="motie-deel__tekst"]')).strip()
        acties = [
            (int(li.xpath("a")[0].text_content().split()[-1]), li.xpath("span")[0].text_content().strip())
            for li in sectie.xpath('ul[@class="motie-acties"]/li')
        ]
        uit[kop] = (tekst, acties or "geen")
    return uit


def test_redactie_writes_a_motion_in_full_and_the_public_page_shows_each_part_with_its_actions(
    client, demodata, redactie
):
    antwoord = post_motie(redactie)
    assert antwoord.status_code == 302, antwoord.content.decode()
    motie = motie_21()
    assert (motie.indieners, motie.titel, motie.datum, motie.dictum) == (
        "Marijnissen c.s.",
        VOLUIT["titel"],
        datetime.date(2021, 1, 19),
        DICTUM,
    )
    assert dict(motie.delen.values_list("nummer", "tekst")) == {
        1: VOLUIT["deel_1"],
        2: VOLUIT["deel_2"],
        3: VOLUIT["nieuw_deel_tekst"],
    }
    html = client.get(motie.get_absolute_url()).content.decode()
    assert "verzoekt de regering voor 1 maart een voorstel" in html
    # Deel 1 is action 12's, deel 2 action 81's (the June 2021 annex); deel 3 has none, said in words.
    assert onderdelen_op_pagina(html) == {
        "Deel 1": (VOLUIT["deel_1"], [(12, "in uitvoering")]),
        "Deel 2": (VOLUIT["deel_2"], [(81, "in uitvoering")]),
        "Deel 3": (VOLUIT["nieuw_deel_tekst"], "geen"),
    }
    assert "Geen actie voert dit deel uit." in html
    assert "Het dictum van deze motie is (nog) niet ingevoerd" not in html
    lijst = lxml.html.fromstring(client.get("/moties/").content)
    zonder = {
        rij.xpath("th/a")[0].get("href"): int(rij.xpath("td[@data-delen-zonder-actie]")[0].text)
        for rij in lijst.xpath("//tbody/tr")
    }
    assert zonder[motie.get_absolute_url()] == 1
    assert set(zonder.values()) == {0, 1}


def test_the_public_page_says_plainly_when_no_dictum_is_entered(client, demodata):
    html = client.get(motie_21().get_absolute_url()).content.decode()
    assert "Het dictum van deze motie is (nog) niet ingevoerd" in html
    # Without texts the parts named by actions still show, each with its action.
    assert onderdelen_op_pagina(html) == {
        "Deel 1": ("", [(12, "in uitvoering")]),
        "Deel 2": ("", [(81, "in uitvoering")]),
    }


@pytest.mark.parametrize(
    ("rol", "mag"),
    [("beheerder", True), ("redactie", True), ("coordinator_fin", False), ("coordinator_bzk", False)],
)
def test_only_the_redactie_edits_a_motion_crafted_posts_included(rol, mag, rollen, demodata):
    gebruiker = rollen[rol]
    voor = geschiedenis_telling()
    lezen = als(gebruiker).get(reverse("werk:motie", args=[SLEUTEL]))
    lijst = als(gebruiker).get(reverse("werk:opdrachten"))
    antwoord = post_motie(gebruiker)
    if mag:
        assert (lezen.status_code, lijst.status_code, antwoord.status_code) == (200, 200, 302)
        assert motie_21().dictum == DICTUM
        assert geschiedenis_telling() > voor
    else:
        assert (lezen.status_code, lijst.status_code, antwoord.status_code) == (403, 403, 403)
        assert motie_21().dictum == ""
        assert not OpdrachtDeel.objects.exists()
        assert geschiedenis_telling() == voor


def test_anonymous_visitors_are_sent_to_the_login_and_change_nothing(demodata):
    assert is_login_redirect(post_motie(None))
    assert is_login_redirect(Client().get(reverse("werk:opdrachten")))
    assert motie_21().dictum == ""


def test_the_domain_step_refuses_a_coordinator_too(demodata, coordinator_fin):
    with pytest.raises(verantwoording.PermissionDenied):
        verantwoording.wijzig_motie(motie_21(), coordinator_fin, {1: "Stiekem"}, dictum="Stiekem")
    assert motie_21().dictum == "" and not OpdrachtDeel.objects.exists()


def test_every_change_to_a_motion_and_its_parts_is_in_the_history(demodata, redactie):
    motie = motie_21()
    verantwoording.wijzig_motie(motie, redactie, {1: "Eerst"}, dictum="Het dictum")
    # Rewriting or emptying a part the public read is a correction, with its reason.
    verantwoording.wijzig_motie(
        motie, redactie, {1: "Daarna", 2: "Nieuw"}, correctiereden="Deel 1 verkeerd", dictum="Het dictum"
    )
    verantwoording.wijzig_motie(
        motie, redactie, {2: "Nieuw"}, correctiereden="Deel 1 vervalt", dictum="Het dictum"
    )
    records = motie.history.order_by("history_id")
    assert [r.dictum for r in records][-1] == "Het dictum"
    assert records.last().history_user == redactie
    assert records.last().history_change_reason == "Motie gewijzigd door redactie"
    delen = OpdrachtDeel.history.order_by("history_id")
    assert [(r.history_type, r.nummer, r.tekst) for r in delen] == [
        ("+", 1, "Eerst"),
        ("~", 1, "Daarna"),
        ("+", 2, "Nieuw"),
        ("-", 1, "Daarna"),
    ]
    assert {r.history_user for r in delen} == {redactie}


def test_saving_the_same_motion_again_changes_nothing(demodata, redactie):
    assert post_motie(redactie).status_code == 302
    voor = geschiedenis_telling()
    # Deel 3 now stands with the others; asking for it as a new part again is refused (below).
    nogmaals = VOLUIT | {"deel_3": VOLUIT["nieuw_deel_tekst"], "nieuw_deel": "", "nieuw_deel_tekst": ""}
    antwoord = post_motie(redactie, nogmaals)
    assert antwoord.status_code == 302
    assert geschiedenis_telling() == voor
    assert "Er was niets gewijzigd." in [str(m) for m in antwoord.wsgi_request._messages]


def test_an_emptied_part_loses_its_text_but_the_action_keeps_naming_it(client, demodata, redactie):
    post_motie(redactie)
    zonder = VOLUIT | {
        "deel_1": "",
        "nieuw_deel": "",
        "nieuw_deel_tekst": "",
        "correctiereden": "Deel 1 vervalt",
    }
    assert post_motie(redactie, zonder).status_code == 302
    assert set(motie_21().delen.values_list("nummer", flat=True)) == {2}
    assert ActieOpdracht.objects.filter(opdracht=motie_21(), deel=1).exists()
    onderdelen = onderdelen_op_pagina(client.get(motie_21().get_absolute_url()).content.decode())
    # Deel 3 had only its text, so it is gone; deel 1 stays as action 12 names it.
    assert onderdelen == {
        "Deel 1": ("", [(12, "in uitvoering")]),
        "Deel 2": (VOLUIT["deel_2"], [(81, "in uitvoering")]),
    }


@pytest.mark.parametrize(
    ("wijziging", "veld", "melding"),
    [
        ({"nieuw_deel": "1"}, "nieuw_deel", "Deel 1 staat hierboven al; vul daar de tekst in."),
        ({"nieuw_deel_tekst": ""}, "nieuw_deel_tekst", "Schrijf op wat dit deel van de motie vraagt."),
        ({"nieuw_deel": ""}, "nieuw_deel", "Geef het nieuwe deel een nummer."),
        ({"nieuw_deel": "0"}, "nieuw_deel", "minstens 1"),
        ({"indieners": "  "}, "indieners", "Dit veld is vereist."),
        ({"datum": "19-01-2021x"}, "datum", "Voer een geldige datum in."),
        ({"dictum": "x" * 5001}, "dictum", "niet meer dan 5000 tekens"),
    ],
)
def test_bad_input_is_refused_in_dutch_and_nothing_is_saved(demodata, redactie, wijziging, veld, melding):
    voor = geschiedenis_telling()
    antwoord = post_motie(redactie, VOLUIT | wijziging)
    assert antwoord.status_code == 400
    assert melding in " ".join(antwoord.context["form"].errors[veld])
    assert geschiedenis_telling() == voor
    assert motie_21().dictum == ""


def test_an_unknown_motion_is_404_for_the_redactie(demodata, redactie):
    assert post_motie(redactie, sleutel="35510-9999").status_code == 404
    assert als(redactie).get(reverse("werk:motie", args=["geen-motie"])).status_code == 404


def test_the_api_gives_the_dictum_and_each_part_with_the_actions_that_carry_it_out(
    client, demodata, redactie
):
    post_motie(redactie)
    data = client.get(f"/api/v1/moties/{SLEUTEL}").json()
    assert data["dictum"] == DICTUM
    assert data["titel"] == VOLUIT["titel"] and data["datum"] == "2021-01-19"
    assert data["delen"] == [
        {"deel": 1, "tekst": VOLUIT["deel_1"], "acties": [{"nummer": 12, "status": "in uitvoering"}]},
        {"deel": 2, "tekst": VOLUIT["deel_2"], "acties": [{"nummer": 81, "status": "in uitvoering"}]},
        {"deel": 3, "tekst": VOLUIT["nieuw_deel_tekst"], "acties": []},
    ]
    lijst = client.get("/api/v1/moties").json()
    (uit_lijst,) = [m for m in lijst["_embedded"]["moties"] if m["id"] == SLEUTEL]
    assert uit_lijst["dictum"] == DICTUM
    assert uit_lijst["aantalDelenZonderActie"] == 1


def test_a_whole_motion_shows_its_dictum_as_the_text_of_the_whole(client, demodata, redactie):
    motie = Opdracht.objects.get(dossier=35510, nummer=7)
    verantwoording.wijzig_motie(motie, redactie, {}, dictum="verzoekt de regering de schulden over te nemen")
    (heel,) = client.get(f"/api/v1/moties/{motie.sleutel}").json()["delen"]
    assert heel == {
        "deel": None,
        "tekst": "verzoekt de regering de schulden over te nemen",
        "acties": [{"nummer": 3, "status": heel["acties"][0]["status"]}],
    }


def test_importing_an_annex_again_keeps_what_the_redactie_wrote(demodata, bijlage_data, redactie):
    post_motie(redactie)
    laad_bijlage(uit_json(bijlage_data), rapportage_titel="Stand van zaken juni 2021 (opnieuw)", reden="Test")
    motie = motie_21()
    assert (motie.indieners, motie.dictum) == ("Marijnissen c.s.", DICTUM)
    assert set(motie.delen.values_list("nummer", flat=True)) == {1, 2, 3}
    # What the annex says is kept per action: how it names the submitters, and the part.
    assert set(
        ActieOpdracht.objects.filter(opdracht=motie).values_list("actie__nummer", "deel", "vermelding")
    ) == {
        (12, 1, "Marijnissen cs"),
        (81, 2, "Marijnissen c.s."),
    }


def test_a_new_motion_in_an_annex_comes_with_what_the_annex_says(demodata, bijlage_data):
    data = bijlage_data | {"acties": [dict(a) for a in bijlage_data["acties"]]}
    data["acties"][0]["moties"] = [{"nummer": 99, "indieners": "Nieuw c.s.", "deel": 2}]
    laad_bijlage(uit_json(data), rapportage_titel="Een latere bijlage", reden="Test")
    motie = Opdracht.objects.get(dossier=35510, nummer=99)
    assert (motie.indieners, motie.dictum) == ("Nieuw c.s.", "")
    assert list(ActieOpdracht.objects.filter(opdracht=motie).values_list("actie__nummer", "deel")) == [(1, 2)]


def _tel(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def _met_delen(redactie):
    for motie in Opdracht.objects.all():
        delen = set(
            ActieOpdracht.objects.filter(opdracht=motie, deel__isnull=False).values_list("deel", flat=True)
        )
        verantwoording.wijzig_motie(motie, redactie, {n: f"Deel {n}" for n in delen | {9}}, dictum="Dictum")


def test_motion_pages_take_the_same_queries_for_more_actions_and_parts(request, client, demodata, redactie):
    _met_delen(redactie)
    werk = als(redactie)
    paginas = [f"/moties/{SLEUTEL}/", "/moties/", f"/api/v1/moties/{SLEUTEL}", "/api/v1/moties"]
    _tel(werk, reverse("werk:opdrachten"))  # the first request fills caches (content types) once
    klein = {url: _tel(client, url) for url in paginas}
    klein |= {
        "werk": _tel(werk, reverse("werk:opdrachten")),
        "motie": _tel(werk, reverse("werk:motie", args=[SLEUTEL])),
    }
    request.getfixturevalue("veel_data")
    _met_delen(redactie)
    # The synthetic data links many more actions to motions, this one included.
    assert ActieOpdracht.objects.filter(opdracht=motie_21()).count() > 2
    groot = {url: _tel(client, url) for url in paginas}
    groot |= {
        "werk": _tel(werk, reverse("werk:opdrachten")),
        "motie": _tel(werk, reverse("werk:motie", args=[SLEUTEL])),
    }
    assert groot == klein
