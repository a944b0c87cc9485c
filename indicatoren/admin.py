"""The redactie enters indicators, targets and measurements here; every save and delete goes through
indicatoren.beheer, which checks the permission and writes history with a reason. Targets and measurements
are never changed: a moved target is a new target that replaces the earlier one ('vervangt'), a wrong
entry is deleted and entered again, and the history keeps both."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from lib.geschiedenis import GeschiedenisAdmin
from rapportage import rechten

from . import beheer
from .models import Doel, Indicator, Meting


class BronForm(forms.ModelForm):
    def clean(self):
        gegevens = super().clean()
        try:
            gegevens["bron"], gegevens["kamerstuk"], gegevens["url"] = beheer.bron(
                gegevens.get("bron", ""), gegevens.get("kamerstuk", ""), gegevens.get("url", "")
            )
        except ValidationError as fout:
            raise ValidationError(fout.messages) from None
        return gegevens


class DoelForm(BronForm):
    class Meta:
        model = Doel
        fields = ["indicator", "vervangt", "waarde", "datum", "bron", "kamerstuk", "url", "toelichting"]

    def clean(self):
        gegevens = super().clean()
        indicator, vervangt = gegevens.get("indicator"), gegevens.get("vervangt")
        if indicator and vervangt and vervangt.indicator_id != indicator.pk:
            self.add_error("vervangt", _("Kies een doel van dezelfde indicator."))
        return gegevens


class MetingForm(BronForm):
    class Meta:
        model = Meting
        fields = ["indicator", "waarde", "meetdatum", "bron", "kamerstuk", "url"]


class RedactieAdmin(GeschiedenisAdmin):
    """The redactie's own work, asked of rapportage.rechten as beheer asks it, not of model permissions."""

    def has_module_permission(self, request):
        return rechten.is_redactie(request.user)

    def has_view_permission(self, request, obj=None):
        return rechten.is_redactie(request.user)

    def has_add_permission(self, request):
        return rechten.is_redactie(request.user)

    def has_change_permission(self, request, obj=None):
        return rechten.is_redactie(request.user)

    def has_delete_permission(self, request, obj=None):
        return rechten.is_redactie(request.user)


class AlleenToevoegen(RedactieAdmin):
    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        beheer.verwijder(obj, request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            beheer.verwijder(obj, request.user)


@admin.register(Indicator)
class IndicatorAdmin(RedactieAdmin):
    list_display = ["naam", "actie", "eenheid"]
    list_select_related = ["actie"]
    search_fields = ["naam", "=actie__nummer"]
    autocomplete_fields = ["actie"]

    def save_model(self, request, obj, form, change):
        beheer.bewaar_indicator(obj, request.user)

    def delete_model(self, request, obj):
        beheer.verwijder(obj, request.user)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            beheer.verwijder(obj, request.user)


@admin.register(Doel)
class DoelAdmin(AlleenToevoegen):
    form = DoelForm
    list_display = ["indicator", "waarde", "datum", "bron", "vervangt"]
    list_select_related = ["indicator", "vervangt__indicator"]
    autocomplete_fields = ["indicator"]
    raw_id_fields = ["vervangt"]

    def save_model(self, request, obj, form, change):
        g = form.cleaned_data
        bron = {
            "bron_tekst": g["bron"],
            "kamerstuk": g["kamerstuk"],
            "url": g["url"],
            "toelichting": g["toelichting"],
        }
        if g["vervangt"] is not None:
            doel = beheer.verschuif_doel(g["vervangt"], g["waarde"], g["datum"], request.user, **bron)
        else:
            doel = beheer.beloof_doel(g["indicator"], g["waarde"], g["datum"], request.user, **bron)
        obj.pk = doel.pk


@admin.register(Meting)
class MetingAdmin(AlleenToevoegen):
    form = MetingForm
    list_display = ["indicator", "waarde", "meetdatum", "bron", "ingevoerd_door"]
    list_select_related = ["indicator", "ingevoerd_door"]
    autocomplete_fields = ["indicator"]

    def save_model(self, request, obj, form, change):
        g = form.cleaned_data
        meting = beheer.meet(
            g["indicator"], g["waarde"], g["meetdatum"], request.user, g["bron"], g["kamerstuk"], g["url"]
        )
        obj.pk = meting.pk
