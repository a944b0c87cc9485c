from django.apps import AppConfig


class IndicatorenConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "indicatoren"
    verbose_name = "indicatoren"

    def ready(self):
        from lib import paginacache

        from .models import Doel, Indicator, Meting

        # Public at once: every change gives the public pages a new version.
        paginacache.volg_wijzigingen(Indicator, Doel, Meting)
