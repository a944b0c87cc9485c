"""Rate limits on the follow form, per address and per IP address (lib.limiet, as for password reset).
A refused request gets the same answer as any other (the form cannot be used to learn anything about an
address), sends no mail, and is logged on pokvolg.beveiliging with the IP address and a hash of the e-mail
address (the address itself is not logged: see the privacy statement).
"""

from django.conf import settings

from lib import limiet


def per_adres():
    """Confirmation mails per e-mail address per hour (lib.limiet.VENSTER)."""
    return int(getattr(settings, "VOLGEN_PER_ADRES", 3))


def per_ip():
    """Follow requests per IP address (IPv6: per /64) per hour."""
    return int(getattr(settings, "VOLGEN_PER_IP", 10))


def te_vaak(request, email):
    return limiet.te_vaak("volgen", request, email, per_adres=per_adres(), per_ip=per_ip())
