import datetime
import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from lib.beloftes.lezen import BriefFout, vind_in_brief_veilig


def _datum(tekst: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(tekst)
    except ValueError:
        raise CommandError(f"'{tekst}' is geen datum; schrijf JJJJ-MM-DD, bijvoorbeeld 2021-06-29.") from None


class Command(BaseCommand):
    help = (
        "Stel de gedateerde beloftes in een Kamerbrief voor (PDF, Word .docx, HTML van "
        "officielebekendmakingen.nl of platte tekst): het citaat, wie, wat en de periode."
    )

    def add_arguments(self, parser):
        parser.add_argument("brief", help="Pad naar de brief.")
        parser.add_argument(
            "--briefdatum",
            type=_datum,
            help="JJJJ-MM-DD; nodig als de brief zelf geen datum noemt, en gaat voor die van de brief.",
        )
        parser.add_argument("--json", action="store_true", help="Schrijf de voorstellen als JSON-lijst.")

    def handle(self, *args, **opties):
        pad = Path(opties["brief"])
        try:
            data = pad.read_bytes()
        except OSError as e:
            raise CommandError(f"Kan '{pad}' niet lezen: {e.strerror}.") from None
        gegeven = opties["briefdatum"]
        if isinstance(gegeven, str):  # call_command(..., briefdatum="2021-06-29") slaat type= over
            gegeven = _datum(gegeven)
        try:
            beloftes, genoemd = vind_in_brief_veilig(data, gegeven)
        except BriefFout as e:
            raise CommandError(str(e)) from None
        if gegeven and genoemd and gegeven != genoemd:
            self.stderr.write(
                f"Let op: de brief is gedateerd {genoemd:%Y-%m-%d}; gerekend wordt met {gegeven}."
            )
        if opties["json"]:
            self.stdout.write(json.dumps([b.als_dict() for b in beloftes], ensure_ascii=False, indent=1))
            return
        for b in beloftes:
            self.stdout.write(f"{b.van} – {b.tot or '…'}  {b.wie}, {b.wat}: {b.citaat}")
        self.stdout.write(f"{len(beloftes)} voorstellen.")
