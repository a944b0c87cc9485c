"""Free-text search over action descriptions and published status texts.

PostgreSQL: full-text search with the Dutch configuration (stemming, ranking, highlighted fragments),
backed by the GIN expression indexes of acties/migrations/0003 (descriptions) and
rapportage/migrations/0008 (published texts). Other databases: a plain contains-search.
"""

import re
from urllib.parse import urlencode

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
    SearchVector,
    SearchVectorField,
)
from django.db import connection
from django.db.models import Count, F, FloatField, Q, Value
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from moties.models import Opdracht, Soort

from .query import teksten

MAX_ZOEKLENGTE = 200
CONFIG = "dutch"
# Private-use characters mark matches in the database's output; they are swapped for <mark> only after
# the whole text has been escaped, so no text from the database is ever trusted as HTML.
START, STOP = "\ue000", "\ue001"


def volledige_tekst():
    return connection.vendor == "postgresql"


def _vector(veld):
    # Must stay identical to the indexed expression in acties/migrations/0003, or the index is not used.
    return SearchVector(veld, config=CONFIG)


def _vector_van_omschrijving(acties):
    """_vector("omschrijving") as PostgreSQL keeps it (acties/migrations/0008): ranking every match reads
    it instead of parsing each description again."""
    kolom = f'"{acties.model._meta.db_table}"."omschrijving_zoekvector"'
    return RawSQL(kolom, (), output_field=SearchVectorField())


def _zoekvraag(q):
    return SearchQuery(q, config=CONFIG, search_type="websearch")


def _woorden(q):
    return [w for w in re.split(r"\s+", q.strip().strip('"')) if w][:10]


def zoek(acties, q):
    """Actions whose description or any published status text matches q, annotated with `rang`."""
    if volledige_tekst():
        vraag = _zoekvraag(q)
        in_omschrijving = (
            acties.model.objects.annotate(zv=_vector("omschrijving")).filter(zv=vraag).values("pk")
        )
        in_tekst = teksten().annotate(zv=_vector("tekst")).filter(zv=vraag)
        return acties.filter(Q(pk__in=in_omschrijving) | Q(pk__in=in_tekst.values("actie_id"))).annotate(
            rang=SearchRank(_vector_van_omschrijving(acties), vraag)
        )
    for woord in _woorden(q):
        in_tekst = teksten().filter(tekst__icontains=woord).values("actie_id")
        acties = acties.filter(Q(omschrijving__icontains=woord) | Q(pk__in=in_tekst))
    return acties.annotate(rang=Value(0.0, output_field=FloatField()))


def met_markeringen(acties, q, tekstveld):
    """On PostgreSQL, annotate highlighted fragments of the description and of `tekstveld`."""
    if not volledige_tekst():
        return acties
    vraag = _zoekvraag(q)
    return acties.annotate(
        omschrijving_markering=SearchHeadline(
            "omschrijving", vraag, config=CONFIG, start_sel=START, stop_sel=STOP, highlight_all=True
        ),
        tekst_markering=SearchHeadline(
            F(tekstveld),
            vraag,
            config=CONFIG,
            start_sel=START,
            stop_sel=STOP,
            max_words=35,
            min_words=15,
            max_fragments=2,
            fragment_delimiter=" … ",
        ),
    )


def markeer(tekst, q):
    """Escaped text with <mark> around matches: the database's markers, or else the search words."""
    if tekst is None:
        return ""
    if START not in tekst and q:
        tekst = _fragment(tekst, q)
        patroon = "|".join(re.escape(w) for w in _woorden(q))
        if patroon:
            tekst = re.sub(f"({patroon})", f"{START}\\1{STOP}", tekst, flags=re.IGNORECASE)
    veilig = escape(tekst).replace(START, "<mark>").replace(STOP, "</mark>")
    return mark_safe(veilig)  # noqa: S308 - built from escape() output plus our own tags


def _fragment(tekst, q, breedte=240):
    """About `breedte` characters around the first match, for the contains-search fallback."""
    if len(tekst) <= breedte:
        return tekst
    posities = [p for p in (tekst.lower().find(w.lower()) for w in _woorden(q)) if p >= 0]
    begin = max(0, min(posities, default=0) - breedte // 3)
    einde = begin + breedte
    return ("… " if begin else "") + tekst[begin:einde] + (" …" if einde < len(tekst) else "")


def in_register(q: str) -> list[dict]:
    """Per kind of the register (moties.Opdracht) that q finds anything of: the kind, how many items and
    the address of that kind's list searching for q, which finds the same (OpdrachtQuerySet.gefilterd's
    word search). One query for all kinds."""
    aantallen = dict(
        Opdracht.objects.gefilterd(zoek=q).values_list("soort").annotate(aantal=Count("pk")).order_by()
    )
    return [
        {
            "soort": soort,
            "aantal": aantallen[soort.value],
            "url": f"{reverse(soort.lijstnaam)}?{urlencode({'q': q})}",
        }
        for soort in Soort
        if aantallen.get(soort.value)
    ]
