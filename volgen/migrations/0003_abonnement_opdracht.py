from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("volgen", "0002_overzicht_per_publicatie"),
        ("moties", "0008_opdracht"),
    ]

    operations = [
        # SQLite rebuilds the table on a rename; constraints naming the old field go first (0004 adds them).
        migrations.RemoveConstraint("abonnement", "abonnement_volgt_een_ding"),
        migrations.RemoveConstraint("abonnement", "abonnement_uniek_motie"),
        migrations.RenameField("abonnement", "motie", "opdracht"),
    ]
