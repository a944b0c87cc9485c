from django.conf import settings
from django.db import connection
from django.http import HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from .beveiliging import log_geweigerd


@never_cache
def gezondheid(request):
    """For load balancers and docker-compose: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as fout:  # any database failure means: take this instance out of rotation
        return JsonResponse({"status": "fout", "database": type(fout).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


def geweigerd(request, exception=None):
    """Every refused authorization ends up in the security log."""
    log_geweigerd(request, str(exception or ""))
    return render(request, "403.html", status=403)


def probleem(request, status, titel, detail=""):
    """An RFC 9457 problem, as every answer of the API that is not a result (see api.views)."""
    inhoud = {"type": "about:blank", "title": titel, "status": status, "instance": request.get_full_path()}
    if detail:
        inhoud["detail"] = detail
    response = JsonResponse(inhoud, status=status, content_type="application/problem+json")
    response["API-Version"] = settings.SPECTACULAR_SETTINGS["VERSION"]
    return response


def niet_gevonden(request, exception=None):
    if request.path.startswith("/api/"):
        return probleem(request, 404, _("Niet gevonden"), _("Deze bron bestaat niet."))
    return render(request, "404.html", status=404)


def serverfout(request):
    if request.path.startswith("/api/"):
        return probleem(request, 500, _("Interne fout"), _("Er ging iets mis; probeer het later opnieuw."))
    # Without the request's context, as Django's own handler: whatever broke may break a context processor.
    return HttpResponseServerError(loader.get_template("500.html").render())
