"""What the redactie changes outside a round in words the public already read (an action's description
or ministries, a motion's dictum or part) is a correction: it needs a reason and shows in the public
corrections log with a word diff."""

import pytest
from django.urls import reverse

from acties.models import Actie, ActieMinisterie, Ministerie, Rol
from moties.models import Opdracht, OpdrachtDeel
from rapportage.models import Correctie

REDEN = "Omschrijving week af van de kabinetsreactie"


def _wijzigformulier(client, actie):
    """The admin's change form of `actie` as the browser would send it back unchanged."""
    antwoord = client.get(reverse("admin:acties_actie_change", args=[actie.pk]))
    assert antwoord.status_code == 200
    data = {}
    form = antwoord.context["adminform"].form
    for naam, veld in form.fields.items():
        waarde = form.initial.get(naam, veld.initial)
        if waarde is not None:
            data[naam] = (
                [w.pk if hasattr(w, "pk") else w for w in waarde] if isinstance(waarde, list) else waarde
            )
    for inline in antwoord.context["inline_admin_formsets"]:
        formset = inline.formset
        for naam, waarde in formset.management_form.initial.items():
            data[f"{formset.prefix}-{naam}"] = waarde
        for sub in formset.forms:
            for naam in sub.fields:
                # The primary key is no editable field, so it is not among the initial values.
                waarde = sub.instance.pk if naam == "id" else sub.initial.get(naam)
                if waarde is not None:
                    data[f"{sub.prefix}-{naam}"] = getattr(waarde, "pk", waarde)
    return {k: v for k, v in data.items() if v is not None}


@pytest.fixture
def actie(demodata):
    return Actie.objects.order_by("nummer").first()


def test_changing_a_description_in_the_admin_without_a_reason_is_refused(client, beheerder, actie):
    client.force_login(beheerder)
    data = _wijzigformulier(client, actie) | {"omschrijving": "Een andere omschrijving."}
    antwoord = client.post(reverse("admin:acties_actie_change", args=[actie.pk]), data)
    assert antwoord.status_code == 200
    assert "Geef een reden" in antwoord.content.decode()
    actie.refresh_from_db()
    assert actie.omschrijving != "Een andere omschrijving." and not Correctie.objects.exists()


def test_a_corrected_description_is_in_the_public_log_with_its_reason_and_diff(client, beheerder, actie):
    client.force_login(beheerder)
    oud = actie.omschrijving
    nieuw = oud + " Gecorrigeerd."
    data = _wijzigformulier(client, actie) | {"omschrijving": nieuw, "correctiereden": REDEN}
    antwoord = client.post(reverse("admin:acties_actie_change", args=[actie.pk]), data)
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    correctie = Correctie.objects.get()
    assert (correctie.actie, correctie.wat, correctie.oud, correctie.nieuw) == (
        actie,
        "omschrijving",
        oud,
        nieuw,
    )
    assert actie.history.latest().history_change_reason == f"Correctie: {REDEN}"

    client.logout()
    log = client.get(reverse("correcties")).content.decode()
    assert REDEN in log and f"Actie {actie.nummer}" in log and "<ins>" in log and "Gecorrigeerd." in log


def test_saving_an_action_unchanged_logs_no_correction(client, beheerder, actie):
    client.force_login(beheerder)
    data = _wijzigformulier(client, actie) | {"correctiereden": "Alleen gekeken"}
    assert client.post(reverse("admin:acties_actie_change", args=[actie.pk]), data).status_code == 302
    assert not Correctie.objects.exists()


def test_other_ministries_are_a_correction_too(client, beheerder, actie):
    client.force_login(beheerder)
    data = _wijzigformulier(client, actie) | {"correctiereden": "BZK is betrokken"}
    bzk = Ministerie.objects.get(afkorting="BZK")
    assert not ActieMinisterie.objects.filter(actie=actie, ministerie=bzk).exists()
    n = int(data["actieministeries-TOTAL_FORMS"])
    data |= {
        "actieministeries-TOTAL_FORMS": n + 1,
        f"actieministeries-{n}-ministerie": bzk.pk,
        f"actieministeries-{n}-rol": Rol.BETROKKEN,
        f"actieministeries-{n}-actie": actie.pk,
    }
    antwoord = client.post(reverse("admin:acties_actie_change", args=[actie.pk]), data)
    assert antwoord.status_code == 302, antwoord.content.decode()[:2000]
    correctie = Correctie.objects.get()
    assert correctie.wat == "ministeries" and "BZK" not in correctie.oud and "BZK" in correctie.nieuw


@pytest.fixture
def motie(db):
    motie = Opdracht.objects.create(nummer=21, indieners="Marijnissen c.s.", dictum="verzoekt de regering X")
    OpdrachtDeel.objects.create(opdracht=motie, nummer=1, tekst="Eerste deel")
    return motie


def _motiedata(motie, **anders):
    return {"indieners": motie.indieners, "dictum": motie.dictum, "deel_1": "Eerste deel"} | anders


def test_a_changed_dictum_needs_a_reason_and_shows_in_the_log(client, redactie, motie):
    client.force_login(redactie)
    url = reverse("werk:motie", args=[motie.sleutel])
    antwoord = client.post(url, _motiedata(motie, dictum="verzoekt de regering Y"))
    assert antwoord.status_code == 400 and "geef een reden" in antwoord.content.decode()
    motie.refresh_from_db()
    assert motie.dictum == "verzoekt de regering X" and not Correctie.objects.exists()

    antwoord = client.post(
        url, _motiedata(motie, dictum="verzoekt de regering Y", correctiereden="Dictum verkeerd overgenomen")
    )
    assert antwoord.status_code == 302
    motie.refresh_from_db()
    assert motie.dictum == "verzoekt de regering Y"
    correctie = Correctie.objects.get()
    assert (correctie.opdracht, correctie.wat, correctie.oud) == (motie, "dictum", "verzoekt de regering X")
    client.logout()
    log = client.get(reverse("correcties")).content.decode()
    assert "Dictum verkeerd overgenomen" in log and motie.get_absolute_url() in log


def test_writing_down_an_empty_dictum_or_a_new_part_is_no_correction(client, redactie, db):
    motie = Opdracht.objects.create(nummer=22, indieners="Omtzigt")
    client.force_login(redactie)
    data = {
        "indieners": "Omtzigt",
        "dictum": "verzoekt de regering Z",
        "nieuw_deel": 1,
        "nieuw_deel_tekst": "Z",
    }
    assert client.post(reverse("werk:motie", args=[motie.sleutel]), data).status_code == 302
    motie.refresh_from_db()
    assert motie.dictum == "verzoekt de regering Z" and not Correctie.objects.exists()
