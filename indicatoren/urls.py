from django.urls import path

from lib.paginacache import publiek_gecached

from . import views

urlpatterns = [
    path("indicatoren/", publiek_gecached(views.indicator_lijst), name="indicatoren"),
    path("indicatoren/<int:pk>/", publiek_gecached(views.indicator_detail), name="indicator"),
]
