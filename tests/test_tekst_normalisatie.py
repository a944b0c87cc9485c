"""Text is text: a CRLF, a trailing space or a decomposed accent is never a change (lib.tekst)."""

import unicodedata

import pytest
from hypothesis import given
from hypothesis import strategies as st

from acties.models import Actie
from lib.geschiedenis import versies
from lib.tekst import normaliseer, normaliseer_regel
from lib.verschil import woordverschil

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


teksten = st.text(
    alphabet=st.sampled_from("ab é.-\r\n\t\x00\x0b\x0c\x1c\x7f\x85\xa0\u0301\u0327\u2000\u2028\u2029")
    | st.characters(),
)


def _stuurteken(teken):
    return unicodedata.category(teken) == "Cc" and teken != "\n"


@given(teksten)
def test_normaliseer_is_idempotent(tekst):
    assert normaliseer(normaliseer(tekst)) == normaliseer(tekst)
    assert normaliseer_regel(normaliseer_regel(tekst)) == normaliseer_regel(tekst)


@given(teksten)
def test_normal_form_has_only_newlines_nfc_and_no_edge_whitespace(tekst):
    uit = normaliseer(tekst)
    assert unicodedata.is_normalized("NFC", uit)
    assert not any(_stuurteken(t) for t in uit)
    assert uit.splitlines() == uit.split("\n") or uit == ""
    assert all(regel == regel.rstrip() for regel in uit.split("\n"))
    assert uit == uit.strip()
    assert "\n" not in normaliseer_regel(tekst)


@given(teksten)
def test_normaliseer_keeps_every_visible_character_in_order(tekst):
    def zichtbaar(t):
        return unicodedata.normalize("NFD", "".join(c for c in t if not c.isspace() and not _stuurteken(c)))

    assert zichtbaar(normaliseer(tekst)) == zichtbaar(tekst)


def test_a_word_diff_of_texts_that_differ_only_in_form_marks_nothing():
    assert woordverschil("Eerste.\r\nTweede  \r\n", "Eerste.\nTweede") == "Eerste.\nTweede"
    assert "<del>" not in woordverschil("financie\u0308le steun", "financiële steun")


# ---------------------------------------------------------------- history


def test_the_history_does_not_list_a_text_that_differs_only_in_form(demodata):
    actie = Actie.objects.get(nummer=41)
    # As stored before normalisation: the same description with CRLF line ends.
    actie.history.update(omschrijving=actie.omschrijving.replace("\n", "\r\n"))
    actie.status = "afgerond"
    actie.save()
    nieuwste = versies(actie.history.all())[0]
    assert [w["veld"] for w in nieuwste["wijzigingen"]] == ["status"]
