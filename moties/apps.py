from django.apps import AppConfig


class MotiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "moties"

    def ready(self):
        from pokvolg import paginacache

        from .models import Motie

        paginacache.volg_wijzigingen(Motie)
