from django.apps import AppConfig


class MeldingenConfig(AppConfig):
    name = "meldingen"
    verbose_name = "Meldingen"

    def ready(self):
        from rapportage import ronde

        from . import receivers

        # Mail at each step of a round (meldingen.mails), prepared after the step's commit.
        ronde.ronde_geopend.connect(receivers.bij_ronde_geopend, dispatch_uid="meldingen-ronde-geopend")
        ronde.tekst_teruggestuurd.connect(
            receivers.bij_tekst_teruggestuurd, dispatch_uid="meldingen-tekst-teruggestuurd"
        )
        ronde.tekst_ingediend.connect(receivers.bij_tekst_ingediend, dispatch_uid="meldingen-tekst-ingediend")
        ronde.ronde_vastgesteld.connect(
            receivers.bij_ronde_vastgesteld, dispatch_uid="meldingen-ronde-vastgesteld"
        )
