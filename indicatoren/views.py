from django.http import Http404
from django.shortcuts import render
from django.utils import timezone

from . import query


def indicator_lijst(request):
    return render(request, "indicatoren/lijst.html", {"standen": query.alle(timezone.localdate())})


def indicator_detail(request, pk):
    stand = query.een(pk, timezone.localdate())
    if stand is None:
        raise Http404
    return render(request, "indicatoren/indicator.html", {"stand": stand})
