"""What a round published: each version (Publicatie), its frozen texts and its earlier annexes."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from acties.models import Status
from lib.geschiedenis import Geschiedenis

from .ronde import NIEUWSTE_EERST, Rapportage, Voortgang


def stand(tekst) -> tuple[str, str, str] | None:
    """What a reader sees of a text, working or published: its words, status and knelpunt (None: no text).
    Two texts with the same stand are the same to the public; anything else is a change."""
    return (tekst.tekst, tekst.status, tekst.knelpunt) if tekst is not None else None


class Publicatie(models.Model):
    """One published version of a round: version 1 when it is first published, n+1 for each correction.

    What the public sees of a round is its latest publication (GepubliceerdeTekst.objects.actueel())."""

    rapportage = models.ForeignKey(
        Rapportage, verbose_name=_("rapportage"), on_delete=models.PROTECT, related_name="publicaties"
    )
    versie = models.PositiveIntegerField(
        _("versie"), help_text=_("1 voor de eerste publicatie, dan oplopend.")
    )
    op = models.DateTimeField(_("gepubliceerd op"), help_text=_("Wanneer deze versie openbaar werd."))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wie deze versie publiceerde; leeg bij een import vanaf de opdrachtregel."),
    )
    reden = models.TextField(
        _("reden"),
        max_length=2000,
        blank=True,
        help_text=_("Waarom deze correctie nodig was; leeg bij de eerste publicatie."),
    )
    inleiding = models.TextField(
        _("inleiding"), max_length=5000, blank=True, help_text=_("De inleiding zoals gepubliceerd.")
    )
    kamerstuk = models.CharField(
        _("Kamerstuk"), max_length=100, blank=True, help_text=_("Het Kamerstuk zoals gepubliceerd.")
    )
    history = Geschiedenis()

    class Meta:
        verbose_name = _("publicatie")
        verbose_name_plural = _("publicaties")
        ordering = ["-op", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["rapportage", "versie"], name="publicatie_versie_uniek"),
        ]

    def __str__(self):
        return f"{self.rapportage} (versie {self.versie})"

    @property
    def is_correctie(self):
        return self.versie > 1


class GepubliceerdeTekstQuerySet(models.QuerySet):
    def actueel(self):
        """The texts of each round's latest publication: what the public reads."""
        return self.filter(versie=models.F("rapportage__publicatieversie"))

    def nieuwste_per_actie(self):
        """{actie_id: the newest text of that action} within this queryset."""
        nieuwste = {}
        for t in self.order_by("actie_id", *NIEUWSTE_EERST):
            nieuwste.setdefault(t.actie_id, t)
        return nieuwste


class GepubliceerdeTekst(models.Model):
    """An action's text, status and knelpunt in one publication of a round, frozen as it was published."""

    publicatie = models.ForeignKey(
        Publicatie, verbose_name=_("publicatie"), on_delete=models.CASCADE, related_name="teksten"
    )
    rapportage = models.ForeignKey(
        Rapportage,
        verbose_name=_("rapportage"),
        on_delete=models.PROTECT,
        related_name="gepubliceerde_teksten",
        help_text=_("De ronde van de publicatie (hier ook, om op peildatum te ordenen zonder omweg)."),
    )
    actie = models.ForeignKey(
        "acties.Actie",
        verbose_name=_("actie"),
        on_delete=models.CASCADE,
        related_name="gepubliceerde_teksten",
    )
    voortgang = models.ForeignKey(
        Voortgang,
        verbose_name=_("tekst in de ronde"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="publicaties",
        help_text=_("De werktekst waarvan dit de gepubliceerde stand is."),
    )
    tekst = models.TextField(_("stand van zaken"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    knelpunt = models.TextField(_("knelpunt"), blank=True)
    gedeeld_met = models.ForeignKey(
        "self",
        verbose_name=_("gedeeld met"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delers",
        help_text=_("De tekst van een andere actie in dezelfde publicatie die deze actie deelt."),
    )
    versie = models.PositiveIntegerField(
        _("versie"),
        help_text=_(
            "De versie van de publicatie (ook hier, zodat de laatste versie van een ronde zonder omweg "
            "gevonden wordt: die leest het publiek)."
        ),
    )

    objects = GepubliceerdeTekstQuerySet.as_manager()

    class Meta:
        verbose_name = _("gepubliceerde tekst")
        verbose_name_plural = _("gepubliceerde teksten")
        ordering = ["actie__nummer"]
        constraints = [
            models.UniqueConstraint(fields=["publicatie", "actie"], name="gepubliceerde_tekst_uniek"),
        ]
        indexes = [
            models.Index(fields=["actie", "versie"], name="gepubliceerde_tekst_versie"),
            # The knelpunt filter reads only the texts with one (openbaar.filters): few among many.
            models.Index(
                fields=["actie"], condition=~models.Q(knelpunt=""), name="gepubliceerde_tekst_knelpunt"
            ),
        ]

    def __str__(self):
        return f"{self.actie_id} – {self.publicatie}"


class BijlageVersie(models.Model):
    """A published annex of a round that was reopened afterwards: it stays downloadable, with its date."""

    rapportage = models.ForeignKey(
        Rapportage, verbose_name=_("rapportage"), on_delete=models.PROTECT, related_name="bijlageversies"
    )
    vastgesteld_op = models.DateTimeField(
        _("vastgesteld op"), help_text=_("Wanneer de ronde met deze versie van de bijlage werd vastgesteld.")
    )
    bijlage_pdf = models.FileField(
        _("bijlage (PDF)"), upload_to="bijlagen/", blank=True, help_text=_("De toen gepubliceerde PDF.")
    )
    bijlage_docx = models.FileField(
        _("bijlage (Word)"),
        upload_to="bijlagen/",
        blank=True,
        help_text=_("Het toen gepubliceerde Word-bestand."),
    )
    vervangen_op = models.DateTimeField(
        _("vervangen op"), auto_now_add=True, help_text=_("Wanneer een correctie deze versie verving.")
    )
    publicatie = models.ForeignKey(
        Publicatie,
        verbose_name=_("publicatie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="bijlagen",
        help_text=_("De versie waarvan dit de bijlage was; leeg bij bijlagen van vóór de publicaties."),
    )

    class Meta:
        verbose_name = _("eerdere versie van de bijlage")
        verbose_name_plural = _("eerdere versies van de bijlage")
        ordering = ["-vastgesteld_op", "-pk"]

    def __str__(self):
        return f"{self.rapportage} ({self.vastgesteld_op:%Y-%m-%d})"
