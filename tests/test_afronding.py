"""Closure someone checked: a ministry reports 'afgerond', the redactie confirms or refuses it, and the
public page, the API, the history and the annex keep the ministry's word and the confirmation apart."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from acties.models import Actie, Status
from bijlage.gegevens import regels_van_rapportage
from importeer.notatie import lees_status
from rapportage import afronding, ronde, tekststappen, verantwoording
from rapportage.models import Afronding, Rapportage
from tests.conftest import tekst_van

NIET_BEVESTIGD = "Afgerond volgens het ministerie, nog niet bevestigd."


@pytest.fixture
def gemeld(open_ronde, coordinator_fin, redactie):
    """A FIN action its coordinator reported 'afgerond' (with evidence) in a round that was published."""
    voortgang = tekst_van(open_ronde, "FIN")
    verantwoording.voeg_vindplaats_toe_aan_actie(
        voortgang.actie, "Kamerbrief", coordinator_fin, kamerstuk="35510-70"
    )
    voortgang, _gewijzigd = tekststappen.bewaar_tekst(
        voortgang, "Uitgevoerd.", Status.AFGEROND, voortgang.versie, coordinator_fin
    )
    tekststappen.dien_in(voortgang, coordinator_fin)
    tekststappen.keur_goed(voortgang, redactie)
    ronde.stel_vast(open_ronde, redactie)
    return Actie.objects.get(pk=voortgang.actie_id)


def _als(gebruiker):
    client = Client()
    if gebruiker is not None:
        client.force_login(gebruiker)
    return client


def _beslis(gebruiker, actie, besluit, reden=""):
    return _als(gebruiker).post(
        reverse("werk:afronding", args=[actie.nummer]), {"besluit": besluit, "reden": reden}
    )


def _api(actie):
    return Client().get(reverse("api-actie", args=[actie.nummer])).json()["afronding"]


def test_publishing_afgerond_files_the_ministrys_report_which_the_public_reads_as_not_yet_confirmed(gemeld):
    rapport = Afronding.objects.get(actie=gemeld)
    assert rapport.besluit == Afronding.Besluit.OPEN
    assert rapport.publicatie.rapportage.titel == "Stand van zaken december 2021"
    assert NIET_BEVESTIGD in Client().get(gemeld.get_absolute_url()).content.decode()
    assert _api(gemeld) == {
        "besluit": "open",
        "gemeldOp": rapport.gemeld_op.isoformat(),
        "beslotenOp": None,
        "toelichting": None,
    }


def test_the_redactie_confirms_and_the_public_page_api_and_history_say_when(gemeld, redactie):
    assert _beslis(redactie, gemeld, "bevestigd", "Wet in werking getreden.").status_code == 302
    pagina = Client().get(gemeld.get_absolute_url()).content.decode()
    vandaag = timezone.localdate()
    assert f"Afgerond, bevestigd op {vandaag.day} " in pagina
    assert NIET_BEVESTIGD not in pagina
    assert "Wet in werking getreden." in pagina
    assert _api(gemeld)["besluit"] == "bevestigd"
    record = Afronding.history.filter(actie_id=gemeld.pk).first()
    assert record.history_user == redactie
    assert record.history_change_reason.startswith("Afronding bevestigd door")


def test_a_coordinator_cannot_confirm_closure_not_even_of_their_own_action(
    gemeld, coordinator_fin, coordinator_bzk
):
    assert _beslis(coordinator_fin, gemeld, "bevestigd").status_code == 403
    assert _beslis(coordinator_bzk, gemeld, "bevestigd").status_code in (403, 404)
    assert _beslis(None, gemeld, "bevestigd").status_code == 302
    assert _als(coordinator_fin).get(reverse("werk:afrondingen")).status_code == 403
    with pytest.raises(PermissionDenied):
        afronding.beslis(gemeld, Afronding.Besluit.BEVESTIGD, "", coordinator_fin)
    assert Afronding.objects.get(actie=gemeld).besluit == Afronding.Besluit.OPEN


def test_refusing_needs_a_reason_which_the_public_then_reads(gemeld, redactie):
    zonder = _beslis(redactie, gemeld, "geweigerd")
    assert zonder.status_code == 400
    assert "Geef een reden op" in zonder.content.decode()
    assert Afronding.objects.get(actie=gemeld).besluit == Afronding.Besluit.OPEN
    assert _beslis(redactie, gemeld, "geweigerd", "De regeling is nog niet gepubliceerd.").status_code == 302
    pagina = Client().get(gemeld.get_absolute_url()).content.decode()
    assert "de redactie bevestigde dit op" in pagina
    assert "De regeling is nog niet gepubliceerd." in pagina
    assert _api(gemeld)["toelichting"] == "De regeling is nog niet gepubliceerd."


def test_confirming_needs_public_evidence(demodata, redactie):
    actie = Actie.objects.order_by("nummer").first()
    Actie.objects.filter(pk=actie.pk).update(status=Status.AFGEROND)
    Afronding.objects.create(actie=actie, gemeld_op=timezone.now())
    with pytest.raises(afronding.AfrondingFout, match="openbare vindplaats"):
        afronding.beslis(actie, Afronding.Besluit.BEVESTIGD, "", redactie)


def test_an_action_that_is_not_afgerond_has_nothing_to_confirm(demodata, redactie):
    actie = Actie.objects.exclude(status=Status.AFGEROND).first()
    with pytest.raises(afronding.AfrondingFout):
        afronding.beslis(actie, Afronding.Besluit.BEVESTIGD, "", redactie)
    assert _api(actie) is None


def test_a_status_that_leaves_afgerond_and_returns_starts_a_new_report(gemeld, redactie):
    afronding.beslis(gemeld, Afronding.Besluit.BEVESTIGD, "", redactie)
    juni = Rapportage.objects.get(titel="Stand van zaken december 2021")
    publicatie = juni.publicaties.get()
    gemeld.status = Status.AFGEROND
    # Staying 'afgerond' keeps the report and its confirmation.
    assert afronding.meld([(gemeld, Status.AFGEROND)], publicatie, redactie, "Test") == []
    # Coming back to 'afgerond' from another status is a new report, to be checked again.
    nieuw = afronding.meld([(gemeld, Status.IN_UITVOERING)], publicatie, redactie, "Test")
    assert len(nieuw) == 1
    assert afronding.huidige(gemeld).besluit == Afronding.Besluit.OPEN


def test_the_annex_prints_a_confirmation_only_in_publications_after_it(gemeld, redactie):
    december = Rapportage.objects.get(titel="Stand van zaken december 2021")
    afronding.beslis(gemeld, Afronding.Besluit.BEVESTIGD, "", redactie)

    def status_in(rapportage):
        regels = regels_van_rapportage(rapportage, met_ministeries=False)
        return next(r.rij.status for r in regels if r.actie.pk == gemeld.pk)

    # The annex published before the confirmation keeps saying what it said.
    assert status_in(december) == "afgerond"
    volgende = ronde.open_ronde(
        "Stand van zaken juni 2022", datetime.date(2022, 6, 1), timezone.localdate(), redactie
    )
    ronde.stel_vast(volgende, redactie)
    status = status_in(volgende)
    assert status.startswith("afgerond (bevestigd op ")
    # Our own importer reads it back as the status it is.
    assert lees_status(status.capitalize(), gemeld.nummer, []) == "afgerond"


def test_the_redactie_finds_the_reports_to_check_on_one_page(gemeld, redactie):
    pagina = _als(redactie).get(reverse("werk:afrondingen"))
    assert pagina.status_code == 200
    assert pagina.context["open"][0].actie == gemeld
    afronding.beslis(gemeld, Afronding.Besluit.BEVESTIGD, "", redactie)
    pagina = _als(redactie).get(reverse("werk:afrondingen"))
    assert pagina.context["open"] == []
    assert pagina.context["besloten"][0].actie == gemeld
