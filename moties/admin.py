from django.contrib import admin
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from lib.geschiedenis import GeschiedenisAdmin

from . import ophalen
from .models import Fractiestem, Kamerdata, Opdracht, OpdrachtDeel


class OpdrachtDeelInline(admin.TabularInline):
    model = OpdrachtDeel
    fields = ["nummer", "tekst"]
    extra = 0


@admin.register(Opdracht)
class OpdrachtAdmin(GeschiedenisAdmin):
    list_display = ["nummer", "dossier", "indieners", "besluit"]
    inlines = [OpdrachtDeelInline]
    list_filter = ["dossier", "besluit"]
    search_fields = ["=nummer", "indieners", "titel"]
    actions = ["haal_kamerdata"]

    @admin.action(
        description=_("Gegevens van de Tweede Kamer ophalen (voor alle moties)"), permissions=["change"]
    )
    def haal_kamerdata(self, request, queryset):
        # One query fetches every motion of the dossier; the selection only starts it.
        return redirect("jobs:job", ophalen.start_ophalen(eigenaar=request.user).pk)


class FractiestemInline(admin.TabularInline):
    model = Fractiestem
    fields = ["fractie", "naam", "soort", "zetels", "vergissing"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Kamerdata)
class KamerdataAdmin(GeschiedenisAdmin):
    """The Tweede Kamer's data is read here, never edited: the next fetch would overwrite any edit."""

    list_display = [
        "opdracht",
        "besluitsoort",
        "zetels_voor",
        "zetels_tegen",
        "kabinetsappreciatie",
        "opgehaald_op",
    ]
    list_filter = ["besluitsoort", "kabinetsappreciatie", "afgedaan"]
    list_select_related = ["opdracht"]
    search_fields = ["=opdracht__nummer", "zaaknummer", "onderwerp"]
    inlines = [FractiestemInline]

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
