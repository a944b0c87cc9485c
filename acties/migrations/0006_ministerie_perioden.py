"""A ministry can have more than one period of existence, so that the reorganisation of February 2026 fits:
EZK existed from 26 October 2017 until 2 July 2024 and again from 23 February 2026, which the one period
of 0004 (`geldig_van`, `geldig_tot`) could not hold.

The periods move into their own model (Periode), each ministry's current `geldig_van`/`geldig_tot`
becoming its first period (as the redactie may have left them in the admin, not as 0004 wrote them); a
ministry without either bound gets none, as it existed throughout. Then the 2026 change is entered.

Sources (two independent reports of 23 February 2026, one quoting the Ministry of Algemene Zaken):
- https://www.blikopnieuws.nl/nieuws/308900/kabinet-jetten-door-koning-beedigd.html
- https://www.hartvannederland.nl/politiek/beleid/artikelen/koning-en-jetten-ondertekenen-ontslag-van-kabinet-schoof
Cabinet Jetten was sworn in on 23 February 2026. Asiel en Migratie (AenM) went back into Justitie en
Veiligheid, Klimaat en Groene Groei (KGG) into Economische Zaken en Klimaat, and Volkshuisvesting en
Ruimtelijke Ordening (VRO) into Binnenlandse Zaken en Koninkrijksrelaties; Economische Zaken (EZ) became
Economische Zaken en Klimaat (EZK) again. No other ministry was renamed (LVVN stays, the question 0004
left open). So AenM, KGG, VRO and EZ end on that day and EZK gets a second, open period from it.

`tot` is, as `geldig_tot` was, the first day on which the ministry no longer existed under its name.
`opgeheven` follows from the periods: true exactly when the last one has an end.
"""

import datetime
from importlib import import_module

import django.db.models.deletion
import simple_history.models
from django.conf import settings
from django.db import migrations, models


JETTEN = datetime.date(2026, 2, 23)
# Ended on JETTEN: folded into JenV, EZK and BZK, and EZ renamed to EZK.
OPGEGAAN = ["AenM", "KGG", "VRO", "EZ"]
TERUG = "EZK"


def _zet_opgeheven(Ministerie, Periode):
    """`opgeheven` from the periods (Periode.save does this outside migrations): true exactly when the last
    period has an end; false without periods, as the ministry then existed throughout."""
    for ministerie in Ministerie.objects.all():
        laatste = Periode.objects.filter(ministerie=ministerie).last()
        opgeheven = laatste is not None and laatste.tot is not None
        Ministerie.objects.filter(pk=ministerie.pk).update(opgeheven=opgeheven)


def _voer_jetten_in(apps):
    """Enter the reorganisation of 23 February 2026 on the ministries that exist. Run again on the same
    data it changes nothing."""
    Ministerie = apps.get_model("acties", "Ministerie")
    Periode = apps.get_model("acties", "Periode")
    for ministerie in Ministerie.objects.filter(afkorting__in=OPGEGAAN):
        perioden = Periode.objects.filter(ministerie=ministerie)
        if not perioden.exists():
            # Without periods it existed throughout: so up to this day.
            Periode.objects.create(ministerie=ministerie, tot=JETTEN)
        else:
            perioden.filter(models.Q(van__isnull=True) | models.Q(van__lt=JETTEN), tot__isnull=True).update(
                tot=JETTEN
            )
    for ministerie in Ministerie.objects.filter(afkorting=TERUG):
        perioden = Periode.objects.filter(ministerie=ministerie)
        # Without periods it existed throughout, so also from this day on; a period that reaches past the
        # day already holds it.
        reikt_verder = perioden.filter(models.Q(tot__isnull=True) | models.Q(tot__gt=JETTEN))
        if perioden.exists() and not reikt_verder.exists():
            Periode.objects.create(ministerie=ministerie, van=JETTEN)
    _zet_opgeheven(Ministerie, Periode)


def verhuis(apps, schema_editor):
    """Each ministry's `geldig_van`/`geldig_tot` becomes its first period; then 2026."""
    Ministerie = apps.get_model("acties", "Ministerie")
    Periode = apps.get_model("acties", "Periode")
    Periode.objects.bulk_create(
        Periode(ministerie=ministerie, van=ministerie.geldig_van, tot=ministerie.geldig_tot)
        for ministerie in Ministerie.objects.exclude(geldig_van__isnull=True, geldig_tot__isnull=True)
    )
    _voer_jetten_in(apps)


def vul(apps, schema_editor=None):
    """All periods, those of 0004 and of 2026, on the ministries that exist and have none yet; works with the
    final state's models. For a database whose ministries came from 0002 only, as tests/conftest.py has after
    a flush. Calling it again changes nothing."""
    Ministerie = apps.get_model("acties", "Ministerie")
    Periode = apps.get_model("acties", "Periode")
    # 0004's table stays the one source of the periods before 2026; its own vul sets the fields removed here.
    geldigheid = import_module("acties.migrations.0004_ministerie_geldigheid").GELDIGHEID
    zonder = Ministerie.objects.filter(afkorting__in=list(geldigheid), perioden__isnull=True)
    nieuw = []
    for ministerie in zonder:
        van, tot = geldigheid[ministerie.afkorting]
        nieuw.append(Periode(ministerie=ministerie, van=van, tot=tot))
    Periode.objects.bulk_create(nieuw)
    _voer_jetten_in(apps)


def terug(apps, schema_editor):
    """Back to one period per ministry: undo 2026, then a ministry's periods become `geldig_van` (the
    earliest start) and `geldig_tot` (the latest end), which is exact when one period is left."""
    Ministerie = apps.get_model("acties", "Ministerie")
    Periode = apps.get_model("acties", "Periode")
    Periode.objects.filter(ministerie__afkorting=TERUG, van=JETTEN, tot__isnull=True).delete()
    Periode.objects.filter(ministerie__afkorting__in=OPGEGAAN, tot=JETTEN).update(tot=None)
    for ministerie in Ministerie.objects.prefetch_related("perioden"):
        perioden = list(ministerie.perioden.all())
        if not perioden:
            continue
        vans = [periode.van for periode in perioden]
        tots = [periode.tot for periode in perioden]
        ministerie.geldig_van = None if None in vans else min(vans)
        ministerie.geldig_tot = None if None in tots else max(tots)
        ministerie.opgeheven = ministerie.geldig_tot is not None
        ministerie.save(update_fields=["geldig_van", "geldig_tot", "opgeheven"])


class Migration(migrations.Migration):

    dependencies = [
        ('acties', '0005_streefdatum_samenvatting'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='HistoricalPeriode',
            fields=[
                ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                ('ip_adres', models.GenericIPAddressField(blank=True, help_text='Adres waarvandaan de wijziging kwam; leeg bij wijzigingen via de opdrachtregel.', null=True, verbose_name='IP-adres')),
                ('van', models.DateField(blank=True, help_text='De eerste dag waarop het ministerie onder deze naam bestond; leeg als dat vóór de eerste rapportage ligt.', null=True, verbose_name='van')),
                ('tot', models.DateField(blank=True, help_text='De dag waarop het ministerie ophield te bestaan of een andere naam kreeg (de eerste dag van de opvolger); leeg zolang het bestaat.', null=True, verbose_name='tot')),
                ('history_id', models.AutoField(primary_key=True, serialize=False)),
                ('history_date', models.DateTimeField(db_index=True)),
                ('history_change_reason', models.CharField(max_length=100, null=True)),
                ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
            ],
            options={
                'verbose_name': 'historical periode',
                'verbose_name_plural': 'historical perioden',
                'ordering': ('-history_date', '-history_id'),
                'get_latest_by': ('history_date', 'history_id'),
            },
            bases=(simple_history.models.HistoricalChanges, models.Model),
        ),
        migrations.CreateModel(
            name='Periode',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('van', models.DateField(blank=True, help_text='De eerste dag waarop het ministerie onder deze naam bestond; leeg als dat vóór de eerste rapportage ligt.', null=True, verbose_name='van')),
                ('tot', models.DateField(blank=True, help_text='De dag waarop het ministerie ophield te bestaan of een andere naam kreeg (de eerste dag van de opvolger); leeg zolang het bestaat.', null=True, verbose_name='tot')),
            ],
            options={
                'verbose_name': 'periode',
                'verbose_name_plural': 'perioden',
                'ordering': [models.OrderBy(models.F('van'), nulls_first=True), 'pk'],
            },
        ),
        migrations.AddField(
            model_name='historicalperiode',
            name='history_user',
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AddField(
            model_name='historicalperiode',
            name='ministerie',
            field=models.ForeignKey(blank=True, db_constraint=False, help_text='Het ministerie dat in deze periode onder zijn naam bestond.', null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='acties.ministerie', verbose_name='ministerie'),
        ),
        migrations.AddField(
            model_name='periode',
            name='ministerie',
            field=models.ForeignKey(help_text='Het ministerie dat in deze periode onder zijn naam bestond.', on_delete=django.db.models.deletion.CASCADE, related_name='perioden', to='acties.ministerie', verbose_name='ministerie'),
        ),
        migrations.AddConstraint(
            model_name='periode',
            constraint=models.CheckConstraint(condition=models.Q(('van__isnull', True), ('tot__isnull', True), ('tot__gt', models.F('van')), _connector='OR'), name='periode_tot_na_van', violation_error_message="'Tot' moet na 'van' liggen."),
        ),
        migrations.AlterField(
            model_name='historicalministerie',
            name='opgeheven',
            field=models.BooleanField(default=False, help_text='Ministerie bestaat niet meer, maar komt voor in oudere rapportages. Volgt uit de perioden: ja als de laatste periode een einde heeft.', verbose_name='opgeheven'),
        ),
        migrations.AlterField(
            model_name='ministerie',
            name='opgeheven',
            field=models.BooleanField(default=False, help_text='Ministerie bestaat niet meer, maar komt voor in oudere rapportages. Volgt uit de perioden: ja als de laatste periode een einde heeft.', verbose_name='opgeheven'),
        ),
        migrations.RunPython(verhuis, terug),
        migrations.RemoveConstraint(
            model_name='ministerie',
            name='ministerie_geldig_tot_na_van',
        ),
        migrations.RemoveField(
            model_name='historicalministerie',
            name='geldig_tot',
        ),
        migrations.RemoveField(
            model_name='historicalministerie',
            name='geldig_van',
        ),
        migrations.RemoveField(
            model_name='ministerie',
            name='geldig_tot',
        ),
        migrations.RemoveField(
            model_name='ministerie',
            name='geldig_van',
        ),
    ]
