"""The description's Dutch search vector as a stored generated column, acties_actie.omschrijving_zoekvector
(PostgreSQL only; SQLite searches with LIKE and ranks nothing).

Ranking a search (openbaar.zoeken) orders every matching action by ts_rank over its description: computed
from the text, that parses and stems thousands of descriptions per search, most of the search's time at
10,000 actions. PostgreSQL keeps this column equal to the indexed expression of 0003 on every write, so the
rank reads it with the same result. The model does not declare it: Django never writes or reads it except
through that rank. Plain SQL, like the indexes of 0003.
"""

from django.db import migrations

KOLOM = (
    "ALTER TABLE acties_actie ADD COLUMN IF NOT EXISTS omschrijving_zoekvector tsvector "
    "GENERATED ALWAYS AS (to_tsvector('dutch'::regconfig, COALESCE(omschrijving, ''))) STORED"
)


def maak(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(KOLOM)


def verwijder(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ALTER TABLE acties_actie DROP COLUMN IF EXISTS omschrijving_zoekvector")


class Migration(migrations.Migration):
    dependencies = [("acties", "0007_tekstvelden")]

    operations = [migrations.RunPython(maak, verwijder)]
