"""The redactie's page for the commitments the Tweede Kamer fetch proposes: accept into the register, or
reject with a reason; either way the proposal leaves the page."""

import datetime

from django.urls import reverse

from moties.models import Opdracht, Soort, Voorstelbesluit
from tests.hulp import kamertoezegging

LIJST = reverse("werk:kamertoezeggingen")


def _voorstel(nummer="TZ202104-050", **velden):
    return kamertoezegging(nummer, datum_nakoming=datetime.date(2021, 7, 1), **velden)


def test_the_redactie_sees_open_proposals_and_accepts_one_into_the_register(client, demodata, redactie):
    voorstel = _voorstel()
    _voorstel(
        "TZ202104-051",
        besluit=Voorstelbesluit.AFGEWEZEN,
        afwijsreden="Al gedaan",
        afgewezen_op=datetime.datetime(2021, 5, 1, tzinfo=datetime.UTC),
    )
    client.force_login(redactie)
    html = client.get(LIJST).content.decode()
    assert "TZ202104-050" in html and "TZ202104-051" not in html
    response = client.post(
        reverse("werk:kamertoezegging_beslis", args=[voorstel.pk]), {"besluit": "aanvaard"}
    )
    assert response.status_code == 302
    opdracht = Opdracht.objects.get(registernummer="TZ202104-050")
    assert opdracht.soort == Soort.TOEZEGGING and opdracht.uiterste_datum == datetime.date(2021, 7, 1)
    assert opdracht.ministerie.afkorting == "FIN"
    pagina = client.get(LIJST).content.decode()
    assert "TZ202104-050 staat nu in het register" in pagina and "Neem TZ202104-050 op" not in pagina
    assert client.get(opdracht.get_absolute_url()).status_code == 200


def test_a_rejection_without_a_reason_is_refused_with_the_message_and_changes_nothing(
    client, demodata, redactie
):
    voorstel = _voorstel()
    client.force_login(redactie)
    url = reverse("werk:kamertoezegging_beslis", args=[voorstel.pk])
    pagina = client.post(url, {"besluit": "afwijzen", "reden": "  "}, follow=True).content.decode()
    assert "Schrijf waarom pokvolg deze toezegging niet volgt." in pagina
    voorstel.refresh_from_db()
    assert voorstel.besluit == Voorstelbesluit.OPEN
    client.post(url, {"besluit": "afwijzen", "reden": "Hoort bij een ander dossier."})
    voorstel.refresh_from_db()
    assert (voorstel.besluit, voorstel.afwijsreden) == (
        Voorstelbesluit.AFGEWEZEN,
        "Hoort bij een ander dossier.",
    )
    # Deciding twice is refused, not a second Opdracht.
    pagina = client.post(url, {"besluit": "aanvaard"}, follow=True).content.decode()
    assert (
        "al besloten" in pagina
        and not Opdracht.objects.filter(registernummer=voorstel.registernummer).exists()
    )


def test_a_coordinator_can_neither_see_nor_decide(client, demodata, coordinator_fin):
    voorstel = _voorstel()
    client.force_login(coordinator_fin)
    assert client.get(LIJST).status_code == 403
    response = client.post(
        reverse("werk:kamertoezegging_beslis", args=[voorstel.pk]), {"besluit": "aanvaard"}
    )
    assert response.status_code == 403
    voorstel.refresh_from_db()
    assert (
        voorstel.besluit == Voorstelbesluit.OPEN
        and not Opdracht.objects.filter(soort=Soort.TOEZEGGING).exists()
    )
