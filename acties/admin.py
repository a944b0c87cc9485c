from django.contrib import admin

from lib.geschiedenis import GeschiedenisAdmin

from .models import Actie, ActieMinisterie, ActieMotie, Ministerie, Thema


class ActieMinisterieInline(admin.TabularInline):
    model = ActieMinisterie
    extra = 0


class ActieMotieInline(admin.TabularInline):
    model = ActieMotie
    extra = 0
    autocomplete_fields = ["motie"]


@admin.register(Actie)
class ActieAdmin(GeschiedenisAdmin):
    list_display = ["nummer", "korte_omschrijving", "thema", "status", "gewijzigd_op"]
    list_filter = ["status", "thema", "ministeries"]
    search_fields = ["=nummer", "omschrijving"]
    list_select_related = ["thema"]
    inlines = [ActieMinisterieInline, ActieMotieInline]
    # Changed only through /werk/: a target date needs a reason that goes into its log, and the summary is
    # the redactie's step with its own history reason.
    readonly_fields = ["streefdatum", "samenvatting"]

    @admin.display(description="omschrijving")
    def korte_omschrijving(self, obj):
        return obj.omschrijving[:100]


@admin.register(Thema)
class ThemaAdmin(GeschiedenisAdmin):
    list_display = ["naam", "hoofdthema", "volgorde"]
    list_select_related = ["hoofdthema"]
    prepopulated_fields = {"slug": ["naam"]}


@admin.register(Ministerie)
class MinisterieAdmin(GeschiedenisAdmin):
    list_display = ["afkorting", "naam", "geldig_van", "geldig_tot", "opgeheven"]
    list_filter = ["opgeheven"]
    search_fields = ["afkorting", "naam"]
    fields = ["afkorting", "naam", "geldig_van", "geldig_tot", "opgeheven", "coordinatoren"]
    filter_horizontal = ["coordinatoren"]


admin.site.register(ActieMinisterie, GeschiedenisAdmin)
admin.site.register(ActieMotie, GeschiedenisAdmin)
