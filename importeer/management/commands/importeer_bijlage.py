import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importeer.formaat import BijlageFout, naar_json
from importeer.veilig import lees_bijlage_veilig

from .laad_bijlage import datum, laad_en_meld, voeg_correctie_toe


class Command(BaseCommand):
    help = (
        "Lees een stand-van-zakenbijlage (PDF of Word, .docx; de inhoud bepaalt welke, niet de naam). "
        "Met --json: schrijf de gelezen bijlage als JSON en raak de database niet aan. Zonder --json: "
        "importeer als vastgestelde rapportage."
    )

    def add_arguments(self, parser):
        parser.add_argument("pad", help="Pad naar de PDF of het Word-bestand.")
        parser.add_argument("--json", dest="uit", help="Schrijf de gelezen bijlage naar dit JSON-bestand.")
        parser.add_argument("--rapportage", help="Titel van de rapportage (verplicht zonder --json).")
        parser.add_argument("--peildatum", type=datum, help="JJJJ-MM-DD; standaard die uit de bijlage.")
        parser.add_argument(
            "--kamerstuk", default="", help="Bijv. '35 510, nr. 60'; standaard die uit de bijlage."
        )
        parser.add_argument(
            "--briefdatum",
            type=datum,
            help="Datum van de Kamerbrief, JJJJ-MM-DD; standaard die uit de bijlage.",
        )
        parser.add_argument("--dry-run", action="store_true", help="Toon de samenvatting; schrijf niets.")
        voeg_correctie_toe(parser)

    def handle(self, *args, **opties):
        pad = Path(opties["pad"])
        if not opties["uit"] and not opties["rapportage"]:
            raise CommandError("Geef --json UIT.json, of --rapportage TITEL om te importeren.")
        try:
            data = pad.read_bytes()
        except OSError as e:
            raise CommandError(f"Kan '{pad}' niet lezen: {e.strerror}.") from None
        try:
            bijlage = lees_bijlage_veilig(data)
        except BijlageFout as e:
            raise CommandError(str(e)) from None
        if not opties["uit"]:
            laad_en_meld(self, bijlage, opties, f"Import van {pad.name} (opdrachtregel)")
            return
        Path(opties["uit"]).write_text(
            json.dumps(naar_json(bijlage), ensure_ascii=False, indent=1) + "\n", encoding="utf-8"
        )
        self.stdout.write(f"{len(bijlage.acties)} acties geschreven naar {opties['uit']}.")
        for w in bijlage.waarschuwingen:
            self.stdout.write(f"Waarschuwing: {w}")
