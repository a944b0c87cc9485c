from django.urls import path
from drf_spectacular.views import SpectacularJSONAPIView

from acties import api

urlpatterns = [
    path("acties", api.ActieLijst.as_view(), name="api-acties"),
    path("acties/<int:nummer>", api.ActieDetail.as_view(), name="api-actie"),
    path("moties", api.MotieLijst.as_view(), name="api-moties"),
    path("moties/<str:sleutel>", api.MotieDetail.as_view(), name="api-motie"),
    path("themas", api.ThemaLijst.as_view(), name="api-themas"),
    path("themas/<slug:slug>", api.ThemaDetail.as_view(), name="api-thema"),
    path("rapportages", api.RapportageLijst.as_view(), name="api-rapportages"),
    path("rapportages/<int:pk>", api.RapportageDetail.as_view(), name="api-rapportage"),
    path("openapi.json", SpectacularJSONAPIView.as_view(), name="api-openapi"),
]
