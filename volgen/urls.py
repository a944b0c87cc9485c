from django.urls import path

from . import views

app_name = "volgen"

urlpatterns = [
    path("", views.aanmelden, name="aanmelden"),
    path("verstuurd/", views.verstuurd, name="verstuurd"),
    path("bevestig/<str:token>/", views.bevestigen, name="bevestigen"),
    path("afmelden/<str:token>/", views.afmelden, name="afmelden"),
    path("afmelden/<str:token>/een-klik/", views.een_klik, name="een_klik"),
    path("privacy/", views.privacy, name="privacy"),
]
