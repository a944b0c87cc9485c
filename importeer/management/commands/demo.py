import json
import secrets

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

from acties.models import Actie, ActieMinisterie, Ministerie, Rol
from rapportage.models import Rapportage

FIXTURES = settings.BASE_DIR / "fixtures"
DEMO_GEBRUIKERS = [
    # (username, group, ministries, superuser)
    ("beheerder", "Beheerder", [], True),
    ("redactie", "Redactie", [], False),
    ("coordinator-fin", "Coördinator", ["FIN"], False),
    ("coordinator-bzk", "Coördinator", ["BZK"], False),
]


@transaction.atomic
def wijs_demo_ministeries_toe():
    """Give every action without ministries the demo ministries of its theme (the annex names none)."""
    toewijzing = json.loads((FIXTURES / "demo-ministeries.json").read_text())
    ministeries = {m.afkorting: m for m in Ministerie.objects.all()}
    for actie in Actie.objects.filter(actieministeries__isnull=True).select_related("thema__hoofdthema"):
        for i, afkorting in enumerate(toewijzing.get(actie.hoofdthema.naam, [])):
            link = ActieMinisterie(
                actie=actie,
                ministerie=ministeries[afkorting],
                rol=Rol.EERSTVERANTWOORDELIJK if i == 0 else Rol.BETROKKEN,
            )
            link._change_reason = "Demodata"
            link.save()


class Command(BaseCommand):
    help = "Laad de demodata (bijlage juni 2021) en maak demo-accounts met een willekeurig wachtwoord."

    def handle(self, *args, **opties):
        if not Rapportage.objects.exists():
            call_command(
                "laad_bijlage",
                str(FIXTURES / "bijlage-2021-06-29.json"),
                rapportage="Stand van zaken juni 2021",
                kamerstuk="35 510, nr. 60",
                stdout=self.stdout,
            )
        wijs_demo_ministeries_toe()
        for naam, groep, afkortingen, superuser in DEMO_GEBRUIKERS:
            if User.objects.filter(username=naam).exists():
                self.stdout.write(f"Demo-account '{naam}' bestaat al (wachtwoord eerder getoond).")
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
            self.stdout.write(self.style.SUCCESS(f"Demo-account: {naam} / {wachtwoord}"))
