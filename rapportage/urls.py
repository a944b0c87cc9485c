from django.urls import path

from pokvolg.paginacache import publiek_gecached

from . import views

urlpatterns = [
    path("rapportages/", publiek_gecached(views.rapportage_lijst), name="rapportages"),
    path("rapportages/<int:pk>/", publiek_gecached(views.rapportage_detail), name="rapportage"),
]
