from django.contrib.auth.management import create_permissions
from django.db import migrations

# The redactie manages actions, their links and motions in the admin. Rounds and status texts it may only
# read there: they change through /werk/, where a closed round stays frozen and every step is logged.
REDACTIE = {
    "acties": {
        "thema": ["view", "add", "change"],
        "actie": ["view", "add", "change"],
        "actieministerie": ["view", "add", "change", "delete"],
        "actiemotie": ["view", "add", "change", "delete"],
        "ministerie": ["view"],
    },
    "moties": {"motie": ["view", "add", "change"]},
    "rapportage": {"rapportage": ["view"], "voortgang": ["view"]},
}


def geef_rechten(apps, schema_editor):
    # Permissions are normally made after all migrations (post_migrate); make them now to hand them out.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    redactie, _ = Group.objects.get_or_create(name="Redactie")
    for app_label, modellen in REDACTIE.items():
        for model, acties in modellen.items():
            redactie.permissions.add(
                *Permission.objects.filter(
                    content_type__app_label=app_label,
                    codename__in=[f"{actie}_{model}" for actie in acties],
                )
            )


def neem_terug(apps, schema_editor):
    for groep in apps.get_model("auth", "Group").objects.filter(name="Redactie"):
        groep.permissions.clear()


class Migration(migrations.Migration):
    dependencies = [
        ("rapportage", "0001_initial"),
        ("acties", "0002_ministeries_en_groepen"),
        ("moties", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(geef_rechten, neem_terug)]
