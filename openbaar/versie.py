"""The version of what the public sees, to key the files made from it: the list PDF, and an annex with
extra columns. It changes with a publication and with what is public at once (actions, themes, motions
and ministries as the redactie or the admin edits them; evidence and target dates outside a round), and
never with a draft: a coordinator's save neither renders a public file again nor shows in its key."""

from lib import paginacache
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
