"""Lineage between actions: the redactie records that an action was split into, merged into or succeeded
by another, with a reason and a date, and removes a link it recorded wrongly (never changes one, so the
history shows both). Lineage is public at once: it is the redactie's own record, not a round's input.

Each step is one transaction that locks every action, checks the permission again and writes history
with a reason. The permission is the model permission the redactie's group gets (migration 0010): acties
sits below rapportage, so rapportage.rechten cannot be asked from here, and the admin asks the same."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from .models import Actie, Opvolging, Soort


def _vergrendel_acties() -> None:
    # Two links recorded at once can close a loop without sharing an action (A→B and C→D beside B→C and
    # D→A), so locking the two actions of a link is not enough. SQLite serialises writes itself.
    list(Actie.objects.select_for_update().only("pk").order_by("pk"))


def vormt_lus(van: Actie, naar: Actie) -> bool:
    """Whether a link van → naar would let an action descend from itself: van is naar, or van is already
    reachable from naar along recorded links of any kind."""
    later = {}
    for eerder_id, later_id in Opvolging.objects.values_list("van_id", "naar_id"):
        later.setdefault(eerder_id, []).append(later_id)
    te_bezoeken, gezien = [naar.pk], set()
    while te_bezoeken:
        pk = te_bezoeken.pop()
        if pk == van.pk:
            return True
        if pk not in gezien:
            gezien.add(pk)
            te_bezoeken.extend(later.get(pk, []))
    return False


def controleer(van: Actie, naar: Actie) -> None:
    """Refuse a link that would form a loop or that is already there (ValidationError, in Dutch). Locks
    every action: called inside the transaction that records the link, the answer holds until it commits."""
    _vergrendel_acties()
    if van.pk == naar.pk:
        raise ValidationError(_("Een actie kan niet uit zichzelf voortkomen."))
    if Opvolging.objects.filter(van=van, naar=naar).exists():
        raise ValidationError(
            _("Voor actie %(van)s en actie %(naar)s is al een opvolging vastgelegd.")
            % {"van": van.nummer, "naar": naar.nummer}
        )
    if vormt_lus(van, naar):
        raise ValidationError(
            _(
                "Dit zou een kring vormen: actie %(van)s komt al voort uit actie %(naar)s. Een actie kan "
                "niet uit zichzelf voortkomen."
            )
            % {"van": van.nummer, "naar": naar.nummer}
        )


@transaction.atomic
def leg_opvolging_vast(
    van: Actie, naar: Actie, soort: str, reden: str, datum: datetime.date, gebruiker
) -> Opvolging:
    """Record that `van` was split into, merged into or succeeded by `naar` (`soort`), with its reason
    and date. Refused without the redactie's permission (PermissionDenied) and for a loop, a link that is
    already there, an unknown kind or an empty reason (ValidationError)."""
    if not gebruiker.has_perm("acties.add_opvolging"):
        raise PermissionDenied(_("Alleen de redactie legt opvolging tussen acties vast."))
    if soort not in Soort.values:
        raise ValidationError(_("Kies gesplitst in, samengevoegd in of opgevolgd door."))
    reden = (reden or "").strip()
    if not reden:
        raise ValidationError(_("Geef een reden: de opvolging staat op de openbare pagina van beide acties."))
    controleer(van, naar)
    opvolging = Opvolging(van=van, naar=naar, soort=soort, reden=reden, datum=datum)
    opvolging._history_user = gebruiker
    opvolging._change_reason = _("Opvolging vastgelegd door %(naam)s") % {"naam": gebruiker.get_username()}
    opvolging.save()
    return opvolging


@transaction.atomic
def verwijder_opvolging(opvolging: Opvolging, gebruiker) -> None:
    """Remove a link recorded wrongly; its history stays. A link already removed is left alone."""
    if not gebruiker.has_perm("acties.delete_opvolging"):
        raise PermissionDenied(_("Alleen de redactie verwijdert opvolging tussen acties."))
    _vergrendel_acties()
    huidig = Opvolging.objects.filter(pk=opvolging.pk).first()
    if huidig is None:
        return
    huidig._history_user = gebruiker
    huidig._change_reason = _("Opvolging verwijderd door %(naam)s") % {"naam": gebruiker.get_username()}
    huidig.delete()
