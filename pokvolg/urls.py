from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import tweestaps, views

urlpatterns = [
    path("gezondheid", views.gezondheid, name="gezondheid"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("account/tweestaps/", tweestaps.tweestaps, name="tweestaps"),
    path("account/", include("django.contrib.auth.urls")),
    path("account/sso/", include("pokvolg.sso")),
    path("", include("acties.urls")),
    path("", include("moties.urls")),
    path("", include("rapportage.urls")),
    path("", include("rapportage.werk_urls")),
    path("", include("rapportage.bijlage_urls")),
    path("", include("importeer.urls")),
    path("api/v1/", include("pokvolg.api_urls")),
]

handler403 = "pokvolg.views.geweigerd"
