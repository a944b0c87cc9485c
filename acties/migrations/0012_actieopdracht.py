"""An action carries out an Opdracht (a motion or any other kind), no longer only a motion."""

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
        ("acties", "0011_gewijzigd_op_gedateerd"),
        ("moties", "0008_opdracht"),
    ]

    operations = [
        _hernoem_rechten({"actiemotie": "actieopdracht"}),
        migrations.RenameModel("ActieMotie", "ActieOpdracht"),
        migrations.RenameModel("HistoricalActieMotie", "HistoricalActieOpdracht"),
        # SQLite rebuilds the table on a rename; the constraint naming the old field goes first (0013 adds it).
        migrations.RemoveConstraint("actieopdracht", "actiemotie_uniek"),
        migrations.RenameField("actieopdracht", "motie", "opdracht"),
        migrations.RenameField("historicalactieopdracht", "motie", "opdracht"),
        migrations.RenameField("actie", "moties", "opdrachten"),
    ]
