"""Every round that was closed (public) before publications existed becomes version 1 of its publication,
with its texts as they stand; evidence and target-date changes that were public stay public.

A round that was reopened before this migration is not public now and gets no publication: it becomes
public when it is closed again. The published texts get the same Dutch full-text index as the working
texts had (PostgreSQL only), since search now reads them.
"""

from django.db import migrations
from django.utils import timezone

INDEX = (
    "CREATE INDEX IF NOT EXISTS rapportage_gepubliceerdetekst_tekst_zoek ON rapportage_gepubliceerdetekst "
    "USING gin (to_tsvector('dutch'::regconfig, COALESCE(tekst, '')))"
)


def publiceer_bestaande(apps, schema_editor):
    Rapportage = apps.get_model("rapportage", "Rapportage")
    Publicatie = apps.get_model("rapportage", "Publicatie")
    GepubliceerdeTekst = apps.get_model("rapportage", "GepubliceerdeTekst")
    Vindplaats = apps.get_model("rapportage", "Vindplaats")
    StreefdatumWijziging = apps.get_model("rapportage", "StreefdatumWijziging")
    for rapportage in Rapportage.objects.filter(toestand="vastgesteld"):
        publicatie = Publicatie.objects.create(
            rapportage=rapportage,
            versie=1,
            op=rapportage.vastgesteld_op or timezone.now(),
            inleiding=rapportage.inleiding,
            kamerstuk=rapportage.kamerstuk,
        )
        per_voortgang = {}
        teksten = list(rapportage.voortgang.all())
        for v in teksten:
            per_voortgang[v.pk] = GepubliceerdeTekst.objects.create(
                publicatie=publicatie,
                rapportage=rapportage,
                versie=1,
                actie_id=v.actie_id,
                voortgang=v,
                tekst=v.tekst,
                status=v.status,
                knelpunt=v.knelpunt,
            )
        for v in teksten:
            if v.gedeeld_met_id in per_voortgang:
                GepubliceerdeTekst.objects.filter(pk=per_voortgang[v.pk].pk).update(
                    gedeeld_met=per_voortgang[v.gedeeld_met_id]
                )
        Rapportage.objects.filter(pk=rapportage.pk).update(publicatieversie=1)
    for vindplaats in Vindplaats.objects.filter(voortgang__isnull=True) | Vindplaats.objects.filter(
        voortgang__rapportage__toestand="vastgesteld"
    ):
        Vindplaats.objects.filter(pk=vindplaats.pk).update(gepubliceerd_op=vindplaats.toegevoegd_op)
    for wijziging in StreefdatumWijziging.objects.all():
        StreefdatumWijziging.objects.filter(pk=wijziging.pk).update(gepubliceerd_op=wijziging.op)


def maak_index(apps, schema_editor):
    # Before any row is written: PostgreSQL refuses CREATE INDEX on a table with pending trigger events.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(INDEX)


def verwijder_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX IF EXISTS rapportage_gepubliceerdetekst_tekst_zoek")


def terug(apps, schema_editor):
    apps.get_model("rapportage", "GepubliceerdeTekst").objects.all().delete()
    apps.get_model("rapportage", "BijlageVersie").objects.update(publicatie=None)
    apps.get_model("rapportage", "Publicatie").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("rapportage", "0007_publicatie")]

    operations = [
        migrations.RunPython(maak_index, verwijder_index),
        migrations.RunPython(publiceer_bestaande, terug),
    ]
