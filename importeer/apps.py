from django.apps import AppConfig


class ImporteerConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "importeer"
