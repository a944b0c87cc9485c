"""History: admin edits are recorded with user and changed fields; nothing bypasses history."""

import datetime
import re
from pathlib import Path

import pytest
from django.conf import settings

from acties.models import Actie, ActieOpdracht
from moties.models import Opdracht


def _admin_formulier(client, actie):
    """The admin change form's current values, as a browser would post them back."""
    from django.contrib.admin.helpers import AdminForm  # noqa: F401  (ensures admin is loaded)

    response = client.get(f"/{settings.ADMIN_URL}acties/actie/{actie.pk}/change/")
    form = response.context["adminform"].form
    data = {naam: form.initial.get(naam, "") for naam in form.fields}
    data["thema"] = actie.thema_id
    # A published action changed in the admin is a correction: it asks for a reason.
    data["correctiereden"] = "Verkeerd overgenomen"
    for formset in response.context["inline_admin_formsets"]:
        fs = formset.formset
        data.update({f"{fs.prefix}-{k}": v for k, v in fs.management_form.initial.items()})
        for i, f in enumerate(fs.forms):
            for naam in f.fields:
                waarde = f.initial.get(naam, "")
                data[f"{fs.prefix}-{i}-{naam}"] = "" if waarde is None else waarde
            data[f"{fs.prefix}-{i}-id"] = f.instance.pk
            data[f"{fs.prefix}-{i}-actie"] = actie.pk
    return {k: ("" if v is None else v) for k, v in data.items()}


def test_admin_edit_records_user_and_changed_fields(client, beheerder, demodata):
    client.force_login(beheerder)
    actie = Actie.objects.get(nummer=12)
    data = _admin_formulier(client, actie)
    data["omschrijving"] = actie.omschrijving + " (aangepast)"
    response = client.post(f"/{settings.ADMIN_URL}acties/actie/{actie.pk}/change/", data)
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    nieuw, oud = Actie.history.filter(nummer=12)[:2]
    assert nieuw.history_user == beheerder
    assert nieuw.ip_adres == "127.0.0.1"
    assert [c.field for c in nieuw.diff_against(oud).changes] == ["omschrijving"]


def test_admin_edit_of_a_motion_link_is_recorded(client, beheerder, demodata):
    client.force_login(beheerder)
    actie = Actie.objects.get(nummer=12)
    data = _admin_formulier(client, actie)
    i = next(
        i for i in range(5) if data.get(f"actieopdrachten-{i}-opdracht") == Opdracht.objects.get(nummer=21).pk
    )
    data[f"actieopdrachten-{i}-deel"] = 3
    response = client.post(f"/{settings.ADMIN_URL}acties/actie/{actie.pk}/change/", data)
    assert response.status_code == 302
    link = ActieOpdracht.objects.get(actie=actie, opdracht__nummer=21)
    assert link.deel == 3
    nieuw, oud = link.history.all()[:2]
    assert nieuw.history_user == beheerder
    assert [(c.field, c.old, c.new) for c in nieuw.diff_against(oud).changes] == [("deel", 1, 3)]


def test_history_cannot_be_reverted_in_the_admin(client, beheerder, demodata):
    client.force_login(beheerder)
    actie = Actie.objects.get(nummer=1)
    oude_tekst = actie.omschrijving
    actie.omschrijving = "Nieuwe omschrijving"
    actie.save()
    oud = actie.history.last()
    url = f"/{settings.ADMIN_URL}acties/actie/{actie.pk}/history/{oud.history_id}/"
    data = _admin_formulier(client, actie)
    data["omschrijving"] = oude_tekst
    assert client.post(url, data).status_code == 403
    actie.refresh_from_db()
    assert actie.omschrijving == "Nieuwe omschrijving"
    assert b"Terugdraaien" not in client.get(url).content


BYPASS = re.compile(r"\.(update|bulk_create|bulk_update)\(")
# Synthetic benchmark data has no history to keep. The Tweede Kamer's data keeps its history on Kamerdata
# (decision, cabinet's view); a fetch without a change moves only the fetch time (excluded from history),
# and the votes per party are replaced with their Kamerdata, whose history says when they changed.
# The Tweede Kamer fetch moves only opgehaald_op, a field without history, by update().
MAG_BULK = {"genereer_testdata.py", "ophalen.py", "moties/toezeggingen.py"}


@pytest.mark.parametrize(
    "app",
    ["acties", "moties", "rapportage", "publiek", "werk", "bijlage", "api", "importeer", "pokvolg", "lib"],
)
def test_no_code_bypasses_history_with_update_or_bulk(app):
    """queryset.update() and bulk_* skip django-simple-history; domain code must not use them."""
    overtreders = []
    for pad in (Path(settings.BASE_DIR) / app).rglob("*.py"):
        if "migrations" in pad.parts or {pad.name, f"{pad.parent.name}/{pad.name}"} & MAG_BULK:
            continue
        for nr, regel in enumerate(pad.read_text().splitlines(), 1):
            if BYPASS.search(regel) and "dict" not in regel and "set(" not in regel:
                overtreders.append(f"{pad.name}:{nr}: {regel.strip()}")
    assert overtreders == []


def _record(reden, minuut):
    from types import SimpleNamespace

    moment = datetime.datetime(2021, 6, 29, 12, minuut)
    return SimpleNamespace(history_change_reason=reden, history_date=moment)


def test_a_change_comes_from_the_latest_step_with_its_reason_at_or_before_it():
    from lib.geschiedenis import Herkomst

    moment = datetime.datetime(2021, 6, 29, 12, 0)
    herkomst = Herkomst(
        [
            ("Geladen uit bijlage.json", moment.replace(minute=30), "tweede lading"),
            ("Geladen uit bijlage.json", moment.replace(minute=10), "eerste lading"),
            ("Vastgesteld door redactie", moment.replace(minute=20), "vaststelling"),
        ]
    )
    assert herkomst.van(_record("Geladen uit bijlage.json", 10)) == "eerste lading"
    assert herkomst.van(_record("Geladen uit bijlage.json", 25)) == "eerste lading"
    assert herkomst.van(_record("Geladen uit bijlage.json", 31)) == "tweede lading"
    assert herkomst.van(_record("Vastgesteld door redactie", 21)) == "vaststelling"


def test_a_change_without_a_matching_step_has_no_origin():
    from lib.geschiedenis import Herkomst

    herkomst = Herkomst([("Geladen uit bijlage.json", datetime.datetime(2021, 6, 29, 12, 10), "lading")])
    assert herkomst.van(_record("Geladen uit bijlage.json", 5)) is None  # before the step
    assert herkomst.van(_record("Correctie", 15)) is None
    assert herkomst.van(_record(None, 15)) is None
    zonder_reden = Herkomst([(None, datetime.datetime(2021, 6, 29, 12, 10), "zonder reden")])
    assert zonder_reden.van(_record(None, 15)) is None
