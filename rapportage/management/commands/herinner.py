"""Remind coordinators, N days before the deadline, of their texts that are not yet submitted. For cron."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage, get_connection
from django.core.management.base import BaseCommand
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from rapportage import rechten
from rapportage.models import Rapportage, Voortgang


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

    def handle(self, *args, dagen, **opties):
        vandaag = timezone.localdate()
        deadlines = [vandaag + datetime.timedelta(days=n) for n in dagen]
        rondes = Rapportage.objects.open().filter(deadline__in=deadlines)
        coordinatoren = (
            get_user_model()
            .objects.filter(is_active=True, groups__name=rechten.COORDINATOR, ministeries__isnull=False)
            .exclude(email="")
            .distinct()
            .order_by("username")
        )
        berichten = []
        for rapportage in rondes:
            for gebruiker in coordinatoren:
                teksten = list(
                    rechten.zichtbare_voortgang(gebruiker)
                    .filter(rapportage=rapportage, toestand__in=Voortgang.BIJ_COORDINATOR)
                    .select_related("actie")
                    .order_by("actie__nummer")
                )
                if teksten:
                    berichten.append(self._bericht(rapportage, gebruiker, teksten))
        if berichten:
            get_connection().send_messages(berichten)
        self.stdout.write(f"{len(berichten)} herinnering(en) verstuurd.")

    def _bericht(self, rapportage, gebruiker, teksten):
        context = {
            "gebruiker": gebruiker,
            "rapportage": rapportage,
            "teksten": teksten,
            "url": settings.SITE_URL.rstrip("/") + reverse("werk:mijn_acties"),
        }
        onderwerp = render_to_string("werk/herinnering_onderwerp.txt", context).strip()
        tekst = render_to_string("werk/herinnering.txt", context)
        return EmailMessage(onderwerp, tekst, settings.DEFAULT_FROM_EMAIL, [gebruiker.email])
