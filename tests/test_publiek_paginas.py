"""Public pages: overview, action page (timeline, diff, history), motions, themes, rounds, 404."""

import datetime
import re

from acties.models import Actie, ActieOpdracht, Status
from rapportage import ronde, tekststappen
from rapportage.models import Rapportage, Vindplaats
from tests.conftest import tekst_van, voeg_ronde_toe


def html(response):
    return response.content.decode()


def test_home_shows_status_per_theme_as_bars_with_text(client, demodata):
    response = client.get("/")
    assert response.status_code == 200
    pagina = html(response)
    assert pagina.count('<svg class="balk"') == 8  # all actions + seven themes
    assert "12 in uitvoering" in pagina  # HERSTELOPERATIE, as text beside the bar
    assert "Stand van zaken juni 2021" in pagina
    assert "Recent gewijzigde acties" in pagina


def test_home_bars_use_decimal_points_whatever_the_locale(client, demodata):
    actie = Actie.objects.get(nummer=1)
    actie.status = Status.AFGEROND
    actie.save()
    breedtes = re.findall(r'width="([^"]+)"', html(client.get("/")))
    assert breedtes and all(re.fullmatch(r"\d+\.\d{3}", b) for b in breedtes)


def test_action_page_shows_description_with_bullets_ministries_and_motions(client, demodata):
    actie = Actie.objects.get(nummer=12)
    actie.omschrijving = "Inleiding\n- eerste punt\n- tweede punt"
    actie.save()
    pagina = html(client.get("/acties/12/"))
    assert "<p>Inleiding</p><ul><li>eerste punt</li><li>tweede punt</li></ul>" in pagina
    assert "Ministerie van Financiën (FIN), eerstverantwoordelijk" in pagina
    assert 'href="/moties/35510-21/"' in pagina
    assert "https://zoek.officielebekendmakingen.nl/kst-35510-21.html" in pagina
    assert "Nr. 21 motie Marijnissen cs</a>, deel 1" in pagina


def test_action_page_lists_lead_ministry_first(client, demodata):
    actie = Actie.objects.filter(thema__naam="TOEKOMST TOESLAGEN").first()  # FIN lead, SZW involved
    pagina = html(client.get(actie.get_absolute_url()))
    assert pagina.index("(FIN), eerstverantwoordelijk") < pagina.index("(SZW), betrokken")


def test_timeline_is_newest_first_with_a_word_diff_between_rounds(client, demodata):
    oud = Actie.objects.get(nummer=1).voortgang.get().tekst
    voeg_ronde_toe(
        "Stand van zaken december 2021",
        datetime.date(2021, 12, 1),
        {1: (oud.replace("ongeveer 18.000 ouders", "ruim 20.000 ouders"), Status.VERTRAAGD)},
    )
    pagina = html(client.get("/acties/1/"))
    assert pagina.index("Stand van zaken december 2021") < pagina.index("Stand van zaken juni 2021")
    assert "hebben <del>ongeveer 18.000</del> <ins>ruim 20.000</ins> ouders" in pagina
    assert "was: in uitvoering" in pagina


def test_diff_escapes_text_from_the_database(client, demodata):
    voeg_ronde_toe(
        "Stand van zaken december 2021",
        datetime.date(2021, 12, 1),
        {2: ("<script>alert('x')</script> nieuw", Status.IN_UITVOERING)},
    )
    pagina = html(client.get("/acties/2/"))
    assert "<script>alert" not in pagina
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in pagina


def test_unchanged_text_says_so_instead_of_an_empty_diff(client, demodata):
    tekst = Actie.objects.get(nummer=6).voortgang.get().tekst
    voeg_ronde_toe("Stand van zaken december 2021", datetime.date(2021, 12, 1), {6: (tekst, "in uitvoering")})
    assert "Tekst ongewijzigd ten opzichte van Stand van zaken juni 2021" in html(client.get("/acties/6/"))


def test_action_4_shows_it_shares_the_text_of_action_3(client, demodata):
    assert 'deelt deze tekst met <a href="/acties/3/">actie 3</a>' in html(client.get("/acties/4/"))
    assert 'Dezelfde tekst geldt voor <a href="/acties/4/">actie 4</a>' in html(client.get("/acties/3/"))


def test_action_page_shows_change_history_without_names_or_reasons_for_the_public(client, demodata, redactie):
    actie = Actie.objects.get(nummer=12)
    actie.omschrijving = actie.omschrijving + " Aangevuld."
    actie._change_reason = "Correctie na telefoontje"
    actie.save()
    koppeling = ActieOpdracht.objects.get(actie=actie, opdracht__nummer=21)
    koppeling.deel = 3
    koppeling.save()
    laatste = actie.history.latest()
    laatste.history_user = redactie
    laatste.save()

    pagina = html(client.get("/acties/12/"))
    assert "Actie gewijzigd" in pagina
    assert "<ins>Aangevuld.</ins>" in pagina
    assert "Deel van motie 35510-21: 1 → 3" in pagina
    assert "door redactie" not in pagina and "Correctie na telefoontje" not in pagina

    client.force_login(redactie)
    ingelogd = html(client.get("/acties/12/"))
    assert "door redactie" in ingelogd and "Correctie na telefoontje" in ingelogd


def _geschiedenis(pagina):
    """The text of the action page's list of changes, without markup."""
    deel = pagina[pagina.index('id="geschiedenis-kop"') :]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", deel[: deel.index("</section>")]))


def test_public_history_says_which_round_an_annex_load_came_from_not_its_internal_reason(client, demodata):
    juni = Rapportage.objects.get()
    pagina = html(client.get("/acties/12/"))
    assert "opgenomen in ronde Stand van zaken juni 2021" in _geschiedenis(pagina)
    assert f'opgenomen in ronde <a href="/rapportages/{juni.pk}/">Stand van zaken juni 2021</a>' in pagina
    # The fixture loads the annex with reason "Testdata" and assigns the demo ministries as "Demodata".
    assert "Testdata" not in pagina and "Demodata" not in pagina


def test_logged_in_users_still_see_the_internal_reason_beside_the_round(client, demodata, coordinator_fin):
    client.force_login(coordinator_fin)
    tekst = _geschiedenis(html(client.get("/acties/12/")))
    assert "opgenomen in ronde Stand van zaken juni 2021 · Testdata" in tekst
    assert "Demodata" in tekst


def _sluit_met_nieuwe_status(open_ronde, redactie):
    voortgang = tekst_van(open_ronde, "FIN")
    # 'Afgerond' needs evidence (rapportage.tekststappen.controleer_afgerond).
    Vindplaats.objects.create(actie=voortgang.actie, kamerstuk="35510-60", titel="Kamerbrief")
    tekststappen.bewaar_tekst(voortgang, "Afgerond in november.", Status.AFGEROND, voortgang.versie, redactie)
    tekststappen.keur_goed(voortgang, redactie)
    ronde.stel_vast(open_ronde, redactie)
    return voortgang.actie


def test_public_history_of_a_closed_round_names_the_round_not_who_closed_it(client, redactie, open_ronde):
    actie = _sluit_met_nieuwe_status(open_ronde, redactie)
    pagina = html(client.get(actie.get_absolute_url()))
    tekst = _geschiedenis(pagina)
    assert "Status: in uitvoering → afgerond" in tekst
    assert "bijgewerkt in ronde Stand van zaken december 2021" in tekst
    assert f'href="/rapportages/{open_ronde.pk}/">Stand van zaken december 2021</a>' in pagina
    assert "Vastgesteld door" not in pagina and "redactie" not in tekst

    client.force_login(redactie)
    ingelogd = _geschiedenis(html(client.get(actie.get_absolute_url())))
    regel = "bijgewerkt in ronde Stand van zaken december 2021 · door redactie · Vastgesteld door redactie"
    assert regel in ingelogd


def test_reopening_a_round_for_a_correction_changes_nothing_in_the_public_history(
    client, redactie, open_ronde
):
    actie = _sluit_met_nieuwe_status(open_ronde, redactie)
    voor = _geschiedenis(html(client.get(actie.get_absolute_url())))
    ronde.heropen(open_ronde, redactie, "Tikfout in de brief")
    tekst = _geschiedenis(html(client.get(actie.get_absolute_url())))
    assert tekst == voor
    assert "Status: in uitvoering → afgerond" in tekst and "afgerond → in uitvoering" not in tekst
    assert "Tikfout" not in tekst and "Heropend door" not in tekst


def test_an_admin_edit_without_a_round_shows_no_round(client, demodata):
    actie = Actie.objects.get(nummer=12)
    actie.omschrijving += " Aangevuld."
    actie.save()
    tekst = _geschiedenis(html(client.get("/acties/12/")))
    eerste = tekst[tekst.index("Actie gewijzigd") :]
    assert "ronde" not in eerste[: eerste.index("Omschrijving")]


def test_draft_texts_never_reach_the_action_page(client, demodata):
    voeg_ronde_toe(
        "Concept", datetime.date(2022, 6, 1), {1: ("GEHEIM CONCEPT", "afgerond")}, Rapportage.Toestand.OPEN
    )
    pagina = html(client.get("/acties/1/"))
    assert "GEHEIM CONCEPT" not in pagina and "Concept" not in pagina


def test_missing_action_gives_a_dutch_404_page(client, demodata):
    response = client.get("/acties/9999/")
    assert response.status_code == 404
    assert "Pagina niet gevonden" in html(response)
    assert '<html lang="nl">' in html(response)


def test_motion_list_counts_actions_and_done_actions(client, demodata):
    actie = Actie.objects.get(nummer=81)
    actie.status = Status.AFGEROND
    actie.save()
    pagina = html(client.get("/moties/"))
    rij = re.search(r'href="/moties/35510-21/".*?</tr>', pagina, re.S).group(0)
    assert re.findall(r"numeric-data\">(\d+)<", rij) == ["2", "1"]


def test_motion_page_groups_actions_by_part(client, demodata):
    pagina = html(client.get("/moties/35510-21/"))
    assert pagina.index("Deel 1") < pagina.index('href="/acties/12/"') < pagina.index("Deel 2")
    assert pagina.index("Deel 2") < pagina.index('href="/acties/81/"')
    assert client.get("/moties/35510-9999/").status_code == 404
    assert client.get("/moties/onzin/").status_code == 404


def test_theme_pages_list_themes_and_the_actions_of_one_theme(client, demodata):
    assert "RESPONSIEVE DIENSTVERLENING" in html(client.get("/themas/"))
    pagina = html(client.get("/themas/hersteloperatie/"))
    assert "12 acties" in pagina and 'href="/acties/1/"' in pagina
    sub = html(client.get("/themas/signalen/"))
    assert "Subthema van RESPONSIEVE DIENSTVERLENING" in sub
    assert client.get("/themas/bestaat-niet/").status_code == 404


def test_round_pages_show_only_closed_rounds_with_kamerstuk(client, demodata):
    juni = Rapportage.objects.get()
    open_ronde = voeg_ronde_toe("Open ronde", datetime.date(2022, 1, 1), {}, Rapportage.Toestand.OPEN)
    lijst = html(client.get("/rapportages/"))
    assert "Stand van zaken juni 2021" in lijst and "Open ronde" not in lijst
    pagina = html(client.get(f"/rapportages/{juni.pk}/"))
    assert "35 510, nr. 60" in pagina and "29 juni 2021" in pagina
    assert f'href="/acties/?rapportage={juni.pk}"' in pagina
    assert client.get(f"/rapportages/{open_ronde.pk}/").status_code == 404


def test_accessibility_statement_exists_and_names_where_to_report_a_problem(client, db, settings):
    settings.CONTACT_EMAIL = "toegankelijkheid@example.nl"
    response = client.get("/toegankelijkheid/")
    assert response.status_code == 200
    assert "Toegankelijkheidsverklaring" in html(response)
    assert 'href="mailto:toegankelijkheid@example.nl"' in html(response)


PAGINAS = {
    "home": ("/", 6),
    # +3: the target-date log, the public evidence, the evidence of each published text; +1: which
    # publications corrected its texts (openbaar.query.correcties_van_actie); +2: its lineage and the
    # lineage's history (openbaar.opvolging); +1: its indicators (3 when it has any, see test_indicatoren);
    # +1: the history of its closure reports (rapportage.afronding).
    "actie": ("/acties/12/", 18),
    "moties": ("/moties/", 3),
    # +1: the texts of its parts; +1: the log of its deadline's shifts (rapportage.UitersteDatumWijziging).
    "motie": ("/moties/35510-21/", 5),
    "themas": ("/themas/", 4),
    "thema": ("/themas/hersteloperatie/", 8),
    "rapportages": ("/rapportages/", 3),
    # Its publications (versions) and the stored annex of each earlier one.
    "rapportage": ("/rapportages/{juni}/", 5),
}


def test_page_queries_are_constant_with_few_actions(client, demodata, django_assert_max_num_queries):
    juni = Rapportage.objects.get()
    for url, maximum in PAGINAS.values():
        with django_assert_max_num_queries(maximum):
            assert client.get(url.format(juni=juni.pk)).status_code == 200


def test_page_queries_are_constant_with_many_actions_and_rounds(
    client, veel_data, django_assert_max_num_queries
):
    juni = Rapportage.objects.get(titel="Stand van zaken juni 2021")
    for url, maximum in PAGINAS.values():
        with django_assert_max_num_queries(maximum):
            assert client.get(url.format(juni=juni.pk)).status_code == 200
