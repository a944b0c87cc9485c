from django.apps import AppConfig


class MotiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "moties"
