from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
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
