from django.urls import path

from pokvolg.paginacache import publiek_gecached

from . import views

urlpatterns = [
    path("moties/", publiek_gecached(views.motie_lijst), name="moties"),
    path("moties/<str:sleutel>/", publiek_gecached(views.motie_detail), name="motie"),
]
