"""Closure someone checked: a ministry reports an action 'afgerond', the redactie confirms or refuses it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lib.geschiedenis import Geschiedenis
from lib.tekst import TekstVeld

from .publicatie import Publicatie

# An action's reports, the one that stands first.
NIEUWSTE_MELDING_EERST = ("-gemeld_op", "-pk")


class AfrondingQuerySet(models.QuerySet):
    def open(self):
        return self.filter(besluit=Afronding.Besluit.OPEN)


class Afronding(models.Model):
    """One report that an action is done, as the ministry published it in a round, and the redactie's
    verdict on it. The ministry's word and its confirmation are kept apart (as the GAO keeps an agency's
    account apart from its own): until the redactie decides, the public reads 'afgerond volgens het
    ministerie, nog niet bevestigd'. A new report starts each time a published status becomes 'afgerond'."""

    class Besluit(models.TextChoices):
        OPEN = "", _("nog niet bevestigd")
        BEVESTIGD = "bevestigd", _("bevestigd")
        GEWEIGERD = "geweigerd", _("niet bevestigd")

    actie = models.ForeignKey(
        "acties.Actie",
        verbose_name=_("actie"),
        on_delete=models.CASCADE,
        related_name="afrondingen",
        help_text=_("De actie die als afgerond werd gemeld."),
    )
    publicatie = models.ForeignKey(
        Publicatie,
        verbose_name=_("gemeld in"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="afrondingen",
        help_text=_("De publicatie waarin het ministerie de actie afgerond noemde; leeg bij oude gegevens."),
    )
    gemeld_op = models.DateTimeField(
        _("gemeld op"), help_text=_("Wanneer het ministerie de actie openbaar afgerond noemde.")
    )
    besluit = models.CharField(
        _("besluit"),
        max_length=20,
        choices=Besluit.choices,
        blank=True,
        default=Besluit.OPEN,
        help_text=_("Wat de redactie na controle van de vindplaatsen besloot."),
    )
    reden = TekstVeld(
        _("reden"),
        max_length=2000,
        blank=True,
        help_text=_("Waarom de redactie bevestigt of niet bevestigt; verplicht bij niet bevestigen."),
    )
    besloten_door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("besloten door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Wie van de redactie besloot."),
    )
    besloten_op = models.DateTimeField(_("besloten op"), null=True, blank=True, help_text=_("Wanneer."))
    history = Geschiedenis()

    objects = AfrondingQuerySet.as_manager()
    NIEUWSTE_EERST = NIEUWSTE_MELDING_EERST

    class Meta:
        verbose_name = _("afronding")
        verbose_name_plural = _("afrondingen")
        ordering = ["actie", *NIEUWSTE_MELDING_EERST]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(besluit="geweigerd") | ~models.Q(reden=""),
                name="afronding_weigeren_met_reden",
            ),
            models.CheckConstraint(
                condition=models.Q(besluit="", besloten_op__isnull=True)
                | (~models.Q(besluit="") & models.Q(besloten_op__isnull=False)),
                name="afronding_besluit_met_datum",
            ),
        ]

    def __str__(self):
        return f"{self.actie} — {self.get_besluit_display()}"

    @property
    def label_in_geschiedenis(self):
        return _("afronding van actie %(nummer)s") % {"nummer": self.actie.nummer}
