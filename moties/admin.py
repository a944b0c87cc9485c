from django.contrib import admin

from lib.geschiedenis import GeschiedenisAdmin

from .models import Motie


@admin.register(Motie)
class MotieAdmin(GeschiedenisAdmin):
    list_display = ["nummer", "dossier", "indieners", "besluit"]
    list_filter = ["dossier", "besluit"]
    search_fields = ["=nummer", "indieners", "titel"]
