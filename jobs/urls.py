from django.urls import path

from . import views

app_name = "jobs"

urlpatterns = [
    path("taken/<uuid:pk>/", views.job, name="job"),
    path("taken/<uuid:pk>/opnieuw/", views.opnieuw, name="opnieuw"),
]
