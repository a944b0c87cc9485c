from django.apps import AppConfig


class BeloftesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "beloftes"
    verbose_name = "beloftes uit brieven"
