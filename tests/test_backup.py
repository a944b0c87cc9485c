"""Backup and restore (ops/backup.sh, ops/restore.sh) bring back exactly the same data. PostgreSQL only:
pg_dump/pg_restore are the production tools; on SQLite the database is a single file to copy."""

import os
import subprocess

import pytest
from django.conf import settings
from django.db import connection

OP_POSTGRES = settings.DATABASES["default"]["ENGINE"].endswith("postgresql")
TABELLEN = [
    "acties_actie",
    "acties_actieopdracht",
    "acties_historicalactie",
    "moties_opdracht",
    "rapportage_rapportage",
    "rapportage_voortgang",
    "rapportage_historicalvoortgang",
    "auth_user",
]


def _url(naam):
    db = settings.DATABASES["default"]
    return f"postgresql://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{naam}"


def _vingerafdruk(url):
    """Per table: row count and an md5 over all rows, sorted by their text (history tables repeat ids)."""
    sql = " UNION ALL ".join(
        f"SELECT '{t}', count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM {t} t"
        for t in TABELLEN
    )
    # UNION ALL promises no order; sort so the two databases are compared table by table.
    return subprocess.run(
        ["psql", url, "-tAc", f"SELECT * FROM ({sql}) AS v ORDER BY 1"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout


if OP_POSTGRES:

    @pytest.mark.postgres
    def test_restore_brings_back_the_same_data(migratiedata, demodata, redactie, tmp_path):
        bron = _url(connection.settings_dict["NAME"])
        doel_naam = f"pokvolg_hersteltest_{os.getpid()}"
        beheer = _url("postgres")
        subprocess.run(["psql", beheer, "-qc", f"DROP DATABASE IF EXISTS {doel_naam}"], check=True)
        subprocess.run(["psql", beheer, "-qc", f"CREATE DATABASE {doel_naam}"], check=True)
        try:
            omgeving = {**os.environ, "DATABASE_URL": bron, "MEDIA_ROOT": ""}
            subprocess.run(
                ["ops/backup.sh", str(tmp_path / "b")], cwd=settings.BASE_DIR, env=omgeving, check=True
            )
            omgeving["DATABASE_URL"] = _url(doel_naam)
            subprocess.run(
                ["ops/restore.sh", str(tmp_path / "b")], cwd=settings.BASE_DIR, env=omgeving, check=True
            )
            origineel, hersteld = _vingerafdruk(bron), _vingerafdruk(_url(doel_naam))
            assert "acties_actie|86|" in origineel
            assert hersteld == origineel
        finally:
            subprocess.run(["psql", beheer, "-qc", f"DROP DATABASE IF EXISTS {doel_naam}"], check=True)
