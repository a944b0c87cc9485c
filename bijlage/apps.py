from django.apps import AppConfig


def _bewaar_na_vaststellen(sender, rapportage, **kwargs):
    from .taken import start_bewaren

    start_bewaren(rapportage)


class BijlageConfig(AppConfig):
    name = "bijlage"
    verbose_name = "Bijlage"

    def ready(self):
        from rapportage.ronde import ronde_vastgesteld

        # The annex of a closed round (PDF and Word) is made by a background job, outside the request and
        # every lock; bijlage.opslag stores it once.
        ronde_vastgesteld.connect(_bewaar_na_vaststellen, dispatch_uid="bijlage-bewaren-bij-vaststellen")
