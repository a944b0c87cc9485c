from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from bijlage import opmaak, opslag, samenstelling, word
from rapportage.models import Rapportage


class Command(BaseCommand):
    help = (
        "Maak de bijlage 'stand van zaken' van een rapportage als PDF of als Word-bestand; de extensie van "
        "het uitvoerbestand (.pdf of .docx) kiest welke. Van een vastgestelde rapportage is dat de bewaarde "
        "bijlage (bij de eerste keer gemaakt en bewaard); anders een concept."
    )

    def add_arguments(self, parser):
        parser.add_argument("--rapportage", type=int, required=True, help="Nummer (id) van de rapportage.")
        parser.add_argument(
            "-o", "--uitvoer", required=True, help="Pad van het bestand, bijv. bijlage.pdf of bijlage.docx."
        )
        parser.add_argument(
            "--wijzigingen",
            action="store_true",
            help="Alleen de acties die nieuw, gewijzigd of afgerond zijn sinds de vorige vastgestelde ronde.",
        )
        parser.add_argument(
            "--kolommen",
            default="",
            help=(
                "Extra kolommen, door komma's gescheiden: ministerie,status,herkomst; 'indicatoren' zet "
                "onder elke stand van zaken een regel per indicator."
            ),
        )
        parser.add_argument("--html", help="Schrijf ook de (toegankelijke) HTML-versie naar dit pad.")

    def handle(self, *args, **opties):
        with translation.override(settings.LANGUAGE_CODE):
            self._maak(**opties)

    def _maak(self, **opties):
        rapportage = Rapportage.objects.filter(pk=opties["rapportage"]).first()
        if rapportage is None:
            raise CommandError(f"Rapportage {opties['rapportage']} bestaat niet.")
        namen = [n for n in opties["kolommen"].split(",") if n.strip()]
        kolommen = samenstelling.kies(namen)
        onbekend = {n.strip().lower() for n in namen} - set(kolommen)
        if onbekend:
            raise CommandError(
                f"Onbekende kolom(men): {', '.join(sorted(onbekend))}. "
                f"Kies uit: {', '.join(samenstelling.KEUZES)}."
            )

        uitvoer = Path(opties["uitvoer"])
        formaat = uitvoer.suffix.lower().lstrip(".")
        if formaat not in opslag.FORMATEN:
            raise CommandError(
                f"Onbekend formaat '{uitvoer.suffix or uitvoer.name}': "
                "geef een uitvoerbestand op dat eindigt op .pdf of .docx."
            )

        if opties["wijzigingen"]:
            context = samenstelling.wijzigingen_context(rapportage, kolommen)
        else:
            context = samenstelling.bijlage_context(rapportage, kolommen)
        if rapportage.is_vastgesteld and not kolommen and not opties["wijzigingen"]:
            # The published annex: whatever is stored, so the file equals what the website serves.
            opslag.bewaar_bijlage(rapportage, formaten=(formaat,), context=context)
            with getattr(rapportage, opslag.VELD[formaat]).open("rb") as bestand:
                inhoud = bestand.read()
            soort = "bewaarde bijlage"
        else:
            if formaat == "docx":
                inhoud = word.render_to_docx(context)
            else:
                _html, inhoud = opmaak.render_to_pdf(opmaak.BIJLAGE_TEMPLATE, context)
            soort = "bijlage" if rapportage.is_vastgesteld else "conceptbijlage"

        try:
            uitvoer.write_bytes(inhoud)
            if opties["html"]:
                html = opmaak.render_zelfstandige_html(opmaak.BIJLAGE_TEMPLATE, context)
                Path(opties["html"]).write_text(html, encoding="utf-8")
        except OSError as fout:
            raise CommandError(f"Kan niet schrijven: {fout.strerror} ({fout.filename}).") from None
        acties = sum(len(b.rijen) for b in context["blokken"])
        # A Word file has no pages until a word processor lays it out.
        paginas = f"{opmaak.tel_paginas(inhoud)} pagina's, " if formaat == "pdf" else ""
        self.stdout.write(
            f"{soort.capitalize()} van '{rapportage.titel}' geschreven naar {uitvoer}: "
            f"{acties} acties, {paginas}{len(inhoud)} bytes."
        )
