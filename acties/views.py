from django.shortcuts import render

from .models import Actie


def home(request):
    acties = Actie.objects.select_related("thema__hoofdthema")
    return render(request, "home.html", {"acties": acties})
