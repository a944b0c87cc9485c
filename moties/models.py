from typing import NamedTuple

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from acties.models import ActieOpdracht, Status
from lib.geschiedenis import Geschiedenis
from lib.tekst import RegelVeld, TekstVeld
from lib.vindplaats import kamerstuk_url

from .enquete import hoofddossier

# Django finds an app's models through its models module; the Kamer's data and proposals have their own files.
from .kamerdata import Fractiestem, Kamerdata, Stemsoort  # noqa: F401
from .kamertoezegging import Kamertoezegging, Voorstelbesluit  # noqa: F401


class Besluit(models.TextChoices):
    ONBEKEND = "", _("onbekend")
    AANGENOMEN = "aangenomen", _("aangenomen")
    VERWORPEN = "verworpen", _("verworpen")
    AANGEHOUDEN = "aangehouden", _("aangehouden")
    INGETROKKEN = "ingetrokken", _("ingetrokken")


class Stand(models.TextChoices):
    """Where a motion stands as Parliament sees it; the Tweede Kamer's register calls a commitment
    fulfilled only with the letter that fulfils it, and so does pokvolg."""

    OPEN = "", _("open")
    DEELS_VOLDAAN = "deels_voldaan", _("deels voldaan")
    VOLDAAN = "voldaan", _("voldaan")
    VERVALLEN = "vervallen", _("vervallen")

    @classmethod
    def uit_parameter(cls, waarde: str | None) -> str | None:
        """The standing a URL names ('open', 'voldaan', …); None when it names none. ValueError when
        unknown."""
        if not waarde:
            return None
        if waarde == "open":
            return cls.OPEN
        if waarde in cls.values:
            return waarde
        raise ValueError(waarde)

    @classmethod
    def parameters(cls) -> list[tuple[str, str]]:
        """(URL value, label) of every standing, as the filters offer them."""
        return [(waarde or "open", label) for waarde, label in cls.choices]


class Reactie(models.TextChoices):
    """The cabinet's answer to what was asked, apart from how far it got."""

    ONBEKEND = "", _("geen reactie vastgelegd")
    OVERGENOMEN = "overgenomen", _("overgenomen")
    DEELS_OVERGENOMEN = "deels_overgenomen", _("deels overgenomen")
    NIET_OVERGENOMEN = "niet_overgenomen", _("niet overgenomen")
    TER_KENNISGEVING = "ter_kennisgeving", _("ter kennisgeving aangenomen")


def over_tijd_op(vandaag) -> Q:
    """Open or partly fulfilled, with a deadline before `vandaag`."""
    return Q(
        stand__in=[Stand.OPEN, Stand.DEELS_VOLDAAN], uiterste_datum__isnull=False, uiterste_datum__lt=vandaag
    )


def delen_zonder_actie():
    """The described parts (OpdrachtDeel) of the outer query's Opdracht that no action carries out."""
    return OpdrachtDeel.objects.filter(opdracht=OuterRef("pk")).exclude(
        Exists(ActieOpdracht.objects.filter(opdracht=OuterRef("opdracht"), deel=OuterRef("nummer")))
    )


class OpdrachtQuerySet(models.QuerySet):
    def moties(self):
        return self.filter(soort=Soort.MOTIE)

    def over_tijd(self, vandaag):
        return self.filter(over_tijd_op(vandaag))

    def met_aantallen(self):
        """Each motion with the number of actions that carry it out, how many of them are done, and how
        many of its described parts (OpdrachtDeel) no action carries out."""
        zonder_actie = delen_zonder_actie().values("opdracht").annotate(n=Count("pk")).values("n")
        return self.annotate(
            aantal_acties=Count("actieopdrachten", distinct=True),
            aantal_afgerond=Count(
                "actieopdrachten", filter=Q(actieopdrachten__actie__status=Status.AFGEROND), distinct=True
            ),
            delen_zonder_actie=Coalesce(Subquery(zonder_actie), 0),
        ).order_by("dossier", "nummer", "pk")

    def zonder_actie(self):
        """Motions (met_aantallen) that no action carries out, or with a described part none carries out."""
        return self.filter(Q(aantal_acties=0) | Q(delen_zonder_actie__gt=0))

    def gefilterd(
        self,
        stand: str | None = None,
        geen_actie: bool = False,
        ministerie=None,
        dossier: int | None = None,
        reactie: str | None = None,
        zoek: str = "",
    ):
        """The public lists' filters (met_aantallen): a standing (Stand value; None: any), 'geen actie', a
        ministry, a Kamerstuk dossier, the cabinet's response (Reactie value; None: any) and words in the
        title, text, source, submitters or register number."""
        opdrachten = self if stand is None else self.filter(stand=stand)
        for woord in zoek.split():
            opdrachten = opdrachten.filter(
                Q(titel__icontains=woord)
                | Q(dictum__icontains=woord)
                | Q(bron__icontains=woord)
                | Q(indieners__icontains=woord)
                | Q(registernummer__icontains=woord)
            )
        if ministerie is not None:
            opdrachten = opdrachten.filter(ministerie=ministerie)
        if dossier is not None:
            opdrachten = opdrachten.filter(dossier=dossier)
        if reactie is not None:
            opdrachten = opdrachten.filter(reactie=reactie)
        return opdrachten.zonder_actie() if geen_actie else opdrachten


class Soort(models.TextChoices):
    """What kind of thing was asked or promised. One register for all four: each has a source, a date, an
    addressee, a deadline, a standing and the actions that carry it out."""

    AANBEVELING = "aanbeveling", _("aanbeveling")
    MOTIE = "motie", _("motie")
    TOEZEGGING = "toezegging", _("toezegging")
    BELOFTE = "belofte", _("belofte")

    @property
    def lijstnaam(self) -> str:
        """The list's address and URL name (/moties/, 'moties'): not translated, unlike meervoud."""
        return {
            "aanbeveling": "aanbevelingen",
            "motie": "moties",
            "toezegging": "toezeggingen",
            "belofte": "beloftes",
        }[self.value]

    @property
    def meervoud(self) -> str:
        return {
            "aanbeveling": _("aanbevelingen"),
            "motie": _("moties"),
            "toezegging": _("toezeggingen"),
            "belofte": _("beloftes"),
        }[self.value]


class Opdracht(models.Model):
    """What the cabinet was asked or promised after the inquiry: a recommendation, a motion, a commitment
    or a dated promise in a letter. A motion is known by its Kamerstuk ('35510-21'); the other kinds by
    their register number or their row number."""

    soort = models.CharField(
        _("soort"),
        max_length=20,
        choices=Soort.choices,
        default=Soort.MOTIE,
        help_text=_("Aanbeveling, motie, toezegging of belofte."),
    )
    dossier = models.PositiveIntegerField(
        _("Kamerstukdossier"),
        null=True,
        blank=True,
        default=hoofddossier,
        help_text=_(
            "Dossiernummer van het Kamerstuk; standaard dat van de enquête (ENQUETE_DOSSIER). Verplicht bij "
            "een motie; bij een toezegging of belofte het dossier van het debat of de brief."
        ),
    )
    nummer = models.PositiveIntegerField(
        _("nummer"),
        null=True,
        blank=True,
        help_text=_(
            "Ondernummer binnen het dossier (bij een motie verplicht); bij een aanbeveling haar nummer."
        ),
    )
    registernummer = models.CharField(
        _("registernummer"),
        max_length=30,
        blank=True,
        help_text=_("Het nummer in het toezeggingenregister van de Tweede Kamer, bijv. 'TZ202101-088'."),
    )
    bron = RegelVeld(
        _("bron"),
        max_length=300,
        blank=True,
        help_text=_(
            "Waar het gevraagd of beloofd werd als het geen motie is, bijv. 'Advies Adviescommissie "
            "uitvoering toeslagen, 1 december 2021' of 'Commissiedebat hersteloperatie, 3 maart 2022'."
        ),
    )
    bron_url = models.URLField(_("adres van de bron"), blank=True, help_text=_("Waar de bron te lezen is."))
    adressaat = RegelVeld(
        _("aan wie"),
        max_length=200,
        blank=True,
        help_text=_("De bewindspersoon aan wie het gevraagd is of die het beloofde, zoals geschreven."),
    )
    ministerie = models.ForeignKey(
        "acties.Ministerie",
        verbose_name=_("ministerie"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="opdrachten",
        help_text=_("Het ministerie dat het aangaat."),
    )
    uiterste_datum = models.DateField(
        _("uiterste datum"),
        null=True,
        blank=True,
        help_text=_("Wanneer het af moet zijn, als de bron dat zegt (bij een toezegging: DatumNakoming)."),
    )
    indieners = RegelVeld(
        _("indieners"),
        max_length=200,
        blank=True,
        help_text=_("Van een motie, zoals geschreven, bijv. 'Marijnissen c.s.'."),
    )
    titel = RegelVeld(_("titel"), max_length=500, blank=True, help_text=_("Optioneel."))
    datum = models.DateField(_("datum"), null=True, blank=True, help_text=_("Datum van indiening."))
    besluit = models.CharField(
        _("besluit"),
        max_length=20,
        choices=Besluit.choices,
        blank=True,
        default=Besluit.ONBEKEND,
        help_text=_("Wat de Kamer over de motie besloot."),
    )
    dictum = TekstVeld(
        _("dictum"),
        max_length=5000,
        blank=True,
        help_text=_(
            "Wat de motie vraagt, woordelijk uit de motie ('verzoekt de regering …'); leeg zolang de "
            "redactie het niet heeft ingevoerd."
        ),
    )
    stand = models.CharField(
        _("stand"),
        max_length=20,
        choices=Stand.choices,
        blank=True,
        default=Stand.OPEN,
        help_text=_(
            "Hoe het ervoor staat zoals de Kamer het ziet. (Deels) voldaan alleen met het document dat de "
            "motie uitvoert; vervallen alleen met een reden."
        ),
    )
    stand_datum = models.DateField(
        _("datum van de stand"), null=True, blank=True, help_text=_("Sinds wanneer de stand zo is.")
    )
    vervuld_door = RegelVeld(
        _("uitgevoerd met"),
        max_length=300,
        blank=True,
        help_text=_("Titel van de brief of het document dat de motie (deels) uitvoert."),
    )
    vervuld_kamerstuk = models.CharField(
        _("Kamerstuk van dat document"),
        max_length=30,
        blank=True,
        help_text=_("Dossier- en ondernummer, bijv. 31066-1071; of anders een adres."),
    )
    vervuld_url = models.URLField(
        _("adres van dat document"), blank=True, help_text=_("Alleen als het geen Kamerstuk is.")
    )
    stand_reden = TekstVeld(
        _("reden"),
        max_length=2000,
        blank=True,
        help_text=_("Waarom de motie vervallen is, of wat nog openstaat als ze deels voldaan is."),
    )
    reactie = models.CharField(
        _("kabinetsreactie"),
        max_length=20,
        choices=Reactie.choices,
        blank=True,
        default=Reactie.ONBEKEND,
        help_text=_(
            "Wat het kabinet op de motie antwoordde, los van de uitvoering; leeg als geen bron het zegt."
        ),
    )
    reactie_toelichting = TekstVeld(
        _("toelichting op de reactie"),
        max_length=2000,
        blank=True,
        help_text=_("De redenering van het kabinet, woordelijk of kort samengevat."),
    )
    reactie_bron = RegelVeld(
        _("bron van de reactie"),
        max_length=300,
        blank=True,
        help_text=_("Waar het kabinet dit schreef of zei, bijv. 'Kamerstuk 35 510, nr. 62'."),
    )
    history = Geschiedenis()

    objects = OpdrachtQuerySet.as_manager()

    class Meta:
        verbose_name = _("opdracht")
        verbose_name_plural = _("opdrachten")
        ordering = ["soort", "dossier", "nummer", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["dossier", "nummer"],
                condition=models.Q(soort="motie"),
                name="motie_uniek_per_dossier",
            ),
            models.CheckConstraint(
                condition=~models.Q(soort="motie") | models.Q(dossier__isnull=False, nummer__isnull=False),
                name="motie_met_kamerstuk",
            ),
            models.UniqueConstraint(
                fields=["registernummer"], condition=~models.Q(registernummer=""), name="registernummer_uniek"
            ),
            models.CheckConstraint(
                condition=~models.Q(stand__in=["voldaan", "deels_voldaan"]) | ~models.Q(vervuld_door=""),
                name="motie_voldaan_met_document",
            ),
            models.CheckConstraint(
                condition=~models.Q(stand="vervallen") | ~models.Q(stand_reden=""),
                name="motie_vervallen_met_reden",
            ),
        ]

    def __str__(self):
        if self.soort == Soort.MOTIE:
            return _("Nr. %(nummer)s motie %(indieners)s") % {
                "nummer": self.nummer,
                "indieners": self.indieners,
            }
        return f"{Soort(self.soort).label.capitalize()} {self.sleutel}: {self.titel}".rstrip(": ")

    def get_absolute_url(self):
        return reverse(self.soort, args=[self.sleutel])

    def is_over_tijd(self, vandaag) -> bool:
        """over_tijd_op for one item: open or partly fulfilled with its deadline before `vandaag`."""
        return (
            self.stand in (Stand.OPEN, Stand.DEELS_VOLDAAN)
            and self.uiterste_datum is not None
            and self.uiterste_datum < vandaag
        )

    @property
    def sleutel(self):
        """The identifier used in URLs and the API: a motion's '<dossier>-<nummer>', a commitment's register
        number, otherwise the row number."""
        if self.soort == Soort.MOTIE:
            return f"{self.dossier}-{self.nummer}"
        return self.registernummer or str(self.pk)

    @property
    def label_in_geschiedenis(self):
        return f"{Soort(self.soort).label} {self.sleutel}"

    @property
    def kamerstuk(self):
        if self.dossier is None or self.nummer is None or self.soort == Soort.AANBEVELING:
            return ""
        return f"{self.dossier // 1000} {self.dossier % 1000:03d}, nr. {self.nummer}"

    @property
    def publicatie_url(self):
        if self.kamerstuk:
            return kamerstuk_url(f"{self.dossier}-{self.nummer}")
        return self.bron_url

    @property
    def vervuld_adres(self):
        """Where the fulfilling document is: its Kamerstuk on officielebekendmakingen.nl, or its address."""
        return kamerstuk_url(self.vervuld_kamerstuk) if self.vervuld_kamerstuk else self.vervuld_url

    def onderdelen(self, koppelingen):
        """The motion part by part, each with the actions that carry it out: [Onderdeel], the whole motion
        (deel None) first. A part exists when the redactie described it (OpdrachtDeel) or an action names it;
        a described part no action names is there with no actions, so the gap shows.

        `koppelingen` are this motion's ActieOpdracht rows with their actie loaded; self.delen is best
        prefetched."""
        teksten = {d.nummer: d.tekst for d in self.delen.all()}
        per_deel = {}
        for k in koppelingen:
            per_deel.setdefault(k.deel, []).append(k)
        nummers = sorted(set(teksten) | {d for d in per_deel if d is not None})
        uit = [Onderdeel(None, self.dictum, per_deel[None])] if None in per_deel else []
        return uit + [Onderdeel(n, teksten.get(n, ""), per_deel.get(n, [])) for n in nummers]


class Onderdeel(NamedTuple):
    """One part of a motion (deel None: the motion as a whole), its text and the ActieOpdracht rows of the
    actions that carry it out."""

    deel: int | None
    tekst: str
    koppelingen: list


class OpdrachtDeel(models.Model):
    """What a numbered part of a motion asks, written down by the redactie. Actions name parts by number
    (ActieOpdracht.deel, as the annex writes 'NR. 21 Motie Marijnissen c.s., deel 1'); a row exists only for
    a part with a text."""

    opdracht = models.ForeignKey(
        Opdracht,
        verbose_name=_("motie"),
        on_delete=models.CASCADE,
        related_name="delen",
        help_text=_("De motie waar dit deel van is."),
    )
    nummer = models.PositiveSmallIntegerField(
        _("deel"),
        validators=[MinValueValidator(1)],
        help_text=_("Het nummer van het deel, zoals acties het noemen ('deel 1')."),
    )
    tekst = TekstVeld(
        _("tekst"),
        max_length=2000,
        help_text=_("Wat dit deel van de motie vraagt, bijv. het eerste verzoek van het dictum."),
    )
    history = Geschiedenis()

    class Meta:
        verbose_name = _("deel van een motie")
        verbose_name_plural = _("delen van moties")
        ordering = ["opdracht", "nummer"]
        constraints = [
            models.UniqueConstraint(fields=["opdracht", "nummer"], name="motiedeel_uniek"),
            models.CheckConstraint(condition=models.Q(nummer__gte=1), name="motiedeel_vanaf_1"),
        ]

    def __str__(self):
        return _("%(motie)s, deel %(deel)s") % {"motie": self.opdracht, "deel": self.nummer}

    @property
    def label_in_geschiedenis(self):
        return _("deel %(deel)s van motie %(sleutel)s") % {
            "deel": self.nummer,
            "sleutel": self.opdracht.sleutel,
        }
