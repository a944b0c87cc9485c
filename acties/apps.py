from django.apps import AppConfig


class ActiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "acties"
