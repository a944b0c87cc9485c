"""Indicators with targets: what a promise says in numbers (a target with its date and the letter that
promised it) and what was measured. A moved target is a new target that replaces the earlier one, which
stays as "eerder beloofd". The redactie enters them through indicatoren.beheer; a coordinator enters the
measurements of the actions their ministry leads while a round is open. A measurement entered while a
round runs is public with that round's publication, like every other input of a round."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from lib.geschiedenis import Geschiedenis
from lib.tekst import RegelVeld, TekstVeld
from lib.vindplaats import kamerstuk_aanhaling, kamerstuk_url

WAARDE = {"max_digits": 14, "decimal_places": 2}


class MetBron(models.Model):
    """Where a figure comes from: a description, and at most one of a Kamerstuk or an official address."""

    bron = RegelVeld(
        _("bron"),
        max_length=300,
        help_text=_(
            "Het document, zoals een lezer het kan vinden, bijv. 'Bijlage bij de brief van 29 juni 2021'."
        ),
    )
    kamerstuk = models.CharField(
        _("Kamerstuk"),
        max_length=30,
        blank=True,
        help_text=_("Dossier- en ondernummer, bijv. 35510-60; leeg als er geen is of bij een adres."),
    )
    url = models.URLField(
        _("adres"),
        max_length=500,
        blank=True,
        help_text=_("Een https-adres bij een officiële bron (zie de README); leeg bij een Kamerstuk."),
    )

    class Meta:
        abstract = True

    @property
    def adres(self):
        """Where the source is read, or '' when only its description is known."""
        return kamerstuk_url(self.kamerstuk) if self.kamerstuk else self.url

    @property
    def aanhaling(self):
        return kamerstuk_aanhaling(self.kamerstuk) if self.kamerstuk else ""


class Indicator(models.Model):
    actie = models.ForeignKey(
        "acties.Actie",
        verbose_name=_("actie"),
        on_delete=models.PROTECT,
        related_name="indicatoren",
        help_text=_("De actie waarvan deze indicator de voortgang in cijfers volgt."),
    )
    thema = models.ForeignKey(
        "acties.Thema",
        verbose_name=_("thema"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicatoren",
        help_text=_("Alleen als de indicator een heel thema volgt; leeg als hij bij de actie hoort."),
    )
    naam = RegelVeld(
        _("naam"),
        max_length=200,
        help_text=_("Kort en in gewone woorden, bijv. 'Integrale beoordelingen afgerond'."),
    )
    eenheid = RegelVeld(
        _("eenheid"), max_length=30, help_text=_("Waarin gemeten wordt: '%' of een woord als 'ouders'.")
    )
    wat_telt = TekstVeld(
        _("wat telt"),
        max_length=2000,
        help_text=_("Wat precies geteld wordt en waartegen, zodat een lezer het getal kan plaatsen."),
    )
    basis_waarde = models.DecimalField(
        _("basiswaarde"),
        null=True,
        blank=True,
        help_text=_("De waarde bij de start; leeg als de bronnen haar niet noemen."),
        **WAARDE,
    )
    basis_datum = models.DateField(
        _("basisdatum"), null=True, blank=True, help_text=_("Op welke datum de basiswaarde gold.")
    )
    basis_bron = RegelVeld(
        _("bron van de basiswaarde"),
        max_length=300,
        blank=True,
        help_text=_("Het document dat de basiswaarde noemt."),
    )
    history = Geschiedenis()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicatoren")
        ordering = ["actie__nummer", "naam", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(basis_waarde__isnull=True, basis_datum__isnull=True, basis_bron="")
                    | (
                        models.Q(basis_waarde__isnull=False, basis_datum__isnull=False)
                        & ~models.Q(basis_bron="")
                    )
                ),
                name="indicator_basis_heel_of_leeg",
                violation_error_message=_(
                    "Geef van de basiswaarde de waarde, de datum en de bron, of geen van drieën."
                ),
            ),
        ]

    def __str__(self):
        return self.naam

    def get_absolute_url(self):
        return reverse("indicator", args=[self.pk])


class Doel(MetBron):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="doelen"
    )
    waarde = models.DecimalField(
        _("doelwaarde"), help_text=_("De beloofde waarde, in de eenheid van de indicator."), **WAARDE
    )
    datum = models.DateField(
        _("doeldatum"),
        help_text=_(
            "Wanneer de waarde bereikt moet zijn; bij een periode de laatste dag (Q1 2025 → 31 maart 2025)."
        ),
    )
    toelichting = TekstVeld(
        _("toelichting"),
        max_length=2000,
        blank=True,
        help_text=_("Wat de bron er verder over zegt, letterlijk aangehaald; leeg als er niets bij hoort."),
    )
    vervangt = models.OneToOneField(
        "self",
        verbose_name=_("vervangt"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="vervangen_door",
        help_text=_(
            "Het eerdere doel dat deze belofte verschuift; dat blijft zichtbaar als 'eerder beloofd'."
        ),
    )
    history = Geschiedenis()

    class Meta:
        verbose_name = _("doel")
        verbose_name_plural = _("doelen")
        ordering = ["datum", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kamerstuk="") | models.Q(url=""),
                name="doel_kamerstuk_of_adres",
                violation_error_message=_("Geef een Kamerstuk of een adres, niet allebei."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.waarde} {self.indicator.eenheid} op {self.datum:%d-%m-%Y}"


class MetingQuerySet(models.QuerySet):
    def openbaar(self):
        """What the public reads: entered outside a round, or before the latest publication of the round
        that ran (a correction's new measurements wait for the correction's publication)."""
        return self.filter(
            models.Q(rapportage__isnull=True)
            | models.Q(rapportage__vastgesteld_op__gte=models.F("ingevoerd_op"))
        )


class Meting(MetBron):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="metingen"
    )
    waarde = models.DecimalField(
        _("waarde"), help_text=_("Wat gemeten is, in de eenheid van de indicator."), **WAARDE
    )
    meetdatum = models.DateField(
        _("meetdatum"), help_text=_("Tot wanneer de cijfers lopen ('cijfers tot april 2023' → 1 april 2023).")
    )
    ingevoerd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingevoerd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wie de meting invoerde; leeg bij de demodata."),
    )
    ingevoerd_op = models.DateTimeField(_("ingevoerd op"), auto_now_add=True)
    rapportage = models.ForeignKey(
        "rapportage.Rapportage",
        verbose_name=_("ronde"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="metingen",
        help_text=_(
            "De ronde die liep toen de meting werd ingevoerd: openbaar als die ronde gepubliceerd is. Leeg: "
            "ingevoerd buiten een ronde, meteen openbaar."
        ),
    )
    history = Geschiedenis()

    objects = MetingQuerySet.as_manager()

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["meetdatum", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "meetdatum"], name="meting_een_per_datum"),
            models.CheckConstraint(
                condition=models.Q(kamerstuk="") | models.Q(url=""),
                name="meting_kamerstuk_of_adres",
                violation_error_message=_("Geef een Kamerstuk of een adres, niet allebei."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.waarde} {self.indicator.eenheid} op {self.meetdatum:%d-%m-%Y}"
