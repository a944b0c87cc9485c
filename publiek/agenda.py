"""/streefdata.ics: the actions' target dates as an iCalendar feed, filtered like the list (?ministerie=FIN,
?thema=…). One all-day event per action with a target date; an invalid filter gives 400, not everything."""

import datetime

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from acties.models import Actie
from openbaar.filters import ActieFilter


def streefdata(request):
    filterset = ActieFilter(request.GET, queryset=Actie.objects.all())
    if not filterset.is_valid():
        fouten = "; ".join(f"{veld}: {' '.join(lijst)}" for veld, lijst in filterset.errors.items())
        return HttpResponse(
            _("Ongeldige filters: %(fouten)s") % {"fouten": fouten},
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    host = request.get_host().split(":")[0]
    kalender = Calendar()
    kalender.add("prodid", "-//pokvolg//streefdata//NL")
    kalender.add("version", "2.0")
    kalender.add("calscale", "GREGORIAN")
    kalender.add("x-wr-calname", _("Streefdata van de POK-acties"))
    nu = timezone.now()
    for actie in filterset.qs.met_streefdatum().order_by("streefdatum", "nummer").iterator(chunk_size=2000):
        event = Event()
        event.add("uid", f"actie-{actie.nummer}-streefdatum@{host}")
        event.add("dtstamp", nu)
        event.add("dtstart", actie.streefdatum)
        event.add("dtend", actie.streefdatum + datetime.timedelta(days=1))
        event.add("summary", _("Streefdatum actie %(nummer)s") % {"nummer": actie.nummer})
        event.add("description", actie.samenvatting or actie.omschrijving)
        event.add("url", request.build_absolute_uri(actie.get_absolute_url()))
        event.add("transp", "TRANSPARENT")
        kalender.add_component(event)
    response = HttpResponse(kalender.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="streefdata.ics"'
    return response
