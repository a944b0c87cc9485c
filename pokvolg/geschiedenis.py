"""History shared by every domain model: django-simple-history plus the client IP address."""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import models
from django.dispatch import receiver
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import HistoricalRecords
from simple_history.signals import pre_create_historical_record


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


def client_ip(request):
    # Behind a proxy REMOTE_ADDR is the proxy; the operator sets the header
    # (see README) only when the proxy overwrites it, so clients cannot forge it.
    header = getattr(settings, "CLIENT_IP_HEADER", "")
    if header:
        waarde = request.META.get(header, "")
        if waarde:
            return waarde.split(",")[0].strip()
    return request.META.get("REMOTE_ADDR")


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
