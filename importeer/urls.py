from django.urls import path

from . import views

app_name = "importeer"
urlpatterns = [
    path("importeren/", views.nieuw, name="nieuw"),
    path("importeren/<int:pk>/", views.voorbeeld, name="voorbeeld"),
    path("importeren/<int:pk>/toepassen/", views.toepassen, name="toepassen"),
]
