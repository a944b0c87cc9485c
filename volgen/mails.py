"""The two mails of following: the confirmation of a request, and the digest of a published round.

Plain text, in Dutch, one address per message. Every digest carries its unsubscribe link twice: in the
text (a page with one button) and in the List-Unsubscribe header, whose URL takes the one-click POST of
RFC 8058 (List-Unsubscribe-Post), so that a mail program's own 'Afmelden' button works without opening
the site. The confirmation mail has none: it lists nothing, and an unconfirmed request is deleted
when its link expires.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from . import tokens
from .overzicht import AFGEROND, GEWIJZIGD, NIEUW

# What the X-Pokvolg-Volgen header says a mail is, for filters (and tests).
BEVESTIGING = "bevestiging"
OVERZICHT = "overzicht"

SECTIES = {NIEUW: _("Nieuw"), GEWIJZIGD: _("Gewijzigd"), AFGEROND: _("Afgerond")}


def url(pad):
    return settings.SITE_URL.rstrip("/") + pad


def _links():
    return {"privacy_url": url(reverse("volgen:privacy")), "volgen_url": url(reverse("volgen:aanmelden"))}


def _render(sjabloon, context):
    with translation.override(settings.LANGUAGE_CODE):
        onderwerp = render_to_string(f"volgen/{sjabloon}_onderwerp.txt", context)
        tekst = render_to_string(f"volgen/{sjabloon}.txt", context)
    return " ".join(onderwerp.split()), tekst.strip() + "\n"


def _lijst_id():
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"pokvolg <volgen.{host}>"


def bevestiging(abonnement, volg):
    """The mail with the confirmation link of a request (an Abonnement) to follow `volg`."""
    token = tokens.bevestigtoken(abonnement)
    context = {
        **_links(),
        "volg": volg,
        "bevestig_url": url(reverse("volgen:bevestigen", args=[token])),
        "uren": tokens.bevestiging_geldig() // 3600,
    }
    onderwerp, tekst = _render("bevestiging", context)
    return {
        "onderwerp": onderwerp,
        "tekst": tekst,
        "aan": [abonnement.volger.email],
        "headers": {"Auto-Submitted": "auto-generated", "X-Pokvolg-Volgen": BEVESTIGING},
    }


def overzicht(publicatie, overzicht):
    """The digest of one follower (volgen.overzicht.Overzicht) of a publication or a correction."""
    rapportage = publicatie.rapportage
    token = tokens.afmeldtoken(overzicht.volger)
    afmelden = url(reverse("volgen:afmelden", args=[token]))
    een_klik = url(reverse("volgen:een_klik", args=[token]))
    context = {
        **_links(),
        "rapportage": rapportage,
        "publicatie": publicatie,
        "rapportage_url": url(rapportage.get_absolute_url()),
        "secties": [
            {
                "titel": SECTIES[soort],
                "regels": [
                    {"w": w, "url": url(w.actie.get_absolute_url()) + f"#ronde-{rapportage.pk}"}
                    for w in wijzigingen
                ],
            }
            for soort, wijzigingen in overzicht.per_soort.items()
            if wijzigingen
        ],
        "aantal": overzicht.aantal,
        "volgt": overzicht.volgt,
        "afmelden_url": afmelden,
    }
    onderwerp, tekst = _render("overzicht", context)
    return {
        "onderwerp": onderwerp,
        "tekst": tekst,
        "aan": [overzicht.volger.email],
        "headers": {
            "Auto-Submitted": "auto-generated",
            "X-Pokvolg-Volgen": OVERZICHT,
            "List-Id": _lijst_id(),
            "List-Unsubscribe": f"<{een_klik}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    }
