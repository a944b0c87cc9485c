"""Forms of the coordinators' screens. None has a ministry field: it comes from the logged-in user."""

from django import forms
from django.utils.translation import gettext_lazy as _

from acties.models import Status
from lib.formulieren import NLDSForm
from rapportage.models import Rapportage, Voortgang


def _max(model, veld):
    return model._meta.get_field(veld).max_length


class RondeForm(NLDSForm, forms.ModelForm):
    """Only validates; rapportage.ronde.open_ronde creates the round and its draft texts."""

    class Meta:
        model = Rapportage
        fields = ["titel", "peildatum", "deadline", "kamerstuk", "briefdatum", "inleiding"]
        widgets = {
            "peildatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "deadline": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "briefdatum": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "inleiding": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deadline"].required = True


class RondeGegevensForm(NLDSForm, forms.ModelForm):
    """Only validates; rapportage.ronde.wijzig_gegevens saves."""

    class Meta:
        model = Rapportage
        fields = ["kamerstuk", "briefdatum", "deadline", "inleiding"]
        widgets = RondeForm.Meta.widgets


class VoortgangForm(NLDSForm, forms.Form):
    BEWAAR = "bewaar"
    INDIENEN = "indienen"
    VERSCHIL = "verschil"

    tekst = forms.CharField(
        label=_("Stand van zaken"),
        max_length=_max(Voortgang, "tekst"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("De tekst zoals hij in de bijlage voor de Kamer komt."),
    )
    status = forms.ChoiceField(label=_("Status"), choices=Status.choices)
    # The version the user started from; a save is refused if someone else saved in between.
    versie = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    # Set by the submit button pressed; not rendered as a field.
    actie = forms.ChoiceField(
        choices=[(BEWAAR, BEWAAR), (INDIENEN, INDIENEN), (VERSCHIL, VERSCHIL)], required=False
    )

    def clean(self):
        data = super().clean()
        if data.get("actie") == self.INDIENEN and not data.get("tekst", "").strip():
            self.add_error("tekst", _("Een lege tekst kan niet worden ingediend."))
        return data


class TerugsturenForm(NLDSForm, forms.Form):
    opmerking = forms.CharField(
        label=_("Opmerking voor de coördinator"),
        max_length=_max(Voortgang, "opmerking"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Wat moet er anders? De coördinator ziet deze opmerking bij de tekst."),
    )


class HeropenenForm(NLDSForm, forms.Form):
    reden = forms.CharField(
        label=_("Reden"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Komt in de geschiedenis van de ronde, met uw naam."),
    )
