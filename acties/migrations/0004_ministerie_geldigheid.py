"""When each ministry existed, so that a round's filters list the ministries of its time.

Sources (checked December 2026):
- 26 October 2017, cabinet Rutte III sworn in: Economische Zaken became Economische Zaken en Klimaat (EZK),
  Veiligheid en Justitie became Justitie en Veiligheid (JenV), Infrastructuur en Milieu became
  Infrastructuur en Waterstaat (IenW), and Landbouw, Natuur en Voedselkwaliteit (LNV) came back
  (parlement.com, Kabinet-Rutte III; Rijksoverheid's announcement of that day).
- 2 July 2024, cabinet Schoof sworn in: new ministries of Klimaat en Groene Groei (KGG, split off EZK),
  Volkshuisvesting en Ruimtelijke Ordening (VRO, split off BZK) and Asiel en Migratie (AenM, split off
  JenV); EZK became Economische Zaken (EZ) and LNV became Landbouw, Visserij, Voedselzekerheid en Natuur
  (LVVN).
NOT entered, because unsure: news reports of 23 February 2026 (cabinet Jetten sworn in) say AenM, KGG and
VRO were folded back into JenV, EZK and BZK and that EZ is called Economische Zaken en Klimaat again; one
report says it is unclear whether LVVN is renamed. With one period per ministry, EZK (2017-2024 and again
from 2026) cannot be written down here; the redactie should check and settle it in the admin.

`geldig_tot` is the first day on which the ministry no longer existed under this name (the first day of
its successor), so a round with that reference date lists the successor only.
"""

import datetime

from django.conf import settings
from django.db import migrations, models


RUTTE_III = datetime.date(2017, 10, 26)
SCHOOF = datetime.date(2024, 7, 2)

# afkorting: (geldig_van, geldig_tot); ministries not named here existed throughout (both bounds empty).
GELDIGHEID = {
    "EZK": (RUTTE_III, SCHOOF),
    "LNV": (RUTTE_III, SCHOOF),
    "JenV": (RUTTE_III, None),
    "IenW": (RUTTE_III, None),
    "EZ": (SCHOOF, None),
    "KGG": (SCHOOF, None),
    "VRO": (SCHOOF, None),
    "AenM": (SCHOOF, None),
    "LVVN": (SCHOOF, None),
}


def vul(apps, schema_editor):
    """Set the periods of the ministries that exist (tests/conftest.py may recreate them after a flush
    with 0002 only; a test can call this again)."""
    Ministerie = apps.get_model("acties", "Ministerie")
    for afkorting, (van, tot) in GELDIGHEID.items():
        Ministerie.objects.filter(afkorting=afkorting).update(
            geldig_van=van, geldig_tot=tot, opgeheven=tot is not None
        )


def leeg(apps, schema_editor):
    apps.get_model("acties", "Ministerie").objects.update(geldig_van=None, geldig_tot=None)


class Migration(migrations.Migration):

    dependencies = [
        ('acties', '0003_zoekindexen'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalministerie',
            name='geldig_tot',
            field=models.DateField(blank=True, help_text='De dag waarop het ministerie ophield te bestaan of een andere naam kreeg (de eerste dag van de opvolger); leeg zolang het bestaat.', null=True, verbose_name='geldig tot'),
        ),
        migrations.AddField(
            model_name='historicalministerie',
            name='geldig_van',
            field=models.DateField(blank=True, help_text='De eerste dag waarop het ministerie onder deze naam bestond; leeg als dat vóór de eerste rapportage ligt.', null=True, verbose_name='geldig van'),
        ),
        migrations.AddField(
            model_name='ministerie',
            name='geldig_tot',
            field=models.DateField(blank=True, help_text='De dag waarop het ministerie ophield te bestaan of een andere naam kreeg (de eerste dag van de opvolger); leeg zolang het bestaat.', null=True, verbose_name='geldig tot'),
        ),
        migrations.AddField(
            model_name='ministerie',
            name='geldig_van',
            field=models.DateField(blank=True, help_text='De eerste dag waarop het ministerie onder deze naam bestond; leeg als dat vóór de eerste rapportage ligt.', null=True, verbose_name='geldig van'),
        ),
        migrations.AddConstraint(
            model_name='ministerie',
            constraint=models.CheckConstraint(condition=models.Q(('geldig_van__isnull', True), ('geldig_tot__isnull', True), ('geldig_tot__gt', models.F('geldig_van')), _connector='OR'), name='ministerie_geldig_tot_na_van', violation_error_message="'Geldig tot' moet na 'geldig van' liggen."),
        ),
        migrations.RunPython(vul, leeg),
    ]
