"""What a person waits for while a background task runs: its state, its progress, where the result is.

The queue itself is django-tasks' database backend (django-tasks-db); a Job is the record people see, and
the one place that knows whether its task was lost (no heartbeat, or no task waiting) so that it can be
run again.
"""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobQuerySet(models.QuerySet):
    def lopend(self):
        """Jobs still to do or being done."""
        return self.filter(status__in=(Job.Status.WACHT, Job.Status.BEZIG))


class Job(models.Model):
    class Status(models.TextChoices):
        WACHT = "wacht", _("wacht op zijn beurt")
        BEZIG = "bezig", _("bezig")
        KLAAR = "klaar", _("klaar")
        MISLUKT = "mislukt", _("mislukt")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    taak = models.CharField(
        _("taak"), max_length=200, help_text=_("Volledige naam van de functie die het werk doet.")
    )
    omschrijving = models.CharField(
        _("omschrijving"),
        max_length=300,
        help_text=_("Wat er gemaakt wordt, zoals de wachtpagina het noemt."),
    )
    sleutel = models.CharField(
        _("sleutel"),
        max_length=300,
        blank=True,
        db_index=True,
        help_text=_("Twee verzoeken om hetzelfde werk met dezelfde sleutel wachten op één taak."),
    )
    groep = models.CharField(
        _("groep"),
        max_length=50,
        blank=True,
        help_text=_(
            "Taken van één groep (zoals 'publiek') draaien hoogstens met JOBS_TEGELIJK[groep] tegelijk."
        ),
    )
    argumenten = models.JSONField(_("argumenten"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WACHT)
    stap = models.PositiveIntegerField(_("stap"), default=0)
    stappen = models.PositiveIntegerField(_("stappen"), default=0, help_text=_("0: nog onbekend."))
    stap_tekst = models.CharField(
        _("voortgang"), max_length=200, blank=True, help_text=_("Bijv. 'pagina 12 van 21'.")
    )
    pogingen = models.PositiveSmallIntegerField(_("pogingen"), default=0)
    melding = models.TextField(
        _("melding"), blank=True, help_text=_("Waarom de taak mislukte, voor de gebruiker.")
    )
    # Text, not a varchar: a result is often the address the visitor asked for, query string and all.
    resultaat_url = models.TextField(
        _("resultaat"),
        blank=True,
        help_text=_("Waar het resultaat staat zodra de taak klaar is."),
    )
    taak_id = models.CharField(
        _("taak in de wachtrij"),
        max_length=64,
        blank=True,
        help_text=_("De taak van django-tasks die deze job nu uitvoert of zal uitvoeren."),
    )
    eigenaar = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("eigenaar"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Alleen deze gebruiker ziet de taak; leeg: iedereen met de link."),
    )
    aangemaakt_op = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    hartslag = models.DateTimeField(
        _("laatste teken van leven"),
        null=True,
        blank=True,
        help_text=_(
            "Een werkende taak zet dit geregeld; blijft het uit, dan is de worker gestopt. Bij een wachtende "
            "taak: wanneer ze in de rij ging."
        ),
    )

    objects = JobQuerySet.as_manager()

    class Meta:
        verbose_name = _("achtergrondtaak")
        verbose_name_plural = _("achtergrondtaken")
        ordering = ["-aangemaakt_op"]
        constraints = [
            # Of simultaneous requests for the same work, one creates the job and the others wait for it.
            models.UniqueConstraint(
                fields=["sleutel"],
                condition=models.Q(status__in=["wacht", "bezig"]) & ~models.Q(sleutel=""),
                name="een_lopende_job_per_sleutel",
            ),
        ]

    def __str__(self):
        return f"{self.omschrijving} ({self.get_status_display()})"

    @property
    def procent(self):
        return round(100 * self.stap / self.stappen) if self.stappen else 0

    @property
    def is_klaar(self):
        return self.status == self.Status.KLAAR

    @property
    def is_mislukt(self):
        return self.status == self.Status.MISLUKT
