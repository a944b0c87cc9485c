from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def gezondheid(request):
    """For load balancers and docker-compose: 200 when the database answers, 503 otherwise."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as fout:  # any database failure means: take this instance out of rotation
        return JsonResponse({"status": "fout", "database": type(fout).__name__}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})
