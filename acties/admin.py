import datetime
import itertools

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from lib.geschiedenis import GeschiedenisAdmin

from . import opvolging
from .models import Actie, ActieMinisterie, ActieOpdracht, Ministerie, Opvolging, Periode, Thema


class ActieMinisterieInline(admin.TabularInline):
    model = ActieMinisterie
    extra = 0


class ActieMotieInline(admin.TabularInline):
    model = ActieOpdracht
    extra = 0
    autocomplete_fields = ["opdracht"]


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


class PeriodeFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        if any(self.errors):
            return
        # Two periods that overlap would make "the last period" and the pages' wording meaningless.
        perioden = sorted(
            (
                (form.cleaned_data.get("van"), form.cleaned_data.get("tot"))
                for form in self.forms
                if form.cleaned_data and not form.cleaned_data.get("DELETE")
            ),
            key=lambda periode: periode[0] or datetime.date.min,
        )
        for (_van, tot), (volgende_van, _tot) in itertools.pairwise(perioden):
            if tot is None or volgende_van is None or volgende_van < tot:
                raise ValidationError(_("Perioden van een ministerie mogen elkaar niet overlappen."))


class PeriodeInline(admin.TabularInline):
    model = Periode
    formset = PeriodeFormSet
    extra = 0


@admin.register(Ministerie)
class MinisterieAdmin(GeschiedenisAdmin):
    list_display = ["afkorting", "naam", "bestond", "opgeheven"]
    list_filter = ["opgeheven"]
    search_fields = ["afkorting", "naam"]
    fields = ["afkorting", "naam", "opgeheven", "coordinatoren"]
    # Follows from the periods (Periode.save), so that the two cannot disagree.
    readonly_fields = ["opgeheven"]
    filter_horizontal = ["coordinatoren"]
    inlines = [PeriodeInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("perioden")

    @admin.display(description=_("bestond"))
    def bestond(self, obj):
        return ", ".join(str(periode) for periode in obj.perioden.all()) or _("in alle rapportages")


admin.site.register(ActieMinisterie, GeschiedenisAdmin)
admin.site.register(ActieOpdracht, GeschiedenisAdmin)


class OpvolgingForm(forms.ModelForm):
    class Meta:
        model = Opvolging
        fields = ["van", "soort", "naar", "reden", "datum"]

    def clean(self):
        gegevens = super().clean()
        van, naar = gegevens.get("van"), gegevens.get("naar")
        if van and naar:
            # The admin's save runs in the same transaction, so the locks taken here still hold there.
            opvolging.controleer(van, naar)
        return gegevens


@admin.register(Opvolging)
class OpvolgingAdmin(GeschiedenisAdmin):
    """Recorded and removed through acties.opvolging, never changed: a wrong link is removed and recorded
    again, and the history keeps both."""

    form = OpvolgingForm
    list_display = ["van", "soort", "naar", "datum"]
    list_filter = ["soort"]
    list_select_related = ["van", "naar"]
    search_fields = ["=van__nummer", "=naar__nummer", "reden"]
    autocomplete_fields = ["van", "naar"]

    def get_changeform_initial_data(self, request):
        return {"datum": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def has_change_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        gegevens = form.cleaned_data
        vastgelegd = opvolging.leg_opvolging_vast(
            gegevens["van"],
            gegevens["naar"],
            gegevens["soort"],
            gegevens["reden"],
            gegevens["datum"],
            request.user,
        )
        obj.pk = vastgelegd.pk

    def delete_model(self, request, obj):
        opvolging.verwijder_opvolging(obj, request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            opvolging.verwijder_opvolging(obj, request.user)
