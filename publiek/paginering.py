"""Pages of 50 rows for the public lists and the API; a page number is one positive whole number."""

import re

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.utils.translation import gettext as _

PER_PAGINA = 50
MAX_PAGINA = 1_000_000


class OngeldigePagina(ValueError):
    pass


def pagina_nummer(request):
    """The requested page number; anything but one positive whole number is refused, not guessed."""
    waarden = request.GET.getlist("page")
    if not waarden:
        return 1
    if len(set(waarden)) > 1 or not re.fullmatch(r"[0-9]{1,7}", waarden[0]):
        raise OngeldigePagina(waarden[0])
    nummer = int(waarden[0])
    if not 1 <= nummer <= MAX_PAGINA:
        raise OngeldigePagina(waarden[0])
    return nummer


def pagineer(request, queryset):
    """(page, error message, http status): a page of the queryset, or an empty result with a reason.

    The total comes along with the rows as a window count, so a page costs one query instead of a
    count that repeats the whole filter (and search) and then the query for the rows.
    """
    try:
        nummer = pagina_nummer(request)
    except OngeldigePagina:
        return None, _("Het paginanummer is ongeldig: gebruik een positief geheel getal."), 400
    begin = (nummer - 1) * PER_PAGINA
    rijen = list(queryset.annotate(totaal_aantal=Window(Count("pk")))[begin : begin + PER_PAGINA])
    paginator = Paginator(queryset, PER_PAGINA)
    if rijen:
        paginator.count = rijen[0].totaal_aantal
    elif nummer == 1:
        paginator.count = 0
    if not rijen and nummer > 1:
        return (
            None,
            _("Pagina %(nummer)s bestaat niet; er zijn %(aantal)s pagina's.")
            % {
                "nummer": nummer,
                "aantal": paginator.num_pages,
            },
            404,
        )
    return Page(rijen, nummer, paginator), None, 200
