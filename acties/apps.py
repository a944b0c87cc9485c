from django.apps import AppConfig


class ActiesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "acties"

    def ready(self):
        from lib import paginacache

        from .models import Actie, ActieMinisterie, ActieOpdracht, Ministerie, Opvolging, Periode, Thema

        # Lineage is the redactie's record, public at once: a change of it is a new public version.
        paginacache.volg_wijzigingen(
            Actie, ActieMinisterie, ActieOpdracht, Ministerie, Opvolging, Periode, Thema
        )
