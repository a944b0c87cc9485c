import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importeer.formaat import BijlageFout, uit_json
from importeer.laden import laad_bijlage


def datum(tekst):
    try:
        return datetime.date.fromisoformat(tekst)
    except ValueError:
        raise CommandError(f"'{tekst}' is geen datum; gebruik JJJJ-MM-DD.") from None


def _als_datum(waarde):
    # call_command(..., peildatum="2021-06-29") hands the text over without argparse's type=datum.
    return datum(waarde) if isinstance(waarde, str) else waarde


def voeg_correctie_toe(parser):
    parser.add_argument(
        "--correctie",
        metavar="REDEN",
        help="Verplicht als de ronde al gepubliceerd is: waarom deze bijlage haar corrigeert (komt in het "
        "correctielog).",
    )


def laad_en_meld(command, bijlage, opties, reden):
    """The loading step both commands share: write (or, with --dry-run, only count) and print a summary."""
    try:
        samenvatting = laad_bijlage(
            bijlage,
            rapportage_titel=opties["rapportage"],
            peildatum=_als_datum(opties["peildatum"]),
            kamerstuk=opties["kamerstuk"],
            briefdatum=_als_datum(opties.get("briefdatum")),
            reden=reden,
            correctiereden=opties.get("correctie") or "",
            dry_run=opties["dry_run"],
        )
    except BijlageFout as e:
        raise CommandError(str(e)) from None
    command.stdout.write(samenvatting.als_tekst())
    if opties["dry_run"]:
        command.stdout.write("Proefrun: er is niets opgeslagen.")


class Command(BaseCommand):
    help = (
        "Laad een bijlage in JSON-formaat als gepubliceerde ronde, of als correctie ervan (alles of niets)."
    )

    def add_arguments(self, parser):
        parser.add_argument("bestand", help="Pad naar de JSON-bijlage.")
        parser.add_argument("--rapportage", required=True, help="Titel van de rapportage.")
        parser.add_argument("--peildatum", type=datum, help="JJJJ-MM-DD; standaard die uit de bijlage.")
        parser.add_argument(
            "--kamerstuk", default="", help="Bijv. '35 510, nr. 60'; standaard die uit de bijlage."
        )
        parser.add_argument(
            "--briefdatum",
            type=datum,
            help="Datum van de Kamerbrief, JJJJ-MM-DD; standaard die uit de bijlage.",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Toon wat er zou veranderen; schrijf niets."
        )
        voeg_correctie_toe(parser)

    def handle(self, *args, **opties):
        pad = Path(opties["bestand"])
        try:
            data = json.loads(pad.read_bytes())
        except OSError as e:
            raise CommandError(f"Kan '{pad}' niet lezen: {e.strerror}.") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            raise CommandError(f"'{pad}' is geen geldige JSON: {e}.") from None
        try:
            bijlage = uit_json(data)
        except BijlageFout as e:
            raise CommandError(str(e)) from None
        laad_en_meld(self, bijlage, opties, f"Geladen uit {pad.name}")
