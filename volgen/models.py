"""Who follows what by e-mail, without an account.

Only what the digests need is stored: the address (Volger) and what it follows (Abonnement), with when
each was asked for and confirmed (the proof of consent). A request that is not confirmed within the
life of its link (volgen.tokens) is deleted (volgen.taken.ruim_op), and so is an address that then
follows nothing. Unsubscribing deletes the address and, with it, everything it follows. Verzending
records that a round's digest went out (no addresses), so that it never goes out twice.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Volger(models.Model):
    email = models.EmailField(
        _("e-mailadres"),
        max_length=254,
        help_text=_("Waar de overzichten heen gaan. Wordt verwijderd zodra de volger zich afmeldt."),
    )

    class Meta:
        verbose_name = _("volger")
        verbose_name_plural = _("volgers")
        ordering = ["email"]
        constraints = [
            # One row per address, however it is capitalised.
            models.UniqueConstraint(Lower("email"), name="volger_uniek_adres"),
        ]

    def __str__(self):
        return self.email


class Soort(models.TextChoices):
    ACTIE = "actie", _("actie")
    THEMA = "thema", _("thema")
    MOTIE = "motie", _("motie")
    MINISTERIE = "ministerie", _("ministerie")
    LIJST = "lijst", _("selectie uit de lijst")


# The field that holds what a subscription of each kind follows.
VELD_PER_SOORT = {
    Soort.ACTIE: "actie",
    Soort.THEMA: "thema",
    Soort.MOTIE: "opdracht",
    Soort.MINISTERIE: "ministerie",
    Soort.LIJST: "filter",
}


def _precies_een(soort):
    """The check that a subscription of this kind fills its own field and no other."""
    voorwaarde = Q(soort=soort)
    for andere, veld in VELD_PER_SOORT.items():
        if veld != "filter":
            voorwaarde &= Q(**{f"{veld}__isnull": andere != soort})
    if soort != Soort.LIJST:
        voorwaarde &= Q(filter="")
    return voorwaarde


class AbonnementQuerySet(models.QuerySet):
    def bevestigd(self):
        return self.filter(bevestigd_op__isnull=False)


class Abonnement(models.Model):
    volger = models.ForeignKey(
        Volger,
        verbose_name=_("volger"),
        on_delete=models.CASCADE,
        related_name="abonnementen",
        help_text=_("Het adres dat dit volgt; afmelden verwijdert het met al zijn abonnementen."),
    )
    soort = models.CharField(
        _("soort"),
        max_length=20,
        choices=Soort.choices,
        help_text=_(
            "Wat er gevolgd wordt: een actie, thema, motie, ministerie of een selectie uit de lijst."
        ),
    )
    actie = models.ForeignKey(
        "acties.Actie",
        verbose_name=_("actie"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("De gevolgde actie (alleen bij soort 'actie')."),
    )
    thema = models.ForeignKey(
        "acties.Thema",
        verbose_name=_("thema"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Het gevolgde thema of subthema, met alle acties erin (alleen bij soort 'thema')."),
    )
    opdracht = models.ForeignKey(
        "moties.Opdracht",
        verbose_name=_("opdracht"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_(
            "De gevolgde motie, toezegging of aanbeveling, met de acties die haar uitvoeren "
            "(alleen bij soort 'motie')."
        ),
    )
    ministerie = models.ForeignKey(
        "acties.Ministerie",
        verbose_name=_("ministerie"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_(
            "Het gevolgde ministerie, met de acties waarbij het betrokken is (alleen bij 'ministerie')."
        ),
    )
    filter = models.CharField(
        _("filter"),
        max_length=1000,
        blank=True,
        help_text=_(
            "De filters van de actielijst als querystring, bijv. 'status=vertraagd&thema=herstel' "
            "(alleen bij soort 'lijst'; leeg is de hele lijst)."
        ),
    )
    aangevraagd_op = models.DateTimeField(
        _("aangevraagd op"),
        default=timezone.now,
        help_text=_("Wanneer om de (laatste) bevestigingsmail werd gevraagd."),
    )
    bevestigd_op = models.DateTimeField(
        _("bevestigd op"),
        null=True,
        blank=True,
        help_text=_(
            "Wanneer de volger dit met de link in de bevestigingsmail bevestigde; leeg: nog niet bevestigd "
            "(geen overzichten, en verwijderd zodra de link verlopen is)."
        ),
    )

    objects = AbonnementQuerySet.as_manager()

    class Meta:
        verbose_name = _("abonnement")
        verbose_name_plural = _("abonnementen")
        ordering = ["volger", "soort", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=_precies_een(Soort.ACTIE)
                | _precies_een(Soort.THEMA)
                | _precies_een(Soort.MOTIE)
                | _precies_een(Soort.MINISTERIE)
                | _precies_een(Soort.LIJST),
                name="abonnement_volgt_een_ding",
            ),
            models.UniqueConstraint(
                fields=["volger", "actie"], condition=Q(soort="actie"), name="abonnement_uniek_actie"
            ),
            models.UniqueConstraint(
                fields=["volger", "thema"], condition=Q(soort="thema"), name="abonnement_uniek_thema"
            ),
            models.UniqueConstraint(
                fields=["volger", "opdracht"], condition=Q(soort="motie"), name="abonnement_uniek_motie"
            ),
            models.UniqueConstraint(
                fields=["volger", "ministerie"],
                condition=Q(soort="ministerie"),
                name="abonnement_uniek_ministerie",
            ),
            models.UniqueConstraint(
                fields=["volger", "filter"], condition=Q(soort="lijst"), name="abonnement_uniek_lijst"
            ),
        ]

    def __str__(self):
        return f"{self.volger} – {self.get_soort_display()}"


class Verzending(models.Model):
    """That the digest of a publication was queued: at most once per publication (the unique key is the
    lock). A correction is a publication of its own, with a digest of what it corrected."""

    rapportage = models.ForeignKey(
        "rapportage.Rapportage",
        verbose_name=_("rapportage"),
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("De gepubliceerde ronde waarover het overzicht ging."),
    )
    publicatie = models.OneToOneField(
        "rapportage.Publicatie",
        verbose_name=_("publicatie"),
        null=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_(
            "De versie van de ronde waarover het overzicht ging; leeg bij overzichten van vóór de versies."
        ),
    )
    klaargezet_op = models.DateTimeField(
        _("klaargezet op"), auto_now_add=True, help_text=_("Wanneer de e-mails in de wachtrij gingen.")
    )
    aantal_mails = models.PositiveIntegerField(
        _("aantal e-mails"), default=0, help_text=_("Hoeveel volgers een overzicht kregen.")
    )
    aantal_jobs = models.PositiveIntegerField(
        _("aantal jobs"), default=0, help_text=_("In hoeveel achtergrondtaken (batches) ze verstuurd werden.")
    )

    class Meta:
        verbose_name = _("verzonden overzicht")
        verbose_name_plural = _("verzonden overzichten")
        ordering = ["-klaargezet_op"]

    def __str__(self):
        return str(self.rapportage)
