"""Demo indicators from the sources only: the integral assessments and first checks of the recovery
operation (herstel kinderopvangtoeslag), with the targets the June 2021 annex and the 2023 letter set.
The Kamerstuk of the 2023 letter is not among pokvolg's sources, so it is cited by its description only.
Call laad() after the June 2021 annex is loaded (it needs action 1); it adds nothing that is there."""

import datetime
from decimal import Decimal

from django.db import transaction

from acties.models import Actie

from .models import Doel, Indicator, Meting

REDEN = "Demodata"
BIJLAGE_2021 = "Bijlage bij de brief van 29 juni 2021"
BIJLAGE_2021_KAMERSTUK = "35510-60"
BRIEF_2023 = "Brief van 2023 met de reflectie op de hersteloperatie, cijfers tot april 2023"
# "Cijfers tot april 2023": counted up to the first of April.
PEILDATUM_2023 = datetime.date(2023, 4, 1)


def _bewaar(obj):
    obj._change_reason = REDEN
    obj.full_clean()
    obj.save()
    return obj


@transaction.atomic
def laad() -> None:
    actie = Actie.objects.filter(nummer=1).first()
    if actie is None or Indicator.objects.filter(actie=actie).exists():
        return
    integraal = _bewaar(
        Indicator(
            actie=actie,
            naam="Integrale beoordelingen afgerond",
            eenheid="%",
            wat_telt=(
                "Het deel van de integrale beoordelingen van gedupeerde ouders dat is afgerond, zoals de "
                "brief van 2023 het meldt. De bronnen noemen geen basiswaarde."
            ),
        )
    )
    _bewaar(Meting(indicator=integraal, waarde=Decimal(35), meetdatum=PEILDATUM_2023, bron=BRIEF_2023))
    eerst = _bewaar(
        Doel(
            indicator=integraal,
            waarde=Decimal(100),
            datum=datetime.date(2024, 3, 31),
            bron=BIJLAGE_2021,
            kamerstuk=BIJLAGE_2021_KAMERSTUK,
            toelichting=(
                "“Als uit wordt gegaan van maximale opschaling en steeds minder ouders die zich aanmelden is "
                "de verwachting dat de integrale beoordelingen tot minimaal Q1 2024 doorlopen.”"
            ),
        )
    )
    _bewaar(
        Doel(
            indicator=integraal,
            waarde=Decimal(90),
            datum=datetime.date(2025, 3, 31),
            bron=BRIEF_2023,
            toelichting="90% “in het eerste kwartaal van 2025”.",
        )
    )
    _bewaar(
        Doel(
            indicator=integraal,
            waarde=Decimal(100),
            datum=datetime.date(2025, 9, 30),
            bron=BRIEF_2023,
            toelichting="De laatste 10% in het half jaar daarna; “zonder deze versnelling medio 2027”.",
            vervangt=eerst,
        )
    )
    toetsen = _bewaar(
        Indicator(
            actie=actie,
            naam="Eerste toetsen gedaan",
            eenheid="%",
            wat_telt=(
                "Het deel van de ongeveer 62.000 aanmeldingen van ouders waarvoor de eerste toets is gedaan, "
                "zoals de brief van 2023 het meldt. De bronnen noemen geen doel en geen basiswaarde."
            ),
        )
    )
    _bewaar(Meting(indicator=toetsen, waarde=Decimal(94), meetdatum=PEILDATUM_2023, bron=BRIEF_2023))
