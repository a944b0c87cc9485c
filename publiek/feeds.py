"""Atom feeds of published status texts: the new and changed ones, all and per theme, motion and ministry;
and per action every published text, one per closed round. The register (moties.Opdracht) has a feed per
kind (new items, a changed standing or response) and one per item that adds its actions' new texts."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from acties.models import Actie, Ministerie, Thema
from moties.models import Opdracht, Soort
from openbaar.filters import motie_of_404
from openbaar.opdrachten import Versie, opdracht_of_404, versies
from openbaar.query import rondes, teksten
from rapportage.models import NIEUWSTE_EERST

AANTAL_ITEMS = 50
# Items come from the newest rounds; looking further back would only cost time for items nobody reaches.
RONDES_TERUG = 3
# RFC 4151: a tag names its authority as a domain and a date on which that domain was held; 2021 is the
# year this tracker began. The year never changes, or every entry would be new to every reader.
TAG_JAAR = 2021


def tag_id(actie_nummer: int, rapportage_id: int) -> str:
    """The Atom id of one action's published text of one round: a tag: URI, the same whoever asks, at
    whatever address. The host is SITE_URL's (the site's one public name), never the request's: a reader
    behind another alias or a proxy would otherwise see every entry twice."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{host},{TAG_JAAR}:actie/{actie_nummer}/rapportage/{rapportage_id}"


def _vorige_tekst():
    """The same action's published text of the round before, for a queryset of texts."""
    return Subquery(
        teksten()
        .filter(actie=OuterRef("actie"), rapportage__peildatum__lt=OuterRef("rapportage__peildatum"))
        .order_by(*NIEUWSTE_EERST)
        .values("tekst")[:1]
    )


def nieuw_of_gewijzigd(voortgang):
    """Published texts that are new, or differ from the same action's text in the round before."""
    recente_rondes = list(rondes().values("pk")[:RONDES_TERUG])
    return (
        voortgang.filter(rapportage__in=[r["pk"] for r in recente_rondes])
        .annotate(vorige_tekst=_vorige_tekst())
        .filter(Q(vorige_tekst__isnull=True) | ~Q(vorige_tekst=F("tekst")))
        .select_related("actie", "rapportage", "publicatie")
        .order_by(*NIEUWSTE_EERST, "actie__nummer")[:AANTAL_ITEMS]
    )


class AlleTeksten(Feed):
    feed_type = Atom1Feed

    def title(self, obj=None):
        return _("pokvolg: nieuwe en gewijzigde teksten over de stand van zaken")

    def subtitle(self, obj=None):
        return _("Vervolgacties op het rapport 'Ongekend onrecht', per vastgestelde rapportage.")

    def link(self, obj=None):
        return reverse("acties")

    def feed_url(self, obj=None):
        return reverse("feed")

    def voortgang(self, obj):
        return teksten()

    def items(self, obj=None):
        return nieuw_of_gewijzigd(self.voortgang(obj))

    def item_title(self, item):
        soort = _("nieuw") if item.vorige_tekst is None else _("gewijzigd")
        return _("Actie %(nummer)s – %(rapportage)s (%(status)s, %(soort)s)") % {
            "nummer": item.actie.nummer,
            "rapportage": item.rapportage.titel,
            "status": item.get_status_display(),
            "soort": soort,
        }

    def item_description(self, item):
        # Atom carries this as HTML: the text is data and is escaped before it becomes markup.
        return linebreaks(escape(item.tekst))

    def item_link(self, item):
        return reverse("actie", args=[item.actie.nummer]) + f"#ronde-{item.rapportage_id}"

    def item_guid(self, item):
        # One entry per action and round: a corrected text keeps its entry (its updated date changes).
        return tag_id(item.actie.nummer, item.rapportage_id)

    def item_guid_is_permalink(self, item):
        return False

    def item_updateddate(self, item):
        return item.publicatie.op

    def item_pubdate(self, item):
        return item.publicatie.op


class TekstenPerThema(AlleTeksten):
    def get_object(self, request, slug):
        return get_object_or_404(Thema, slug=slug)

    def title(self, obj=None):
        return _("pokvolg: stand van zaken, thema %(thema)s") % {"thema": obj.naam}

    def link(self, obj=None):
        return obj.get_absolute_url()

    def feed_url(self, obj=None):
        return reverse("feed_thema", args=[obj.slug])

    def voortgang(self, obj):
        return teksten().filter(Q(actie__thema=obj) | Q(actie__thema__hoofdthema=obj))


class TekstenPerMotie(AlleTeksten):
    def get_object(self, request, sleutel):
        return motie_of_404(sleutel)

    def title(self, obj=None):
        return _("pokvolg: stand van zaken, motie %(motie)s") % {"motie": obj.kamerstuk}

    def link(self, obj=None):
        return obj.get_absolute_url()

    def feed_url(self, obj=None):
        return reverse("feed_motie", args=[obj.sleutel])

    def voortgang(self, obj):
        return teksten().filter(actie__in=obj.actieopdrachten.values("actie_id"))


class TekstenPerMinisterie(AlleTeksten):
    def get_object(self, request, afkorting):
        return get_object_or_404(Ministerie, afkorting__iexact=afkorting)

    def title(self, obj=None):
        return _("pokvolg: stand van zaken, %(ministerie)s") % {"ministerie": obj.naam}

    def link(self, obj=None):
        return reverse("acties") + f"?ministerie={obj.afkorting}"

    def feed_url(self, obj=None):
        return reverse("feed_ministerie", args=[obj.afkorting])

    def voortgang(self, obj):
        return teksten().filter(actie__in=obj.actieministeries.values("actie_id"))


class TekstenPerActie(AlleTeksten):
    """Every published text of one action, one item per closed round, newest first; unchanged texts
    too (titled as such), so the feed is the action's whole public timeline."""

    def get_object(self, request, nummer):
        return get_object_or_404(Actie, nummer=nummer)

    def title(self, obj=None):
        return _("pokvolg: stand van zaken van actie %(nummer)s") % {"nummer": obj.nummer}

    def subtitle(self, obj=None):
        return obj.omschrijving[:300]

    def link(self, obj=None):
        return obj.get_absolute_url()

    def feed_url(self, obj=None):
        return reverse("feed_actie", args=[obj.nummer])

    def items(self, obj=None):
        return (
            teksten()
            .filter(actie=obj)
            .annotate(vorige_tekst=_vorige_tekst())
            .select_related("actie", "rapportage", "publicatie")
            .order_by(*NIEUWSTE_EERST)[:AANTAL_ITEMS]
        )

    def item_title(self, item):
        if item.vorige_tekst is None:
            soort = _("nieuw")
        elif item.vorige_tekst == item.tekst:
            soort = _("ongewijzigd")
        else:
            soort = _("gewijzigd")
        return _("Actie %(nummer)s – %(rapportage)s (%(status)s, %(soort)s)") % {
            "nummer": item.actie.nummer,
            "rapportage": item.rapportage.titel,
            "status": item.get_status_display(),
            "soort": soort,
        }


def versie_id(versie: Versie) -> str:
    """The Atom id of one version of an item of the register, by its row and its history record: the
    same when the item's key (a register number added later) changes."""
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"tag:{host},{TAG_JAAR}:opdracht/{versie.opdracht.pk}/versie/{versie.record.history_id}"


def versie_titel(versie: Versie) -> str:
    """'Toezegging TZ202101-088: stand voldaan (was open)': new, or what changed of the standing and the
    cabinet's response, or else which fields changed."""
    record, vorig = versie.record, versie.vorig
    if versie.nieuw:
        wat = [_("nieuw")]
    else:
        wat = []
        if "stand" in versie.gewijzigd:
            wat.append(
                _("stand %(nu)s (was %(was)s)")
                % {"nu": record.get_stand_display(), "was": vorig.get_stand_display()}
            )
        if "reactie" in versie.gewijzigd:
            wat.append(
                _("reactie van het kabinet: %(nu)s (was %(was)s)")
                % {"nu": record.get_reactie_display(), "was": vorig.get_reactie_display()}
            )
        if not wat:
            velden = [str(Opdracht._meta.get_field(v).verbose_name) for v in versie.gewijzigd]
            wat.append(_("gewijzigd: %(velden)s") % {"velden": ", ".join(velden)})
    return f"{capfirst(versie.opdracht.label_in_geschiedenis)}: {'; '.join(wat)}"


def versie_beschrijving(versie: Versie) -> str:
    """The version as the item's page shows it: what was asked, its standing and the cabinet's response.
    Atom carries this as HTML: every value is data and is escaped before it becomes markup."""
    record = versie.record
    stand = [_("Stand: %(stand)s") % {"stand": record.get_stand_display()}]
    if record.vervuld_door:
        stand.append(_("uitgevoerd met %(document)s") % {"document": record.vervuld_door})
    if record.stand_reden:
        stand.append(_("reden: %(reden)s") % {"reden": record.stand_reden})
    reactie = _("Reactie van het kabinet: %(reactie)s") % {"reactie": record.get_reactie_display()}
    if record.reactie_toelichting:
        reactie += f" – {record.reactie_toelichting}"
    delen = [record.titel, record.dictum, "; ".join(stand) + ".", reactie]
    return "".join(linebreaks(escape(deel)) for deel in delen if deel)


class OpdrachtenPerSoort(AlleTeksten):
    """The items of one kind of the register that are new, or whose standing, response or other public
    data changed: one entry per saved version, newest first."""

    def get_object(self, request, soort):
        return Soort(soort)

    def title(self, obj=None):
        return _("pokvolg: nieuwe en gewijzigde %(soorten)s") % {"soorten": obj.meervoud}

    def subtitle(self, obj=None):
        return _("Nieuw, een andere stand of een andere reactie van het kabinet, per wijziging.")

    def link(self, obj=None):
        return reverse(obj.lijstnaam)

    def feed_url(self, obj=None):
        return reverse(f"feed_{obj.lijstnaam}")

    def items(self, obj=None):
        return versies(Opdracht.objects.filter(soort=obj), AANTAL_ITEMS)

    # An entry is a version of an item (Versie) or, in the feed of one item, a published text of an
    # action that carries it out.
    def item_title(self, item):
        return versie_titel(item) if isinstance(item, Versie) else super().item_title(item)

    def item_description(self, item):
        return versie_beschrijving(item) if isinstance(item, Versie) else super().item_description(item)

    def item_link(self, item):
        return item.opdracht.get_absolute_url() if isinstance(item, Versie) else super().item_link(item)

    def item_guid(self, item):
        return versie_id(item) if isinstance(item, Versie) else super().item_guid(item)

    def item_updateddate(self, item):
        return _datum(item)

    def item_pubdate(self, item):
        return _datum(item)


def _datum(item):
    return item.record.history_date if isinstance(item, Versie) else item.publicatie.op


class OpdrachtVolgen(OpdrachtenPerSoort):
    """One item of any kind: its own new versions and the new or changed published texts of the actions
    that carry it out, newest first."""

    def get_object(self, request, soort, sleutel):
        return opdracht_of_404(soort, sleutel)

    def title(self, obj=None):
        return _("pokvolg: stand van zaken, %(opdracht)s") % {"opdracht": obj.label_in_geschiedenis}

    def subtitle(self, obj=None):
        return (obj.titel or obj.dictum)[:300]

    def link(self, obj=None):
        return obj.get_absolute_url()

    def feed_url(self, obj=None):
        return reverse(f"feed_{Soort(obj.soort).lijstnaam}_item", args=[obj.sleutel])

    def items(self, obj=None):
        teksten_van_acties = nieuw_of_gewijzigd(
            teksten().filter(actie__in=obj.actieopdrachten.values("actie_id"))
        )
        alles = versies(Opdracht.objects.filter(pk=obj.pk), AANTAL_ITEMS) + list(teksten_van_acties)
        return sorted(alles, key=_datum, reverse=True)[:AANTAL_ITEMS]
