from django.apps import AppConfig


class RapportageConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "rapportage"

    def ready(self):
        from lib import paginacache

        from .models import Publicatie, Rapportage, StreefdatumWijziging, Vindplaats, Voortgang

        paginacache.volg_wijzigingen(Rapportage, Voortgang, Publicatie, StreefdatumWijziging, Vindplaats)
