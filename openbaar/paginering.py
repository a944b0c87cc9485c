"""Pages of 50 rows for the public lists and the API; a page number is one positive whole number."""

from django.core.paginator import Page, Paginator
from django.db.models import Count, Window
from django.utils.translation import gettext as _

from lib.invoer import geheel_getal

PER_PAGINA = 50
MAX_PAGINA = 1_000_000


class OngeldigePagina(ValueError):
    pass


def pagina_nummer(request):
    """The requested page number; anything but one positive whole number is refused, not guessed."""
    waarden = request.GET.getlist("page")
    if not waarden:
        return 1
    nummer = geheel_getal(waarden[0], max_cijfers=7)
    if len(set(waarden)) > 1 or nummer is None or not 1 <= nummer <= MAX_PAGINA:
        raise OngeldigePagina(waarden[0])
    return nummer


def pagineer(request, queryset, met_gegevens=None):
    """(page, error message, http status): a page of the queryset, or an empty result with a reason.

    The total comes along with the rows as a window count, so a page costs one query instead of a
    count that repeats the whole filter (and search) and then the query for the rows.

    With `met_gegevens` (a function that adds what the page shows to a queryset of the same model),
    that one query carries only the keys, so the count over every matching row stays narrow; then
    `met_gegevens` is applied to just the page's rows, in a query by key that leaves out the filter.
    """
    try:
        nummer = pagina_nummer(request)
    except OngeldigePagina:
        return None, _("Het paginanummer is ongeldig: gebruik een positief geheel getal."), 400
    begin = (nummer - 1) * PER_PAGINA
    geteld = queryset.annotate(totaal_aantal=Window(Count("pk")))
    if met_gegevens is None:
        rijen = list(geteld[begin : begin + PER_PAGINA])
        totaal = rijen[0].totaal_aantal if rijen else 0
    else:
        sleutels = list(geteld.values_list("pk", "totaal_aantal")[begin : begin + PER_PAGINA])
        totaal = sleutels[0][1] if sleutels else 0
        pagina = queryset.model._default_manager.filter(pk__in=[pk for pk, _totaal in sleutels])
        per_sleutel = {rij.pk: rij for rij in met_gegevens(pagina)} if sleutels else {}
        # A row deleted between the two queries is left out rather than failing the page.
        rijen = [per_sleutel[pk] for pk, _totaal in sleutels if pk in per_sleutel]
    paginator = Paginator(queryset, PER_PAGINA)
    if rijen:
        paginator.count = totaal
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
