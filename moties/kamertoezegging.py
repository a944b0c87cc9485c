"""A commitment from the Tweede Kamer's register as a proposal: the daily fetch (moties.ophalen) stores each
new register number of a followed dossier here, open; the redactie accepts it (it becomes an Opdracht of
the kind toezegging) or rejects it (and it is never proposed again). Imported by moties.models."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.geschiedenis import Geschiedenis
from lib.tekst import RegelVeld, TekstVeld


class Voorstelbesluit(models.TextChoices):
    OPEN = "open", _("nog niet beoordeeld")
    AANVAARD = "aanvaard", _("aanvaard")
    AFGEWEZEN = "afgewezen", _("afgewezen")


class Kamertoezegging(models.Model):
    """What the Tweede Kamer's register says about one commitment, and what the redactie decided on it."""

    registernummer = models.CharField(
        _("registernummer"),
        max_length=30,
        unique=True,
        help_text=_("Het nummer in het toezeggingenregister van de Tweede Kamer, bijv. 'TZ202101-088'."),
    )
    toezegging_id = models.CharField(
        _("toezegging-id"), max_length=40, help_text=_("Id (GUID) van de Toezegging in het Gegevensmagazijn.")
    )
    dossier = models.PositiveIntegerField(
        _("Kamerstukdossier"), help_text=_("Het gevolgde dossier waarvoor de toezegging is opgehaald.")
    )
    tekst = TekstVeld(
        _("tekst"), blank=True, help_text=_("Wat er is toegezegd, zoals het register het schrijft.")
    )
    bewindspersoon = RegelVeld(
        _("bewindspersoon"),
        max_length=200,
        blank=True,
        help_text=_("Wie het toezegde (Naam in het register)."),
    )
    functie = RegelVeld(
        _("functie"),
        max_length=200,
        blank=True,
        help_text=_("De functie van de bewindspersoon, bijv. 'Staatssecretaris van Financiën'."),
    )
    ministerie = RegelVeld(
        _("ministerie"),
        max_length=200,
        blank=True,
        help_text=_("Het ministerie zoals het register het noemt."),
    )
    status = models.CharField(
        _("status in het register"),
        max_length=50,
        blank=True,
        help_text=_(
            "Wat het register zegt, bijv. 'Openstaand'; voldaan telt pas met de brief die het nakomt."
        ),
    )
    datum = models.DateField(
        _("datum"), null=True, blank=True, help_text=_("Wanneer de toezegging is gedaan.")
    )
    activiteit = RegelVeld(
        _("activiteit"),
        max_length=500,
        blank=True,
        help_text=_("Het debat of overleg waarin het is toegezegd, bijv. 'Commissiedebat: Hersteloperatie'."),
    )
    datum_nakoming = models.DateField(
        _("datum nakoming"),
        null=True,
        blank=True,
        help_text=_("Wanneer de toezegging nagekomen moet zijn (DatumNakoming)."),
    )
    nakoming = RegelVeld(
        _("brief van nakoming"),
        max_length=300,
        blank=True,
        help_text=_("Titel van de Kamerbrief die de toezegging nakomt; leeg zolang die er niet is."),
    )
    nakoming_kamerstuk = models.CharField(
        _("Kamerstuk van die brief"),
        max_length=30,
        blank=True,
        help_text=_("Dossier- en ondernummer van de brief, bijv. 31066-1071, als het een Kamerstuk is."),
    )
    nakoming_datum = models.DateField(
        _("datum van die brief"), null=True, blank=True, help_text=_("De datum van de brief van nakoming.")
    )
    opgehaald_op = models.DateTimeField(
        _("opgehaald op"), help_text=_("Wanneer dit voor het laatst bij de Tweede Kamer is opgehaald.")
    )
    besluit = models.CharField(
        _("besluit van de redactie"),
        max_length=20,
        choices=Voorstelbesluit.choices,
        default=Voorstelbesluit.OPEN,
        help_text=_(
            "Open tot de redactie de toezegging aanvaardt of afwijst; een afgewezen toezegging wordt niet "
            "opnieuw voorgesteld."
        ),
    )
    opdracht = models.OneToOneField(
        "moties.Opdracht",
        verbose_name=_("toezegging in pokvolg"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="kamertoezegging",
        help_text=_("De opdracht die bij aanvaarden is gemaakt; het dagelijks ophalen houdt haar bij."),
    )
    afgewezen_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afgewezen door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wie van de redactie de toezegging afwees."),
    )
    afgewezen_op = models.DateTimeField(
        _("afgewezen op"), null=True, blank=True, help_text=_("Wanneer de toezegging is afgewezen.")
    )
    afwijsreden = TekstVeld(
        _("reden van afwijzen"),
        max_length=2000,
        blank=True,
        help_text=_("Waarom pokvolg deze toezegging niet volgt, bijv. 'gaat niet over de hersteloperatie'."),
    )
    # Fetching without a change only moves opgehaald_op (an update, no history record).
    history = Geschiedenis(excluded_fields=["opgehaald_op"])

    class Meta:
        verbose_name = _("toezegging uit het Kamerregister")
        verbose_name_plural = _("toezeggingen uit het Kamerregister")
        ordering = ["besluit", "registernummer"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(besluit="aanvaard") | models.Q(opdracht__isnull=False),
                name="kamertoezegging_aanvaard_met_opdracht",
            ),
            models.CheckConstraint(
                condition=~models.Q(besluit="afgewezen") | models.Q(afgewezen_op__isnull=False),
                name="kamertoezegging_afgewezen_met_datum",
            ),
        ]

    def __str__(self):
        return _("Toezegging %(nummer)s uit het Kamerregister") % {"nummer": self.registernummer}

    @property
    def label_in_geschiedenis(self):
        return str(self)

    @property
    def adressaat(self):
        """The member of government as an Opdracht names them: 'De Vries, staatssecretaris van Financiën'."""
        return ", ".join(deel for deel in (self.bewindspersoon, self.functie) if deel)
