from django.contrib import admin

from pokvolg.geschiedenis import GeschiedenisAdmin

from .models import Rapportage, Voortgang


@admin.register(Rapportage)
class RapportageAdmin(GeschiedenisAdmin):
    list_display = ["titel", "peildatum", "kamerstuk", "toestand"]
    list_filter = ["toestand"]


@admin.register(Voortgang)
class VoortgangAdmin(GeschiedenisAdmin):
    list_display = ["actie", "rapportage", "status", "toestand", "auteur", "gewijzigd_op"]
    list_filter = ["rapportage", "status", "toestand"]
    list_select_related = ["actie", "rapportage", "auteur"]
    raw_id_fields = ["actie", "gedeeld_met"]
    search_fields = ["=actie__nummer", "tekst"]
