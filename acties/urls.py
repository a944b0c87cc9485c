from django.urls import path

from pokvolg.paginacache import publiek_gecached

from . import export, feeds, views

urlpatterns = [
    path("", publiek_gecached(views.home), name="home"),
    path("acties/", publiek_gecached(views.actie_lijst), name="acties"),
    path("acties/export.<str:formaat>", export.exporteer, name="acties_export"),
    path("acties/<int:nummer>/", publiek_gecached(views.actie_detail), name="actie"),
    path("themas/", publiek_gecached(views.thema_lijst), name="themas"),
    path("themas/<slug:slug>/", publiek_gecached(views.thema_detail), name="thema"),
    path("toegankelijkheid/", views.toegankelijkheid, name="toegankelijkheid"),
    path("feeds/acties.atom", publiek_gecached(feeds.AlleTeksten()), name="feed"),
    path("feeds/thema/<slug:slug>.atom", publiek_gecached(feeds.TekstenPerThema()), name="feed_thema"),
    path("feeds/motie/<str:sleutel>.atom", publiek_gecached(feeds.TekstenPerMotie()), name="feed_motie"),
    path(
        "feeds/ministerie/<str:afkorting>.atom",
        publiek_gecached(feeds.TekstenPerMinisterie()),
        name="feed_ministerie",
    ),
]
