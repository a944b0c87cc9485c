"""GIN indexes for Dutch full-text search (PostgreSQL only; SQLite searches with LIKE and needs none).

The indexed expressions are exactly what SearchVector(veld, config="dutch") compiles to, so the
planner uses them for acties.zoeken. Plain SQL because the models do not declare these indexes.
"""

from django.db import migrations

INDEXEN = [
    ("acties_actie_omschrijving_zoek", "acties_actie", "omschrijving"),
    ("rapportage_voortgang_tekst_zoek", "rapportage_voortgang", "tekst"),
]


def maak(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for naam, tabel, kolom in INDEXEN:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {naam} ON {tabel} "
            f"USING gin (to_tsvector('dutch'::regconfig, COALESCE({kolom}, '')))"
        )


def verwijder(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for naam, _tabel, _kolom in INDEXEN:
        schema_editor.execute(f"DROP INDEX IF EXISTS {naam}")


class Migration(migrations.Migration):
    dependencies = [
        ("acties", "0002_ministeries_en_groepen"),
        ("rapportage", "0001_initial"),
    ]

    operations = [migrations.RunPython(maak, verwijder)]
