"""Text is text: a CRLF, a trailing space or a decomposed accent is never a change (lib.tekst)."""

import unicodedata
from importlib import import_module

import pytest
from django.apps import apps
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from acties.models import Actie
from importeer.formaat import uit_json
from importeer.laden import vergelijk
from lib.geschiedenis import versies
from lib.tekst import TekstInvoer, normaliseer, normaliseer_regel
from lib.verschil import woordverschil
from moties.models import Opdracht
from rapportage import ronde, tekststappen
from rapportage.models import GepubliceerdeTekst, Voortgang
from tests.conftest import HERNOEMDE_MODELLEN
from volgen.overzicht import wijzigingen

# ---------------------------------------------------------------- normaliseer


@pytest.mark.parametrize(
    ("invoer", "uit"),
    [
        ("Eerste alinea.\r\n\r\nTweede alinea.", "Eerste alinea.\n\nTweede alinea."),
        ("oud Mac\rregel", "oud Mac\nregel"),
        ("regel met spaties   \nen tab\t\nen nbsp\u00a0", "regel met spaties\nen tab\nen nbsp"),
        ("tekst\n\n\n", "tekst"),
        ("\r\n\r\n  tekst", "tekst"),
        ("financie\u0308le", "financiële"),
        ("kolom\tkolom", "kolom kolom"),
        ("nul\x00byte en \x1b[31mescape", "nulbyte en [31mescape"),
        ("Word-regel\x0bzonder alinea", "Word-regel\nzonder alinea"),
        ("scheiding\u2028en\u2029alinea\x85NEL", "scheiding\nen\nalinea\nNEL"),
        ("  - opsomming\n  - ingesprongen", "- opsomming\n  - ingesprongen"),
        ("binnen  de  regel blijft", "binnen  de  regel blijft"),
        ("", ""),
    ],
)
def test_normaliseer(invoer, uit):
    assert normaliseer(invoer) == uit


@pytest.mark.parametrize(
    ("invoer", "uit"),
    [
        ("Marijnissen\r\n c.s. ", "Marijnissen c.s."),
        ("Titel\n\nvan twee regels", "Titel van twee regels"),
        ("Cre\u0301dit\t", "Crédit"),
    ],
)
def test_normaliseer_regel(invoer, uit):
    assert normaliseer_regel(invoer) == uit


willekeurige_teksten = st.text(
    alphabet=st.sampled_from("ab é.-\r\n\t\x00\x0b\x0c\x1c\x7f\x85\xa0\u0301\u0327\u2000\u2028\u2029")
    | st.characters(),
)


def _stuurteken(teken):
    return unicodedata.category(teken) == "Cc" and teken != "\n"


@given(willekeurige_teksten)
def test_normaliseer_is_idempotent(tekst):
    assert normaliseer(normaliseer(tekst)) == normaliseer(tekst)
    assert normaliseer_regel(normaliseer_regel(tekst)) == normaliseer_regel(tekst)


@given(willekeurige_teksten)
def test_normal_form_has_only_newlines_nfc_and_no_edge_whitespace(tekst):
    uit = normaliseer(tekst)
    assert unicodedata.is_normalized("NFC", uit)
    assert not any(_stuurteken(t) for t in uit)
    assert uit.splitlines() == uit.split("\n") or uit == ""
    assert all(regel == regel.rstrip() for regel in uit.split("\n"))
    assert uit == uit.strip()
    assert "\n" not in normaliseer_regel(tekst)


@given(willekeurige_teksten)
def test_normaliseer_keeps_every_visible_character_in_order(tekst):
    def zichtbaar(t):
        return unicodedata.normalize("NFD", "".join(c for c in t if not c.isspace() and not _stuurteken(c)))

    assert zichtbaar(normaliseer(tekst)) == zichtbaar(tekst)


def test_a_word_diff_of_texts_that_differ_only_in_form_marks_nothing():
    assert woordverschil("Eerste.\r\nTweede  \r\n", "Eerste.\nTweede") == "Eerste.\nTweede"
    assert "<del>" not in woordverschil("financie\u0308le steun", "financiële steun")


def test_the_model_fields_form_field_normalises_so_has_changed_sees_no_change():
    veld = Actie._meta.get_field("omschrijving").formfield()
    assert isinstance(veld, TekstInvoer)
    assert veld.clean("Regel een. \r\nRegel twee.\r\n") == "Regel een.\nRegel twee."
    assert not veld.has_changed("Regel een.\nRegel twee.", "Regel een.\r\nRegel twee.")
    assert (
        Opdracht._meta.get_field("indieners").formfield().clean("Marijnissen\r\nc.s.") == "Marijnissen c.s."
    )


# ---------------------------------------------------------------- every save


def test_saving_a_model_stores_the_normal_form_and_the_history_records_it(demodata):
    actie = Actie.objects.get(nummer=41)
    actie.omschrijving = unicodedata.normalize("NFD", actie.omschrijving).replace("\n", "  \r\n") + "\r\n"
    actie.save()
    opgeslagen = Actie.objects.get(pk=actie.pk).omschrijving
    assert "\r" not in opgeslagen and unicodedata.is_normalized("NFC", opgeslagen)
    assert actie.omschrijving == opgeslagen == actie.history.first().omschrijving


def test_the_history_does_not_list_a_text_that_differs_only_in_form(demodata):
    actie = Actie.objects.get(nummer=41)
    # As stored before normalisation: the same description with CRLF line ends.
    actie.history.update(omschrijving=actie.omschrijving.replace("\n", "\r\n"))
    actie.status = "afgerond"
    actie.save()
    nieuwste = versies(actie.history.all())[0]
    assert [w["veld"] for w in nieuwste["wijzigingen"]] == ["status"]


# ---------------------------------------------------------------- a coordinator's browser


def _fin_tekst_met_alineas(rapportage):
    return next(
        v
        for v in Voortgang.objects.filter(
            rapportage=rapportage,
            actie__actieministeries__ministerie__afkorting="FIN",
            gedeeld_met__isnull=True,
            tekst__contains="\n",
        ).order_by("actie__nummer")
    )


def test_the_stored_text_posted_back_with_crlf_line_ends_stays_unchanged(
    client, redactie, coordinator_fin, open_ronde
):
    voortgang = _fin_tekst_met_alineas(open_ronde)
    zoals_de_browser = voortgang.tekst.replace("\n", "\r\n") + "\r\n"
    formulier = {"tekst": zoals_de_browser, "status": voortgang.status, "versie": voortgang.versie}
    client.force_login(coordinator_fin)
    response = client.post(
        reverse("werk:bewerk", args=[voortgang.pk]), {**formulier, "actie": "bewaar"}, follow=True
    )
    assert "Er was niets gewijzigd." in response.content.decode()
    opgeslagen = Voortgang.objects.get(pk=voortgang.pk)
    assert (opgeslagen.tekst, opgeslagen.versie) == (voortgang.tekst, voortgang.versie)
    # The domain itself, for every caller that is no form.
    _, gewijzigd = tekststappen.bewaar_tekst(
        voortgang, zoals_de_browser, voortgang.status, voortgang.versie, coordinator_fin
    )
    assert not gewijzigd and Voortgang.objects.get(pk=voortgang.pk).versie == voortgang.versie

    client.force_login(redactie)
    bord = reverse("werk:ronde", args=[open_ronde.pk])
    assert voortgang.pk not in {v.pk for v in client.get(bord, {"gewijzigd": "ja"}).context["teksten"]}
    assert voortgang.pk in {v.pk for v in client.get(bord, {"gewijzigd": "nee"}).context["teksten"]}
    goedkeuren = reverse("werk:goedkeuren_meerdere", args=[open_ronde.pk])
    ongewijzigd = client.get(goedkeuren, {"alle": "1", "gewijzigd": "nee"}).context["teksten"]
    assert voortgang.pk in {v.pk for v in ongewijzigd}
    client.post(goedkeuren, {"tekst": [v.pk for v in ongewijzigd]})
    assert Voortgang.objects.get(pk=voortgang.pk).toestand == Voortgang.Toestand.GOEDGEKEURD


def _gepubliceerd_met_crlf_ervoor(open_ronde, redactie):
    """The open round published, and the June text of one of its actions as a browser stored it before
    normalisation (old data): the same text with CRLF line ends."""
    nieuw = _fin_tekst_met_alineas(open_ronde)
    ronde.stel_vast(open_ronde, redactie)
    GepubliceerdeTekst.objects.filter(actie=nieuw.actie).exclude(rapportage=open_ronde).update(
        tekst=nieuw.tekst.replace("\n", "\r\n")
    )
    return nieuw.actie


def test_the_digest_does_not_count_a_text_stored_with_crlf_as_changed(redactie, open_ronde):
    actie = _gepubliceerd_met_crlf_ervoor(open_ronde, redactie)
    assert actie.pk not in wijzigingen(open_ronde.publicaties.get())


def test_the_public_timeline_shows_a_text_stored_with_crlf_as_unchanged(client, redactie, open_ronde):
    actie = _gepubliceerd_met_crlf_ervoor(open_ronde, redactie)
    inhoud = client.get(actie.get_absolute_url()).content.decode()
    assert "Tekst ongewijzigd ten opzichte van Stand van zaken juni 2021." in inhoud


# ---------------------------------------------------------------- the importer


def test_an_annex_row_that_differs_only_in_form_is_not_changed_in_the_import_preview(demodata, bijlage_data):
    rij = next(a for a in bijlage_data["acties"] if a["nummer"] == 41)
    for veld in ("omschrijving", "stand_van_zaken"):
        anders = unicodedata.normalize("NFD", rij[veld]).replace("\n", " \t\r\n")
        assert anders != rij[veld]
        rij[veld] = anders
    assert not unicodedata.is_normalized("NFC", rij["stand_van_zaken"])
    verschil = next(v for v in vergelijk(uit_json(bijlage_data)) if v.nummer == 41)
    assert not verschil.gewijzigd and verschil.velden == {}


# ---------------------------------------------------------------- the data migration

MIGRATIE = "rapportage.migrations.0010_teksten_normaliseren"


class _NamenVanToen:
    """Today's models under the names the migration knew (acties 0012 and moties 0008 renamed them)."""

    def get_model(self, app, naam):
        return apps.get_model(
            app,
            HERNOEMDE_MODELLEN.get(naam, naam),
        )


def test_the_data_migration_normalises_stored_texts_and_counts_them(demodata):
    voortgang = Voortgang.objects.filter(tekst__contains="\n").first()
    goed = voortgang.tekst
    # Stored as a browser sent it before this migration: bypassing the field, as old rows were written.
    Voortgang.objects.filter(pk=voortgang.pk).update(tekst=goed.replace("\n", "\r\n") + "  ")
    Opdracht.objects.filter(nummer=21).update(indieners="Marijnissen\r\nc.s. ")
    normaliseer_opgeslagen = import_module(MIGRATIE).normaliseer_opgeslagen
    assert normaliseer_opgeslagen(_NamenVanToen()) == 2
    assert Voortgang.objects.get(pk=voortgang.pk).tekst == goed
    assert Opdracht.objects.get(nummer=21).indieners == "Marijnissen c.s."
    assert normaliseer_opgeslagen(_NamenVanToen()) == 0
