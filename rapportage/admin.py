from django.contrib import admin

from lib.geschiedenis import GeschiedenisAdmin

from .models import Rapportage, Voortgang


class VastgesteldAlleenLezen:
    """A closed round is frozen: only an explicit, logged reopen under /werk/ can change it.

    Each admin using this says with `_vastgesteld(obj)` whether obj belongs to a closed round.
    """

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and self._vastgesteld(obj))

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and self._vastgesteld(obj))


@admin.register(Rapportage)
class RapportageAdmin(VastgesteldAlleenLezen, GeschiedenisAdmin):
    list_display = ["titel", "peildatum", "kamerstuk", "toestand"]
    list_filter = ["toestand"]
    # Rounds open and close through /werk/, where closing publishes and stores the annex.
    readonly_fields = ["toestand"]

    def _vastgesteld(self, obj):
        return obj.is_vastgesteld


@admin.register(Voortgang)
class VoortgangAdmin(VastgesteldAlleenLezen, GeschiedenisAdmin):
    list_display = ["actie", "rapportage", "status", "toestand", "auteur", "gewijzigd_op"]
    list_filter = ["rapportage", "status", "toestand"]
    list_select_related = ["actie", "rapportage", "auteur"]
    raw_id_fields = ["actie", "gedeeld_met"]
    search_fields = ["=actie__nummer", "tekst"]

    def _vastgesteld(self, obj):
        return obj.rapportage.is_vastgesteld
