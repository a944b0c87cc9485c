from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from lib.paginacache import publiek_gecached
from moties.models import Soort

from . import indicatoren, ministeries, opdrachten, overzicht
from . import views as api

urlpatterns = [
    # The page for people, JSON links for programs; not cached (two answers at one address).
    path("", overzicht.overzicht, name="api-overzicht"),
    path("acties", publiek_gecached(api.ActieLijst.as_view()), name="api-acties"),
    path("acties/<int:nummer>", publiek_gecached(api.ActieDetail.as_view()), name="api-actie"),
    path("moties", publiek_gecached(api.MotieLijst.as_view()), name="api-moties"),
    path("moties/<str:sleutel>", publiek_gecached(api.MotieDetail.as_view()), name="api-motie"),
    path("themas", publiek_gecached(api.ThemaLijst.as_view()), name="api-themas"),
    path("themas/<slug:slug>", publiek_gecached(api.ThemaDetail.as_view()), name="api-thema"),
    path("rapportages", publiek_gecached(api.RapportageLijst.as_view()), name="api-rapportages"),
    path("rapportages/<int:pk>", publiek_gecached(api.RapportageDetail.as_view()), name="api-rapportage"),
    path("ministeries", publiek_gecached(ministeries.MinisterieLijst.as_view()), name="api-ministeries"),
    path(
        "ministeries/<str:afkorting>",
        publiek_gecached(ministeries.MinisterieDetail.as_view()),
        name="api-ministerie",
    ),
    path("indicatoren", publiek_gecached(indicatoren.IndicatorLijst.as_view()), name="api-indicatoren"),
    path(
        "indicatoren/<int:pk>",
        publiek_gecached(indicatoren.IndicatorDetail.as_view()),
        name="api-indicator",
    ),
    path("openapi.json", publiek_gecached(SpectacularJSONAPIView.as_view()), name="api-openapi"),
]
# The register's kinds beside the motions, which keep their own resource with the votes.
for _soort in (Soort.TOEZEGGING, Soort.AANBEVELING, Soort.BELOFTE):
    urlpatterns += [
        path(
            _soort.lijstnaam,
            publiek_gecached(opdrachten.OpdrachtLijst.as_view(soort=_soort.value)),
            name=f"api-{_soort.lijstnaam}",
        ),
        path(
            f"{_soort.lijstnaam}/<str:sleutel>",
            publiek_gecached(opdrachten.OpdrachtDetail.as_view(soort=_soort.value)),
            name=f"api-{_soort.value}",
        ),
    ]
