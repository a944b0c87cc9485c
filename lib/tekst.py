"""Text is text: one normal form for every free text people or annexes write, whichever way it came in.

A browser sends line ends as CRLF, Word pastes decomposed accents and non-breaking spaces at line ends,
an annex has spaces after its last word. None of that is a change a reader sees, so none of it may make
a text "gewijzigd". The model fields here normalise on every save and their form fields on every
submit, so forms, the admin, the importer, management commands and the API all store the same text
and compare like with like.
"""

import re
import unicodedata

from django import forms
from django.db import models

# Control characters (Unicode category Cc) other than the line breaks str.splitlines() already took out.
_STUURTEKEN = re.compile("[\x00-\x1f\x7f-\x9f]")
_REGELEINDE = re.compile(r"\s*\n\s*")


def normaliseer(tekst: str) -> str:
    """The normal form of a free text.

    - Every line end (CRLF, CR, and the other breaks str.splitlines() knows: vertical tab and form
      feed as Word writes a manual break, NEL, U+2028, U+2029) becomes "\\n".
    - A tab becomes one space: the annex has no tab stops, and a browser, a PDF and Word would each
      show it differently; a space is what the reader sees.
    - Other control characters go (NUL, escape, …); they are never visible text.
    - Unicode NFC: an accent typed as one character or as a letter plus a combining mark is the same.
    - No whitespace at the end of a line, and none before or after the text as a whole (so no blank
      lines at the start or end): the same as Django's form fields strip, so a form and a save agree.

    Blank lines inside the text (paragraphs) and spaces inside a line stay as they are.
    """
    regels = (_STUURTEKEN.sub("", regel.replace("\t", " ")) for regel in tekst.splitlines())
    tekst = unicodedata.normalize("NFC", "\n".join(regels))
    return "\n".join(regel.rstrip() for regel in tekst.split("\n")).strip()


def normaliseer_regel(tekst: str) -> str:
    """The normal form of a one-line text (a title, names): normaliseer, with each line break and the
    spaces around it one space."""
    return _REGELEINDE.sub(" ", normaliseer(tekst))


def zelfde_tekst(oud: str | None, nieuw: str | None) -> bool:
    """Whether two texts read the same; for comparing with text stored before normalisation."""
    return normaliseer(oud or "") == normaliseer(nieuw or "")


class TekstInvoer(forms.CharField):
    """A form field for a free text of several lines: its cleaned value is normalised, so has_changed
    and every "unchanged?" comparison after it see the text as it will be stored."""

    normaliseer = staticmethod(normaliseer)

    def to_python(self, value):
        waarde = super().to_python(value)
        return self.normaliseer(waarde) if isinstance(waarde, str) else waarde


class RegelInvoer(TekstInvoer):
    """A form field for a one-line text (normaliseer_regel)."""

    normaliseer = staticmethod(normaliseer_regel)


class _Genormaliseerd:
    """Normalise the value on every save (and on the instance, so that what the history records and the
    caller keeps is what was stored); the form field normalises on submit."""

    normaliseer = staticmethod(normaliseer)
    invoer = TekstInvoer

    def pre_save(self, model_instance, add):
        waarde = super().pre_save(model_instance, add)
        if isinstance(waarde, str):
            waarde = self.normaliseer(waarde)
            setattr(model_instance, self.attname, waarde)
        return waarde

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": self.invoer, **kwargs})


class TekstVeld(_Genormaliseerd, models.TextField):
    """A TextField whose text is always in normal form (normaliseer)."""


class RegelVeld(_Genormaliseerd, models.CharField):
    """A CharField whose text is always one line in normal form (normaliseer_regel)."""

    normaliseer = staticmethod(normaliseer_regel)
    invoer = RegelInvoer
