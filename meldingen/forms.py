from django import forms
from django.utils.translation import gettext_lazy as _

from .models import MailVoorkeur

# Each switch completes the fieldset's legend "Stuur mij een e-mail zodra:".
LABELS = {
    "ministerie_klaar": _("een ministerie al zijn teksten van de ronde heeft ingediend"),
    "ronde_vastgesteld": _("de ronde is vastgesteld en de teksten openbaar zijn"),
}
HULP = {
    "ministerie_klaar": _("Met de link naar de ronde, waar u de teksten van dat ministerie beoordeelt."),
    "ronde_vastgesteld": _("Met de link naar de gepubliceerde ronde."),
}
_CHECKBOX = {"class": "utrecht-checkbox utrecht-checkbox--html-input"}


def voorkeur_form(keuzes):
    """A form with only the switches that concern the user; the others keep their value."""
    return forms.modelform_factory(
        MailVoorkeur,
        fields=keuzes,
        labels={k: LABELS[k] for k in keuzes},
        help_texts={k: HULP[k] for k in keuzes},
        widgets={k: forms.CheckboxInput(attrs=_CHECKBOX) for k in keuzes},
    )
