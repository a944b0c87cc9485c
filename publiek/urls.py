from django.urls import path

from lib.paginacache import publiek_gecached
from moties.models import Soort

from . import agenda, cijfers, correcties, feeds, ministeries, opdrachten, views

urlpatterns = [
    path("", publiek_gecached(views.home), name="home"),
    path("acties/", publiek_gecached(views.actie_lijst), name="acties"),
    path("acties/<int:nummer>/", publiek_gecached(views.actie_detail), name="actie"),
    path("themas/", publiek_gecached(views.thema_lijst), name="themas"),
    path("themas/<slug:slug>/", publiek_gecached(views.thema_detail), name="thema"),
    path("rapportages/", publiek_gecached(views.rapportage_lijst), name="rapportages"),
    path("rapportages/<int:pk>/", publiek_gecached(views.rapportage_detail), name="rapportage"),
    path(
        "rapportages/<int:pk>/correcties/",
        publiek_gecached(correcties.correctielog_rapportage),
        name="correcties_rapportage",
    ),
    path("correcties/", publiek_gecached(correcties.correctielog), name="correcties"),
    path("feeds/correcties.atom", publiek_gecached(correcties.CorrectieFeed()), name="feed_correcties"),
    path("ministeries/", publiek_gecached(ministeries.ministerie_lijst), name="ministeries"),
    path("ministeries/<str:afkorting>/", publiek_gecached(ministeries.ministerie_detail), name="ministerie"),
    path("cijfers/", publiek_gecached(cijfers.cijfers), name="cijfers"),
    path("streefdata.ics", publiek_gecached(agenda.streefdata), name="streefdata"),
    path("toegankelijkheid/", views.toegankelijkheid, name="toegankelijkheid"),
    path("feeds/acties.atom", publiek_gecached(feeds.AlleTeksten()), name="feed"),
    path("feeds/acties/<int:nummer>.atom", publiek_gecached(feeds.TekstenPerActie()), name="feed_actie"),
    path("feeds/thema/<slug:slug>.atom", publiek_gecached(feeds.TekstenPerThema()), name="feed_thema"),
    path("feeds/motie/<str:sleutel>.atom", publiek_gecached(feeds.TekstenPerMotie()), name="feed_motie"),
    path(
        "feeds/ministerie/<str:afkorting>.atom",
        publiek_gecached(feeds.TekstenPerMinisterie()),
        name="feed_ministerie",
    ),
]
# The register: a list and a page per kind, and their feeds; a motion keeps its address
# (/moties/35510-21/) and its feed of action texts (/feeds/motie/35510-21.atom).
for _soort in Soort:
    urlpatterns += [
        path(
            f"feeds/{_soort.lijstnaam}.atom",
            publiek_gecached(feeds.OpdrachtenPerSoort()),
            {"soort": _soort.value},
            name=f"feed_{_soort.lijstnaam}",
        ),
        path(
            f"feeds/{_soort.lijstnaam}/<str:sleutel>.atom",
            publiek_gecached(feeds.OpdrachtVolgen()),
            {"soort": _soort.value},
            name=f"feed_{_soort.lijstnaam}_item",
        ),
        path(
            f"{_soort.lijstnaam}/",
            publiek_gecached(opdrachten.lijst),
            {"soort": _soort.value},
            name=_soort.lijstnaam,
        ),
        path(
            f"{_soort.lijstnaam}/<str:sleutel>/",
            publiek_gecached(opdrachten.pagina),
            {"soort": _soort.value},
            name=_soort.value,
        ),
    ]
