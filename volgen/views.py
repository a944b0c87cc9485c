"""Following by e-mail, without an account: ask, confirm, unsubscribe.

- Ask (aanmelden): the answer is always the same page, whether the address follows something already,
  is unknown, or was refused by a rate limit (volgen.limiet); only a mail to the address says more.
- Confirm (bevestigen): the request is stored unconfirmed (no digests) and the mail's link opens a page
  with one button whose POST confirms it. A GET alone changes nothing, so a mail scanner that opens
  links confirms nothing. A request not confirmed in time is deleted (volgen.taken.ruim_op).
- Unsubscribe (afmelden): the link in every digest opens a page with one button that deletes the
  address and everything it follows (and a button per subscription). The same URL with /een-klik/ takes
  the one-click POST of RFC 8058 that mail programs send from the List-Unsubscribe header: without a
  CSRF token, as no mail program has one; the signed token is its authentication.

Every page works without JavaScript and none is cached: each carries a form with a CSRF token.
"""

import logging

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from lib import limiet as gedeeld
from lib.invoer import geheel_getal

from . import limiet, mails, taken, tokens
from .forms import AanmeldFormulier
from .models import Abonnement, Volger
from .onderwerp import OnbekendOnderwerp, abonnementen_met_dingen, uit_code, uit_parameters, van_abonnement

log = logging.getLogger("pokvolg.beveiliging")


def _uren():
    return tokens.bevestiging_geldig() // 3600


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def aanmelden(request):
    vast, fout, status = None, "", 200
    if request.method == "POST":
        if request.POST.get("vast"):
            try:
                vast = uit_code(request.POST.get("volg"))
            except OnbekendOnderwerp:
                vast = None
        form = AanmeldFormulier(request.POST, vast=vast)
        if form.is_valid():
            _vraag_bevestiging(request, form.cleaned_data["email"], form.cleaned_data["volg"])
            return redirect("volgen:verstuurd")
    else:
        if request.GET:
            try:
                vast = uit_parameters(request.GET)
            except OnbekendOnderwerp as e:
                fout, status = str(e), 404
        form = AanmeldFormulier(vast=vast)
    return render(
        request,
        "volgen/aanmelden.html",
        {"form": form, "vast": form.vast, "fout": fout, "uren": _uren()},
        status=status,
    )


def _vraag_bevestiging(request, email, volg):
    """Store the request and mail its confirmation link, unless a rate limit refuses it (then nothing is
    stored or sent); the visitor's answer never says which."""
    ip, adres = gedeeld.ip_van(request), gedeeld.adres_hash(email)
    reden = limiet.te_vaak(request, email)
    if reden:
        log.warning("volgen geweigerd: %s (adres %s van %s)", reden, adres, ip)
        return
    taken.ruim_op()
    abonnement = _bewaar_aanvraag(email, volg)
    taken.zet_klaar([mails.bevestiging(abonnement, volg)], _("E-mail: bevestig het volgen"))
    log.info("volgen aangevraagd: %s (adres %s van %s)", volg.soort, adres, ip)


def _bewaar_aanvraag(email, volg):
    """The (unconfirmed, unless confirmed before) subscription of this address to `volg`. Asking again
    gives a request a new lease of life, as its new link has."""
    for _poging in range(2):
        try:
            with transaction.atomic():
                volger = Volger.objects.filter(email__iexact=email).first() or Volger.objects.create(
                    email=email
                )
                abonnement, nieuw = Abonnement.objects.get_or_create(volger=volger, **volg.velden())
                if not nieuw and abonnement.bevestigd_op is None:
                    abonnement.aangevraagd_op = timezone.now()
                    abonnement.save(update_fields=["aangevraagd_op"])
            return abonnement
        except IntegrityError:  # a simultaneous request for the same address won; use its rows
            continue
    raise IntegrityError("aanvraag kon niet worden bewaard")


@never_cache
def verstuurd(request):
    return render(request, "volgen/verstuurd.html", {"uren": _uren()})


def _ongeldig(request, reden, status):
    return render(request, "volgen/ongeldig.html", {"reden": reden}, status=status)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def bevestigen(request, token):
    try:
        abonnement = tokens.abonnement_van(token)
    except signing.SignatureExpired:
        taken.ruim_op()
        return _ongeldig(request, "verlopen", 410)
    except signing.BadSignature:
        return _ongeldig(request, "ongeldig", 400)
    if abonnement is None:
        return _ongeldig(request, "weg", 404)
    volg, email = van_abonnement(abonnement), abonnement.volger.email
    if request.method != "POST":
        return render(request, "volgen/bevestigen.html", {"volg": volg, "email": email})
    if abonnement.bevestigd_op is None:
        abonnement.bevestigd_op = timezone.now()
        abonnement.save(update_fields=["bevestigd_op"])
        log.info("volgen bevestigd: %s (adres %s)", volg.soort, gedeeld.adres_hash(email))
    return render(
        request,
        "volgen/bevestigd.html",
        {"volg": volg, "email": email, "afmelden": tokens.afmeldtoken(abonnement.volger)},
    )


def _verwijder(volger):
    """Delete the address and what it follows, and take it out of mail not yet sent."""
    with transaction.atomic():
        taken.vergeet_in_wachtrij(volger.email)
        volger.delete()
    log.info("volgen: afgemeld (adres %s)", gedeeld.adres_hash(volger.email))


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def afmelden(request, token):
    try:
        volger = tokens.volger_van(token)
    except signing.BadSignature:
        return _ongeldig(request, "ongeldig", 400)
    if volger is None:
        return render(request, "volgen/afgemeld.html")
    gestopt = None
    if request.method == "POST":
        stop = request.POST.get("stop", "")
        if not stop:
            _verwijder(volger)
            return render(request, "volgen/afgemeld.html")
        # A value that is no subscription's number stops nothing, like the number of another's.
        pk = geheel_getal(stop)
        abonnement = (
            None if pk is None else abonnementen_met_dingen(volger.abonnementen.filter(pk=pk)).first()
        )
        if abonnement is not None:
            gestopt = van_abonnement(abonnement).label
            abonnement.delete()
        if not volger.abonnementen.exists():
            _verwijder(volger)
            return render(request, "volgen/afgemeld.html", {"gestopt": gestopt})
    abonnementen = [
        (a, van_abonnement(a)) for a in abonnementen_met_dingen(volger.abonnementen.all()).order_by("pk")
    ]
    return render(
        request,
        "volgen/afmelden.html",
        {"volger": volger, "abonnementen": abonnementen, "gestopt": gestopt},
    )


@csrf_exempt
@require_POST
def een_klik(request, token):
    """RFC 8058: the mail program POSTs 'List-Unsubscribe=One-Click' here, without cookies or token."""
    try:
        volger = tokens.volger_van(token)
    except signing.BadSignature:
        return HttpResponse(
            _("Deze afmeldlink is ongeldig."), status=400, content_type="text/plain; charset=utf-8"
        )
    if volger is not None:
        _verwijder(volger)
    return HttpResponse(
        _("U bent afgemeld. Uw e-mailadres en alles wat u volgde zijn verwijderd."),
        content_type="text/plain; charset=utf-8",
    )


def privacy(request):
    context = {
        "contact": settings.CONTACT_EMAIL,
        "uren": _uren(),
        "per_adres": limiet.per_adres(),
        "per_ip": limiet.per_ip(),
    }
    return render(request, "volgen/privacy.html", context)
