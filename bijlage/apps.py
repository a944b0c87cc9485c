from django.apps import AppConfig


class BijlageConfig(AppConfig):
    name = "bijlage"
    verbose_name = "Bijlage"

    def ready(self):
        from rapportage.ronde import ronde_vastgesteld

        from . import pdf

        ronde_vastgesteld.connect(
            lambda sender, rapportage, **kwargs: pdf.bewaar_bijlage(rapportage),
            weak=False,
            dispatch_uid="bijlage-bewaren-bij-vaststellen",
        )
