"""The signed links of the mails (django.core.signing, each kind with its own salt, so that no token of
one kind is accepted as another).

Neither kind carries an address: links end up in web server logs and browser histories. Each names a
row by its key, with a short hash of the row's address, so that a token stops working once its row is
gone and can never point at a later row with another address.

- Confirming names the request (an Abonnement not yet confirmed) and expires after
  VOLGEN_BEVESTIGING_GELDIG seconds (default 48 hours).
- Unsubscribing names the follower. It does not expire: the link in last year's digest still works.
"""

import hashlib

from django.conf import settings
from django.core import signing

from .models import Abonnement, Volger

BEVESTIGEN = "volgen.bevestigen"
AFMELDEN = "volgen.afmelden"
STANDAARD_GELDIG = 48 * 60 * 60


def bevestiging_geldig():
    """How long a confirmation link works, in seconds."""
    return int(getattr(settings, "VOLGEN_BEVESTIGING_GELDIG", STANDAARD_GELDIG))


def _hash(email):
    return hashlib.sha256(email.strip().lower().encode()).hexdigest()[:16]


def _inhoud(pk, email):
    return {"n": pk, "h": _hash(email)}


def _rij(inhoud, queryset, email_van):
    if not isinstance(inhoud, dict) or not isinstance(inhoud.get("n"), int):
        raise signing.BadSignature("onvolledig")
    rij = queryset.filter(pk=inhoud["n"]).first()
    if rij is None or _hash(email_van(rij)) != inhoud.get("h"):
        return None
    return rij


def bevestigtoken(abonnement, ondertekenaar=None):
    """The token of the confirmation link. `ondertekenaar`: a TimestampSigner with the BEVESTIGEN salt."""
    ondertekenaar = ondertekenaar or signing.TimestampSigner(salt=BEVESTIGEN)
    return ondertekenaar.sign_object(_inhoud(abonnement.pk, abonnement.volger.email))


def abonnement_van(token):
    """The request a confirmation token names, or None when it is gone; signing.SignatureExpired when
    the link is too old, signing.BadSignature when it was altered."""
    inhoud = signing.TimestampSigner(salt=BEVESTIGEN).unsign_object(token, max_age=bevestiging_geldig())
    return _rij(inhoud, Abonnement.objects.select_related("volger"), lambda a: a.volger.email)


def afmeldtoken(volger):
    return signing.Signer(salt=AFMELDEN).sign_object(_inhoud(volger.pk, volger.email))


def volger_van(token):
    """The follower of an unsubscribe token, or None when it is gone; signing.BadSignature if altered."""
    return _rij(signing.Signer(salt=AFMELDEN).unsign_object(token), Volger.objects.all(), lambda v: v.email)
