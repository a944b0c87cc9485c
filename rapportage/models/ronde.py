"""A round (Rapportage) and its working texts (Voortgang)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from acties.models import Status
from lib.geschiedenis import Geschiedenis
from lib.tekst import RegelVeld, TekstVeld


class RapportageQuerySet(models.QuerySet):
    def vastgesteld(self):
        """Closed rounds: frozen. Whether the public sees a round is `gepubliceerd`, not this."""
        return self.filter(toestand=Rapportage.Toestand.VASTGESTELD)

    def gepubliceerd(self):
        """Rounds published at least once: the public sees their latest publication, also while a
        correction is under way."""
        return self.filter(publicatieversie__gt=0)

    def lopend(self):
        """The round that is running: open or in redactie, not yet closed. There is at most one."""
        return self.exclude(toestand=Rapportage.Toestand.VASTGESTELD)

    def open(self):
        """Rounds in which coordinators still write (not yet 'in redactie')."""
        return self.filter(toestand=Rapportage.Toestand.OPEN)


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
    bijlage_titel = RegelVeld(
        _("titel van de bijlage"),
        max_length=300,
        blank=True,
        help_text=_(
            "De kop boven de tabel, zoals de ingelezen bijlage hem had; leeg: de standaardkop van pokvolg."
        ),
    )
    inleiding = TekstVeld(
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
    vastgesteld_op = models.DateTimeField(
        _("vastgesteld op"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Wanneer de laatste versie werd gepubliceerd; blijft staan tijdens een correctie."),
    )
    publicatieversie = models.PositiveIntegerField(
        _("publicatieversie"),
        default=0,
        editable=False,
        help_text=_("Het nummer van de laatste publicatie van deze ronde; 0: nooit gepubliceerd."),
    )
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
    def is_gepubliceerd(self):
        """The public sees this round (its latest publication), whatever its state now."""
        return self.publicatieversie > 0

    @property
    def is_in_correctie(self):
        """Published and reopened: the public keeps seeing the last publication until the next one."""
        return self.is_gepubliceerd and not self.is_vastgesteld

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
        """The latest published round before this one (by reference date, then by age), or None."""
        return (
            Rapportage.objects.gepubliceerd()
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
    def met_knelpunt(self):
        return self.exclude(knelpunt="")

    def lopend(self):
        """Texts of the round that is running (open or in redactie)."""
        return self.exclude(rapportage__toestand=Rapportage.Toestand.VASTGESTELD)

    def onaangeroerd(self):
        """Drafts nobody touched (versie 1): the previous round's text carried over, as in the Word tables."""
        return self.filter(Voortgang.ONAANGEROERD)

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
    # A draft nobody touched (VoortgangQuerySet.onaangeroerd), as a condition to exclude or annotate with.
    ONAANGEROERD = models.Q(toestand=Toestand.CONCEPT, versie=1)

    actie = models.ForeignKey(
        "acties.Actie", verbose_name=_("actie"), on_delete=models.CASCADE, related_name="voortgang"
    )
    rapportage = models.ForeignKey(
        Rapportage, verbose_name=_("rapportage"), on_delete=models.PROTECT, related_name="voortgang"
    )
    tekst = TekstVeld(
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
    opmerking = TekstVeld(
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
    knelpunt = TekstVeld(
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

    # The public never reads a working text: it reads GepubliceerdeTekst, made when the round is published.
    publiek_zichtbaar = False


class Rondeplanning(models.Model):
    """The next round as the redactie expects it, set between rounds so that coordinators know when they
    will write. At most one; opening a round takes its title and deadline as a start and removes it."""

    opent_op = models.DateField(
        _("opent naar verwachting op"), help_text=_("Wanneer de redactie de volgende ronde wil openen.")
    )
    deadline = models.DateField(
        _("deadline"), help_text=_("Wanneer de teksten naar verwachting bij de redactie moeten zijn.")
    )
    titel = RegelVeld(
        _("titel"), max_length=200, blank=True, help_text=_("Optioneel, bijv. 'Stand van zaken juni 2022'.")
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wie van de redactie de ronde plande."),
    )
    history = Geschiedenis()

    class Meta:
        verbose_name = _("planning van de volgende ronde")
        verbose_name_plural = _("planning van de volgende ronde")
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("opent_op")), name="planning_deadline_na_opening"
            ),
        ]

    def __str__(self):
        return str(self.opent_op)
