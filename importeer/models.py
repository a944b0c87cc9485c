import uuid
from pathlib import Path

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def _opslagpad(instance, filename):
    # The uploaded file name is never used: it is user input. The view names the file after what its bytes
    # are (forms.OPSLAGNAAM), and that extension is kept: .pdf or .docx.
    return f"importen/{uuid.uuid4().hex}{Path(filename).suffix}"


class Import(models.Model):
    """An uploaded annex PDF, its parse result, and whether it was applied.

    The upload stores the PDF with an empty ``bijlage`` ({}); the background job of importeer/taken.py
    fills it. Until then (and for good when the PDF could not be read) the import has nothing to preview
    or apply: see ``is_gelezen``.
    """

    bestand = models.FileField(
        _("bestand"), upload_to=_opslagpad, help_text=_("De geüploade PDF, buiten de webroot bewaard.")
    )
    bestandsnaam = models.CharField(
        _("oorspronkelijke bestandsnaam"),
        max_length=255,
        blank=True,
        help_text=_("Alleen ter herkenning getoond; niet gebruikt om op te slaan."),
    )
    bijlage = models.JSONField(
        _("gelezen bijlage"), help_text=_("Wat de parser uit de PDF las (annex-JSON).")
    )
    waarschuwingen = models.JSONField(_("waarschuwingen"), default=list, blank=True)
    rapportage_titel = models.CharField(_("rapportage"), max_length=200, help_text=_("Titel van de ronde."))
    peildatum = models.DateField(_("peildatum"))
    kamerstuk = models.CharField(_("Kamerstuk"), max_length=100, blank=True)
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geüpload door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    aangemaakt_op = models.DateTimeField(_("geüpload op"), auto_now_add=True)
    toegepast_op = models.DateTimeField(_("toegepast op"), null=True, blank=True)
    rapportage = models.ForeignKey(
        "rapportage.Rapportage",
        verbose_name=_("rapportage"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("De ronde die bij toepassen ontstond of werd bijgewerkt."),
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-aangemaakt_op"]

    def __str__(self):
        return f"Import {self.pk} ({self.bestandsnaam})"

    @property
    def is_gelezen(self):
        """Whether the parser has read the PDF; an annex read from a PDF is never empty."""
        return bool(self.bijlage)

    @property
    def reden(self):
        """The history change reason of everything this import writes."""
        return f"Import {self.pk} van {self.bestandsnaam or 'bijlage'}"
