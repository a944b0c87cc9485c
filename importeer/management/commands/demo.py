import io
import json
import secrets
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from acties.models import Actie, ActieMinisterie, Ministerie, Rol
from indicatoren import demo as indicatoren_demo
from moties import demo as opdrachten_demo
from rapportage.models import Rapportage

FIXTURES = settings.BASE_DIR / "fixtures"
WACHTWOORDEN = settings.BASE_DIR / "var" / "demo-wachtwoorden.txt"
DEMO_GEBRUIKERS = [
    # (username, group, ministries, superuser)
    ("beheerder", "Beheerder", [], True),
    ("redactie", "Redactie", [], False),
    ("coordinator-fin", "Coördinator", ["FIN"], False),
    ("coordinator-bzk", "Coördinator", ["BZK"], False),
]
# The June 2021 annex has no status column; the loader says so, which is right for a real annex.
ZONDER_STATUS = "Waarschuwing: De bijlage heeft geen statuskolom"


@transaction.atomic
def wijs_demo_ministeries_toe():
    """Give every action without ministries the demo ministries of its theme (the annex names none),
    dated as the round they came with, so the public history shows no change on the day of the load."""
    toewijzing = json.loads((FIXTURES / "demo-ministeries.json").read_text())
    ministeries = {m.afkorting: m for m in Ministerie.objects.all()}
    ronde = Rapportage.objects.gepubliceerd().order_by("vastgesteld_op").first()
    for actie in Actie.objects.filter(actieministeries__isnull=True).select_related("thema__hoofdthema"):
        for i, afkorting in enumerate(toewijzing.get(actie.hoofdthema.naam, [])):
            link = ActieMinisterie(
                actie=actie,
                ministerie=ministeries[afkorting],
                rol=Rol.EERSTVERANTWOORDELIJK if i == 0 else Rol.BETROKKEN,
            )
            link._change_reason = "Demodata"
            if ronde is not None:
                link._history_date = ronde.vastgesteld_op
            link.save()


class Command(BaseCommand):
    help = (
        "Laad de demodata (bijlage juni 2021) en maak demo-accounts met een willekeurig wachtwoord; "
        "de wachtwoorden staan in var/demo-wachtwoorden.txt."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--wachtwoorden", type=Path, default=WACHTWOORDEN, help="Bestand voor de wachtwoorden."
        )

    def handle(self, *args, **opties):
        if not Rapportage.objects.exists():
            self._laad()
        wijs_demo_ministeries_toe()
        indicatoren_demo.laad()
        opdrachten_demo.laad()
        nieuw = {}
        for naam, groep, afkortingen, superuser in DEMO_GEBRUIKERS:
            if User.objects.filter(username=naam).exists():
                continue
            wachtwoord = secrets.token_urlsafe(12)
            gebruiker = User.objects.create_user(
                naam,
                f"{naam}@example.org",
                wachtwoord,
                is_staff=superuser or groep == "Redactie",
                is_superuser=superuser,
            )
            gebruiker.groups.add(Group.objects.get(name=groep))
            for afkorting in afkortingen:
                Ministerie.objects.get(afkorting=afkorting).coordinatoren.add(gebruiker)
            nieuw[naam] = wachtwoord
        if nieuw:
            self._bewaar_wachtwoorden(opties["wachtwoorden"], nieuw)
        self._welkom(opties["wachtwoorden"])

    def _laad(self):
        uitvoer = io.StringIO()
        call_command(
            "laad_bijlage",
            str(FIXTURES / "bijlage-2021-06-29.json"),
            rapportage="Stand van zaken juni 2021",
            kamerstuk="35 510, nr. 60",
            stdout=uitvoer,
        )
        for regel in uitvoer.getvalue().splitlines():
            if regel.startswith(ZONDER_STATUS):
                regel = (
                    "Opmerking (verwacht): de demobijlage van juni 2021 heeft geen statuskolom, "
                    "dus staan de acties op 'in uitvoering'."
                )
            self.stdout.write(regel)

    def _bewaar_wachtwoorden(self, pad, nieuw):
        """Kept in a file only its owner reads, so they can be looked up after the console scrolled; a
        new database's accounts replace the lines of the old one."""
        pad.parent.mkdir(parents=True, exist_ok=True)
        oud = pad.read_text(encoding="utf-8").splitlines() if pad.exists() else []
        regels = [r for r in oud if r.split(" ")[0] not in nieuw]
        regels += [f"{naam} {wachtwoord}" for naam, wachtwoord in nieuw.items()]
        pad.touch(mode=0o600)
        pad.write_text("\n".join(regels) + "\n", encoding="utf-8")

    def _welkom(self, pad):
        """The last lines before the server starts: what a newcomer needs, after the install's noise."""
        try:
            plek = pad.relative_to(settings.BASE_DIR)
        except ValueError:
            plek = pad
        streep = "-" * 64
        regels = [
            streep,
            f"pokvolg start op {settings.SITE_URL.rstrip('/')}/ (beheer: /{settings.ADMIN_URL})",
            f"Demo-accounts: {', '.join(naam for naam, *_ in DEMO_GEBRUIKERS)}",
            f"Hun wachtwoorden staan in {plek} (gebruiker en wachtwoord per regel)."
            if pad.exists()
            else "Hun wachtwoorden stonden eerder op de console; een nieuw: manage.py changepassword NAAM",
            "Stoppen: Ctrl+C (stopt de server en de achtergrondwerker).",
            streep,
        ]
        self.stdout.write(self.style.SUCCESS("\n".join(regels)))
