from django.apps import AppConfig


class MotiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "moties"

    def ready(self):
        from lib import paginacache

        from .models import Opdracht, OpdrachtDeel

        paginacache.volg_wijzigingen(Opdracht, OpdrachtDeel)
