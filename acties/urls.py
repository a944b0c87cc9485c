from django.urls import path

from . import export, feeds, views

urlpatterns = [
    path("", views.home, name="home"),
    path("acties/", views.actie_lijst, name="acties"),
    path("acties/export.<str:formaat>", export.exporteer, name="acties_export"),
    path("acties/<int:nummer>/", views.actie_detail, name="actie"),
    path("themas/", views.thema_lijst, name="themas"),
    path("themas/<slug:slug>/", views.thema_detail, name="thema"),
    path("toegankelijkheid/", views.toegankelijkheid, name="toegankelijkheid"),
    path("feeds/acties.atom", feeds.AlleTeksten(), name="feed"),
    path("feeds/thema/<slug:slug>.atom", feeds.TekstenPerThema(), name="feed_thema"),
    path("feeds/motie/<str:sleutel>.atom", feeds.TekstenPerMotie(), name="feed_motie"),
    path("feeds/ministerie/<str:afkorting>.atom", feeds.TekstenPerMinisterie(), name="feed_ministerie"),
]
