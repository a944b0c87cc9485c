"""Fetch the Tweede Kamer's data (decision, votes, cabinet's view) on every motion of the followed
dossiers."""

from django.core.management.base import BaseCommand, CommandError

from moties import ophalen
from moties.tweedekamer import KamerdataFout


class Command(BaseCommand):
    help = (
        "Haal bij het Gegevensmagazijn van de Tweede Kamer (TK_ODATA_URL) per motie van de gevolgde dossiers "
        "(ENQUETE_DOSSIER en GEVOLGDE_DOSSIERS) het "
        "besluit, de stemming per fractie en de kabinetsappreciatie op en bewaar ze bij de moties. De "
        "workers doen dit ook elke dag zelf (JOBS_DAGELIJKS)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--achtergrond",
            action="store_true",
            help=(
                "Zet het ophalen in de wachtrij; de worker doet het en probeert het opnieuw (steeds later) "
                "als de Tweede Kamer niet of half antwoordt."
            ),
        )

    def handle(self, *args, achtergrond=False, **opties):
        if achtergrond:
            job = ophalen.start_ophalen()
            self.stdout.write(f"Ophalen in de wachtrij (taak {job.pk}).")
            return
        try:
            verslag = ophalen.ververs()
        except KamerdataFout as fout:
            raise CommandError(str(fout)) from fout
        self.stdout.write(verslag.tekst())
