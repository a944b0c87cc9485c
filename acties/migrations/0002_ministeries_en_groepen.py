from django.db import migrations

# Ministries as of the Schoof cabinet, plus those named in 2021 annexes that were since renamed or split.
MINISTERIES = [
    ("AZ", "Ministerie van Algemene Zaken", False),
    ("AenM", "Ministerie van Asiel en Migratie", False),
    ("BZ", "Ministerie van Buitenlandse Zaken", False),
    ("BZK", "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", False),
    ("DEF", "Ministerie van Defensie", False),
    ("EZ", "Ministerie van Economische Zaken", False),
    ("FIN", "Ministerie van Financiën", False),
    ("IenW", "Ministerie van Infrastructuur en Waterstaat", False),
    ("JenV", "Ministerie van Justitie en Veiligheid", False),
    ("KGG", "Ministerie van Klimaat en Groene Groei", False),
    ("LVVN", "Ministerie van Landbouw, Visserij, Voedselzekerheid en Natuur", False),
    ("OCW", "Ministerie van Onderwijs, Cultuur en Wetenschap", False),
    ("SZW", "Ministerie van Sociale Zaken en Werkgelegenheid", False),
    ("VRO", "Ministerie van Volkshuisvesting en Ruimtelijke Ordening", False),
    ("VWS", "Ministerie van Volksgezondheid, Welzijn en Sport", False),
    ("EZK", "Ministerie van Economische Zaken en Klimaat", True),
    ("LNV", "Ministerie van Landbouw, Natuur en Voedselkwaliteit", True),
]

GROEPEN = ["Beheerder", "Redactie", "Coördinator"]


def maak(apps, schema_editor):
    Ministerie = apps.get_model("acties", "Ministerie")
    for afkorting, naam, opgeheven in MINISTERIES:
        Ministerie.objects.get_or_create(
            afkorting=afkorting, defaults={"naam": naam, "opgeheven": opgeheven}
        )
    Group = apps.get_model("auth", "Group")
    for naam in GROEPEN:
        Group.objects.get_or_create(name=naam)


class Migration(migrations.Migration):
    dependencies = [
        ("acties", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(maak, migrations.RunPython.noop)]
