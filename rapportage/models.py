from django.conf import settings
from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from acties.models import Status
from lib.geschiedenis import Geschiedenis
from lib.vindplaats import kamerstuk_url


class RapportageQuerySet(models.QuerySet):
    def vastgesteld(self):
        """Closed rounds: frozen and public."""
        return self.filter(toestand=Rapportage.Toestand.VASTGESTELD)

    def lopend(self):
        """The round that is running: open or in redactie, not yet closed. There is at most one."""
        return self.exclude(toestand=Rapportage.Toestand.VASTGESTELD)

    def open(self):
        """Rounds in which coordinators still write (not yet 'in redactie')."""
        return self.filter(toestand=Rapportage.Toestand.OPEN)

    def met_aantal_teksten(self):
        # A grouped query drops Meta.ordering, so it is asked for again.
        return self.annotate(aantal_teksten=Count("voortgang")).order_by(*Rapportage._meta.ordering)


class Rapportage(models.Model):
    class Toestand(models.TextChoices):
        OPEN = "open", _("open")
        IN_REDACTIE = "in redactie", _("in redactie")
        VASTGESTELD = "vastgesteld", _("vastgesteld")

    titel = models.CharField(
        _("titel"), max_length=200, unique=True, help_text=_("Bijv. 'Stand van zaken juni 2021'.")
    )
    peildatum = models.DateField(_("peildatum"), help_text=_("De datum waarop de stand van zaken geldt."))
    deadline = models.DateField(
        _("deadline"),
        null=True,
        blank=True,
        help_text=_("Uiterste datum waarop coördinatoren hun teksten indienen."),
    )
    kamerstuk = models.CharField(
        _("Kamerstuk"),
        max_length=100,
        blank=True,
        help_text=_("Vindplaats van de brief met deze bijlage, bijv. '35 510, nr. 60'."),
    )
    briefdatum = models.DateField(
        _("datum van de brief"),
        null=True,
        blank=True,
        help_text=_("De datum van de Kamerbrief waar deze bijlage bij hoort."),
    )
    toestand = models.CharField(
        _("toestand"),
        max_length=20,
        choices=Toestand.choices,
        default=Toestand.OPEN,
        help_text=_(
            "Open: coördinatoren schrijven. In redactie: alleen de redactie. "
            "Vastgesteld: bevroren en openbaar."
        ),
    )
    bijlage_titel = models.CharField(
        _("titel van de bijlage"),
        max_length=300,
        blank=True,
        help_text=_(
            "De kop boven de tabel, zoals de ingelezen bijlage hem had; leeg: de standaardkop van pokvolg."
        ),
    )
    inleiding = models.TextField(
        _("inleiding"),
        max_length=5000,
        blank=True,
        help_text=_("Tekst boven de tabel in de bijlage."),
    )
    bijlage_met_vindplaatsen = models.BooleanField(
        _("vindplaatsen in de bijlage"),
        default=False,
        help_text=_(
            "Een kolom Vindplaatsen in de bijlage (PDF en Word): per actie de Kamerstukken en documenten "
            "die de stand van zaken onderbouwen."
        ),
    )
    vastgesteld_op = models.DateTimeField(_("vastgesteld op"), null=True, blank=True, editable=False)
    bijlage_pdf = models.FileField(
        _("bijlage (PDF)"),
        upload_to="bijlagen/",
        blank=True,
        editable=False,
        help_text=_("De bij vaststelling eenmalig gemaakte bijlage; verandert daarna nooit meer."),
    )
    bijlage_docx = models.FileField(
        _("bijlage (Word)"),
        upload_to="bijlagen/",
        blank=True,
        editable=False,
        help_text=_("Dezelfde bijlage als Word-bestand, tegelijk met de PDF gemaakt en daarna bevroren."),
    )
    history = Geschiedenis()

    objects = RapportageQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapportage")
        verbose_name_plural = _("rapportages")
        ordering = ["-peildatum", "-pk"]

    def __str__(self):
        return self.titel

    def get_absolute_url(self):
        return reverse("rapportage", args=[self.pk])

    @property
    def is_vastgesteld(self):
        return self.toestand == self.Toestand.VASTGESTELD

    @property
    def is_open(self):
        """Coordinators may still write; 'in redactie' only the redactie."""
        return self.toestand == self.Toestand.OPEN

    @property
    def is_in_redactie(self):
        return self.toestand == self.Toestand.IN_REDACTIE

    def kan_naar(self, toestand):
        """The round's state machine: open ⇄ in redactie, either → vastgesteld, vastgesteld → open."""
        return toestand in OVERGANGEN[self.toestand]

    def vorige(self):
        """The latest closed round before this one (by reference date, then by age), or None."""
        return (
            Rapportage.objects.vastgesteld()
            .filter(Q(peildatum__lt=self.peildatum) | Q(peildatum=self.peildatum, pk__lt=self.pk))
            .first()
        )


_T = Rapportage.Toestand
OVERGANGEN = {
    _T.OPEN: (_T.IN_REDACTIE, _T.VASTGESTELD),
    _T.IN_REDACTIE: (_T.OPEN, _T.VASTGESTELD),
    _T.VASTGESTELD: (_T.OPEN,),
}

# Which text of an action is the newest: the round with the latest reference date, then the latest made.
NIEUWSTE_EERST = ("-rapportage__peildatum", "-rapportage_id")


class VoortgangQuerySet(models.QuerySet):
    def gepubliceerd(self):
        """Texts the public may read: those of closed rounds."""
        return self.filter(rapportage__toestand=Rapportage.Toestand.VASTGESTELD)

    def met_knelpunt(self):
        return self.exclude(knelpunt="")

    def lopend(self):
        """Texts of the round that is running (open or in redactie)."""
        return self.exclude(rapportage__toestand=Rapportage.Toestand.VASTGESTELD)

    def onaangeroerd(self):
        """Drafts nobody touched (versie 1): the previous round's text carried over, as in the Word tables."""
        return self.filter(toestand=Voortgang.Toestand.CONCEPT, versie=1)

    def nieuwste_per_actie(self):
        """{actie_id: the newest text of that action} within this queryset."""
        nieuwste = {}
        for v in self.order_by("actie_id", *NIEUWSTE_EERST):
            nieuwste.setdefault(v.actie_id, v)
        return nieuwste


class Voortgang(models.Model):
    class Toestand(models.TextChoices):
        CONCEPT = "concept", _("concept")
        INGEDIEND = "ingediend", _("ingediend")
        TERUGGESTUURD = "teruggestuurd", _("teruggestuurd")
        GOEDGEKEURD = "goedgekeurd", _("goedgekeurd")

    # Texts that wait for a coordinator: they may still change them, and the redactie waits for them.
    BIJ_COORDINATOR = (Toestand.CONCEPT, Toestand.TERUGGESTUURD)

    actie = models.ForeignKey(
        "acties.Actie", verbose_name=_("actie"), on_delete=models.CASCADE, related_name="voortgang"
    )
    rapportage = models.ForeignKey(
        Rapportage, verbose_name=_("rapportage"), on_delete=models.PROTECT, related_name="voortgang"
    )
    tekst = models.TextField(
        _("stand van zaken"),
        max_length=10000,
        blank=True,
        help_text=_("De tekst zoals hij in de bijlage komt."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        help_text=_("Status van de actie op de peildatum."),
    )
    toestand = models.CharField(
        _("toestand"),
        max_length=20,
        choices=Toestand.choices,
        default=Toestand.CONCEPT,
        help_text=_("Waar de tekst staat in het redactieproces."),
    )
    opmerking = models.TextField(
        _("opmerking van de redactie"),
        max_length=2000,
        blank=True,
        help_text=_("Waarom de redactie de tekst terugstuurde."),
    )
    gedeeld_met = models.ForeignKey(
        "self",
        verbose_name=_("gedeeld met"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="delers",
        help_text=_("Deze actie deelt de stand van zaken van een andere actie in dezelfde rapportage."),
    )
    auteur = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wie de tekst het laatst wijzigde."),
    )
    knelpunt = models.TextField(
        _("knelpunt"),
        max_length=2000,
        blank=True,
        help_text=_(
            "Leeg: geen knelpunt. Anders wat de uitvoering hindert, los van de status, bijv. "
            "'vertraging door wetgeving'. Openbaar zodra de ronde is vastgesteld."
        ),
    )
    gewijzigd_op = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    versie = models.PositiveIntegerField(
        _("versie"),
        default=1,
        editable=False,
        help_text=_("Telt elke opslag; voorkomt dat twee mensen elkaars tekst overschrijven."),
    )
    history = Geschiedenis()

    objects = VoortgangQuerySet.as_manager()

    class Meta:
        verbose_name = _("voortgang")
        verbose_name_plural = _("voortgang")
        ordering = ["actie__nummer"]
        constraints = [
            models.UniqueConstraint(fields=["actie", "rapportage"], name="voortgang_uniek_per_rapportage"),
        ]

    def __str__(self):
        return f"{self.actie.nummer} – {self.rapportage}"

    @property
    def label_in_geschiedenis(self):
        return _("tekst van actie %(nummer)s") % {"nummer": self.actie.nummer}

    @property
    def publiek_zichtbaar(self):
        """Whether the public sees this text: only once its round is closed."""
        return self.rapportage.is_vastgesteld


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
        _("vervangen op"), auto_now_add=True, help_text=_("Wanneer de ronde werd heropend.")
    )

    class Meta:
        verbose_name = _("eerdere versie van de bijlage")
        verbose_name_plural = _("eerdere versies van de bijlage")
        ordering = ["-vastgesteld_op", "-pk"]

    def __str__(self):
        return f"{self.rapportage} ({self.vastgesteld_op:%Y-%m-%d})"


class StreefdatumWijziging(models.Model):
    """One change of an action's target date: the log Parliament reads to see how often a date moved."""

    actie = models.ForeignKey(
        "acties.Actie",
        verbose_name=_("actie"),
        on_delete=models.CASCADE,
        related_name="streefdatumwijzigingen",
    )
    van = models.DateField(_("oude streefdatum"), null=True, blank=True, help_text=_("Leeg: er was er geen."))
    naar = models.DateField(
        _("nieuwe streefdatum"), null=True, blank=True, help_text=_("Leeg: de streefdatum is vervallen.")
    )
    reden = models.TextField(_("reden"), max_length=1000, help_text=_("Waarom de streefdatum verandert."))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wie de streefdatum wijzigde."),
    )
    op = models.DateTimeField(_("gewijzigd op"), auto_now_add=True, help_text=_("Wanneer."))
    rapportage = models.ForeignKey(
        Rapportage,
        verbose_name=_("rapportage"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="streefdatumwijzigingen",
        help_text=_("De ronde die liep toen de streefdatum veranderde; leeg als er geen liep."),
    )
    history = Geschiedenis()

    class Meta:
        verbose_name = _("wijziging van de streefdatum")
        verbose_name_plural = _("wijzigingen van de streefdatum")
        ordering = ["op", "pk"]

    def __str__(self):
        return f"{self.actie_id}: {self.van} → {self.naar}"


class VindplaatsQuerySet(models.QuerySet):
    def openbaar(self):
        """Evidence the public sees: of the action itself, or of a text whose round is closed."""
        return self.filter(
            models.Q(voortgang__isnull=True)
            | models.Q(voortgang__rapportage__toestand=Rapportage.Toestand.VASTGESTELD)
        )


class Vindplaats(models.Model):
    """Evidence: a Kamerstuk or an official document, for an action or for one of its status texts."""

    actie = models.ForeignKey(
        "acties.Actie", verbose_name=_("actie"), on_delete=models.CASCADE, related_name="vindplaatsen"
    )
    voortgang = models.ForeignKey(
        Voortgang,
        verbose_name=_("tekst"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="vindplaatsen",
        help_text=_("Leeg: de vindplaats hoort bij de actie; anders bij deze tekst van een ronde."),
    )
    kamerstuk = models.CharField(
        _("Kamerstuk"),
        max_length=30,
        blank=True,
        help_text=_("Dossier- en ondernummer, bijv. 35510-60; leeg als het om een ander document gaat."),
    )
    url = models.URLField(
        _("adres"),
        max_length=500,
        blank=True,
        help_text=_("Een https-adres bij een officiële bron (zie de README); leeg bij een Kamerstuk."),
    )
    titel = models.CharField(
        _("titel"), max_length=300, help_text=_("Waar het document over gaat, bijv. 'Voortgangsbrief'.")
    )
    toegevoegd_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("toegevoegd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    toegevoegd_op = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)
    history = Geschiedenis()

    objects = VindplaatsQuerySet.as_manager()

    class Meta:
        verbose_name = _("vindplaats")
        verbose_name_plural = _("vindplaatsen")
        ordering = ["toegevoegd_op", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(kamerstuk="") & ~models.Q(url=""))
                | (~models.Q(kamerstuk="") & models.Q(url="")),
                name="vindplaats_kamerstuk_of_adres",
                violation_error_message=_("Geef een Kamerstuk of een adres, niet allebei."),
            ),
        ]

    def __str__(self):
        return self.titel

    @property
    def adres(self):
        """Where the evidence is read: the Kamerstuk on officielebekendmakingen.nl, or the address."""
        return kamerstuk_url(self.kamerstuk) if self.kamerstuk else self.url

    @property
    def label_in_geschiedenis(self):
        return _("vindplaats %(titel)s") % {"titel": self.titel}

    @property
    def publiek_zichtbaar(self):
        """The action's own evidence is public at once; a text's once its round is closed."""
        return self.voortgang_id is None or self.voortgang.publiek_zichtbaar
