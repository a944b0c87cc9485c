from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from acties.admin import ActieAdmin
from acties.models import Actie
from lib.geschiedenis import GeschiedenisAdmin

from . import verantwoording
from .models import Correctie, Rapportage, Voortgang


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


class ActieCorrectieForm(forms.ModelForm):
    correctiereden = forms.CharField(
        label=_("Reden van de correctie"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Een actie is openbaar: een gewijzigde omschrijving of andere ministeries komen met deze reden "
            "in het openbare correctielog."
        ),
    )

    class Meta:
        model = Actie
        # The admin passes its own field list; this names the one the reason is about.
        fields = ["omschrijving"]

    def clean(self):
        gegevens = super().clean()
        # The ministries are inline forms this form cannot see; any change of an existing action asks
        # for a reason, and only what the public reads differently is logged (verantwoording).
        if self.instance.pk and not (gegevens.get("correctiereden") or "").strip():
            self.add_error("correctiereden", _("Geef een reden: de actie is openbaar."))
        return gegevens


# The action's admin lives in acties; corrections are a round-level concern, so they are added here.
admin.site.unregister(Actie)


@admin.register(Actie)
class GecorrigeerdeActieAdmin(ActieAdmin):
    form = ActieCorrectieForm

    def save_model(self, request, obj, form, change):
        if change:
            # The admin is one instance for all requests: what was public is kept on this request's form.
            was = Actie.objects.get(pk=obj.pk)
            form.was = (was.omschrijving, verantwoording.ministeries_als_tekst(was))
            obj._change_reason = _("Correctie: %(reden)s") % {"reden": form.cleaned_data["correctiereden"]}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if change:
            omschrijving, ministeries = form.was
            verantwoording.corrigeer_actie(
                form.instance, request.user, form.cleaned_data["correctiereden"], omschrijving, ministeries
            )


@admin.register(Correctie)
class CorrectieAdmin(admin.ModelAdmin):
    """Read only: a correction, once public, is part of the record."""

    list_display = ["op", "wat", "actie", "opdracht", "door"]
    list_filter = ["wat"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
