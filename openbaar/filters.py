"""The filters of the public action list, shared by the HTML list, the exports, the feeds and the API."""

import functools
import re
import threading
from collections import OrderedDict

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, F, IntegerField, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from acties.models import Actie, Ministerie, Status, Thema
from lib.invoer import geheel_getal
from moties.enquete import hoofddossier
from moties.models import Opdracht

from . import zoeken
from .query import nieuwste_teksten, rondes, teksten
from .versie import keuzeversie

SORTERINGEN = [
    ("nummer", _("nummer (oplopend)")),
    ("-nummer", _("nummer (aflopend)")),
    ("thema", _("thema")),
    ("-gewijzigd", _("laatst gewijzigd")),
    ("streefdatum", _("streefdatum (vroegste eerst)")),
    ("relevantie", _("relevantie (bij zoeken)")),
]


class KeuzeIterator(forms.models.ModelChoiceIterator):
    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.field.opties()


class KeuzeVeld(forms.ModelChoiceField):
    """A choice of object whose options come from one plain query. Django's own iterator() would run a
    server-side cursor on PostgreSQL: three round trips (declare, fetch, close) for a few dozen rows, for
    each list of the filter form.

    The options are (value, label) strings. `opties_bron` may give them another queryset than the one
    that validates (the ministries of one time); `bewaarde_opties`, when set, gives them from elsewhere
    (ActieFilter's lists per version)."""

    iterator = KeuzeIterator
    opties_bron = None
    bewaarde_opties = None

    def opties(self):
        if self.bewaarde_opties is not None:
            return self.bewaarde_opties()
        return self.maak_opties()

    def maak_opties(self):
        queryset = self.queryset if self.opties_bron is None else self.opties_bron()
        return [(str(self.prepare_value(obj)), str(self.label_from_instance(obj))) for obj in queryset]


class Keuzelijsten:
    """The options of the public list's filter form, kept in this process for one version of what they
    show (openbaar.versie.keuzeversie): five queries and a few hundred objects per page otherwise, for
    lists that change a few times a year. A request that reads another version drops them all; the
    ministries' list depends on the request too, so at most `max_lijsten` are kept, least recently used
    first out."""

    def __init__(self, max_lijsten=100):
        self.max_lijsten = max_lijsten
        self._versie = None
        self._lijsten = OrderedDict()
        # gunicorn's threaded workers serve several requests of one process at once.
        self._slot = threading.Lock()

    def lijst(self, versie, sleutel, maak):
        with self._slot:
            if versie != self._versie:
                self._versie = versie
                self._lijsten.clear()
            lijst = self._lijsten.get(sleutel)
            if lijst is not None:
                self._lijsten.move_to_end(sleutel)
                return lijst
        lijst = maak()
        with self._slot:
            if versie == self._versie:
                self._lijsten[sleutel] = lijst
                while len(self._lijsten) > self.max_lijsten:
                    self._lijsten.popitem(last=False)
        return lijst


keuzelijsten = Keuzelijsten()


class OpzoekVeld(KeuzeVeld):
    """A choice of object that also accepts the other spellings the API promises (name, key, case)."""

    def zoek(self, waarde):
        raise NotImplementedError

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            return self.zoek(str(value).strip())
        except (
            ValueError,
            TypeError,
            self.queryset.model.DoesNotExist,
            self.queryset.model.MultipleObjectsReturned,
        ):
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
            ) from None


class ThemaVeld(OpzoekVeld):
    def zoek(self, waarde):
        return self.queryset.get(Q(slug=waarde.lower()) | Q(naam__iexact=waarde))


class MinisterieVeld(OpzoekVeld):
    """Offers the ministries of one time (its queryset, see ActieFilter) by name, but accepts every known
    abbreviation: an older link such as ?ministerie=EZK keeps finding the actions still linked to it."""

    def label_from_instance(self, obj):
        return obj.keuzelabel

    def zoek(self, waarde):
        return self.queryset.model._default_manager.get(afkorting__iexact=waarde)


class MotieVeld(OpzoekVeld):
    def label_from_instance(self, obj):
        return f"{obj.nummer} – {obj.indieners}"

    def zoek(self, waarde):
        gevonden = re.fullmatch(r"(?:([0-9]{1,9})-)?([0-9]{1,9})", waarde)
        if not gevonden:
            raise ValueError(waarde)
        dossier = int(gevonden[1]) if gevonden[1] else hoofddossier()
        return self.queryset.get(dossier=dossier, nummer=int(gevonden[2]))


def motie_of_404(sleutel, queryset=None):
    """The motion a URL names ('<dossier>-21', or '21' in the inquiry's own dossier) among `queryset`
    (default: every motion); Http404 for anything else, so a page, a feed and the API answer alike."""
    try:
        return MotieVeld(queryset=Opdracht.objects.moties() if queryset is None else queryset).zoek(sleutel)
    except (ValueError, Opdracht.DoesNotExist):
        raise Http404(_("Deze motie bestaat niet.")) from None


class ThemaFilter(django_filters.ModelChoiceFilter):
    field_class = ThemaVeld


@extend_schema_field(OpenApiTypes.STR)
class MinisterieFilter(django_filters.ModelChoiceFilter):
    field_class = MinisterieVeld


@extend_schema_field(OpenApiTypes.INT)
class RapportageFilter(django_filters.ModelChoiceFilter):
    field_class = KeuzeVeld


@extend_schema_field(OpenApiTypes.STR)
class MotieFilter(django_filters.ModelChoiceFilter):
    field_class = MotieVeld

    def __init__(self, *args, **kwargs):
        # Options carry the key used in URLs and the API ('<dossier>-21'), not the database id.
        super().__init__(*args, to_field_name="sleutel", **kwargs)


def _peildatum_van_keuze(data):
    """The reference date of the chosen round, else of the latest closed round, else today: the time
    whose ministries the ministry filter offers. An expression, so the choices cost no query of their
    own (and none at all when nobody renders them, as in the API)."""
    gepubliceerd = rondes().order_by("-peildatum", "-pk")
    gekozen = geheel_getal(str(data.get("rapportage") or "") if data is not None else "", max_cijfers=9)
    if gekozen is not None:
        gepubliceerd = gepubliceerd.filter(pk=gekozen)
    return Coalesce(Subquery(gepubliceerd.values("peildatum")[:1]), Value(timezone.localdate()))


def _optie(waarde, label):
    return f'<option value="{escape(waarde)}">{escape(label)}</option>'


class ActieFilterForm(forms.Form):
    def clean(self):
        # A repeated parameter (?status=a&status=b) is ambiguous: refuse it rather than pick one.
        for naam in self.fields:
            waarden = set(self.data.getlist(naam)) if hasattr(self.data, "getlist") else set()
            if len(waarden) > 1:
                self.add_error(naam, _("Deze filter mag maar één keer voorkomen."))
        return super().clean()


class ActieFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Zoeken"),
        method="filter_zoek",
        max_length=zoeken.MAX_ZOEKLENGTE,
        help_text=_("In omschrijvingen en teksten over de stand van zaken."),
    )
    thema = ThemaFilter(
        label=_("Thema"),
        queryset=Thema.objects.filter(hoofdthema__isnull=True),
        to_field_name="slug",
        method="filter_thema",
        empty_label=_("Alle thema's"),
    )
    subthema = ThemaFilter(
        label=_("Subthema"),
        queryset=Thema.objects.filter(hoofdthema__isnull=False).select_related("hoofdthema"),
        to_field_name="slug",
        field_name="thema",
        empty_label=_("Alle subthema's"),
    )
    motie = MotieFilter(
        label=_("Motie"),
        queryset=Opdracht.objects.moties(),
        method="filter_motie",
        empty_label=_("Alle moties"),
    )
    ministerie = MinisterieFilter(
        label=_("Ministerie"),
        queryset=Ministerie.objects.all(),
        to_field_name="afkorting",
        method="filter_ministerie",
        empty_label=_("Alle ministeries"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Status.choices, method="filter_status", empty_label=_("Alle statussen")
    )
    termijn = django_filters.ChoiceFilter(
        label=_("Streefdatum"),
        choices=[
            ("over-tijd", _("over tijd")),
            ("met-streefdatum", _("met streefdatum")),
            ("zonder-streefdatum", _("zonder streefdatum")),
        ],
        method="filter_termijn",
        empty_label=_("Alle acties"),
        help_text=_("Over tijd: de streefdatum is voorbij en de actie is niet afgerond of vervallen."),
    )
    knelpunt = django_filters.ChoiceFilter(
        label=_("Knelpunt"),
        choices=[("ja", _("met knelpunt")), ("nee", _("zonder knelpunt"))],
        method="filter_knelpunt",
        empty_label=_("Alle acties"),
        help_text=_("Een knelpunt in de laatste vastgestelde tekst (of in die van de gekozen rapportage)."),
    )
    rapportage = RapportageFilter(
        label=_("Rapportage"),
        queryset=rondes(),
        method="filter_rapportage",
        empty_label=_("Laatste stand"),
        help_text=_("Acties met een tekst in deze ronde; de status geldt dan voor die ronde."),
    )
    sorteer = django_filters.ChoiceFilter(
        label=_("Sorteren op"), choices=SORTERINGEN, method="filter_sorteer", empty_label=None
    )

    _formulierklasse = None

    class Meta:
        model = Actie
        fields = []
        form = ActieFilterForm

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        self._keuzeversie = None
        for naam, veld in self.form.fields.items():
            veld.required = False
            if isinstance(veld, KeuzeVeld):
                veld.bewaarde_opties = functools.partial(self._opties, naam, veld)
        self.form.fields["ministerie"].opties_bron = self._ministeries

    def get_form_class(self):
        # django-filters makes the form's class, with a new field for every filter, at each request; the
        # filters never change and every form works on copies of its class's fields, so one class serves.
        if ActieFilter._formulierklasse is None:
            ActieFilter._formulierklasse = super().get_form_class()
        return ActieFilter._formulierklasse

    def _gekozen_ministerie(self):
        return str(self.data.get("ministerie") or "")

    def _ministeries(self):
        keuzes = Ministerie.objects.geldig_op(_peildatum_van_keuze(self.data))
        if gekozen := self._gekozen_ministerie():
            # A chosen ministry of another time stays in the list, shown as chosen.
            keuzes |= Ministerie.objects.filter(afkorting__iexact=gekozen)
        return keuzes.order_by("naam")

    def _bewaard(self, sleutel, maak):
        if self._keuzeversie is None:
            self._keuzeversie = keuzeversie()
        sleutel = (*sleutel, get_language())
        if sleutel[0] == "ministerie":
            # What _ministeries depends on besides the version.
            ronde = geheel_getal(str(self.data.get("rapportage") or ""), max_cijfers=9)
            sleutel += (ronde, self._gekozen_ministerie().lower(), timezone.localdate())
        return keuzelijsten.lijst(self._keuzeversie, sleutel, maak)

    def _opties(self, naam, veld):
        """The field's options from the lists this process keeps, made when the version is new."""
        return self._bewaard((naam,), veld.maak_opties)

    def opties_html(self, veld):
        """The <option> elements of a bound field of the form, the chosen one selected: made once per
        version, as Django's per-option widget templates cost more than the rest of the page."""
        keuzes = getattr(veld.field, "choices", None)
        if keuzes is None:
            return ""
        html = self._bewaard(
            (veld.name, "html"),
            lambda: "".join(_optie("" if w is None else w, label) for w, label in keuzes),
        )
        gekozen = escape("" if veld.value() is None else veld.value())
        html = html.replace(f'<option value="{gekozen}">', f'<option value="{gekozen}" selected>', 1)
        return mark_safe(html)  # noqa: S308 - values and labels escaped above

    @property
    def zoekterm(self):
        return self.form.cleaned_data.get("q") if self.is_valid() else ""

    @property
    def gekozen_rapportage(self):
        return self.form.cleaned_data.get("rapportage") if self.is_valid() else None

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sorteer"):
            queryset = self.filter_sorteer(queryset, "sorteer", "")
        return queryset

    def filter_zoek(self, queryset, name, value):
        return zoeken.zoek(queryset, value) if value.strip() else queryset

    def filter_thema(self, queryset, name, value):
        return queryset.filter(Q(thema=value) | Q(thema__hoofdthema=value))

    def filter_motie(self, queryset, name, value):
        return queryset.filter(pk__in=value.actieopdrachten.values("actie_id"))

    def filter_ministerie(self, queryset, name, value):
        return queryset.filter(pk__in=value.actieministeries.values("actie_id"))

    def filter_status(self, queryset, name, value):
        rapportage = self.form.cleaned_data.get("rapportage")
        if rapportage is None:
            return queryset.filter(status=value)
        in_ronde = teksten().filter(rapportage=rapportage, status=value)
        return queryset.filter(pk__in=in_ronde.values("actie_id"))

    def filter_termijn(self, queryset, name, value):
        if value == "over-tijd":
            return queryset.over_tijd(timezone.localdate())
        return queryset.filter(streefdatum__isnull=value != "met-streefdatum")

    def filter_knelpunt(self, queryset, name, value):
        rapportage = self.form.cleaned_data.get("rapportage")
        laatste = nieuwste_teksten() if rapportage is None else teksten().filter(rapportage=rapportage)
        met_knelpunt = laatste.exclude(knelpunt="").values("actie_id")
        if value == "ja":
            return queryset.filter(pk__in=met_knelpunt)
        return queryset.exclude(pk__in=met_knelpunt)

    def filter_rapportage(self, queryset, name, value):
        return queryset.filter(pk__in=teksten().filter(rapportage=value).values("actie_id"))

    def filter_sorteer(self, queryset, name, value):
        if not value:
            value = "relevantie" if self.form.cleaned_data.get("q", "").strip() else "nummer"
        if value == "relevantie":
            if "rang" not in queryset.query.annotations:
                return queryset.order_by("nummer")
            return queryset.order_by("-rang", "nummer")
        if value == "thema":
            return queryset.annotate(
                hoofd_volgorde=Coalesce(F("thema__hoofdthema__volgorde"), F("thema__volgorde")),
                sub_volgorde=Case(
                    When(thema__hoofdthema__isnull=True, then=Value(-1)),
                    default=F("thema__volgorde"),
                    output_field=IntegerField(),
                ),
            ).order_by("hoofd_volgorde", "sub_volgorde", "nummer")
        if value == "-gewijzigd":
            return queryset.order_by("-gewijzigd_op", "nummer")
        if value == "streefdatum":
            return queryset.order_by(F("streefdatum").asc(nulls_last=True), "nummer")
        return queryset.order_by(value)
