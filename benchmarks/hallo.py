"""URLconf for benchmarks/publieke_cache.py: pokvolg's own URLs plus a hello-world view at /hallo/.

Only that benchmark mounts it (through benchmarks/hallo_settings.py); pokvolg's own URLs never do. The view
goes through the same middleware as every page: the yardstick is what this gunicorn and this middleware
cost for a page that costs nothing itself.
"""

from django.http import HttpResponse
from django.urls import include, path


def hallo(request):
    return HttpResponse("Hallo, wereld", content_type="text/plain; charset=utf-8")


urlpatterns = [path("hallo/", hallo), path("", include("pokvolg.urls"))]
