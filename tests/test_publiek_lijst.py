"""The public action list: filters in the URL, sorting, pagination, bad input and constant query counts."""

import datetime

from django.utils.text import Truncator

from acties.models import Actie, ActieMinisterie, ActieOpdracht, Ministerie, Rol, Status
from moties.models import Opdracht
from publiek.kaarten import eerste_woorden
from rapportage.models import Rapportage

from .conftest import nummers, voeg_ronde_toe


def test_list_shows_every_action_with_the_number_of_results(client, demodata):
    response = client.get("/acties/")
    assert response.status_code == 200
    assert "86 acties gevonden" in response.content.decode()
    assert nummers(response) == list(range(1, 51))


def test_filters_combine_and_live_in_the_url(client, demodata):
    response = client.get("/acties/?thema=hersteloperatie&ministerie=FIN&motie=35510-7")
    assert nummers(response) == [3]
    # The form shows the chosen values again, so the URL can be shared and the back button works.
    html = response.content.decode()
    assert '<option value="hersteloperatie" selected>' in html
    assert '<option value="35510-7" selected>' in html


def test_theme_filter_accepts_name_as_printed_in_any_case_or_slug(client, demodata):
    per_slug = nummers(client.get("/acties/?thema=toekomst-toeslagen"))
    assert per_slug == nummers(client.get("/acties/?thema=Toekomst Toeslagen"))
    assert per_slug == nummers(client.get("/acties/?thema=TOEKOMST TOESLAGEN"))
    assert len(per_slug) == 4


def test_main_theme_includes_its_subthemes_and_subtheme_filter_narrows(client, demodata):
    hoofd = nummers(client.get("/acties/?thema=responsieve-dienstverlening"))
    sub = nummers(client.get("/acties/?subthema=signalen"))
    assert set(sub) < set(hoofd)
    assert sub and all(Actie.objects.get(nummer=n).thema.naam == "Signalen" for n in sub)


def test_motion_filter_finds_every_action_implementing_it(client, demodata):
    assert nummers(client.get("/acties/?motie=35510-21")) == [12, 81]
    assert nummers(client.get("/acties/?motie=21")) == [12, 81]


def test_status_filter_uses_the_current_status(client, demodata):
    actie = Actie.objects.get(nummer=7)
    actie.status = Status.AFGEROND
    actie.save()
    assert nummers(client.get("/acties/?status=afgerond")) == [7]


def test_round_filter_applies_status_of_that_round(client, demodata):
    juni = Rapportage.objects.get()
    voeg_ronde_toe(
        "Stand van zaken december 2021", datetime.date(2021, 12, 1), {5: ("Klaar.", Status.AFGEROND)}
    )
    assert nummers(client.get("/acties/?status=afgerond")) == []  # action 5's own status not updated here
    response = client.get(f"/acties/?rapportage={juni.pk}&status=in+uitvoering")
    assert 5 in nummers(response)
    december = Rapportage.objects.get(titel__contains="december")
    response = client.get(f"/acties/?rapportage={december.pk}&status=afgerond")
    assert nummers(response) == [5]
    assert "Klaar." in response.content.decode()


def test_draft_rounds_are_not_a_filter_choice_and_their_texts_never_show(client, demodata):
    concept = voeg_ronde_toe(
        "Concept", datetime.date(2022, 6, 1), {1: ("GEHEIM CONCEPT", "afgerond")}, Rapportage.Toestand.OPEN
    )
    assert client.get(f"/acties/?rapportage={concept.pk}").status_code == 400
    assert "GEHEIM CONCEPT" not in client.get("/acties/").content.decode()
    assert nummers(client.get("/acties/?q=GEHEIM")) == []


def test_sorting_by_number_both_ways_and_by_theme(client, demodata):
    assert nummers(client.get("/acties/?sorteer=nummer"))[:3] == [1, 2, 3]
    assert nummers(client.get("/acties/?sorteer=-nummer"))[:3] == [86, 85, 84]
    assert nummers(client.get("/acties/?sorteer=thema"))[:3] == [1, 2, 3]


def test_sort_by_last_change_puts_the_newest_change_first(client, demodata):
    actie = Actie.objects.get(nummer=40)
    actie.omschrijving += " (bijgewerkt)"
    actie.save()
    assert nummers(client.get("/acties/?sorteer=-gewijzigd"))[0] == 40


def test_sort_by_theme_follows_annex_order_with_subthemes_after_direct_actions(client, demodata):
    gevonden = nummers(client.get("/acties/?sorteer=thema&thema=responsieve-dienstverlening"))
    themas = [Actie.objects.get(nummer=n).thema for n in gevonden]
    sleutels = [(-1 if t.hoofdthema_id is None else t.volgorde) for t in themas]
    assert sleutels == sorted(sleutels)


def test_second_page_continues_and_keeps_the_filters(client, demodata):
    eerste = client.get("/acties/?sorteer=nummer")
    assert 'href="?sorteer=nummer&amp;page=2"' in eerste.content.decode()
    tweede = client.get("/acties/?sorteer=nummer&page=2")
    assert nummers(tweede) == list(range(51, 87))
    assert "Pagina 2 van 2" in tweede.content.decode()


def test_no_results_says_so_in_dutch(client, demodata):
    response = client.get("/acties/?q=xyzzyniets")
    assert response.status_code == 200
    assert "0 acties gevonden" in response.content.decode()
    assert "Geen acties gevonden" in response.content.decode()


SLECHTE_INVOER = [
    "status=bogus",
    "ministerie=999999",
    "thema=bestaat-niet",
    "motie=35510-99999",
    "motie=abc",
    "rapportage=abc",
    "sorteer=wachtwoord",
    "page=-1",
    "page=abc",
    "page=0",
    "page=99999999999",
    "q=" + "a" * 10_000,
    "status=afgerond&status=vertraagd",
    "thema=hersteloperatie&thema=overig",
    "page=1&page=2",
]


def test_bad_input_never_gives_an_unfiltered_list_or_a_server_error(client, demodata):
    for query in SLECHTE_INVOER:
        response = client.get("/acties/?" + query)
        pagina = response.content.decode()
        assert response.status_code in (400, 404), query[:40]
        assert nummers(response) == [] and "actie-kaart" not in pagina, query[:40]
        assert "ongeldig" in pagina.lower() or "bestaat niet" in pagina, query[:40]


def test_page_beyond_the_last_is_not_found_with_a_dutch_message(client, demodata):
    response = client.get("/acties/?page=3")
    assert response.status_code == 404
    assert "Pagina 3 bestaat niet" in response.content.decode()


def test_a_card_names_the_lead_ministry_first_and_the_motions_by_number_with_their_part(client, demodata):
    actie = Actie.objects.get(nummer=3)
    for afkorting in ("SZW", "AZ"):
        ActieMinisterie.objects.create(
            actie=actie, ministerie=Ministerie.objects.get(afkorting=afkorting), rol=Rol.BETROKKEN
        )
    ActieOpdracht.objects.filter(actie=actie).delete()
    for nummer, deel in ((21, 2), (7, None)):
        ActieOpdracht.objects.create(
            actie=actie, opdracht=Opdracht.objects.get(dossier=35510, nummer=nummer), deel=deel
        )

    html = client.get("/acties/").content.decode()
    kaart = next(k for k in html.split('<li class="actie-kaart">') if 'href="/acties/3/"' in k)
    assert "<dt>Ministerie</dt><dd>FIN, AZ, SZW</dd>" in kaart
    assert "<dt>Moties</dt><dd>7, 21 (deel 2)</dd>" in kaart


def test_a_card_cuts_its_texts_after_as_many_words_as_the_template_did():
    for tekst in ["een twee drie", "een  twee\r\ndrie vier", " een twee drie …", "een twee drie … vier", ""]:
        for aantal in (1, 2, 3, 4):
            assert eerste_woorden(tekst, aantal) == Truncator(tekst).words(aantal, truncate=" …")


def test_user_text_in_the_list_is_escaped(client, demodata):
    actie = Actie.objects.get(nummer=1)
    actie.omschrijving = "<script>alert(1)</script> schulden"
    actie.save()
    html = client.get("/acties/?q=schulden").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


LIJST_URLS = [
    "/acties/",
    "/acties/?thema=hersteloperatie&q=schulden",
    "/acties/?status=in+uitvoering&ministerie=BZK&sorteer=-gewijzigd&page=2",
    "/acties/?motie=35510-21&sorteer=thema",
]


def test_list_queries_are_constant_with_few_actions(client, demodata, django_assert_max_num_queries):
    for url in LIJST_URLS:
        with django_assert_max_num_queries(11):
            assert client.get(url).status_code == 200


def test_list_queries_are_constant_with_many_actions_and_rounds(
    client, veel_data, django_assert_max_num_queries
):
    assert Actie.objects.count() == 386 and Rapportage.objects.count() == 5
    for url in LIJST_URLS:
        with django_assert_max_num_queries(11):
            assert client.get(url).status_code == 200
