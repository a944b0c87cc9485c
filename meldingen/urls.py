from django.urls import path

from . import views

app_name = "meldingen"

urlpatterns = [
    path("", views.voorkeuren, name="voorkeuren"),
]
