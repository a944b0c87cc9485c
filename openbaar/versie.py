"""The version of what the public sees, to key the files made from it: the list PDF, and an annex with
extra columns. It changes with a publication and with what is public at once (actions, themes, motions
and ministries as the redactie or the admin edits them; evidence and target dates outside a round), and
never with a draft: a coordinator's save neither renders a public file again nor shows in its key.
keuzeversie is the narrower version of the public list's filter form."""

import functools

from django.db import connection

from acties.models import Ministerie, Periode, Thema
from lib import paginacache
from moties.models import Opdracht
from rapportage.models import Rapportage, StreefdatumWijziging, Vindplaats, Voortgang


def _openbaar_deel(model):
    """The history records of `model` that change something public, or None."""
    if model in (Voortgang, Rapportage):
        # Working texts and a round's state and details: the public reads them from its publication
        # (Publicatie, tracked as well), never from these.
        return None
    if model is Vindplaats:
        # Entered or removed during a round: public with its publication, which marks or deletes them.
        return model.history.filter(gepubliceerd_op__isnull=False, verwijderd_op__isnull=True)
    if model is StreefdatumWijziging:
        return model.history.filter(gepubliceerd_op__isnull=False)
    # Any other tracked model counts whole: a file made again too often is better than a stale one.
    return model.history.all()


def versie():
    delen = (_openbaar_deel(model) for model in paginacache.gevolgd())
    return paginacache.versie(*(deel for deel in delen if deel is not None))


def keuzeversie():
    """A version of what the filter form of the public list offers: themes, motions, ministries with
    their periods and the published rounds. One query, so a process can keep those lists per version
    and still show a change made by any other process at its next request.

    Each save and delete writes a history record (tests/test_geschiedenis.py holds the code to that), so
    the newest record says when a table changed. Its time, beside its id, keeps two test transactions
    that were rolled back apart when the database gives out the same ids again (SQLite); the number of
    rows counts rows made without history (genereer_testdata)."""
    with connection.cursor() as cursor:
        cursor.execute(_keuzeversie_sql())
        return tuple(tuple(rij) for rij in cursor.fetchall())


@functools.cache
def _keuzeversie_sql():
    # Made once: a model's history manager is built anew at each access, which costs more than the query.
    delen = []
    for model in (Thema, Opdracht, Ministerie, Periode, Rapportage):
        tabel = connection.ops.quote_name(model._meta.db_table)
        geschiedenis = connection.ops.quote_name(model.history.model._meta.db_table)
        delen.append(
            f"SELECT MAX(history_id), MAX(history_date), (SELECT COUNT(*) FROM {tabel}) FROM {geschiedenis}"
        )
    return " UNION ALL ".join(delen)
