"""Where evidence may point: a Kamerstuk (dossier and number, e.g. 35510-60) or an official document on
one of the hosts in TOEGESTANE_HOSTS (the README lists the same hosts). Pure functions, no database."""

import re
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# Official publishers only. Keep in step with the list in README.md (tests/test_vindplaatsen.py checks).
TOEGESTANE_HOSTS = (
    "zoek.officielebekendmakingen.nl",
    "www.officielebekendmakingen.nl",
    "repository.overheid.nl",
    "wetten.overheid.nl",
    "open.overheid.nl",
    "www.rijksoverheid.nl",
    "www.tweedekamer.nl",
    "www.eerstekamer.nl",
    "www.rijksfinancien.nl",
    "www.toeslagen.nl",
    "herstel.toeslagen.nl",
    "www.belastingdienst.nl",
    "www.nationaleombudsman.nl",
    "www.rekenkamer.nl",
    "www.raadvanstate.nl",
)

# Dossier (five digits), an optional part (a Roman numeral such as VII, or a letter), then the number
# (digits, or capitals for Eerste Kamer documents such as 35261-B): 35510-60, 36200-VII-5, 35261-B.
_KAMERSTUK = re.compile(
    r"(?P<dossier>[0-9]{5})(?:-(?P<deel>[IVXLC]{1,7}|[A-Z]))?-(?P<nummer>[0-9]{1,4}|[A-Z]{1,3})"
)
_HARDE_SPATIE = "\u00a0"
# How people also write it: '35 510, nr. 60', 'kst-35510-60', 'Kamerstuk 35510-60'.
_GESPROKEN = re.compile(
    r"(?:kamerstuk(?:ken)?\s*)?(?P<dossier>[0-9]{2}\s?[0-9]{3})\s*(?:[-,]\s*(?P<deel>[IVXLC]{1,7}|[A-Z]))?"
    r"\s*(?:,\s*nr\.?|-|nr\.?)\s*(?P<nummer>[0-9]{1,4}|[A-Z]{1,3})",
    re.IGNORECASE,
)


def normaliseer_kamerstuk(waarde):
    """'35 510, nr. 60', 'kst-35510-60' or '35510-60' → '35510-60'; ValidationError (Dutch) otherwise."""
    tekst = (waarde or "").strip().removeprefix("kst-").removeprefix("KST-")
    gevonden = _KAMERSTUK.fullmatch(tekst) or _GESPROKEN.fullmatch(tekst)
    if not gevonden:
        raise ValidationError(
            _(
                "'%(waarde)s' is geen Kamerstuk. Schrijf het dossier- en ondernummer, bijvoorbeeld "
                "35510-60 of 36200-VII-5."
            ),
            code="kamerstuk",
            params={"waarde": waarde},
        )
    delen = [gevonden["dossier"].replace(" ", "")]
    if gevonden["deel"]:
        delen.append(gevonden["deel"].upper())
    nummer = gevonden["nummer"]
    delen.append(nummer.upper() if not nummer.isdigit() else str(int(nummer)))
    return "-".join(delen)


def kamerstuk_aanhaling(kamerstuk):
    """How the Kamer cites a normalised Kamerstuk: 35510-60 → 'Kamerstuk 35 510, nr. 60', 36200-VII-5 →
    'Kamerstuk 36 200 VII, nr. 5', 35261-B (Eerste Kamer) → 'Kamerstuk 35 261, B'. No-break spaces keep
    the dossier and the number each on one line in a narrow column (the annex's)."""
    gevonden = _KAMERSTUK.fullmatch(kamerstuk)
    if gevonden is None:
        return _("Kamerstuk %(kamerstuk)s") % {"kamerstuk": kamerstuk}
    dossier = gevonden["dossier"][:2] + _HARDE_SPATIE + gevonden["dossier"][2:]
    if gevonden["deel"]:
        dossier += _HARDE_SPATIE + gevonden["deel"]
    nummer = gevonden["nummer"]
    if nummer.isdigit():
        nummer = _("nr.") + _HARDE_SPATIE + nummer
    return _("Kamerstuk %(dossier)s, %(nummer)s") % {"dossier": dossier, "nummer": nummer}


def kamerstuk_url(kamerstuk):
    """The Kamerstuk on officielebekendmakingen.nl: https://zoek.officielebekendmakingen.nl/kst-35510-60.html"""
    return f"https://zoek.officielebekendmakingen.nl/kst-{kamerstuk}.html"


def _poort(delen):
    # urlsplit reads the port only when asked, and raises for one that is no number from 0 to 65535.
    try:
        return delen.port
    except ValueError:
        return -1


def controleer_url(url):
    """An https address on one of TOEGESTANE_HOSTS; ValidationError (Dutch) otherwise, for any text."""
    try:
        # An unclosed IPv6 bracket ('https://[::1') makes urlsplit itself raise.
        delen = urlsplit((url or "").strip())
    except ValueError:
        raise ValidationError(_("Dit is geen geldig webadres."), code="url") from None
    if delen.scheme != "https":
        raise ValidationError(_("Gebruik een adres dat met https:// begint."), code="https")
    if _poort(delen) not in (None, 443):
        raise ValidationError(
            _("Laat het poortnummer na de naam van de site weg: officiële bronnen hebben er geen."),
            code="poort",
        )
    host = (delen.hostname or "").lower()
    if host not in TOEGESTANE_HOSTS or delen.username or delen.password:
        raise ValidationError(
            _("%(host)s staat niet in de lijst van officiële bronnen; zie de README."),
            code="host",
            params={"host": host or url},
        )
    return url.strip()
