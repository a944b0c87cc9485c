"""Every free text already stored gets the normal form of lib.tekst, as every save gives it from now on: a
text a browser sent with CRLF line ends, or an annex with trailing spaces, no longer reads as changed
against the same text without them.

Rows are updated without a history record: the text reads the same, and the readable history compares
texts in normal form (lib.geschiedenis). The published copies (GepubliceerdeTekst, made from the texts
as they were stored) get the same form, so the public pages compare like with like. Going back leaves the
texts as they are: nothing to restore.
"""

import sys

from django.db import migrations
from django.db.models.signals import pre_migrate

from lib.tekst import normaliseer, normaliseer_regel

# (app, model): {field: its normal form}
TEKSTEN = {
    ("acties", "Actie"): {"omschrijving": normaliseer, "samenvatting": normaliseer},
    ("acties", "ActieMotie"): {"vermelding": normaliseer_regel},
    ("moties", "Motie"): {"indieners": normaliseer_regel, "titel": normaliseer_regel, "dictum": normaliseer},
    ("moties", "MotieDeel"): {"tekst": normaliseer},
    ("rapportage", "Rapportage"): {"bijlage_titel": normaliseer_regel, "inleiding": normaliseer},
    ("rapportage", "Voortgang"): {"tekst": normaliseer, "opmerking": normaliseer, "knelpunt": normaliseer},
    ("rapportage", "StreefdatumWijziging"): {"reden": normaliseer},
    ("rapportage", "Vindplaats"): {"titel": normaliseer_regel},
    ("rapportage", "Publicatie"): {"reden": normaliseer, "inleiding": normaliseer},
    ("rapportage", "GepubliceerdeTekst"): {"tekst": normaliseer, "knelpunt": normaliseer},
}

# RunPython is not told the verbosity; migrate sends it, with its stdout, in pre_migrate just before.
_UITVOER = {"verbosity": 0, "stdout": sys.stdout}


def _onthoud_uitvoer(verbosity, stdout=None, **kwargs):
    _UITVOER.update(verbosity=verbosity, stdout=stdout or sys.stdout)


pre_migrate.connect(_onthoud_uitvoer, dispatch_uid="rapportage.teksten_normaliseren")


def normaliseer_opgeslagen(apps) -> int:
    """Put every stored free text in normal form; returns how many texts changed."""
    aantal = 0
    for (app, naam), velden in TEKSTEN.items():
        model = apps.get_model(app, naam)
        anders = []
        for pk, *waarden in model.objects.values_list("pk", *velden).iterator():
            nieuw = {}
            for (veld, normaal), waarde in zip(velden.items(), waarden, strict=True):
                if waarde and normaal(waarde) != waarde:
                    nieuw[veld] = normaal(waarde)
            if nieuw:
                anders.append((pk, nieuw))
        for pk, nieuw in anders:
            model.objects.filter(pk=pk).update(**nieuw)
            aantal += len(nieuw)
    return aantal


def vooruit(apps, schema_editor):
    aantal = normaliseer_opgeslagen(apps)
    if _UITVOER["verbosity"] >= 1:
        _UITVOER["stdout"].write(f"\n  Teksten genormaliseerd: {aantal}")


class Migration(migrations.Migration):
    dependencies = [
        ("acties", "0007_tekstvelden"),
        ("moties", "0004_tekstvelden"),
        ("rapportage", "0009_tekstvelden"),
    ]

    operations = [migrations.RunPython(vooruit, migrations.RunPython.noop)]
