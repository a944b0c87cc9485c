"""Atom feeds of published status texts: the new and changed ones, all and per theme, motion and ministry;
and per action every published text, one per closed round."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.db.models import F, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape, linebreaks
from django.utils.translation import gettext as _

from acties.models import Actie, Ministerie, Thema
from openbaar.filters import motie_of_404
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
