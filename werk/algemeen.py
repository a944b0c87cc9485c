"""What several /werk/ screens share: where a step returns to and how a list of texts is loaded."""

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from acties.models import ActieMinisterie
from rapportage import rechten


def met_ministeries(qs):
    return qs.select_related("actie__thema", "auteur", "gedeeld_met__actie").prefetch_related(
        Prefetch("actie__actieministeries", queryset=ActieMinisterie.objects.select_related("ministerie"))
    )


def dagen_tot(deadline):
    return (deadline - timezone.localdate()).days if deadline else None


def terug(request, voortgang):
    """Where a step on a text returns to: the page the user came from when it says so (the board with its
    filter, page and the next text's anchor), else the board or Mijn acties."""
    gevraagd = request.POST.get("terug") or request.GET.get("terug") or ""
    if gevraagd.startswith("/") and url_has_allowed_host_and_scheme(
        gevraagd, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return gevraagd
    if rechten.is_redactie(request.user):
        return reverse("werk:ronde", args=[voortgang.rapportage_id])
    return reverse("werk:mijn_acties")
