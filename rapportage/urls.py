from django.urls import path

from . import views

urlpatterns = [
    path("rapportages/", views.rapportage_lijst, name="rapportages"),
    path("rapportages/<int:pk>/", views.rapportage_detail, name="rapportage"),
]
