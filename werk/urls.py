from django.urls import path

from . import afronding, bewerken, bord, coordinator, kamertoezeggingen, metingen, opdrachten, rappel
from . import views as werk

app_name = "werk"

urlpatterns = [
    path("werk/", coordinator.mijn_acties, name="mijn_acties"),
    path("werk/indienen/", coordinator.indienen_meerdere, name="indienen_meerdere"),
    path("werk/start/", werk.start, name="start"),
    path("werk/rondes/", bord.overzicht, name="overzicht"),
    path("werk/rondes/nieuw/", werk.ronde_openen, name="ronde_openen"),
    path("werk/rondes/planning/", werk.ronde_plannen, name="ronde_plannen"),
    path("werk/rondes/<int:pk>/", bord.ronde_bord, name="ronde"),
    path("werk/rondes/<int:pk>/gegevens/", werk.ronde_gegevens, name="ronde_gegevens"),
    path("werk/rondes/<int:pk>/inzending/", werk.inzending, name="inzending"),
    path("werk/rondes/<int:pk>/goedkeuren/", bord.goedkeuren_meerdere, name="goedkeuren_meerdere"),
    path("werk/rondes/<int:pk>/vaststellen/", werk.vaststellen, name="vaststellen"),
    path("werk/rondes/<int:pk>/heropenen/", werk.heropenen, name="heropenen"),
    path("werk/teksten/<int:pk>/", bewerken.bewerk, name="bewerk"),
    path("werk/teksten/<int:pk>/indienen/", werk.indienen, name="indienen"),
    path("werk/teksten/<int:pk>/intrekken/", werk.intrekken, name="intrekken"),
    path("werk/teksten/<int:pk>/ontkoppelen/", werk.ontkoppelen, name="ontkoppelen"),
    path("werk/teksten/<int:pk>/goedkeuren/", bord.goedkeuren, name="goedkeuren"),
    path("werk/teksten/<int:pk>/terugsturen/", bord.terugsturen, name="terugsturen"),
    path("werk/teksten/<int:pk>/knelpunt/", bewerken.knelpunt, name="knelpunt"),
    path("werk/teksten/<int:pk>/vindplaatsen/", bewerken.vindplaats_tekst, name="vindplaats_tekst"),
    path("werk/teksten/<int:pk>/streefdatum/", bewerken.streefdatum_tekst, name="streefdatum_tekst"),
    path("werk/acties/<int:nummer>/", werk.actie, name="actie"),
    path("werk/acties/<int:nummer>/streefdatum/", werk.streefdatum, name="streefdatum"),
    path("werk/acties/<int:nummer>/samenvatting/", werk.samenvatting, name="samenvatting"),
    path("werk/acties/<int:nummer>/vindplaatsen/", werk.vindplaats_actie, name="vindplaats_actie"),
    path("werk/acties/<int:nummer>/afronding/", afronding.beslis, name="afronding"),
    path("werk/acties/<int:nummer>/meting/", metingen.meting, name="meting"),
    path("werk/afrondingen/", afronding.afrondingen, name="afrondingen"),
    path("werk/rappels/", rappel.rappels, name="rappels"),
    path("werk/rappels/rappel.pdf", rappel.rappel_pdf, name="rappel_pdf"),
    path("werk/rappel/", rappel.rappel_antwoord, name="rappel_antwoord"),
    path("werk/acties/<int:nummer>/geschiedenis/", werk.geschiedenis, name="geschiedenis"),
    path("werk/opdrachten/", werk.opdrachten, name="opdrachten"),
    path("werk/opdrachten/nieuw/", opdrachten.nieuwe_opdracht, name="nieuwe_opdracht"),
    path("werk/opdrachten/<int:pk>/", opdrachten.opdracht, name="opdracht"),
    path("werk/opdrachten/<int:pk>/nieuwe-actie/", opdrachten.nieuwe_actie, name="opdracht_nieuwe_actie"),
    path("werk/toezeggingen/", kamertoezeggingen.voorstellen, name="kamertoezeggingen"),
    path("werk/toezeggingen/<int:pk>/besluit/", kamertoezeggingen.beslis, name="kamertoezegging_beslis"),
    path("werk/moties/<str:sleutel>/", werk.motie, name="motie"),
    path("werk/moties/<str:sleutel>/nieuwe-actie/", werk.nieuwe_actie, name="nieuwe_actie"),
    path(
        "werk/vindplaatsen/<int:pk>/verwijderen/",
        bewerken.vindplaats_verwijderen,
        name="vindplaats_verwijderen",
    ),
]
