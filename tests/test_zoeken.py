"""Free-text search: Dutch full-text search on PostgreSQL, a contains-search elsewhere.

Each test states what holds on both databases, and what the PostgreSQL search adds."""

import datetime
import re

from django.db import connection

from acties.models import Actie
from openbaar.zoeken import markeer
from tests.conftest import nummers, voeg_ronde_toe


def postgres():
    return connection.vendor == "postgresql"


def test_search_finds_descriptions_and_status_texts(client, demodata):
    # "Cathuisregeling" only occurs in the status text of action 1; "zwarte lijst" in descriptions.
    assert 1 in nummers(client.get("/acties/?q=Cathuisregeling"))
    assert 12 in nummers(client.get("/acties/?q=zwarte"))


def test_dutch_stemming_lets_plural_find_singular(client, demodata):
    actie = Actie.objects.get(nummer=50)
    actie.omschrijving = "Eén schuld van een ouder wordt overgenomen."
    actie.save()
    gevonden = nummers(client.get("/acties/?q=schulden&sorteer=nummer"))
    if postgres():
        assert 50 in gevonden  # 'schulden' and 'schuld' share the stem 'schuld'
    else:
        assert 50 not in gevonden  # the fallback only matches the literal text
    assert 50 in nummers(client.get("/acties/?q=schuld"))


def test_search_results_are_ranked_on_postgres_and_numbered_elsewhere(client, demodata):
    gevonden = nummers(client.get("/acties/?q=schulden"))
    if postgres():
        # Actions that name debts in their description come before those that only mention them in a text.
        in_omschrijving = {a.nummer for a in Actie.objects.filter(omschrijving__icontains="schulden")}
        eerste = gevonden[: len(in_omschrijving)]
        assert set(eerste) == in_omschrijving
    else:
        assert gevonden == sorted(gevonden)


def test_matches_are_highlighted_and_escaped(client, demodata):
    actie = Actie.objects.get(nummer=2)
    actie.omschrijving = "<b>Schulden</b> van ouders"
    actie.save()
    pagina = client.get("/acties/?q=schulden").content.decode()
    assert "<mark>Schulden</mark>" in pagina
    assert "&lt;b&gt;" in pagina and "<b>Schulden" not in pagina


def test_markeer_escapes_before_marking():
    veilig = markeer('<img src=x onerror="alert(1)"> schulden', "schulden")
    assert "<img" not in veilig and "<mark>schulden</mark>" in veilig


def test_published_older_texts_are_searched_but_drafts_never(client, demodata):
    voeg_ronde_toe("December", datetime.date(2021, 12, 1), {7: ("Woord eenhoornzoektocht.", "vertraagd")})
    voeg_ronde_toe(
        "Open", datetime.date(2022, 6, 1), {8: ("Geheim eenhoornconcept.", "afgerond")}, toestand="open"
    )
    assert nummers(client.get("/acties/?q=eenhoornzoektocht")) == [7]
    assert nummers(client.get("/acties/?q=eenhoornconcept")) == []


def test_search_syntax_that_means_nothing_gives_no_results_not_an_error(client, demodata):
    for q in ['"', "-", "&|!():*", "de het een", "OR OR"]:
        response = client.get("/acties/", {"q": q})
        assert response.status_code == 200, q


def test_gin_indexes_exist_only_on_postgres(db):
    with connection.cursor() as cursor:
        namen = {
            index
            for tabel in ("acties_actie", "rapportage_voortgang")
            for index in connection.introspection.get_constraints(cursor, tabel)
        }
    verwacht = {"acties_actie_omschrijving_zoek", "rapportage_voortgang_tekst_zoek"}
    assert (verwacht <= namen) if postgres() else not (verwacht & namen)


def test_postgres_search_uses_the_gin_index(db):
    if not postgres():
        # SQLite has no full-text index to use; the contains-search filters in the query itself.
        sql = str(Actie.objects.filter(omschrijving__icontains="x").query)
        assert "LIKE" in sql
        return
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        cursor.execute(
            "EXPLAIN SELECT id FROM rapportage_voortgang WHERE "
            "to_tsvector('dutch'::regconfig, COALESCE(tekst, '')) @@ websearch_to_tsquery('dutch', 'schuld')"
        )
        plan = "\n".join(r[0] for r in cursor.fetchall())
        cursor.execute("RESET enable_seqscan")
    assert "rapportage_voortgang_tekst_zoek" in plan
    # And the query Django builds compiles to the very expression that index covers.
    from openbaar import zoeken
    from rapportage.models import Voortgang

    sql = str(Voortgang.objects.annotate(v=zoeken._vector("tekst")).filter(v="x").query)
    assert re.search(r"to_tsvector\('?dutch'?(::regconfig)?, COALESCE\(", sql)


def test_search_ranks_on_the_stored_vector_exactly_as_on_the_description_itself(demodata):
    from django.contrib.postgres.search import SearchRank

    from openbaar import zoeken

    actie = Actie.objects.get(nummer=3)
    actie.omschrijving = "Ouders met schulden krijgen hulp bij het herstel van hun schulden."
    actie.save()
    for q in ["schulden", "ouders herstel", '"zwarte lijst"']:
        gevonden = zoeken.zoek(Actie.objects.all(), q)
        if not postgres():
            # The contains-search ranks nothing.
            assert set(gevonden.values_list("rang", flat=True)) <= {0.0}, q
            continue
        rechtstreeks = gevonden.annotate(
            eigen=SearchRank(zoeken._vector("omschrijving"), zoeken._zoekvraag(q))
        )
        rijen = list(rechtstreeks.values_list("rang", "eigen"))
        assert rijen and all(rang == eigen for rang, eigen in rijen), q
