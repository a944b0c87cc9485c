"""Synthetic data in bulk for benchmarks: many actions, rounds and status texts.

Benchmark data has no history worth keeping, so this is the one place that bulk inserts (see
tests/test_geschiedenis.py). Texts are built from sentences of the June 2021 annex, so Dutch
full-text search behaves as on real data. Never run this against a production database.
"""

import datetime
import json
import random
import re

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from acties.models import Actie, ActieMinisterie, ActieOpdracht, Ministerie, Rol, Status, Thema
from moties.enquete import dossier_als_kamerstuk, hoofddossier
from moties.models import Opdracht
from rapportage import ronde
from rapportage.models import Rapportage, Voortgang

BIJLAGE = settings.BASE_DIR / "fixtures" / "bijlage-2021-06-29.json"
TITEL = "Synthetische ronde {nummer:03d}"
BATCH = 2000


def _zinnen():
    data = json.loads(BIJLAGE.read_text())
    zinnen = set()
    for actie in data["acties"]:
        for tekst in (actie["omschrijving"], actie["stand_van_zaken"]):
            zinnen.update(z.strip() for z in re.split(r"(?<=[.!?])\s+|\n", tekst) if len(z.strip()) > 20)
    return data, sorted(zinnen)


class Command(BaseCommand):
    help = "Maak synthetische acties, rapportages en teksten voor benchmarks (bulk, zonder geschiedenis)."

    def add_arguments(self, parser):
        parser.add_argument("--acties", type=int, default=10_000, help="Aantal acties.")
        parser.add_argument("--voortgang", type=int, default=100_000, help="Aantal teksten in totaal.")
        parser.add_argument("--moties", type=int, default=150, help="Aantal moties.")
        parser.add_argument("--seed", type=int, default=35510, help="Startwaarde van de toevalsgenerator.")

    def handle(self, *args, acties, voortgang, moties, seed, **opties):
        if acties < 1 or voortgang < acties:
            raise CommandError("Geef minstens één actie en minstens evenveel teksten als acties.")
        if Rapportage.objects.filter(titel__startswith="Synthetische ronde").exists():
            raise CommandError(
                "Er staan al synthetische gegevens in deze database; gebruik een lege database."
            )
        rng = random.Random(seed)
        data, zinnen = _zinnen()
        rondes = voortgang // acties
        with transaction.atomic():
            themas = self._themas(data)
            motie_lijst = self._moties(moties)
            ministeries = list(Ministerie.objects.filter(opgeheven=False))
            rapportages = self._rapportages(rondes)
            start = (Actie.objects.order_by("-nummer").values_list("nummer", flat=True).first() or 0) + 1
            statussen = [s.value for s in Status]
            for begin in range(0, acties, BATCH):
                nummers = range(start + begin, start + min(begin + BATCH, acties))
                verloop = {n: self._verloop(rng, statussen, rondes) for n in nummers}
                nieuw = Actie.objects.bulk_create(
                    [
                        Actie(
                            nummer=n,
                            omschrijving=" ".join(rng.sample(zinnen, rng.randint(1, 3))),
                            thema=rng.choice(themas),
                            status=verloop[n][-1],
                        )
                        for n in nummers
                    ]
                )
                self._koppelingen(rng, nieuw, ministeries, motie_lijst)
                self._teksten(rng, nieuw, rapportages, verloop, zinnen)
                self.stdout.write(f"{begin + len(nummers)} van {acties} acties")
            nu = timezone.now()
            ronde.publiceer_gegenereerd(
                rapportages, [nu - datetime.timedelta(days=91 * (rondes - i)) for i in range(rondes)]
            )
        self.stdout.write(
            self.style.SUCCESS(f"{acties} acties, {rondes} rondes, {acties * rondes} teksten gemaakt.")
        )

    def _themas(self, data):
        themas = []
        for i, t in enumerate(data["themas"]):
            hoofd, _ = Thema.objects.get_or_create(
                naam=t["naam"], hoofdthema=None, defaults={"slug": slugify(t["naam"]), "volgorde": i}
            )
            themas.append(hoofd)
            for j, sub in enumerate(t["subthemas"]):
                slug = slugify(sub)
                if Thema.objects.filter(slug=slug).exclude(naam=sub, hoofdthema=hoofd).exists():
                    slug = slugify(f"{hoofd.naam} {sub}")
                subthema, _ = Thema.objects.get_or_create(
                    naam=sub, hoofdthema=hoofd, defaults={"slug": slug, "volgorde": j}
                )
                themas.append(subthema)
        return themas

    def _moties(self, aantal):
        dossier = hoofddossier()
        bestaand = set(Opdracht.objects.filter(dossier=dossier).values_list("nummer", flat=True))
        Opdracht.objects.bulk_create(
            [
                Opdracht(dossier=dossier, nummer=n, indieners=f"Indiener {n} c.s.")
                for n in range(1, aantal + 1)
                if n not in bestaand
            ]
        )
        return list(Opdracht.objects.filter(dossier=dossier))

    def _rapportages(self, aantal):
        eerste = datetime.date(2021, 6, 29)
        dossier = dossier_als_kamerstuk(hoofddossier())
        return Rapportage.objects.bulk_create(
            [
                Rapportage(
                    titel=TITEL.format(nummer=i + 1),
                    peildatum=eerste + datetime.timedelta(days=91 * i),
                    kamerstuk=f"{dossier}, nr. {100 + i}",
                )
                for i in range(aantal)
            ]
        )

    def _verloop(self, rng, statussen, rondes):
        """A plausible status per round: mostly 'in uitvoering', sometimes delayed, later often done."""
        verloop, status = [], rng.choice(statussen[:2])
        for i in range(rondes):
            if status not in ("afgerond", "vervallen") and rng.random() < 0.15 + 0.5 * i / max(rondes, 1):
                status = rng.choices(statussen, weights=[1, 6, 2, 2, 4, 1])[0]
            verloop.append(status)
        return verloop

    def _koppelingen(self, rng, acties, ministeries, moties):
        links, motie_links = [], []
        for actie in acties:
            gekozen = rng.sample(ministeries, rng.randint(1, 2))
            links += [
                ActieMinisterie(
                    actie=actie, ministerie=m, rol=Rol.EERSTVERANTWOORDELIJK if i == 0 else Rol.BETROKKEN
                )
                for i, m in enumerate(gekozen)
            ]
            motie_links += [
                ActieOpdracht(actie=actie, opdracht=m, deel=rng.choice([None, 1, 2]))
                for m in rng.sample(moties, rng.randint(0, 2))
            ]
        ActieMinisterie.objects.bulk_create(links)
        ActieOpdracht.objects.bulk_create(motie_links)

    def _teksten(self, rng, acties, rapportages, verloop, zinnen):
        teksten = []
        for actie in acties:
            tekst = " ".join(rng.sample(zinnen, rng.randint(2, 6)))
            for i, rapportage in enumerate(rapportages):
                if i and rng.random() < 0.6:
                    # Most rounds rewrite part of the text: drop a sentence, add a new one.
                    delen = tekst.split(". ")
                    if len(delen) > 2:
                        delen.pop(rng.randrange(len(delen)))
                    tekst = ". ".join(delen) + " " + rng.choice(zinnen)
                teksten.append(
                    Voortgang(
                        actie=actie,
                        rapportage=rapportage,
                        tekst=tekst,
                        status=verloop[actie.nummer][i],
                        toestand=Voortgang.Toestand.GOEDGEKEURD,
                    )
                )
        Voortgang.objects.bulk_create(teksten, batch_size=BATCH)
