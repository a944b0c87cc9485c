"""Cabinet letters the redactie uploads, and the dated promises pokvolg proposes from them.

A letter is known by its Kamerstuk when it has one, else by the SHA-256 of its bytes (Brief.sleutel):
the same letter comes as the ministry's PDF, as the PDF and as the HTML of officielebekendmakingen.nl,
and as text pasted from either; their bytes differ, their Kamerstuk does not. A letter without a
Kamerstuk has nothing else that stays the same. A proposal belongs to that key, not to one upload, so
a decision on it (accepted, rejected) holds for every upload of the letter."""

import hashlib
import uuid

from django.conf import settings
from django.db import models
from django.utils import formats, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lib.geschiedenis import Geschiedenis
from lib.vindplaats import kamerstuk_aanhaling


def datum_in_woorden(datum) -> str:
    """'29 juni 2021', in Dutch also in a worker that has no request's language."""
    with translation.override("nl"):
        return formats.date_format(datum, "j F Y")


def periode_in_woorden(van, tot) -> str:
    """'1 t/m 10 juni 2023', '29 juni t/m 2 juli 2021', '29 juni 2021 t/m 1 maart 2022', '1 juni 2023',
    or 'een open termijn vanaf 29 juni 2021'."""
    with translation.override("nl"):
        if tot is None:
            return gettext("een open termijn vanaf %(van)s") % {"van": formats.date_format(van, "j F Y")}
        if van == tot:
            return formats.date_format(van, "j F Y")
        if (van.year, van.month) == (tot.year, tot.month):
            begin = formats.date_format(van, "j")
        elif van.year == tot.year:
            begin = formats.date_format(van, "j F")
        else:
            begin = formats.date_format(van, "j F Y")
        return gettext("%(van)s t/m %(tot)s") % {"van": begin, "tot": formats.date_format(tot, "j F Y")}


def _opslagpad(instance, filename):
    # The uploaded name is user input and never used to store the file.
    return f"brieven/{uuid.uuid4().hex}"


class Brief(models.Model):
    """One upload of a cabinet letter. The background job (beloftes/taken.py) reads it and fills in
    ``gelezen_op``, ``briefdatum``, ``kamerstuk`` and ``sleutel``; a letter that cannot be read is removed
    again, with its file, so a hostile upload leaves nothing behind but the job's message."""

    bestand = models.FileField(
        _("bestand"), upload_to=_opslagpad, help_text=_("De geüploade brief, buiten de webroot bewaard.")
    )
    bestandsnaam = models.CharField(
        _("oorspronkelijke bestandsnaam"),
        max_length=255,
        blank=True,
        help_text=_("Alleen ter herkenning getoond; niet gebruikt om op te slaan."),
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True, help_text=_("Van de bytes."))
    opgegeven_briefdatum = models.DateField(
        _("opgegeven briefdatum"),
        null=True,
        blank=True,
        help_text=_("Nodig als de brief zelf geen datum noemt; gaat voor die van de brief."),
    )
    opgegeven_kamerstuk = models.CharField(
        _("opgegeven Kamerstuk"),
        max_length=30,
        blank=True,
        help_text=_("Genormaliseerd (35510-60); gaat voor het Kamerstuk dat in de brief staat."),
    )
    briefdatum = models.DateField(_("briefdatum"), null=True, blank=True)
    kamerstuk = models.CharField(_("Kamerstuk"), max_length=30, blank=True, help_text=_("Bijv. 35510-60."))
    sleutel = models.CharField(
        _("briefsleutel"),
        max_length=80,
        blank=True,
        db_index=True,
        help_text=_("'kst:35510-60', of 'sha256:…' als de brief geen Kamerstuk heeft."),
    )
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("geüpload door"), on_delete=models.PROTECT, related_name="+"
    )
    aangemaakt_op = models.DateTimeField(_("geüpload op"), auto_now_add=True)
    gelezen_op = models.DateTimeField(_("gelezen op"), null=True, blank=True)

    class Meta:
        verbose_name = _("brief")
        verbose_name_plural = _("brieven")
        ordering = ["-aangemaakt_op", "-pk"]

    def __str__(self):
        return self.bestandsnaam or f"Brief {self.pk}"

    @property
    def is_gelezen(self):
        return self.gelezen_op is not None

    @property
    def aanhaling(self):
        return kamerstuk_aanhaling(self.kamerstuk) if self.kamerstuk else ""

    @staticmethod
    def hash_van(data: bytes) -> str:
        return hashlib.sha256(data).hexdigest()


class Uitkomst(models.TextChoices):
    OPEN = "open", _("open")
    GEACCEPTEERD = "geaccepteerd", _("geaccepteerd")
    AFGEWEZEN = "afgewezen", _("afgewezen")


def voorstelsleutel(citaat: str, van, tot) -> str:
    """What makes a proposal the same in another upload of its letter: the quote with its spacing made
    even (a PDF wraps and spaces it otherwise than the HTML) and the period."""
    tekst = f"{' '.join(citaat.split())}|{van}|{tot or ''}"
    return hashlib.sha256(tekst.encode()).hexdigest()


class Beloftevoorstel(models.Model):
    """A dated promise the finder proposed in a letter, and what the redactie decided."""

    brief_sleutel = models.CharField(
        _("briefsleutel"), max_length=80, help_text=_("De brief waarin het staat (Brief.sleutel).")
    )
    brief = models.ForeignKey(
        Brief,
        verbose_name=_("brief"),
        on_delete=models.PROTECT,
        related_name="voorstellen",
        help_text=_("De upload waarin het voorstel het eerst werd gevonden."),
    )
    citaat = models.TextField(_("citaat"), help_text=_("De zin zoals hij in de brief staat."))
    sleutel = models.CharField(_("voorstelsleutel"), max_length=64, editable=False)
    tijd = models.CharField(_("tijdsaanduiding"), max_length=200, help_text=_("Bijv. 'begin juni'."))
    van = models.DateField(_("van"))
    tot = models.DateField(_("tot en met"), null=True, blank=True, help_text=_("Leeg: geen einde genoemd."))
    wie = models.CharField(_("wie"), max_length=40, help_text=_("Kabinet, minister of staatssecretaris."))
    wat = models.CharField(_("wat"), max_length=40, help_text=_("Bijv. 'Kamer informeren'."))
    zeker = models.BooleanField(_("zeker"), default=True, help_text=_("Nee: een open termijn."))
    uitkomst = models.CharField(_("uitkomst"), max_length=12, choices=Uitkomst.choices, default=Uitkomst.OPEN)
    reden = models.TextField(_("reden"), blank=True, help_text=_("Waarom afgewezen, of wat ervan werd."))
    door = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    op = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    doel = models.ForeignKey(
        "indicatoren.Doel",
        verbose_name=_("doel"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Het doel op een indicator dat de belofte werd."),
    )
    streefdatumwijziging = models.ForeignKey(
        "rapportage.StreefdatumWijziging",
        verbose_name=_("wijziging van de streefdatum"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("De streefdatum van een actie die de belofte werd."),
    )
    opdracht = models.ForeignKey(
        "moties.Opdracht",
        verbose_name=_("belofte"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("De belofte in het register (moties.Opdracht) die het voorstel werd."),
    )
    history = Geschiedenis()

    class Meta:
        verbose_name = _("beloftevoorstel")
        verbose_name_plural = _("beloftevoorstellen")
        ordering = ["brief_sleutel", "pk"]
        constraints = [
            # One proposal per promise in a letter, however often the letter is uploaded.
            models.UniqueConstraint(
                fields=["brief_sleutel", "sleutel"],
                name="beloftevoorstel_een_per_brief",
            ),
        ]

    def __str__(self):
        return f"{self.tijd}: {' '.join(self.citaat.split())[:60]}"

    def save(self, *args, **kwargs):
        self.sleutel = self.bereken_sleutel()
        super().save(*args, **kwargs)

    def bereken_sleutel(self) -> str:
        return voorstelsleutel(self.citaat, self.van, self.tot)

    @property
    def periode(self) -> str:
        return periode_in_woorden(self.van, self.tot)

    @property
    def is_open(self):
        return self.uitkomst == Uitkomst.OPEN
