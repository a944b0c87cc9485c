from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("rapportage", "0017_rondeplanning"),
        ("moties", "0008_opdracht"),
    ]

    operations = [
        # SQLite rebuilds the table on a rename; the constraint naming the old field goes first (0019 adds it).
        migrations.RemoveConstraint("correctie", "correctie_van_actie_of_motie"),
        migrations.RenameField("correctie", "motie", "opdracht"),
    ]
