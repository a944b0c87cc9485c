from django.urls import path

from . import views

urlpatterns = [
    path("moties/", views.motie_lijst, name="moties"),
    path("moties/<str:sleutel>/", views.motie_detail, name="motie"),
]
