"""The register's demo data (fixtures/demo-opdrachten.json): only what the sources say, see its 'uitleg'.
Loaded by `manage.py demo` once, beside the June 2021 annex."""

import datetime
import json

from django.conf import settings
from django.db import transaction

from .models import Opdracht, Soort

BESTAND = settings.BASE_DIR / "fixtures" / "demo-opdrachten.json"
DATUMS = ("datum", "uiterste_datum")


@transaction.atomic
def laad() -> int:
    """Each item that is not there yet; returns how many were added."""
    if Opdracht.objects.exclude(soort=Soort.MOTIE).exists():
        return 0
    nieuw = 0
    for velden in json.loads(BESTAND.read_text(encoding="utf-8"))["opdrachten"]:
        velden = {k: datetime.date.fromisoformat(v) if k in DATUMS and v else v for k, v in velden.items()}
        if velden["soort"] == Soort.MOTIE:
            if Opdracht.objects.filter(
                soort=Soort.MOTIE, dossier=velden["dossier"], nummer=velden["nummer"]
            ).exists():
                continue
        elif velden["soort"] == Soort.AANBEVELING:
            velden.setdefault("dossier", None)
        opdracht = Opdracht(**velden)
        opdracht._change_reason = "Demodata"
        opdracht.save()
        nieuw += 1
    return nieuw
