"""History shared by every domain model: django-simple-history plus the client IP address, and the one
builder that turns historical records into readable versions (for the public action page and /werk/)."""

import bisect

from django.core.exceptions import PermissionDenied
from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record

from .limiet import client_ip
from .tekst import zelfde_tekst
from .verschil import woordverschil


class MetIPAdres(models.Model):
    ip_adres = models.GenericIPAddressField(
        _("IP-adres"),
        null=True,
        blank=True,
        help_text=_("Adres waarvandaan de wijziging kwam; leeg bij wijzigingen via de opdrachtregel."),
    )

    class Meta:
        abstract = True


def Geschiedenis(**kwargs):
    """HistoricalRecords with the IP address, as every domain model uses it."""
    return HistoricalRecords(bases=[MetIPAdres], **kwargs)


@receiver(pre_create_historical_record)
def _bewaar_ip_adres(sender, **kwargs):
    request = getattr(HistoricalRecords.context, "request", None)
    if request is not None:
        kwargs["history_instance"].ip_adres = client_ip(request)


class GeschiedenisAdmin(SimpleHistoryAdmin):
    """Shows history in the admin but refuses the revert POST, which the setting alone only hides."""

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            raise PermissionDenied(_("De geschiedenis kan niet worden teruggezet."))
        return super().history_form_view(request, object_id, version_id, extra_context)


# Fields that change with every save, or that a page about the object already shows, say nothing to a reader.
# Who of the redactie decided shows to logged-in readers through the record's own user, as on every change.
NIET_TONEN = frozenset({"id", "gewijzigd_op", "versie", "auteur", "actie", "rapportage", "besloten_door"})
WAT = {"+": _("aangemaakt"), "~": _("gewijzigd"), "-": _("verwijderd")}


def _velden(model):
    return [
        f
        for f in model._meta.concrete_fields
        if f.name not in NIET_TONEN and not f.name.startswith("history_")
    ]


def _label(obj):
    # A model whose str() reads wrong in a sentence ("Deel van …") offers label_in_geschiedenis.
    return getattr(obj, "label_in_geschiedenis", None) or str(obj)


def _labels(records, bekend):
    """Readable names of the objects these records point to. Objects the page already loaded (`bekend`)
    cost nothing; for the others one query per kind at most."""
    labels, nodig = {}, {}
    for obj in bekend:
        labels.setdefault(type(obj), {})[obj.pk] = _label(obj)
    for record in records:
        for veld in _velden(record.instance_type):
            waarde = getattr(record, veld.attname)
            if veld.is_relation and waarde is not None and waarde not in labels.get(veld.related_model, {}):
                nodig.setdefault(veld.related_model, set()).add(waarde)
    for model, pks in nodig.items():
        verwijzingen = [f.name for f in model._meta.concrete_fields if f.many_to_one]
        objecten = model._default_manager.filter(pk__in=pks).select_related(*verwijzingen)
        namen = labels.setdefault(model, {})
        for obj in objecten:
            namen[obj.pk] = _label(obj)
    return labels


def _waarde(veld, waarde, labels):
    if waarde in (None, ""):
        return ""
    if veld.is_relation:
        return labels.get(veld.related_model, {}).get(waarde, str(waarde))
    if veld.choices:
        return str(dict(veld.flatchoices).get(waarde, waarde))
    return str(waarde)


def _onderwerp(record, labels):
    """What a link record is about (the ministry of an action–ministry link), so that a deletion is
    readable. A model names that field in `onderwerp_veld`."""
    naam = getattr(record.instance_type, "onderwerp_veld", None)
    if naam is None:
        return ""
    veld = record.instance_type._meta.get_field(naam)
    return _waarde(veld, getattr(record, veld.attname), labels)


class Herkomst:
    """The step a historical record was written in, found from the records of the object that took the
    step (a round that was closed or loaded from an annex).

    One step saves its object first and then everything it changes, all with the same change reason;
    so a record comes from the latest step with its reason at or before its own time. `stappen`:
    (reason, time, what to say about the step), in any order.
    """

    def __init__(self, stappen):
        self._per_reden = {}
        for reden, moment, stap in stappen:
            if reden:
                self._per_reden.setdefault(reden, []).append((moment, stap))
        for reeks in self._per_reden.values():
            reeks.sort(key=lambda paar: paar[0])

    def van(self, record):
        reeks = self._per_reden.get(record.history_change_reason)
        if not reeks:
            return None
        i = bisect.bisect_right(reeks, record.history_date, key=lambda paar: paar[0])
        return reeks[i - 1][1] if i else None


def versies(records, bekend=(), herkomst=None):
    """Readable versions of historical records (of one or more models), newest first.

    Each version says what happened, to which kind of object, and per field the old and new value
    (with a word diff for text fields). A save that changed nothing a reader sees is left out.
    `bekend`: objects the page already has, whose names then need no query. `herkomst` (a Herkomst):
    gives each version the step it came from, under "herkomst" (None when it is not known).
    """
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    labels = _labels(records, bekend)
    vorige, uit = {}, []
    for record in records:
        model = record.instance_type
        velden = _velden(model)
        oud = vorige.get((model, record.id))
        vorige[(model, record.id)] = record
        wijzigingen = []
        for veld in velden if record.history_type != "-" else []:
            oud_tekst = _waarde(veld, getattr(oud, veld.attname), labels) if oud is not None else ""
            nieuw_tekst = _waarde(veld, getattr(record, veld.attname), labels)
            if zelfde_tekst(oud_tekst, nieuw_tekst):
                continue
            tekstveld = veld.get_internal_type() == "TextField" and oud is not None
            wijzigingen.append(
                {
                    "veld": veld.verbose_name,
                    "oud": oud_tekst,
                    "nieuw": nieuw_tekst,
                    "verschil": woordverschil(oud_tekst, nieuw_tekst) if tekstveld else "",
                }
            )
        if record.history_type == "~" and not wijzigingen:
            continue
        uit.append(
            {
                "record": record,
                "soort": model._meta.verbose_name,
                "wat": WAT[record.history_type],
                "onderwerp": _onderwerp(record, labels),
                "wijzigingen": wijzigingen,
                "herkomst": herkomst.van(record) if herkomst is not None else None,
            }
        )
    uit.reverse()
    return uit
