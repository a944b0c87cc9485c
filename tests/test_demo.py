"""The demo as a newcomer meets it: data dated as the round it comes from, a first load that is no
change, and a closing block with the address, the accounts and where their passwords are."""

import datetime
import io
import re

from django.contrib.auth.models import User
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.formats import date_format

from acties.models import Actie, ActieMinisterie
from rapportage.models import Publicatie, Rapportage

JUNI_2021 = datetime.date(2021, 6, 29)


def laad_demo(tmp_path, settings):
    settings.SITE_URL = "http://127.0.0.1:8123"
    uitvoer = io.StringIO()
    call_command("demo", wachtwoorden=tmp_path / "wachtwoorden.txt", stdout=uitvoer)
    return uitvoer.getvalue()


def test_the_demo_round_is_dated_as_its_letter_and_its_first_load_is_no_change(
    client, db, tmp_path, settings
):
    laad_demo(tmp_path, settings)
    for model in (Actie, ActieMinisterie, Rapportage, Publicatie):
        datums = {timezone.localdate(d) for d in model.history.values_list("history_date", flat=True)}
        assert datums == {JUNI_2021}, model
    pagina = client.get("/acties/1/").content.decode()
    geschiedenis = pagina.split('id="geschiedenis-kop"')[1]
    assert "→" not in geschiedenis  # the load created the action; nothing changed from one value to another
    assert "Nog niet gestart" not in geschiedenis and "nog niet gestart" not in geschiedenis
    datums = set(re.findall(r'<time datetime="(\d{4}-\d\d-\d\d)', geschiedenis))
    assert datums == {"2021-06-29"}
    assert "Stand van zaken juni 2021" in geschiedenis  # each change still names the round it came from
    gewijzigd = {timezone.localdate(d) for d in Actie.objects.values_list("gewijzigd_op", flat=True)}
    assert gewijzigd == {JUNI_2021}
    recent = client.get("/").content.decode().split("Recent gewijzigde acties")[1]
    with translation.override("nl"):
        vandaag = date_format(timezone.localdate(), "DATE_FORMAT")
    assert "29 juni 2021" in recent and vandaag not in recent


def test_the_demo_ends_with_the_address_the_accounts_and_where_their_passwords_are(db, tmp_path, settings):
    uitvoer = laad_demo(tmp_path, settings)
    blok = uitvoer.strip().splitlines()[-6:]
    assert blok[1] == "pokvolg start op http://127.0.0.1:8123/ (beheer: /admin/)"
    assert blok[2] == "Demo-accounts: beheerder, redactie, coordinator-fin, coordinator-bzk"
    assert str(tmp_path / "wachtwoorden.txt") in blok[3] and "Ctrl+C" in blok[4]
    regels = (tmp_path / "wachtwoorden.txt").read_text().split("\n")
    assert [r.split(" ")[0] for r in regels if r] == [
        "beheerder",
        "redactie",
        "coordinator-fin",
        "coordinator-bzk",
    ]
    assert (tmp_path / "wachtwoorden.txt").stat().st_mode & 0o077 == 0
    assert "Waarschuwing" not in uitvoer and "verwacht" in uitvoer
    naam, wachtwoord = regels[1].split(" ")
    assert User.objects.get(username=naam).check_password(wachtwoord)
