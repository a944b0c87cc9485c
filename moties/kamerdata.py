"""What the Tweede Kamer's Gegevensmagazijn says about a motion: its Zaak, the decision and the votes per
party. Written only by the daily fetch (moties.ophalen). Imported by moties.models."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.geschiedenis import Geschiedenis


class Stemsoort(models.TextChoices):
    """The values of Stemming.Soort in the Tweede Kamer's Gegevensmagazijn."""

    VOOR = "Voor", _("voor")
    TEGEN = "Tegen", _("tegen")
    NIET_DEELGENOMEN = "Niet deelgenomen", _("niet deelgenomen")


class Kamerdata(models.Model):
    """What the Tweede Kamer's open data (the Gegevensmagazijn) says about a motion: its Zaak, the
    decision on it and the votes. Written only by `haal_kamerdata` and its daily job (moties.ophalen);
    the history shows when the decision or the cabinet's view changed."""

    opdracht = models.OneToOneField(
        "moties.Opdracht",
        verbose_name=_("motie"),
        on_delete=models.CASCADE,
        related_name="kamerdata",
        help_text=_("De motie in pokvolg waar deze gegevens bij horen."),
    )
    zaak_id = models.CharField(
        _("zaak-id"), max_length=40, help_text=_("Id (GUID) van de Zaak in het Gegevensmagazijn.")
    )
    zaaknummer = models.CharField(
        _("zaaknummer"), max_length=30, blank=True, help_text=_("Nummer van de Zaak, bijv. 2021Z00822.")
    )
    titel = models.CharField(
        _("titel"),
        max_length=500,
        blank=True,
        help_text=_("Titel van de Zaak (meestal die van het dossier)."),
    )
    onderwerp = models.CharField(
        _("onderwerp"),
        max_length=500,
        blank=True,
        help_text=_("Onderwerp van de Zaak: waar de motie over gaat."),
    )
    datum = models.DateField(
        _("datum"),
        null=True,
        blank=True,
        help_text=_("Begindatum van de Zaak (GestartOp): de dag van indienen."),
    )
    kabinetsappreciatie = models.CharField(
        _("kabinetsappreciatie"),
        max_length=100,
        blank=True,
        help_text=_("Het oordeel van het kabinet over de motie, bijv. 'Oordeel Kamer' of 'Ontraden'."),
    )
    afgedaan = models.BooleanField(
        _("afgedaan"),
        null=True,
        blank=True,
        help_text=_("Of de Kamer de Zaak als afgedaan heeft gemarkeerd."),
    )
    besluitsoort = models.CharField(
        _("besluit"),
        max_length=200,
        blank=True,
        help_text=_("Het besluit over de motie (BesluitSoort), bijv. 'Stemmen - aangenomen'."),
    )
    besluittekst = models.TextField(
        _("besluittekst"), blank=True, help_text=_("De tekst van het besluit, bijv. 'Aangenomen.'.")
    )
    stemmingssoort = models.CharField(
        _("soort stemming"),
        max_length=100,
        blank=True,
        help_text=_("Hoe er gestemd is, bijv. 'Met handopsteken' of 'Hoofdelijk'."),
    )
    zetels_voor = models.PositiveSmallIntegerField(
        _("zetels voor"),
        null=True,
        blank=True,
        help_text=_("Zetels van de fracties die voor stemden; leeg zonder stemming."),
    )
    zetels_tegen = models.PositiveSmallIntegerField(
        _("zetels tegen"),
        null=True,
        blank=True,
        help_text=_("Zetels van de fracties die tegen stemden; leeg zonder stemming."),
    )
    opgehaald_op = models.DateTimeField(
        _("opgehaald op"),
        help_text=_("Wanneer deze gegevens voor het laatst bij de Tweede Kamer zijn opgehaald."),
    )
    # Fetching without a change only moves opgehaald_op (an update, no history record).
    history = Geschiedenis(excluded_fields=["opgehaald_op"])

    class Meta:
        verbose_name = _("gegevens van de Tweede Kamer")
        verbose_name_plural = _("gegevens van de Tweede Kamer")
        ordering = ["opdracht"]

    def __str__(self):
        return _("Gegevens van de Tweede Kamer over %(motie)s") % {
            "motie": self.opdracht.label_in_geschiedenis
        }

    @property
    def label_in_geschiedenis(self):
        return _("Kamergegevens van motie %(sleutel)s") % {"sleutel": self.opdracht.sleutel}

    def stemmen_per_soort(self):
        """[(soort, label, seats, votes)] for voor, tegen and niet deelgenomen, leaving out empty ones."""
        stemmen = list(self.stemmen.all())
        groepen = []
        for soort in Stemsoort:
            deze = sorted((s for s in stemmen if s.soort == soort), key=lambda s: (-s.zetels, s.fractie))
            if deze:
                groepen.append((soort.value, soort.label, sum(s.zetels for s in deze), deze))
        return groepen


class Fractiestem(models.Model):
    """One Stemming record: how a party voted on a motion (or, in a roll-call vote, one member)."""

    kamerdata = models.ForeignKey(
        Kamerdata,
        verbose_name=_("gegevens van de Tweede Kamer"),
        on_delete=models.CASCADE,
        related_name="stemmen",
        help_text=_("De motie-gegevens waar deze stem bij hoort."),
    )
    fractie = models.CharField(
        _("fractie"), max_length=200, help_text=_("De fractie (ActorFractie), bijv. 'SP'.")
    )
    naam = models.CharField(
        _("naam"),
        max_length=200,
        blank=True,
        help_text=_("Wie stemde (ActorNaam): de fractie, of bij een hoofdelijke stemming het Kamerlid."),
    )
    soort = models.CharField(
        _("stem"), max_length=20, choices=Stemsoort.choices, help_text=_("Voor, tegen of niet deelgenomen.")
    )
    zetels = models.PositiveSmallIntegerField(
        _("zetels"), help_text=_("Zetels van de fractie (FractieGrootte); 1 bij een hoofdelijke stemming.")
    )
    vergissing = models.BooleanField(
        _("vergissing"),
        default=False,
        help_text=_("De fractie heeft verklaard zich bij deze stem te hebben vergist."),
    )
    volgorde = models.PositiveSmallIntegerField(
        _("volgorde"), default=0, help_text=_("Volgorde in het antwoord van de Tweede Kamer.")
    )

    class Meta:
        verbose_name = _("stem van een fractie")
        verbose_name_plural = _("stemmen van fracties")
        ordering = ["kamerdata", "volgorde"]

    def __str__(self):
        return f"{self.fractie}: {self.get_soort_display()} ({self.zetels})"
