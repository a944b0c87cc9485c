"""Accountability beside the texts: the target-date log and the evidence (vindplaatsen)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.geschiedenis import Geschiedenis
from lib.tekst import RegelVeld, TekstVeld
from lib.verschil import woordverschil
from lib.vindplaats import kamerstuk_url

from .ronde import Rapportage, Voortgang


class OpenbaarQuerySet(models.QuerySet):
    def openbaar(self):
        """What the public sees: published with its round, or at once when no round ran."""
        return self.filter(gepubliceerd_op__isnull=False)

    def wachtend(self):
        """Entered during a round and not yet published."""
        return self.filter(gepubliceerd_op__isnull=True)


class ActueleVindplaatsen(models.Manager.from_queryset(OpenbaarQuerySet)):
    """Evidence as it stands for those who work on it: without what was removed while a round runs, which
    the public keeps seeing until that round is published (Vindplaats.alle)."""

    def get_queryset(self):
        return super().get_queryset().filter(verwijderd_op__isnull=True)


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
    reden = TekstVeld(_("reden"), max_length=1000, help_text=_("Waarom de streefdatum verandert."))
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
    gepubliceerd_op = models.DateTimeField(
        _("openbaar sinds"),
        null=True,
        blank=True,
        help_text=_(
            "Leeg: wacht op de publicatie van de ronde waarin hij werd gewijzigd; de actie houdt tot dan "
            "haar gepubliceerde streefdatum."
        ),
    )
    history = Geschiedenis()

    objects = OpenbaarQuerySet.as_manager()

    class Meta:
        verbose_name = _("wijziging van de streefdatum")
        verbose_name_plural = _("wijzigingen van de streefdatum")
        ordering = ["op", "pk"]

    def __str__(self):
        return f"{self.actie_id}: {self.van} → {self.naar}"

    @property
    def publiek_zichtbaar(self):
        return self.gepubliceerd_op is not None


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
    titel = RegelVeld(
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
    gepubliceerd_op = models.DateTimeField(
        _("openbaar sinds"),
        null=True,
        blank=True,
        help_text=_("Leeg: wacht op de publicatie van de ronde waarin hij werd toegevoegd."),
    )
    verwijderd_op = models.DateTimeField(
        _("verwijderd op"),
        null=True,
        blank=True,
        help_text=_(
            "Verwijderd terwijl een ronde liep: openbaar tot die ronde gepubliceerd is, dan gaat hij weg."
        ),
    )
    history = Geschiedenis()

    objects = ActueleVindplaatsen()
    alle = OpenbaarQuerySet.as_manager()

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
        return self.gepubliceerd_op is not None


class Correctie(models.Model):
    """A change the redactie made outside a round to words the public already read: an action's
    description or ministries, a motion's dictum or part, an item's text or other data (its source, date,
    addressee, deadline, the cabinet's response). Public at once, with its reason, in the corrections log
    beside the target-date changes."""

    class Wat(models.TextChoices):
        OMSCHRIJVING = "omschrijving", _("omschrijving")
        MINISTERIES = "ministeries", _("ministeries")
        DICTUM = "dictum", _("dictum")
        DEEL = "deel", _("deel van de motie")
        GEGEVENS = "gegevens", _("gegevens")

    actie = models.ForeignKey(
        "acties.Actie",
        verbose_name=_("actie"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="correcties",
        help_text=_("De gecorrigeerde actie; leeg bij een opdracht."),
    )
    opdracht = models.ForeignKey(
        "moties.Opdracht",
        verbose_name=_("opdracht"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="correcties",
        help_text=_("De gecorrigeerde opdracht (motie, toezegging, …); leeg bij een actie."),
    )
    wat = models.CharField(_("wat"), max_length=20, choices=Wat.choices, help_text=_("Welk gegeven."))
    oud = models.TextField(_("was"), blank=True, help_text=_("Zoals het openbaar was."))
    nieuw = models.TextField(_("wordt"), blank=True, help_text=_("Zoals het nu openbaar is."))
    reden = TekstVeld(_("reden"), max_length=2000, help_text=_("Waarom het gecorrigeerd werd."))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wie corrigeerde."),
    )
    op = models.DateTimeField(_("gecorrigeerd op"), auto_now_add=True, help_text=_("Wanneer."))

    class Meta:
        verbose_name = _("correctie buiten een ronde")
        verbose_name_plural = _("correcties buiten een ronde")
        ordering = ["-op", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(actie__isnull=False, opdracht__isnull=True)
                | models.Q(actie__isnull=True, opdracht__isnull=False),
                name="correctie_van_actie_of_motie",
            ),
        ]

    def __str__(self):
        return f"{self.get_wat_display()}: {self.reden[:60]}"

    @property
    def verschil(self):
        return woordverschil(self.oud, self.nieuw)
