from django.urls import path

from . import views

app_name = "beloftes"
urlpatterns = [
    path("", views.brieven, name="brieven"),
    path("<int:pk>/", views.brief, name="brief"),
    path("voorstel/<int:pk>/", views.voorstel, name="voorstel"),
    path("voorstel/<int:pk>/belofte/", views.als_belofte, name="als_belofte"),
    path("voorstel/<int:pk>/doel/", views.als_doel, name="als_doel"),
    path("voorstel/<int:pk>/streefdatum/", views.als_streefdatum, name="als_streefdatum"),
    path("voorstel/<int:pk>/afwijzen/", views.afwijzen, name="afwijzen"),
]
