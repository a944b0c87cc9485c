from django.apps import AppConfig


class PubliekConfig(AppConfig):
    name = "publiek"
    verbose_name = "Publieke pagina's"
