"""Remind coordinators, N days before the deadline, of their texts that are not yet submitted. For cron."""

from django.core.management.base import BaseCommand

from jobs import mail
from rapportage.herinneringen import herinneringen, start_herinneringen


class Command(BaseCommand):
    help = (
        "Mail coördinatoren wier acties nog geen ingediende tekst hebben, precies N dagen voor de deadline "
        "van de open ronde. Bedoeld om dagelijks te draaien (cron)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dagen",
            type=int,
            nargs="+",
            default=[3],
            help="Hoeveel dagen voor de deadline; meerdere mogen, bijv. --dagen 7 1 (standaard 3).",
        )
        parser.add_argument(
            "--achtergrond",
            action="store_true",
            help=(
                "Zet de herinneringen van vandaag in de wachtrij; de worker verstuurt ze (en probeert het "
                "opnieuw als de mailserver faalt). Eén keer per dag: een tweede aanroep doet niets."
            ),
        )

    def handle(self, *args, dagen, achtergrond=False, **opties):
        if achtergrond:
            job, nieuw = start_herinneringen(dagen)
            if nieuw:
                self.stdout.write(f"Herinneringen in de wachtrij (taak {job.pk}).")
            else:
                self.stdout.write(
                    f"Herinneringen van vandaag al in de wachtrij of verstuurd (taak {job.pk})."
                )
            return
        berichten = herinneringen(dagen)
        mail.verstuur_nu(berichten)
        self.stdout.write(f"{len(berichten)} herinnering(en) verstuurd.")
