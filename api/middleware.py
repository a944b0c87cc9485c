"""Every answer under /api/ keeps the API's contract, whoever made it: it carries API-Version, and an
error is an RFC 9457 problem (application/problem+json), as the OpenAPI document says.

The API's views do that themselves, but not every answer under /api/ comes from them: Django's 404 for
an address no route matches and its 500 (with DEBUG its technical pages, which take the place of the
URLconf's handlers), the OpenAPI document's own 405 and 406, CommonMiddleware's APPEND_SLASH redirect,
the CSRF refusal, the size limit's 413, a throttle's 429. First in MIDDLEWARE, so that it sees the
answers of all other middleware; it changes an answer in place, so their headers (security headers,
Allow, Retry-After) stay.
"""

import json

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .schema import PROBLEEM

API_VERSIE = settings.SPECTACULAR_SETTINGS["VERSION"]

TITELS = {
    400: _("Ongeldig verzoek"),
    403: _("Geweigerd"),
    404: _("Niet gevonden"),
    405: _("Methode niet toegestaan"),
    406: _("Niet aanvaardbaar"),
    413: _("Het verzoek is te groot"),
    429: _("Te veel verzoeken"),
    500: _("Interne fout"),
}


class ApiContractMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if not request.path_info.startswith("/api/"):
            return response
        if response.status_code >= 400 and not response.streaming and _soort(response) != PROBLEEM:
            _als_probleem(request, response)
        elif 300 <= response.status_code < 400 and not response.streaming and not response.content:
            # A redirect without content has no type to document (Django gives it text/html).
            del response["Content-Type"]
        response["API-Version"] = API_VERSIE
        return response


def _soort(response):
    return response.get("Content-Type", "").split(";")[0].strip().lower()


def _als_probleem(request, response):
    """The error page's content replaced by a problem with the same status."""
    probleem = {
        "type": "about:blank",
        "title": str(TITELS.get(response.status_code, response.reason_phrase)),
        "status": response.status_code,
        "instance": request.get_full_path(),
    }
    response.content = json.dumps(probleem)
    response["Content-Type"] = PROBLEEM
    if response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
