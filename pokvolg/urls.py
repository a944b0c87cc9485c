from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from api import export, export_opdrachten
from moties.models import Soort

from . import tweestaps, views, wachtwoord

urlpatterns = [
    path("gezondheid", views.gezondheid, name="gezondheid"),
    path(settings.ADMIN_URL, admin.site.urls),
    path("account/tweestaps/", tweestaps.tweestaps, name="tweestaps"),
    path("account/password_reset/", wachtwoord.wachtwoord_vergeten, name="password_reset"),
    path("account/", include("django.contrib.auth.urls")),
    path("account/sso/", include("pokvolg.sso")),
    path("", include("publiek.urls")),
    # The list's downloads have the API's shape, so they live with the API, under the list's address.
    path("acties/export.<str:formaat>", export.exporteer, name="acties_export"),
    path("indicatoren/export.<str:formaat>", export.exporteer_indicatoren, name="indicatoren_export"),
    *(
        path(
            f"{soort.lijstnaam}/export.<str:formaat>",
            export_opdrachten.exporteer,
            {"soort": soort.value},
            name=f"{soort.lijstnaam}_export",
        )
        for soort in Soort
    ),
    path("werk/meldingen/", include("meldingen.urls")),
    path("werk/brieven/", include("beloftes.urls")),
    path("volgen/", include("volgen.urls")),
    path("", include("werk.urls")),
    path("", include("bijlage.urls")),
    path("", include("importeer.urls")),
    path("", include("jobs.urls")),
    path("", include("indicatoren.urls")),
    path("api/v1/", include("api.urls")),
]

handler403 = "pokvolg.views.geweigerd"
handler404 = "pokvolg.views.niet_gevonden"
handler500 = "pokvolg.views.serverfout"
