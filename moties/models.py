from django.db import models
from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from acties.models import Status
from lib.geschiedenis import Geschiedenis

POK_DOSSIER = 35510


class Besluit(models.TextChoices):
    ONBEKEND = "", _("onbekend")
    AANGENOMEN = "aangenomen", _("aangenomen")
    VERWORPEN = "verworpen", _("verworpen")
    AANGEHOUDEN = "aangehouden", _("aangehouden")
    INGETROKKEN = "ingetrokken", _("ingetrokken")


class MotieQuerySet(models.QuerySet):
    def met_aantallen(self):
        """Each motion with the number of actions that carry it out, and how many of them are done."""
        return self.annotate(
            aantal_acties=Count("actiemoties", distinct=True),
            aantal_afgerond=Count(
                "actiemoties", filter=Q(actiemoties__actie__status=Status.AFGEROND), distinct=True
            ),
        ).order_by("dossier", "nummer")


class Motie(models.Model):
    dossier = models.PositiveIntegerField(
        _("Kamerstukdossier"),
        default=POK_DOSSIER,
        help_text=_("Dossiernummer van het Kamerstuk; 35510 voor het debat over 'Ongekend onrecht'."),
    )
    nummer = models.PositiveIntegerField(_("nummer"), help_text=_("Ondernummer binnen het dossier."))
    indieners = models.CharField(
        _("indieners"), max_length=200, help_text=_("Zoals geschreven, bijv. 'Marijnissen c.s.'.")
    )
    titel = models.CharField(_("titel"), max_length=500, blank=True, help_text=_("Optioneel."))
    datum = models.DateField(_("datum"), null=True, blank=True, help_text=_("Datum van indiening."))
    besluit = models.CharField(
        _("besluit"),
        max_length=20,
        choices=Besluit.choices,
        blank=True,
        default=Besluit.ONBEKEND,
        help_text=_("Wat de Kamer over de motie besloot."),
    )
    history = Geschiedenis()

    objects = MotieQuerySet.as_manager()

    class Meta:
        verbose_name = _("motie")
        verbose_name_plural = _("moties")
        ordering = ["dossier", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["dossier", "nummer"], name="motie_uniek_per_dossier"),
        ]

    def __str__(self):
        return _("Nr. %(nummer)s motie %(indieners)s") % {"nummer": self.nummer, "indieners": self.indieners}

    def get_absolute_url(self):
        return reverse("motie", args=[self.sleutel])

    @property
    def sleutel(self):
        """The identifier used in URLs and the API: '35510-21'."""
        return f"{self.dossier}-{self.nummer}"

    @property
    def label_in_geschiedenis(self):
        return _("motie %(sleutel)s") % {"sleutel": self.sleutel}

    @property
    def kamerstuk(self):
        return f"{self.dossier // 1000} {self.dossier % 1000:03d}, nr. {self.nummer}"

    @property
    def publicatie_url(self):
        return f"https://zoek.officielebekendmakingen.nl/kst-{self.dossier}-{self.nummer}.html"
