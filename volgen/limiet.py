"""Rate limits on the follow form, per address and per IP address, as pokvolg.wachtwoord limits the
password-reset form (which this package may not import): counters in the cache in a fixed window,
shared by all app servers with Redis; without a cache nothing is refused. A refused request gets the
same answer as any other (the form cannot be used to learn anything about an address), sends no mail,
and is logged on pokvolg.beveiliging with the IP address and a hash of the e-mail address (the address
itself is not logged: see the privacy statement).
"""

import hashlib
import ipaddress
import logging
import unicodedata

from django.conf import settings
from django.core.cache import cache

from lib.geschiedenis import client_ip

log = logging.getLogger("pokvolg.beveiliging")

VENSTER = 60 * 60  # seconds, counted from the first request


def per_adres():
    """Confirmation mails per e-mail address per VENSTER."""
    return int(getattr(settings, "VOLGEN_PER_ADRES", 3))


def per_ip():
    """Follow requests per IP address (IPv6: per /64) per VENSTER."""
    return int(getattr(settings, "VOLGEN_PER_IP", 10))


def _teller(soort, waarde):
    return "volgen:" + soort + ":" + hashlib.sha256(waarde.encode()).hexdigest()


def _tel(sleutel):
    cache.add(sleutel, 0, VENSTER)
    try:
        return cache.incr(sleutel)
    except ValueError:  # expired between add and incr
        cache.set(sleutel, 1, VENSTER)
        return 1


def ip_van(request):
    return (client_ip(request) if request is not None else None) or "-"


def afzender(ip):
    """Whom the per-IP limit counts: the address, or for IPv6 its /64 (one connection picks new addresses
    from it at will)."""
    try:
        adres = ipaddress.ip_address(ip)
    except ValueError:
        return ip
    if adres.version == 4:
        return str(adres)
    if adres.ipv4_mapped is not None:
        return str(adres.ipv4_mapped)
    return str(ipaddress.ip_network(f"{adres}/64", strict=False))


def adres_sleutel(email):
    """Every spelling of one address counts as that address (case, Unicode forms, spaces)."""
    return unicodedata.normalize("NFKC", email.strip()).casefold()


def adres_hash(email):
    """A short hash of the address for the log, so the log can link requests without holding it."""
    return hashlib.sha256(adres_sleutel(email).encode()).hexdigest()[:12]


def te_vaak(request, email):
    """The reason to refuse this request, or "". Counts it for its IP address and, unless that already
    refuses it, for the address."""
    ip = ip_van(request)
    sleutel_ip, sleutel_adres = _teller("ip", afzender(ip)), _teller("adres", adres_sleutel(email))
    try:
        if _tel(sleutel_ip) > per_ip():
            return "te veel aanvragen van dit IP-adres"
        if _tel(sleutel_adres) > per_adres():
            return "te veel aanvragen voor dit e-mailadres"
    except Exception:
        log.warning("volgen: geen cache voor de limiet; aanvraag van %s niet geteld", ip, exc_info=True)
    return ""
