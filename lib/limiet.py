"""Rate limits per e-mail address and per IP address, for forms that send mail to an address someone types
in (password reset, following by e-mail): counters in the cache in a fixed window, shared by all app servers
with Redis. Without a cache (Redis down) nothing is refused; the failure is logged."""

import hashlib
import ipaddress
import logging
import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache

log = logging.getLogger("pokvolg.beveiliging")

VENSTER = 60 * 60  # seconds, counted from the first request


def _teller(naam, soort, waarde):
    return f"{naam}:{soort}:" + hashlib.sha256(waarde.encode()).hexdigest()


def _tel(sleutel):
    """Count one request in a fixed window of VENSTER seconds."""
    cache.add(sleutel, 0, VENSTER)
    try:
        return cache.incr(sleutel)
    except ValueError:  # expired between add and incr
        cache.set(sleutel, 1, VENSTER)
        return 1


def _ip_adres(waarde):
    try:
        return str(ipaddress.ip_address(waarde.strip()))
    except ValueError:
        return None


def client_ip(request):
    """The address of whoever sent the request, for the history, the logs, these limits and the login
    lockout (AXES_CLIENT_IP_CALLABLE).

    Behind VERTROUWDE_PROXIES proxies that each append the address they were connected from to
    CLIENT_IP_HEADER (X-Forwarded-For), the client is the entry that many places from the right: what
    stands left of it, the client wrote itself. A header with fewer entries, or no address there, did not
    pass all proxies: then the connecting address."""
    header = settings.CLIENT_IP_HEADER
    if header and settings.VERTROUWDE_PROXIES > 0:
        waarden = request.META.get(header, "").split(",")
        if len(waarden) >= settings.VERTROUWDE_PROXIES:
            adres = _ip_adres(waarden[-settings.VERTROUWDE_PROXIES])
            if adres is not None:
                return adres
    return request.META.get("REMOTE_ADDR")


def inlognaam(request, credentials: dict | None = None) -> str | None:
    """The user name the login lockout counts (AXES_USERNAME_CALLABLE): what axes takes by default (the
    credentials, else the posted field), cut to the longest user name an account can have.

    Django's login form does not refuse a longer name (its max_length only reaches the HTML), and axes
    writes the name to a 255-character column, which PostgreSQL refuses with a 500. Cut rather than
    refused: a name over the limit belongs to no account, so counting it on its first characters can
    lock at most a name the sender could have typed himself, while every guess at a real account is
    counted whole; a refused name (None) would not be counted at all."""
    veld = settings.AXES_USERNAME_FORM_FIELD
    naam = credentials.get(veld) if credentials else request.POST.get(veld)
    if naam is None:
        return None
    gebruiker = get_user_model()
    return naam[: gebruiker._meta.get_field(gebruiker.USERNAME_FIELD).max_length]


def ip_van(request):
    return (client_ip(request) if request is not None else None) or "-"


def afzender(ip):
    """Whom the per-IP limit counts: the address, or for IPv6 its /64, which one connection (one home,
    one office) is given whole and can pick new addresses from at will."""
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
    """The address as Django's reset form matches it to accounts (case-insensitive, Unicode-normalised),
    so that no spelling of one address escapes its limit."""
    return unicodedata.normalize("NFKC", email.strip()).casefold()


def adres_hash(email):
    """A short hash of the address for a log that must not hold the address itself."""
    return hashlib.sha256(adres_sleutel(email).encode()).hexdigest()[:12]


def te_vaak(naam, request, email, *, per_adres, per_ip):
    """The reason to refuse this request to the form `naam`, or "". Counts it for its IP address and,
    unless that already refuses it, for the address."""
    ip = ip_van(request)
    # Outside the try: only a failing cache may let a request through uncounted, never a bug here.
    sleutel_ip, sleutel_adres = (
        _teller(naam, "ip", afzender(ip)),
        _teller(naam, "adres", adres_sleutel(email)),
    )
    try:
        if _tel(sleutel_ip) > per_ip:
            return "te veel aanvragen van dit IP-adres"
        if _tel(sleutel_adres) > per_adres:
            return "te veel aanvragen voor dit e-mailadres"
    except Exception:
        log.warning("%s: geen cache voor de limiet; aanvraag van %s niet geteld", naam, ip, exc_info=True)
    return ""
