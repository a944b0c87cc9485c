"""The half-yearly reminder (rappel): on a date the redactie sets, each ministry's coordinators get the
items over their deadline or due within six months (actions, indicator targets and the register's items
addressed to them), and answer per item with a new date or a document. A register item's moved deadline
goes into its own log (UitersteDatumWijziging)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.geschiedenis import Geschiedenis
from lib.tekst import RegelVeld, TekstVeld
from lib.vindplaats import kamerstuk_url


class RappelQuerySet(models.QuerySet):
    def verstuurd(self):
        return self.filter(verstuurd_op__isnull=False)

    def gepland(self):
        return self.filter(verstuurd_op__isnull=True)


class Rappel(models.Model):
    """One reminder: planned for a date, sent on (or from) that date, once."""

    datum = models.DateField(
        _("datum"),
        unique=True,
        help_text=_("Wanneer de rappel uitgaat; de lijst telt zes maanden vanaf deze dag."),
    )
    verstuurd_op = models.DateTimeField(
        _("verstuurd op"), null=True, blank=True, help_text=_("Leeg: nog niet verstuurd.")
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gepland door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wie van de redactie de rappel plande; leeg als pokvolg de volgende zelf plande."),
    )
    pdf = models.FileField(
        _("overzicht (PDF)"),
        upload_to="rappel/",
        blank=True,
        help_text=_("Het overzicht per ministerie zoals het was toen de PDF werd gemaakt."),
    )
    pdf_gemaakt_op = models.DateTimeField(
        _("PDF gemaakt op"), null=True, blank=True, help_text=_("Wanneer de PDF werd gemaakt.")
    )
    history = Geschiedenis()

    objects = RappelQuerySet.as_manager()

    class Meta:
        verbose_name = _("rappel")
        verbose_name_plural = _("rappels")
        ordering = ["-datum"]

    def __str__(self):
        return f"Rappel {self.datum:%d-%m-%Y}"

    @property
    def is_verstuurd(self):
        return self.verstuurd_op is not None


class RappelPunt(models.Model):
    """One item a ministry was asked about, as it stood when the rappel went out, and its answer."""

    class Soort(models.TextChoices):
        TE_LAAT = "te-laat", _("over de streefdatum")
        BINNENKORT = "binnenkort", _("binnen zes maanden")

    rappel = models.ForeignKey(
        Rappel, verbose_name=_("rappel"), on_delete=models.CASCADE, related_name="punten"
    )
    ministerie = models.ForeignKey(
        "acties.Ministerie",
        verbose_name=_("ministerie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_(
            "Het eerstverantwoordelijke ministerie, dat het antwoord geeft; leeg bij een opdracht zonder "
            "ministerie, die alleen de redactie in het overzicht ziet."
        ),
    )
    actie = models.ForeignKey(
        "acties.Actie",
        verbose_name=_("actie"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("De actie met een streefdatum; leeg bij een doel of een opdracht."),
    )
    doel = models.ForeignKey(
        "indicatoren.Doel",
        verbose_name=_("doel"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_(
            "Het doel van een indicator dat niet op schema ligt; leeg bij een actie of een opdracht."
        ),
    )
    opdracht = models.ForeignKey(
        "moties.Opdracht",
        verbose_name=_("opdracht"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_(
            "De toezegging, belofte, motie of aanbeveling over of binnenkort aan haar uiterste datum; leeg "
            "bij een actie of een doel."
        ),
    )
    soort = models.CharField(
        _("soort"), max_length=20, choices=Soort.choices, help_text=_("Te laat, of binnenkort aan de beurt.")
    )
    streefdatum = models.DateField(
        _("streefdatum"), help_text=_("De datum zoals die gold bij het versturen.")
    )
    omschrijving = RegelVeld(
        _("omschrijving"), max_length=300, help_text=_("Waar het om gaat, kort, zoals in de e-mail.")
    )
    oordeel = RegelVeld(
        _("oordeel"), max_length=300, blank=True, help_text=_("Bij een doel: waarom het niet op schema ligt.")
    )
    nieuwe_datum = models.DateField(
        _("nieuwe verwachte datum"),
        null=True,
        blank=True,
        help_text=_("Het antwoord: wanneer het nu verwacht wordt."),
    )
    reden = TekstVeld(_("reden"), max_length=1000, blank=True, help_text=_("Waarom de datum verschuift."))
    titel = RegelVeld(
        _("titel van het document"), max_length=300, blank=True, help_text=_("Het document dat het afrondde.")
    )
    kamerstuk = models.CharField(
        _("Kamerstuk"), max_length=30, blank=True, help_text=_("Dossier- en ondernummer, bijv. 35510-60.")
    )
    url = models.URLField(
        _("adres"), max_length=500, blank=True, help_text=_("Een https-adres bij een officiële bron.")
    )
    beantwoord_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beantwoord door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wie van het ministerie antwoordde."),
    )
    beantwoord_op = models.DateTimeField(
        _("beantwoord op"), null=True, blank=True, help_text=_("Leeg: nog geen antwoord.")
    )
    beoordeeld_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_(
            "Wie van de redactie over het voorstel besliste: het document als vervulling van de opdracht, "
            "of de nieuwe datum als verschoven doel."
        ),
    )
    beoordeeld_op = models.DateTimeField(
        _("beoordeeld op"), null=True, blank=True, help_text=_("Leeg: de redactie besliste (nog) niet.")
    )
    afwijsreden = TekstVeld(
        _("reden van afwijzing"),
        max_length=1000,
        blank=True,
        help_text=_("Waarom de redactie het voorstel niet overnam; leeg als ze het overnam."),
    )
    history = Geschiedenis()

    class Meta:
        verbose_name = _("punt van een rappel")
        verbose_name_plural = _("punten van een rappel")
        ordering = ["ministerie__afkorting", "streefdatum", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actie__isnull=False, doel__isnull=True, opdracht__isnull=True)
                | models.Q(actie__isnull=True, doel__isnull=False, opdracht__isnull=True)
                | models.Q(actie__isnull=True, doel__isnull=True, opdracht__isnull=False),
                name="rappelpunt_actie_doel_of_opdracht",
            ),
            # Actions and targets always have a lead ministry to ask; only a register item may have none.
            models.CheckConstraint(
                condition=models.Q(ministerie__isnull=False) | models.Q(opdracht__isnull=False),
                name="rappelpunt_ministerie_behalve_bij_opdracht",
            ),
        ]

    def __str__(self):
        return self.omschrijving

    @property
    def is_beantwoord(self):
        return self.beantwoord_op is not None

    @property
    def adres(self):
        return kamerstuk_url(self.kamerstuk) if self.kamerstuk else self.url

    @property
    def is_overgenomen(self):
        return self.beoordeeld_op is not None and not self.afwijsreden

    @property
    def is_afgewezen(self):
        return self.beoordeeld_op is not None and bool(self.afwijsreden)

    @property
    def wacht_op_redactie(self):
        """Answered with what only the redactie can make true: a document that would fulfil a register
        item, or a new date for an indicator target (a target is a promise with its own source)."""
        if not self.is_beantwoord or self.beoordeeld_op is not None:
            return False
        return bool(self.opdracht_id and self.titel) or bool(self.doel_id and self.nieuwe_datum)


class UitersteDatumWijziging(models.Model):
    """One move of a register item's deadline (Opdracht.uiterste_datum), as a ministry answered a rappel:
    the log beside an action's StreefdatumWijziging. Public at once, as the deadline it moves is: the
    register is not part of a round, so no round's publication waits for it."""

    opdracht = models.ForeignKey(
        "moties.Opdracht",
        verbose_name=_("opdracht"),
        on_delete=models.CASCADE,
        related_name="datumwijzigingen",
        help_text=_("De toezegging, belofte, motie of aanbeveling waarvan de uiterste datum verschoof."),
    )
    van = models.DateField(_("oude uiterste datum"), help_text=_("De uiterste datum tot de wijziging."))
    naar = models.DateField(_("nieuwe uiterste datum"), help_text=_("De nieuwe verwachte datum."))
    reden = TekstVeld(_("reden"), max_length=1000, help_text=_("Waarom de datum verschuift."))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wie de datum verschoof."),
    )
    op = models.DateTimeField(_("gewijzigd op"), auto_now_add=True, help_text=_("Wanneer."))
    rappelpunt = models.ForeignKey(
        RappelPunt,
        verbose_name=_("antwoord op de rappel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Het punt van de rappel waarop het ministerie deze datum gaf."),
    )
    history = Geschiedenis()

    class Meta:
        verbose_name = _("wijziging van de uiterste datum")
        verbose_name_plural = _("wijzigingen van de uiterste datum")
        ordering = ["op", "pk"]

    def __str__(self):
        return f"{self.opdracht_id}: {self.van} → {self.naar}"
