from django.apps import AppConfig


class RapportageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rapportage"

    def ready(self):
        from lib import paginacache

        from .models import Rapportage, Vindplaats, Voortgang

        paginacache.volg_wijzigingen(Rapportage, Voortgang, Vindplaats)
