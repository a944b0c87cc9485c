"""A motion's part that no action carries out gets one: the redactie starts it from the motion, it takes
the next free number, is linked to that part and joins the running round."""

import pytest
from django.db.models import Max
from django.test import Client
from django.urls import reverse

from acties.models import Actie, ActieOpdracht, Ministerie, Rol, Thema
from moties.models import Opdracht, OpdrachtDeel
from rapportage.models import Voortgang
from rapportage.nieuwe_actie import start_actie
from rapportage.ronde import RondeFout

SLEUTEL = "35510-21"


@pytest.fixture
def deel_3(demodata):
    """Motion 21 gets a third part that no action carries out (parts 1 and 2 are actions 12 and 81)."""
    motie = Opdracht.objects.get(dossier=35510, nummer=21)
    OpdrachtDeel.objects.create(opdracht=motie, nummer=3, tekst="Een derde verzoek.")
    return motie


def _formulier():
    return {
        "omschrijving": "Het kabinet stuurt een voorstel over vervuilde data.",
        "thema": Thema.objects.filter(hoofdthema__isnull=True).first().pk,
        "ministerie": Ministerie.objects.get(afkorting="FIN").pk,
    }


def _post(gebruiker, deel=3):
    client = Client()
    if gebruiker is not None:
        client.force_login(gebruiker)
    return client.post(reverse("werk:nieuwe_actie", args=[SLEUTEL]) + f"?deel={deel}", _formulier())


def test_the_redactie_starts_an_action_for_a_part_without_one_with_the_next_number(
    deel_3, redactie, open_ronde
):
    hoogste = Actie.objects.aggregate(n=Max("nummer"))["n"]
    client = Client()
    client.force_login(redactie)
    motiepagina = client.get(reverse("werk:motie", args=[SLEUTEL])).content.decode()
    assert f'href="{reverse("werk:nieuwe_actie", args=[SLEUTEL])}?deel=3"' in motiepagina
    formulier = client.get(reverse("werk:nieuwe_actie", args=[SLEUTEL]) + "?deel=3")
    assert formulier.status_code == 200
    assert "De actie voert deel 3 van de motie uit." in formulier.content.decode()
    antwoord = _post(redactie)
    assert antwoord.status_code == 302
    actie = Actie.objects.get(nummer=hoogste + 1)
    assert antwoord["Location"] == reverse("werk:actie", args=[actie.nummer])
    assert ActieOpdracht.objects.get(actie=actie).deel == 3
    assert actie.actieministeries.get().rol == Rol.EERSTVERANTWOORDELIJK
    # Its ministry reports on it from the running round on.
    assert Voortgang.objects.filter(actie=actie, rapportage=open_ronde).exists()
    assert actie.history.first().history_change_reason.startswith("Nieuwe actie voor motie 35510-21, deel 3")
    pagina = Client().get(deel_3.get_absolute_url()).content.decode()
    assert "Geen actie voert dit deel uit." not in pagina
    assert f'href="/acties/{actie.nummer}/"' in pagina


def test_a_part_that_already_has_an_action_is_refused(deel_3, redactie):
    with pytest.raises(RondeFout, match="heeft al een actie"):
        start_actie(deel_3, 1, "Nog een", Thema.objects.first(), Ministerie.objects.first(), redactie)
    antwoord = _post(redactie, deel=1)
    assert antwoord.status_code == 400
    assert "heeft al een actie" in antwoord.content.decode()


def test_only_the_redactie_starts_an_action(deel_3, coordinator_fin):
    aantal = Actie.objects.count()
    assert _post(coordinator_fin).status_code == 403
    assert _post(None).status_code == 302
    assert Actie.objects.count() == aantal


def test_new_actions_never_take_a_number_twice(deel_3, redactie):
    thema, ministerie = Thema.objects.first(), Ministerie.objects.first()
    eerste = start_actie(deel_3, 3, "Eerste", thema, ministerie, redactie)
    OpdrachtDeel.objects.create(opdracht=deel_3, nummer=4, tekst="Een vierde verzoek.")
    tweede = start_actie(deel_3, 4, "Tweede", thema, ministerie, redactie)
    assert tweede.nummer == eerste.nummer + 1
    # Between rounds there is no round to join.
    assert not Voortgang.objects.filter(actie__in=[eerste, tweede]).exists()
