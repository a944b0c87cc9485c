"""The published record: what the public sees is a publication, corrections are new versions with a
reason, and nothing of a round shows before it is published."""

import datetime
import difflib
import json
from importlib import import_module
from types import SimpleNamespace

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from acties.models import Actie, Status, Thema
from importeer.formaat import BijlageFout, uit_json
from importeer.laden import laad_bijlage
from rapportage import ronde, tekststappen, verantwoording
from rapportage.models import GepubliceerdeTekst, Publicatie, Rapportage, Vindplaats, Voortgang
from volgen.models import Abonnement, Soort, Volger

from .conftest import tekst_van

JUNI = "Stand van zaken juni 2021"

# Every public surface that shows texts, statuses, target dates or rounds.
OPENBARE_ADRESSEN = [
    "/",
    "/acties/",
    "/acties/?q=compensatie",
    "/acties/?termijn=met-streefdatum",
    "/acties/{nummer}/",
    "/rapportages/",
    "/rapportages/{ronde}/",
    "/rapportages/{ronde}/bijlage/",
    "/rapportages/{ronde}/wijzigingen/",
    "/cijfers/",
    "/streefdata.ics",
    "/feeds/acties.atom",
    "/feeds/acties/{nummer}.atom",
    "/api/v1/acties",
    "/api/v1/acties/{nummer}",
    "/api/v1/rapportages",
    "/acties/export.csv",
    "/acties/export.json",
]


@pytest.fixture
def zonder_paginacache(settings):
    # Byte-for-byte must come from the data, not from a cached page.
    settings.PUBLIEK_CACHE_SECONDEN = 0


def _openbaar(client, nummer, ronde_pk):
    uitkomst = {}
    for adres in OPENBARE_ADRESSEN:
        url = adres.format(nummer=nummer, ronde=ronde_pk)
        antwoord = client.get(url)
        assert antwoord.status_code == 200, url
        inhoud = b"".join(antwoord.streaming_content) if antwoord.streaming else antwoord.content
        uitkomst[url] = inhoud
    return uitkomst


def _eerste_verschil(a, b):
    regels = difflib.unified_diff(a.decode().splitlines(), b.decode().splitlines(), lineterm="", n=0)
    return [r[:160] for r in regels][2:6]


def _juni():
    return Rapportage.objects.get(titel=JUNI)


def _met_bewijs(actie, gebruiker):
    verantwoording.voeg_vindplaats_toe_aan_actie(actie, "Voortgangsbrief", gebruiker, kamerstuk="35510-60")


def test_the_demo_annex_is_published_as_version_1_with_its_texts_frozen(demodata):
    juni = _juni()
    publicatie = Publicatie.objects.get(rapportage=juni)
    assert (juni.publicatieversie, publicatie.versie, publicatie.reden) == (1, 1, "")
    teksten = GepubliceerdeTekst.objects.filter(publicatie=publicatie)
    assert teksten.count() == juni.voortgang.count() == len(demodata["acties"])
    drie = teksten.get(actie__nummer=4)
    assert drie.gedeeld_met.actie.nummer == 3


def test_reopening_leaves_every_public_surface_byte_for_byte_until_the_correction_is_published(
    demodata, redactie, client, zonder_paginacache, django_capture_on_commit_callbacks, mailoutbox
):
    juni = _juni()
    voortgang = tekst_van(juni, "FIN")
    nummer = voortgang.actie.nummer
    status_voor = voortgang.actie.status
    voor = _openbaar(client, nummer, juni.pk)

    ronde.heropen(juni, redactie, "Typfout in actie")
    voortgang.refresh_from_db()
    nieuw = voortgang.tekst + " Gecorrigeerd: het gaat om 30.000 euro."
    _met_bewijs(voortgang.actie, redactie)
    tekststappen.bewaar_tekst(voortgang, nieuw, Status.AFGEROND, voortgang.versie, redactie)
    verantwoording.zet_knelpunt(
        Voortgang.objects.get(pk=voortgang.pk), "Wetgeving loopt vertraging op", redactie
    )
    verantwoording.wijzig_streefdatum(
        voortgang.actie, datetime.date(2020, 1, 1), "Eerder dan gedacht", redactie
    )
    ronde.wijzig_gegevens(juni, redactie, kamerstuk="35 510, nr. 99", inleiding="Een nieuwe inleiding.")

    tijdens = _openbaar(client, nummer, juni.pk)
    verschillend = {
        url: _eerste_verschil(voor[url], tijdens[url])
        for url in voor
        if voor[url] != tijdens[url] and url != f"/rapportages/{juni.pk}/"
    }
    assert verschillend == {}
    # Only the round page says a correction is under way, and it still shows the published version.
    ronde_pagina = tijdens[f"/rapportages/{juni.pk}/"].decode()
    assert "Correctie in voorbereiding" in ronde_pagina
    assert "35 510, nr. 60" in ronde_pagina and "nr. 99" not in ronde_pagina
    assert (
        "Een nieuwe inleiding." not in ronde_pagina and "Status van de acties in deze ronde" in ronde_pagina
    )
    assert Actie.objects.get(nummer=nummer).status == status_voor
    assert "Gecorrigeerd: het gaat om" not in client.get(f"/acties/{nummer}/").content.decode()

    mailoutbox.clear()
    voortgang = Voortgang.objects.get(pk=voortgang.pk)
    tekststappen.keur_goed(voortgang, redactie)
    with pytest.raises(ronde.RondeFout, match="reden"):
        ronde.stel_vast(juni, redactie)
    with django_capture_on_commit_callbacks(execute=True):
        ronde.stel_vast(juni, redactie, "Bedrag in actie verkeerd overgenomen")

    juni.refresh_from_db()
    assert juni.publicatieversie == 2
    pagina = client.get(f"/acties/{nummer}/").content.decode()
    assert "Gecorrigeerd: het gaat om 30.000 euro." in pagina
    assert "Bedrag in actie verkeerd overgenomen" in pagina  # the timeline's correction mark
    bijlage = client.get(reverse("bijlage:html", args=[juni.pk])).content.decode()
    assert "Gecorrigeerd: het gaat om 30.000 euro." in bijlage and "35 510, nr. 99" in bijlage
    assert Actie.objects.get(nummer=nummer).streefdatum == datetime.date(2020, 1, 1)
    log = client.get(reverse("correcties")).content.decode()
    assert "versie 2" in log and "Bedrag in actie verkeerd overgenomen" in log and f">{nummer}<" in log
    assert "<del>" in log or "<ins>" in log
    feed = client.get(reverse("feed_correcties")).content.decode()
    assert "Bedrag in actie verkeerd overgenomen" in feed
    # Version 1's texts stay, no longer current.
    assert GepubliceerdeTekst.objects.filter(rapportage=juni, versie=1).count() == juni.voortgang.count()
    assert GepubliceerdeTekst.objects.actueel().filter(rapportage=juni).get(actie__nummer=nummer).versie == 2


def test_followers_of_a_corrected_action_get_a_correction_digest(
    demodata, redactie, django_capture_on_commit_callbacks, mailoutbox
):
    juni = _juni()
    voortgang = tekst_van(juni, "FIN")
    volger = Volger.objects.create(email="ouder@example.nl")
    Abonnement.objects.create(
        volger=volger, soort=Soort.ACTIE, actie=voortgang.actie, bevestigd_op=timezone.now()
    )
    ronde.heropen(juni, redactie, "Typfout")
    voortgang.refresh_from_db()
    tekststappen.bewaar_tekst(
        voortgang, voortgang.tekst + " Correctie.", voortgang.status, voortgang.versie, redactie
    )
    tekststappen.keur_goed(Voortgang.objects.get(pk=voortgang.pk), redactie)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        ronde.stel_vast(juni, redactie, "Een zin ontbrak")
    (bericht,) = [m for m in mailoutbox if m.to == ["ouder@example.nl"]]
    assert "Correctie van" in bericht.subject
    assert "Een zin ontbrak" in bericht.body and f"Actie {voortgang.actie.nummer}" in bericht.body


def test_importing_into_a_published_round_is_a_correction_that_needs_a_reason(
    demodata, bijlage_data, django_capture_on_commit_callbacks
):
    bijlage_data["acties"][0]["stand_van_zaken"] += " Aangevuld."
    bijlage = uit_json(bijlage_data)
    with pytest.raises(BijlageFout, match="reden"):
        laad_bijlage(bijlage, rapportage_titel=JUNI, reden="Geladen uit test")
    assert _juni().publicatieversie == 1
    assert not Voortgang.objects.filter(tekst__endswith="Aangevuld.").exists()

    with django_capture_on_commit_callbacks(execute=True):
        laad_bijlage(bijlage, rapportage_titel=JUNI, reden="Geladen uit test", correctiereden="Zin vergeten")
    juni = _juni()
    assert juni.publicatieversie == 2
    publicatie = juni.publicaties.get(versie=2)
    assert publicatie.reden == "Zin vergeten"
    nummer = bijlage_data["acties"][0]["nummer"]
    assert (
        GepubliceerdeTekst.objects.actueel()
        .get(rapportage=juni, actie__nummer=nummer)
        .tekst.endswith("Aangevuld.")
    )
    # The same annex again is no correction: nothing changes, no version 3.
    laad_bijlage(bijlage, rapportage_titel=JUNI, reden="Geladen uit test")
    assert _juni().publicatieversie == 2


@pytest.mark.parametrize("commando", ["laad_bijlage", "importeer_bijlage"])
def test_importing_into_a_running_round_is_refused_on_the_command_line_and_writes_nothing(
    open_ronde, commando, tmp_path, bijlage_data
):
    if commando == "laad_bijlage":
        pad = tmp_path / "bijlage.json"
        pad.write_text(json.dumps(bijlage_data))
    else:
        pad = settings.BASE_DIR / "tests" / "annexen" / "stand-van-zaken-2021-06-29.pdf"
    teksten = list(Voortgang.objects.order_by("pk").values_list("pk", "tekst", "toestand"))
    with pytest.raises(CommandError) as fout:
        call_command(commando, str(pad), rapportage=open_ronde.titel, peildatum="2021-12-01")
    # The domain's words, as the upload form says them.
    assert str(fout.value) == ronde.LOPENDE_RONDE_BIJ_IMPORT % {"titel": open_ronde.titel, "toestand": "open"}
    open_ronde.refresh_from_db()
    assert open_ronde.toestand == Rapportage.Toestand.OPEN and open_ronde.publicatieversie == 0
    assert list(Voortgang.objects.order_by("pk").values_list("pk", "tekst", "toestand")) == teksten


def test_a_coordinators_target_date_is_not_public_until_its_round_is(
    open_ronde, coordinator_fin, redactie, client, zonder_paginacache, django_capture_on_commit_callbacks
):
    voortgang = tekst_van(open_ronde, "FIN")
    actie = voortgang.actie
    verantwoording.wijzig_streefdatum(
        actie, datetime.date(2021, 1, 1), "Planning bijgesteld", coordinator_fin
    )
    actie.refresh_from_db()
    assert actie.streefdatum is None
    assert verantwoording.werkende_streefdatum(actie) == datetime.date(2021, 1, 1)
    pagina = client.get(reverse("actie", args=[actie.nummer])).content.decode()
    assert "Planning bijgesteld" not in pagina and open_ronde.titel not in pagina
    assert "over tijd" not in pagina
    api = client.get(f"/api/v1/acties/{actie.nummer}").json()
    assert api["streefdatum"] is None

    for v in open_ronde.voortgang.exclude(toestand=Voortgang.Toestand.GOEDGEKEURD):
        if v.versie > 1 and not v.gedeeld_met_id:
            tekststappen.keur_goed(v, redactie)
    with django_capture_on_commit_callbacks(execute=True):
        ronde.stel_vast(open_ronde, redactie)
    actie.refresh_from_db()
    assert actie.streefdatum == datetime.date(2021, 1, 1)
    pagina = client.get(reverse("actie", args=[actie.nummer])).content.decode()
    assert "Planning bijgesteld" in pagina


def test_a_failing_annex_receiver_does_not_stop_the_closing_mail(
    open_ronde, redactie, mailoutbox, django_capture_on_commit_callbacks, caplog
):
    def kapot(**kwargs):
        raise RuntimeError("de bijlage faalt")

    ronde.ronde_vastgesteld.connect(kapot, dispatch_uid="test-kapotte-bijlage")
    try:
        # The failing receiver first, so that the others come after it.
        ronde.ronde_vastgesteld.receivers.insert(0, ronde.ronde_vastgesteld.receivers.pop())
        ronde.ronde_vastgesteld.sender_receivers_cache.clear()
        mailoutbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            ronde.stel_vast(open_ronde, redactie)
    finally:
        ronde.ronde_vastgesteld.disconnect(dispatch_uid="test-kapotte-bijlage")
    assert any("vastgesteld" in m.subject.lower() for m in mailoutbox)
    assert "de bijlage faalt" in caplog.text


def test_the_migration_publishes_each_closed_round_as_version_1_and_keeps_public_what_was(db):
    thema = Thema.objects.create(naam="HERSTELOPERATIE", volgorde=0)
    een = Actie.objects.create(nummer=1, omschrijving="Een", thema=thema)
    twee = Actie.objects.create(nummer=2, omschrijving="Twee", thema=thema)
    # As older code left them: a closed round with texts and no publication, and a reopened round.
    gesloten = Rapportage.objects.create(
        titel="Gesloten",
        peildatum=datetime.date(2021, 6, 29),
        toestand=Rapportage.Toestand.VASTGESTELD,
        vastgesteld_op=timezone.now(),
    )
    heropend = Rapportage.objects.create(titel="Heropend", peildatum=datetime.date(2021, 12, 1))
    bron = Voortgang.objects.create(
        actie=een,
        rapportage=gesloten,
        tekst="Eerste.",
        status=Status.IN_UITVOERING,
        toestand=Voortgang.Toestand.GOEDGEKEURD,
    )
    Voortgang.objects.create(
        actie=twee,
        rapportage=gesloten,
        tekst="Eerste.",
        status=Status.IN_UITVOERING,
        gedeeld_met=bron,
        toestand=Voortgang.Toestand.GOEDGEKEURD,
    )
    concept = Voortgang.objects.create(
        actie=een, rapportage=heropend, tekst="Concept.", status=Status.VERTRAAGD
    )
    openbaar = Vindplaats.objects.create(actie=een, voortgang=bron, kamerstuk="35510-60", titel="Brief")
    wachtend = Vindplaats.objects.create(actie=een, voortgang=concept, kamerstuk="35510-61", titel="Concept")
    eigen = Vindplaats.objects.create(actie=twee, kamerstuk="35510-62", titel="Van de actie")

    migratie = import_module("rapportage.migrations.0008_publicaties_van_bestaande_rondes")
    schema = SimpleNamespace(connection=connection, execute=lambda sql: connection.cursor().execute(sql))
    migratie.publiceer_bestaande(django_apps, schema)

    gesloten.refresh_from_db()
    heropend.refresh_from_db()
    assert (gesloten.publicatieversie, heropend.publicatieversie) == (1, 0)
    teksten = {t.actie.nummer: t for t in GepubliceerdeTekst.objects.actueel().select_related("actie")}
    assert set(teksten) == {1, 2} and teksten[1].tekst == "Eerste." and teksten[2].gedeeld_met == teksten[1]
    assert (
        set(Vindplaats.objects.openbaar()) == {openbaar, eigen}
        and wachtend not in Vindplaats.objects.openbaar()
    )


def test_long_reasons_are_kept_whole_through_publication(open_ronde, redactie, coordinator_fin):
    # The form allows a target-date reason of 1,000 characters; publishing writes it into the history.
    reden = "Wetgeving vertraagd; " * 45
    actie = tekst_van(open_ronde, "FIN").actie
    verantwoording.wijzig_streefdatum(actie, datetime.date(2023, 1, 1), reden, coordinator_fin)
    for v in open_ronde.voortgang.filter(versie__gt=1, gedeeld_met__isnull=True):
        tekststappen.keur_goed(v, redactie)
    ronde.stel_vast(open_ronde, redactie)
    ronde.heropen(open_ronde, redactie, "Heropend omdat " + reden)
    ronde.stel_vast(open_ronde, redactie, reden)
    actie.refresh_from_db()
    assert actie.streefdatum == datetime.date(2023, 1, 1)
    assert actie.history.filter(history_change_reason__endswith=reden.strip()).exists()
    assert open_ronde.publicaties.get(versie=2).reden == reden.strip()
    assert open_ronde.history.filter(history_change_reason__endswith=reden.strip()).exists()


def test_evidence_removed_during_a_correction_stays_public_until_the_correction_is_published(
    demodata, redactie, client, zonder_paginacache, django_capture_on_commit_callbacks
):
    juni = _juni()
    voortgang = tekst_van(juni, "FIN")
    nummer = voortgang.actie.nummer
    titel = "Brief over de compensatie"
    adres = "https://www.rijksoverheid.nl/documenten/kamerstukken/2021/06/29/brief-over-de-compensatie"

    def publiceer(reden):
        tekststappen.keur_goed(Voortgang.objects.get(pk=voortgang.pk), redactie)
        with django_capture_on_commit_callbacks(execute=True):
            ronde.stel_vast(juni, redactie, reden)

    def openbaar():
        pagina = client.get(f"/acties/{nummer}/").content.decode()
        api = client.get(f"/api/v1/acties/{nummer}").content.decode()
        bijlage = client.get(reverse("bijlage:html", args=[juni.pk])).content.decode()
        return titel in pagina, titel in api, adres in bijlage

    ronde.heropen(juni, redactie, "Vindplaats ontbrak")
    ronde.wijzig_gegevens(juni, redactie, bijlage_met_vindplaatsen=True)
    verantwoording.voeg_vindplaats_toe_aan_tekst(
        Voortgang.objects.get(pk=voortgang.pk), titel, redactie, url=adres
    )
    assert openbaar() == (False, False, False)
    publiceer("Vindplaats toegevoegd")
    assert openbaar() == (True, True, True)

    ronde.heropen(juni, redactie, "Vindplaats hoort er niet bij")
    verantwoording.verwijder_vindplaats(Vindplaats.objects.get(titel=titel), redactie)
    assert openbaar() == (True, True, True)
    # Those who work on the round no longer see it.
    assert not Voortgang.objects.get(pk=voortgang.pk).vindplaatsen.exists()

    publiceer("Vindplaats weggehaald")
    assert openbaar() == (False, False, False)
    assert not Vindplaats.alle.filter(titel=titel).exists()
    redenen = list(Vindplaats.history.filter(titel=titel).values_list("history_type", flat=True))
    assert sorted(redenen) == ["+", "-", "~", "~"]
