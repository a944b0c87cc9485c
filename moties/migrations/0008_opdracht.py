"""Motions become one kind of Opdracht (what the cabinet was asked or promised); their parts and the
Tweede Kamer's data follow the new name. Only renames here: the rows stay as they are."""

from django.db import migrations


def _hernoem_rechten(namen):
    """RenameModel renames the content type but not the permissions' codenames; the admin asks for the new
    ones, so the groups that had 'change_motie' keep their rights as 'change_opdracht'."""

    def vooruit(apps, schema_editor):
        Permission = apps.get_model("auth", "Permission")
        for oud, nieuw in namen.items():
            for recht in ("view", "add", "change", "delete"):
                Permission.objects.filter(codename=f"{recht}_{oud}").update(codename=f"{recht}_{nieuw}")

    def terug(apps, schema_editor):
        Permission = apps.get_model("auth", "Permission")
        for oud, nieuw in namen.items():
            for recht in ("view", "add", "change", "delete"):
                Permission.objects.filter(codename=f"{recht}_{nieuw}").update(codename=f"{recht}_{oud}")

    return migrations.RunPython(vooruit, terug)


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("moties", "0007_stand_en_reactie"),
        ("acties", "0011_gewijzigd_op_gedateerd"),
        # Earlier data migrations (rapportage 0010) name the models by their old names.
        ("rapportage", "0017_rondeplanning"),
        ("volgen", "0002_overzicht_per_publicatie"),
    ]

    operations = [
        _hernoem_rechten({"motie": "opdracht", "motiedeel": "opdrachtdeel"}),
        migrations.RenameModel("Motie", "Opdracht"),
        migrations.RenameModel("HistoricalMotie", "HistoricalOpdracht"),
        migrations.RenameModel("MotieDeel", "OpdrachtDeel"),
        migrations.RenameModel("HistoricalMotieDeel", "HistoricalOpdrachtDeel"),
        # SQLite rebuilds the table on a rename; a constraint naming the old field must go first (0009 adds it).
        migrations.RemoveConstraint("opdrachtdeel", "motiedeel_uniek"),
        migrations.RenameField("opdrachtdeel", "motie", "opdracht"),
        migrations.RenameField("historicalopdrachtdeel", "motie", "opdracht"),
        migrations.RenameField("kamerdata", "motie", "opdracht"),
        migrations.RenameField("historicalkamerdata", "motie", "opdracht"),
    ]
