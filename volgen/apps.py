from django.apps import AppConfig


class VolgenConfig(AppConfig):
    name = "volgen"
    verbose_name = "Volgen per e-mail"
