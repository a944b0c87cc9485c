import contextvars

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import formats
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from lib.geschiedenis import Geschiedenis
from lib.tekst import RegelVeld, TekstVeld


class Status(models.TextChoices):
    NOG_NIET_GESTART = "nog niet gestart", _("nog niet gestart")
    IN_UITVOERING = "in uitvoering", _("in uitvoering")
    VERTRAAGD = "vertraagd", _("vertraagd")
    DOORLOPEND = "doorlopend", _("doorlopend")
    AFGEROND = "afgerond", _("afgerond")
    VERVALLEN = "vervallen", _("vervallen")

    @classmethod
    def label_van(cls, waarde):
        """The readable label of a stored status; an unknown value is shown as it is."""
        return cls(waarde).label if waarde in cls.values else waarde


def status_verdeling(rijen):
    """Segments of a stacked bar from (status, count) pairs, in the fixed order of Status."""
    aantallen = dict(rijen)
    totaal = sum(aantallen.values())
    segmenten, begin = [], 0.0
    for status in Status:
        aantal = aantallen.get(status.value, 0)
        procent = 100 * aantal / totaal if totaal else 0
        segmenten.append(
            {
                "status": status.value,
                "label": status.label,
                "aantal": aantal,
                "procent": procent,
                "begin": begin,
            }
        )
        begin += procent
    return {"totaal": totaal, "segmenten": segmenten}


class Thema(models.Model):
    naam = models.CharField(
        _("naam"), max_length=200, help_text=_("Zoals in de bijlage gedrukt, bijv. HERSTELOPERATIE.")
    )
    slug = models.SlugField(
        _("slug"), max_length=200, unique=True, help_text=_("Deel van de URL; afgeleid van de naam.")
    )
    hoofdthema = models.ForeignKey(
        "self",
        verbose_name=_("hoofdthema"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="subthemas",
        help_text=_("Leeg voor een thema; gevuld voor een subthema."),
    )
    volgorde = models.PositiveIntegerField(
        _("volgorde"), default=0, help_text=_("Plaats in de bijlage, binnen het hoofdthema.")
    )
    history = Geschiedenis()

    class Meta:
        verbose_name = _("thema")
        verbose_name_plural = _("thema's")
        ordering = ["volgorde", "naam"]
        constraints = [
            models.UniqueConstraint(fields=["hoofdthema", "naam"], name="thema_uniek_binnen_hoofdthema"),
        ]

    def __str__(self):
        return self.naam

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify(self.naam)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("thema", args=[self.slug])


class MinisterieQuerySet(models.QuerySet):
    def geldig_op(self, datum):
        """Ministries that exist on `datum` (a date, or an expression giving one, such as a Subquery): those
        with a period that holds it (from `van` on, up to the day before `tot`; an empty bound is open),
        and those without any period, which existed throughout."""
        if isinstance(datum, models.OuterRef):
            # The comparison runs in the periods' subquery, one level below the caller's query.
            datum = models.OuterRef(datum)
        perioden = Periode.objects.filter(ministerie=models.OuterRef("pk"))
        return self.filter(
            ~models.Exists(perioden)
            | models.Exists(
                perioden.filter(
                    models.Q(van__isnull=True) | models.Q(van__lte=datum),
                    models.Q(tot__isnull=True) | models.Q(tot__gt=datum),
                )
            )
        )

    def met_aantallen(self):
        """With `aantal_eerstverantwoordelijk` and `aantal_betrokken`: how many actions in each role."""
        return self.annotate(
            aantal_eerstverantwoordelijk=models.Count(
                "actieministeries", filter=models.Q(actieministeries__rol=Rol.EERSTVERANTWOORDELIJK)
            ),
            aantal_betrokken=models.Count(
                "actieministeries", filter=models.Q(actieministeries__rol=Rol.BETROKKEN)
            ),
        ).order_by(*Ministerie._meta.ordering)


class Ministerie(models.Model):
    afkorting = models.CharField(
        _("afkorting"), max_length=10, unique=True, help_text=_("Zoals FIN, BZK, SZW, JenV.")
    )
    naam = models.CharField(_("naam"), max_length=200, help_text=_("Volledige naam van het ministerie."))
    opgeheven = models.BooleanField(
        _("opgeheven"),
        default=False,
        help_text=_(
            "Ministerie bestaat niet meer, maar komt voor in oudere rapportages. Volgt uit de perioden: ja "
            "als de laatste periode een einde heeft."
        ),
    )
    coordinatoren = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coördinatoren"),
        blank=True,
        related_name="ministeries",
        help_text=_("Gebruikers die de stand van zaken voor dit ministerie bijwerken."),
    )
    history = Geschiedenis(m2m_fields=[coordinatoren])

    objects = MinisterieQuerySet.as_manager()

    class Meta:
        verbose_name = _("ministerie")
        verbose_name_plural = _("ministeries")
        ordering = ["afkorting"]

    def __str__(self):
        return self.afkorting

    def get_absolute_url(self):
        return reverse("ministerie", args=[self.afkorting])

    @property
    def korte_naam(self):
        """The name without 'Ministerie van', as in lists: 'Financiën'."""
        return self.naam.removeprefix("Ministerie van ").removeprefix("ministerie van ")

    @property
    def keuzelabel(self):
        """How a choice list names it: 'Financiën (FIN)'."""
        return f"{self.korte_naam} ({self.afkorting})"

    def geldig_op(self, datum):
        """Whether the ministry existed on `datum` (the same rule as MinisterieQuerySet.geldig_op). Uses
        prefetched `perioden` when the queryset has them."""
        perioden = self.perioden.all()
        return not perioden or any(periode.geldig_op(datum) for periode in perioden)

    @property
    def eerste_van(self):
        """The first day of its first period; None when that is open or it has no periods."""
        dagen = [periode.van for periode in self.perioden.all()]
        return None if not dagen or None in dagen else min(dagen)

    @property
    def laatste_tot(self):
        """The end of its last period; None while that is open or when it has no periods."""
        dagen = [periode.tot for periode in self.perioden.all()]
        return None if not dagen or None in dagen else max(dagen)

    def werk_opgeheven_bij(self):
        """Set `opgeheven` from the periods, saved (with history) only when it changes."""
        laatste = self.perioden.last()
        opgeheven = laatste is not None and laatste.tot is not None
        if self.opgeheven != opgeheven:
            self.opgeheven = opgeheven
            self.save(update_fields=["opgeheven"])


class Periode(models.Model):
    """A time a ministry existed under its name. A ministry can have several (EZK: 2017–2024 and again
    from 2026); one without any existed throughout."""

    ministerie = models.ForeignKey(
        Ministerie,
        verbose_name=_("ministerie"),
        on_delete=models.CASCADE,
        related_name="perioden",
        help_text=_("Het ministerie dat in deze periode onder zijn naam bestond."),
    )
    van = models.DateField(
        _("van"),
        null=True,
        blank=True,
        help_text=_(
            "De eerste dag waarop het ministerie onder deze naam bestond; leeg als dat vóór de eerste "
            "rapportage ligt."
        ),
    )
    tot = models.DateField(
        _("tot"),
        null=True,
        blank=True,
        help_text=_(
            "De dag waarop het ministerie ophield te bestaan of een andere naam kreeg (de eerste dag van "
            "de opvolger); leeg zolang het bestaat."
        ),
    )
    history = Geschiedenis()

    class Meta:
        verbose_name = _("periode")
        verbose_name_plural = _("perioden")
        # An open start lies before every date; PostgreSQL would put it last.
        ordering = [models.F("van").asc(nulls_first=True), "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(van__isnull=True)
                | models.Q(tot__isnull=True)
                | models.Q(tot__gt=models.F("van")),
                name="periode_tot_na_van",
                violation_error_message=_("'Tot' moet na 'van' liggen."),
            ),
        ]

    def __str__(self):
        van = formats.date_format(self.van, "DATE_FORMAT") if self.van else None
        tot = formats.date_format(self.tot, "DATE_FORMAT") if self.tot else None
        if van and tot:
            return _("van %(van)s tot %(tot)s") % {"van": van, "tot": tot}
        if van:
            return _("sinds %(van)s") % {"van": van}
        if tot:
            return _("tot %(tot)s") % {"tot": tot}
        return str(_("in alle rapportages"))

    # Methods, not signals: deleting a ministry cascades to its periods without calling them, so that the
    # deleted ministry is not saved again.
    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.ministerie.werk_opgeheven_bij()

    def delete(self, *args, **kwargs):
        resultaat = super().delete(*args, **kwargs)
        self.ministerie.werk_opgeheven_bij()
        return resultaat

    def geldig_op(self, datum):
        return (self.van is None or self.van <= datum) and (self.tot is None or datum < self.tot)


# Statuses that end an action: an action with one of these is never "over tijd".
AFGESLOTEN = (Status.AFGEROND, Status.VERVALLEN)


class ActieQuerySet(models.QuerySet):
    def over_tijd(self, datum):
        """Actions past their target date on `datum`: a target date before that day, and not yet afgerond
        or vervallen (the same rule as Actie.is_over_tijd)."""
        return self.filter(streefdatum__lt=datum).exclude(status__in=AFGESLOTEN)

    def met_streefdatum(self):
        return self.filter(streefdatum__isnull=False)

    def met_relaties(self):
        return self.select_related("thema__hoofdthema").prefetch_related(
            models.Prefetch(
                "actieministeries",
                queryset=ActieMinisterie.objects.select_related("ministerie"),
            ),
            models.Prefetch("actieopdrachten", queryset=ActieOpdracht.objects.select_related("opdracht")),
        )


# The moment a dated import publishes its changes (importeer.laden: a round loaded with its letter's date).
GEDATEERD_OP: contextvars.ContextVar = contextvars.ContextVar("gedateerd_op", default=None)


class GewijzigdOpVeld(models.DateTimeField):
    """auto_now, except while GEDATEERD_OP is set: an action an import of the June 2021 annex changes was
    changed when that letter was published, as its history says, not when it was loaded."""

    def pre_save(self, model_instance, add):
        moment = GEDATEERD_OP.get()
        if moment is None:
            return super().pre_save(model_instance, add)
        setattr(model_instance, self.attname, moment)
        return moment


class Actie(models.Model):
    nummer = models.PositiveIntegerField(
        _("nummer"), unique=True, help_text=_("Actienummer zoals in de bijlage.")
    )
    omschrijving = TekstVeld(
        _("omschrijving"),
        max_length=10000,
        help_text=_("Wat het kabinet heeft toegezegd; regels die met '- ' beginnen zijn opsommingen."),
    )
    thema = models.ForeignKey(
        Thema,
        verbose_name=_("thema"),
        on_delete=models.PROTECT,
        related_name="acties",
        help_text=_("Het thema, of het subthema als de actie onder een subthema valt."),
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.NOG_NIET_GESTART,
        help_text=_("Status uit de laatst vastgestelde rapportage."),
    )
    gewijzigd_op = GewijzigdOpVeld(
        _("gewijzigd op"), auto_now=True, help_text=_("Laatste wijziging van de actie of haar status.")
    )
    streefdatum = models.DateField(
        _("streefdatum"),
        null=True,
        blank=True,
        help_text=_(
            "Wanneer de actie klaar moet zijn; leeg als er geen is. Elke wijziging heeft een reden en "
            "staat in het logboek van streefdata."
        ),
    )
    samenvatting = TekstVeld(
        _("samenvatting in eenvoudige taal"),
        max_length=1000,
        blank=True,
        help_text=_("Wat de actie inhoudt, in taalniveau B1; geschreven door de redactie."),
    )
    ministeries = models.ManyToManyField(
        Ministerie,
        through="ActieMinisterie",
        verbose_name=_("ministeries"),
        related_name="acties",
        blank=True,
    )
    opdrachten = models.ManyToManyField(
        "moties.Opdracht",
        through="ActieOpdracht",
        verbose_name=_("opdrachten"),
        related_name="acties",
        blank=True,
    )
    history = Geschiedenis()

    objects = ActieQuerySet.as_manager()

    class Meta:
        verbose_name = _("actie")
        verbose_name_plural = _("acties")
        ordering = ["nummer"]

    def __str__(self):
        return f"{self.nummer}. {self.omschrijving[:80]}"

    def get_absolute_url(self):
        return reverse("actie", args=[self.nummer])

    @property
    def hoofdthema(self):
        return self.thema.hoofdthema or self.thema

    def is_over_tijd(self, datum):
        """Whether the target date lies before `datum` while the action is not afgerond or vervallen."""
        return self.streefdatum is not None and self.streefdatum < datum and self.status not in AFGESLOTEN

    @property
    def subthema(self):
        return self.thema if self.thema.hoofdthema_id else None


class Rol(models.TextChoices):
    EERSTVERANTWOORDELIJK = "eerstverantwoordelijk", _("eerstverantwoordelijk")
    BETROKKEN = "betrokken", _("betrokken")


class ActieMinisterie(models.Model):
    actie = models.ForeignKey(
        Actie, verbose_name=_("actie"), on_delete=models.CASCADE, related_name="actieministeries"
    )
    ministerie = models.ForeignKey(
        Ministerie, verbose_name=_("ministerie"), on_delete=models.PROTECT, related_name="actieministeries"
    )
    rol = models.CharField(
        _("rol"),
        max_length=25,
        choices=Rol.choices,
        default=Rol.EERSTVERANTWOORDELIJK,
        help_text=_("Eén ministerie is eerstverantwoordelijk; andere zijn betrokken."),
    )
    history = Geschiedenis()
    # What a version of this link is about in a readable history (lib.geschiedenis.versies).
    onderwerp_veld = "ministerie"

    class Meta:
        verbose_name = _("verantwoordelijk ministerie")
        verbose_name_plural = _("verantwoordelijke ministeries")
        ordering = ["-rol", "ministerie__afkorting"]  # eerstverantwoordelijk first
        constraints = [
            models.UniqueConstraint(fields=["actie", "ministerie"], name="actieministerie_uniek"),
            models.UniqueConstraint(
                fields=["actie"],
                condition=models.Q(rol="eerstverantwoordelijk"),
                name="een_eerstverantwoordelijke_per_actie",
            ),
        ]

    def __str__(self):
        return f"{self.ministerie} ({self.get_rol_display()})"


class ActieOpdracht(models.Model):
    actie = models.ForeignKey(
        Actie, verbose_name=_("actie"), on_delete=models.CASCADE, related_name="actieopdrachten"
    )
    opdracht = models.ForeignKey(
        "moties.Opdracht",
        verbose_name=_("opdracht"),
        on_delete=models.PROTECT,
        related_name="actieopdrachten",
    )
    deel = models.PositiveSmallIntegerField(
        _("deel"),
        null=True,
        blank=True,
        help_text=_("Welk deel van de opdracht deze actie uitvoert; leeg als het de hele opdracht is."),
    )
    vermelding = RegelVeld(
        _("indieners zoals vermeld"),
        max_length=200,
        blank=True,
        help_text=_("De indieners zoals deze actie ze noemt, bijv. 'Marijnissen cs'."),
    )
    history = Geschiedenis()
    onderwerp_veld = "opdracht"

    class Meta:
        verbose_name = _("uitgevoerde opdracht")
        verbose_name_plural = _("uitgevoerde opdrachten")
        ordering = ["opdracht__nummer", "deel"]
        constraints = [
            models.UniqueConstraint(fields=["actie", "opdracht"], name="actiemotie_uniek"),
        ]

    def __str__(self):
        if self.deel:
            return _("%(motie)s, deel %(deel)s") % {"motie": self.opdracht, "deel": self.deel}
        return str(self.opdracht)


class Soort(models.TextChoices):
    """How one action led to another, read from the earlier one."""

    GESPLITST = "gesplitst", _("gesplitst in")
    SAMENGEVOEGD = "samengevoegd", _("samengevoegd in")
    OPGEVOLGD = "opgevolgd", _("opgevolgd door")


# The same link read from the later action.
TERUG = {
    Soort.GESPLITST: _("afgesplitst van"),
    Soort.SAMENGEVOEGD: _("voortgekomen uit samenvoeging van"),
    Soort.OPGEVOLGD: _("opvolger van"),
}


class Opvolging(models.Model):
    """Lineage between actions, as the redactie records it (acties.opvolging): public at once, since it
    is the redactie's own record and no round's input. Never a loop: an action cannot descend from
    itself."""

    van = models.ForeignKey(
        Actie,
        verbose_name=_("van"),
        on_delete=models.PROTECT,
        related_name="opvolgingen_naar_later",
        help_text=_("De eerdere actie."),
    )
    naar = models.ForeignKey(
        Actie,
        verbose_name=_("naar"),
        on_delete=models.PROTECT,
        related_name="opvolgingen_van_eerder",
        help_text=_("De actie die eruit voortkwam."),
    )
    soort = models.CharField(
        _("soort"),
        max_length=20,
        choices=Soort.choices,
        help_text=_("Gesplitst in, samengevoegd in of opgevolgd door."),
    )
    reden = TekstVeld(
        _("reden"), max_length=2000, help_text=_("Waarom; staat op de openbare pagina van beide acties.")
    )
    datum = models.DateField(_("datum"), help_text=_("Wanneer de ene actie in de andere overging."))
    history = Geschiedenis()

    class Meta:
        verbose_name = _("opvolging")
        verbose_name_plural = _("opvolgingen")
        ordering = ["datum", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["van", "naar"], name="opvolging_uniek"),
            models.CheckConstraint(
                condition=~models.Q(van=models.F("naar")),
                name="opvolging_niet_naar_zichzelf",
                violation_error_message=_("Een actie kan niet uit zichzelf voortkomen."),
            ),
        ]

    def __str__(self):
        return f"{self.van.nummer} {self.get_soort_display()} {self.naar.nummer}"

    @property
    def terug_label(self):
        """The kind as the later action names it: 'afgesplitst van'."""
        return TERUG[self.soort]
