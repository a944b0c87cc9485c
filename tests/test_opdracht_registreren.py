"""The redactie registers an aanbeveling, toezegging or belofte by hand (/werk/opdrachten/nieuw/), with its
source and optionally the action that carries it out; nobody else can, and wrong input is a Dutch form
error that writes nothing."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from acties.models import Actie, ActieOpdracht, Ministerie
from moties.models import Opdracht, Reactie
from rapportage.opdrachten import registreer_opdracht
from tests.hulp import geschiedenis_telling, is_login_redirect

NIEUW = reverse("werk:nieuwe_opdracht")

VELDEN = {
    "aanbeveling": {
        "soort": "aanbeveling",
        "titel": "Herontwerp van het stelsel",
        "dictum": "Ontwerp het stelsel opnieuw, met de ouders als uitgangspunt.",
        "bron": "Advies Adviescommissie uitvoering toeslagen, 1 december 2021",
        "bron_url": "https://www.rijksoverheid.nl/documenten/rapporten/2021/12/01/advies",
        "nummer": "1",
        "datum": "2021-12-01",
        "reactie": Reactie.DEELS_OVERGENOMEN,
        "reactie_toelichting": "Het kabinet neemt de eerste drie elementen over.",
        "reactie_bron": "Kamerstuk 31 066, nr. 920",
    },
    "toezegging": {
        "soort": "toezegging",
        "dictum": "De staatssecretaris stuurt de Kamer voor de zomer een brief over de hersteloperatie.",
        "bron": "Commissiedebat hersteloperatie kinderopvangtoeslag, 3 maart 2022",
        "registernummer": "TZ202203-042",
        "datum": "2022-03-03",
        "adressaat": "de staatssecretaris van Financiën",
        "uiterste_datum": "2022-07-01",
    },
    "belofte": {
        "soort": "belofte",
        "dictum": "Voor Prinsjesdag informeer ik uw Kamer over de voortgang.",
        "dossier": "35510",
        "nummer": "60",
        "datum": "2021-06-29",
        "adressaat": "staatssecretaris",
        "uiterste_datum": "2021-09-21",
    },
}


def _post(client, gebruiker, **velden):
    client.force_login(gebruiker)
    return client.post(NIEUW, velden)


def test_the_list_of_motions_links_to_the_form_which_offers_no_motion(client, redactie, demodata):
    client.force_login(redactie)
    lijst = client.get(reverse("werk:opdrachten")).content.decode()
    assert f'href="{NIEUW}">Nieuwe aanbeveling, toezegging of belofte</a>' in lijst
    pagina = client.get(NIEUW)
    html = pagina.content.decode()
    assert (
        pagina.status_code == 200
        and '<label class="utrecht-form-label" for="id_dictum">Tekst</label>' in html
    )
    assert 'value="aanbeveling"' in html and 'value="toezegging"' in html and 'value="belofte"' in html
    assert 'value="motie"' not in html


@pytest.mark.parametrize("soort", ["aanbeveling", "toezegging", "belofte"])
def test_the_redactie_registers_each_kind_with_its_source_and_history(client, redactie, demodata, soort):
    fin = Ministerie.objects.get(afkorting="FIN")
    response = _post(client, redactie, ministerie=fin.pk, **VELDEN[soort])
    opdracht = Opdracht.objects.get(soort=soort)
    assert response.status_code == 302
    assert response["Location"] == opdracht.get_absolute_url()
    verwacht = {
        k: v for k, v in VELDEN[soort].items() if k not in ("dossier", "nummer", "datum", "uiterste_datum")
    }
    assert {k: getattr(opdracht, k) for k in verwacht} == verwacht
    assert opdracht.ministerie == fin and opdracht.datum.isoformat() == VELDEN[soort]["datum"]
    assert opdracht.stand == "" and not opdracht.actieopdrachten.exists()
    # No Kamerstuk typed: no dossier either, not the inquiry's own that the model would assume.
    assert opdracht.dossier == (35510 if soort == "belofte" else None)
    assert opdracht.sleutel == ("TZ202203-042" if soort == "toezegging" else str(opdracht.pk))
    (versie,) = opdracht.history.all()
    assert versie.history_user == redactie and versie.history_change_reason.endswith(
        "geregistreerd door redactie"
    )
    pagina = client.get(response["Location"]).content.decode()
    assert "is geregistreerd" in pagina and opdracht.dictum in pagina
    lijst = client.get(reverse("werk:opdrachten")).content.decode()
    assert f'id="opdracht-{opdracht.pk}"' in lijst and f"{soort.capitalize()} {opdracht.sleutel}" in lijst


def test_with_an_action_number_the_item_is_linked_to_that_action(client, redactie, demodata):
    actie = Actie.objects.order_by("nummer").first()
    response = _post(client, redactie, actie=actie.nummer, **VELDEN["toezegging"])
    assert response.status_code == 302
    koppeling = ActieOpdracht.objects.get(opdracht__registernummer="TZ202203-042")
    assert (koppeling.actie, koppeling.deel) == (actie, None)
    assert koppeling.history.get().history_change_reason == "Toezegging geregistreerd door redactie"


@pytest.mark.parametrize(
    "wijziging,veld,melding",
    [
        ({"soort": "motie", "dossier": "35510", "nummer": "99"}, "soort", "een motie komt uit de bijlage"),
        (
            {"bron_url": "http://www.rijksoverheid.nl/x"},
            "bron_url",
            "Gebruik een adres dat met https:// begint.",
        ),
        ({"bron_url": "https://example.org/x"}, "bron_url", "example.org staat niet in de lijst"),
        ({"actie": "9999"}, "actie", "Er is geen actie 9999."),
        ({"actie": "negen"}, "actie", "Geef een actienummer."),
        ({"dictum": " "}, "dictum", "Schrijf wat er gevraagd, toegezegd of beloofd is."),
        ({"bron": ""}, "bron", "Noem de bron"),
        ({"registernummer": "TZ1", "soort": "belofte"}, "registernummer", "Alleen een toezegging"),
        ({"registernummer": "12"}, "registernummer", "bijv. TZ202101-088"),
        # A register number's commitment may carry the dossier of its debate alone (as the Kamer gives it).
        ({"dossier": "31066", "registernummer": ""}, "nummer", "ook het nummer binnen het dossier"),
        ({"uiterste_datum": "2022-01-01"}, "uiterste_datum", "ligt voor de datum van de bron"),
        ({"reactie": "aangenomen"}, "reactie", "Selecteer een geldige keuze"),
    ],
)
def test_wrong_input_is_a_dutch_form_error_and_writes_nothing(
    client, redactie, demodata, wijziging, veld, melding
):
    voor = geschiedenis_telling()
    response = _post(client, redactie, **{**VELDEN["toezegging"], **wijziging})
    html = response.content.decode()
    assert response.status_code == 400 and melding in html
    assert f'id="id_{veld}_fout"' in html
    assert not Opdracht.objects.exclude(soort="motie").exists() and geschiedenis_telling() == voor


def test_a_register_number_is_registered_once(client, redactie, demodata):
    assert _post(client, redactie, **VELDEN["toezegging"]).status_code == 302
    tweede = _post(client, redactie, **VELDEN["toezegging"])
    assert (
        tweede.status_code == 400
        and "Toezegging TZ202203-042 staat al in het register." in tweede.content.decode()
    )
    assert Opdracht.objects.filter(soort="toezegging").count() == 1


@pytest.mark.parametrize("rol", ["coordinator_fin", "coordinator_bzk", "anoniem"])
def test_coordinators_and_anonymous_users_cannot_register_not_even_with_a_crafted_post(
    client, rollen, demodata, rol
):
    gebruiker = rollen[rol]
    if gebruiker is not None:
        client.force_login(gebruiker)
    voor = geschiedenis_telling()
    actie = Actie.objects.order_by("nummer").first()
    pagina = client.get(NIEUW)
    post = client.post(NIEUW, {**VELDEN["aanbeveling"], "actie": actie.nummer})
    for response in (pagina, post):
        assert is_login_redirect(response) if gebruiker is None else response.status_code == 403
    assert not Opdracht.objects.exclude(soort="motie").exists() and geschiedenis_telling() == voor
    if gebruiker is not None:
        with pytest.raises(PermissionDenied, match="Alleen de redactie"):
            registreer_opdracht(gebruiker, soort="belofte", dictum="x", bron="y")


def test_the_domain_step_refuses_fields_registration_does_not_set(redactie, demodata):
    """The standing is Parliament's, set with its document elsewhere, never when registering."""
    with pytest.raises(TypeError):
        registreer_opdracht(redactie, soort="belofte", dictum="x", bron="y", stand="voldaan")
    opdracht = registreer_opdracht(
        redactie, soort="belofte", dictum="x", bron="y", uiterste_datum=datetime.date(2025, 3, 31)
    )
    assert (opdracht.stand, opdracht.uiterste_datum) == ("", datetime.date(2025, 3, 31))
    # No Kamerstuk given: no dossier, not the inquiry's that the model assumes for a motion.
    assert opdracht.dossier is None and opdracht.kamerstuk == ""
