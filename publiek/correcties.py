"""The public corrections log (site-wide and per round) and its Atom feed."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _

from openbaar import correcties, query


def correctielog(request):
    context = {
        "correcties": correcties.log(),
        "streefdata": query.streefdatumwijzigingen()
        .filter(rapportage__isnull=True)
        .select_related("actie")
        .order_by("-op", "-pk")[: correcties.MAX_CORRECTIES],
        "buiten_ronde": query.correcties_buiten_ronde()[: correcties.MAX_CORRECTIES],
    }
    return render(request, "correcties/log.html", context)


def correctielog_rapportage(request, pk):
    rapportage = get_object_or_404(query.rondes(), pk=pk)
    context = {"rapportage": rapportage, "correcties": correcties.log(rapportage)}
    return render(request, "correcties/log.html", context)


class CorrectieFeed(Feed):
    feed_type = Atom1Feed

    def title(self):
        return _("pokvolg: correcties van gepubliceerde rapportages")

    def link(self):
        return reverse("correcties")

    def feed_url(self):
        return reverse("feed_correcties")

    def items(self):
        return correcties.log()

    def item_title(self, item):
        p = item.publicatie
        return _("%(titel)s: versie %(versie)s") % {"titel": p.rapportage.titel, "versie": p.versie}

    def item_description(self, item):
        nummers = ", ".join(str(a.nummer) for a in item.acties) or _("geen")
        return escape(
            _("Reden: %(reden)s. Gecorrigeerde acties: %(nummers)s.")
            % {"reden": item.publicatie.reden, "nummers": nummers}
        )

    def item_link(self, item):
        p = item.publicatie
        return reverse("correcties_rapportage", args=[p.rapportage_id]) + f"#versie-{p.versie}"

    def item_guid(self, item):
        return f"pokvolg-correctie-{item.publicatie.rapportage_id}-{item.publicatie.versie}"

    def item_guid_is_permalink(self, item):
        return False

    def item_pubdate(self, item):
        return item.publicatie.op

    def item_updateddate(self, item):
        return item.publicatie.op
