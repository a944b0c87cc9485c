"""The redactie registers a recommendation, commitment or promise by hand (rapportage.opdrachten), from
the list of motions it keeps."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from acties.models import Actie, Ministerie
from lib.formulieren import NLDSForm
from lib.tekst import RegelInvoer, TekstInvoer
from moties.models import Opdracht, Reactie, Soort
from rapportage import rechten
from rapportage.opdrachten import SOORTEN, VELDEN, registreer_opdracht


def _max(veld):
    return Opdracht._meta.get_field(veld).max_length


_DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class OpdrachtForm(NLDSForm, forms.Form):
    """Only validates what a form can; rapportage.opdrachten.registreer_opdracht checks the rest (a source,
    a unique register number) and saves."""

    soort = forms.ChoiceField(
        label=gettext_lazy("Soort"),
        choices=[(s.value, capfirst(s.label)) for s in SOORTEN],
        error_messages={
            "invalid_choice": gettext_lazy(
                "Kies aanbeveling, toezegging of belofte; een motie komt uit de bijlage of de gegevens van "
                "de Tweede Kamer."
            )
        },
    )
    titel = RegelInvoer(label=gettext_lazy("Titel"), max_length=_max("titel"), required=False)
    dictum = TekstInvoer(
        label=gettext_lazy("Tekst"),
        max_length=_max("dictum"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy("Wat er gevraagd, toegezegd of beloofd is, woordelijk uit de bron."),
        error_messages={"required": gettext_lazy("Schrijf wat er gevraagd, toegezegd of beloofd is.")},
    )
    bron = RegelInvoer(
        label=gettext_lazy("Bron"),
        max_length=_max("bron"),
        required=False,
        help_text=gettext_lazy(
            "Bijv. 'Advies Adviescommissie uitvoering toeslagen, 1 december 2021'. Niet nodig als het "
            "Kamerstuk hieronder staat."
        ),
    )
    bron_url = forms.CharField(
        label=gettext_lazy("Adres van de bron"),
        max_length=200,
        required=False,
        help_text=gettext_lazy("Een https-adres van een officiële bron."),
    )
    dossier = forms.IntegerField(
        label=gettext_lazy("Kamerstukdossier"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("Bij een Kamerstuk: het dossier, bijv. 31066."),
    )
    nummer = forms.IntegerField(
        label=gettext_lazy("Nummer"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("Het nummer binnen het dossier; bij een aanbeveling haar eigen nummer."),
    )
    registernummer = forms.CharField(
        label=gettext_lazy("Registernummer"),
        max_length=_max("registernummer"),
        required=False,
        help_text=gettext_lazy(
            "Alleen bij een toezegging in het register van de Tweede Kamer, bijv. TZ202101-088."
        ),
    )
    datum = forms.DateField(
        label=gettext_lazy("Datum"),
        required=False,
        widget=_DATUM,
        help_text=gettext_lazy("De datum van de bron. Schrijf als jjjj-mm-dd of kies in de kalender."),
    )
    adressaat = RegelInvoer(
        label=gettext_lazy("Aan wie"),
        max_length=_max("adressaat"),
        required=False,
        help_text=gettext_lazy("De bewindspersoon aan wie het gevraagd is of die het beloofde."),
    )
    ministerie = forms.ModelChoiceField(
        label=gettext_lazy("Ministerie"), queryset=Ministerie.objects.none(), required=False
    )
    uiterste_datum = forms.DateField(
        label=gettext_lazy("Uiterste datum"),
        required=False,
        widget=_DATUM,
        help_text=gettext_lazy("Wanneer het af moet zijn, als de bron dat zegt."),
    )
    reactie = forms.ChoiceField(
        label=gettext_lazy("Reactie van het kabinet"), choices=Reactie.choices, required=False
    )
    reactie_toelichting = TekstInvoer(
        label=gettext_lazy("Toelichting op de reactie"),
        max_length=_max("reactie_toelichting"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    reactie_bron = RegelInvoer(
        label=gettext_lazy("Bron van de reactie"),
        max_length=_max("reactie_bron"),
        required=False,
        help_text=gettext_lazy("Bijv. 'Kamerstuk 31 066, nr. 920'."),
    )
    actie = forms.IntegerField(
        label=gettext_lazy("Actienummer"),
        required=False,
        min_value=1,
        help_text=gettext_lazy("Niet verplicht: de actie die dit uitvoert."),
        error_messages={"invalid": gettext_lazy("Geef een actienummer.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ministerie"].queryset = Ministerie.objects.geldig_op(timezone.localdate()).order_by(
            "afkorting"
        )

    def clean_actie(self):
        nummer = self.cleaned_data["actie"]
        if nummer is None:
            return None
        actie = Actie.objects.filter(nummer=nummer).first()
        if actie is None:
            raise ValidationError(_("Er is geen actie %(nummer)s.") % {"nummer": nummer})
        return actie


@rechten.opdracht_vereist
@require_http_methods(["GET", "HEAD", "POST"])
def nieuwe_opdracht(request):
    form = OpdrachtForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        velden = {veld: form.cleaned_data[veld] for veld in VELDEN}
        try:
            opdracht = registreer_opdracht(request.user, actie=form.cleaned_data["actie"], **velden)
        except ValidationError as fout:
            form.add_error(None, fout)
        else:
            messages.success(
                request,
                _("%(soort)s %(sleutel)s is geregistreerd.")
                % {"soort": Soort(opdracht.soort).label.capitalize(), "sleutel": opdracht.sleutel},
            )
            return redirect(opdracht)
    return render(request, "werk/nieuwe_opdracht.html", {"form": form}, status=400 if form.is_bound else 200)
