from django.apps import AppConfig


class VolgenConfig(AppConfig):
    name = "volgen"
    verbose_name = "Volgen per e-mail"

    def ready(self):
        from rapportage.ronde import ronde_vastgesteld

        from . import receivers

        # One digest per published round for everyone who follows something in it (volgen.overzicht).
        ronde_vastgesteld.connect(
            receivers.bij_ronde_vastgesteld, dispatch_uid="volgen-overzicht-bij-vaststellen"
        )
