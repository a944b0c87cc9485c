"""The half-yearly reminder (rappel) on /werk/: the redactie plans and sends it and reads who answered
(page and PDF); a coordinator answers all items of their ministry in one form."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from jobs.models import Job
from lib.formulieren import NLDSForm
from lib.tekst import RegelInvoer, TekstInvoer
from meldingen import rappel as rappel_werk
from rapportage import rappel, rechten
from rapportage.models import Rappel, RappelPunt
from rapportage.ronde import RondeFout

DATUM = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class PlanForm(NLDSForm, forms.Form):
    datum = forms.DateField(
        label=gettext_lazy("Datum van de rappel"),
        widget=DATUM,
        help_text=gettext_lazy(
            "Op deze dag gaan de e-mails uit. Schrijf als jjjj-mm-dd of kies in de kalender."
        ),
    )


class AntwoordForm(NLDSForm, forms.Form):
    """One item's answer; rapportage.rappel.beantwoord checks it again and saves."""

    nieuwe_datum = forms.DateField(
        label=gettext_lazy("Datum"),
        required=False,
        widget=DATUM,
        help_text=gettext_lazy("Schrijf als jjjj-mm-dd. Geef er de reden bij."),
    )
    reden = TekstInvoer(
        label=gettext_lazy("Reden"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy(
            "De reden komt met de oude en de nieuwe datum in het openbare logboek van de actie of de "
            "opdracht."
        ),
    )
    titel = RegelInvoer(
        label=gettext_lazy("Titel van het document"),
        required=False,
        max_length=300,
    )
    kamerstuk = forms.CharField(
        label=gettext_lazy("Kamerstuk"),
        required=False,
        max_length=30,
        help_text=gettext_lazy("Bijv. 35510-60."),
    )
    url = forms.CharField(
        label=gettext_lazy("Of het adres"),
        required=False,
        max_length=500,
        help_text=gettext_lazy("Een https-adres bij een officiële bron."),
    )

    def antwoord(self, punt_id):
        return rappel.Antwoord(punt_id=punt_id, **self.cleaned_data)


def _gekozen(request):
    """The rappel named by ?rappel= (or the form's field), else the newest one sent."""
    pk = request.POST.get("rappel") or request.GET.get("rappel")
    if pk:
        if not str(pk).isdigit():
            raise Http404
        return get_object_or_404(Rappel, pk=pk)
    return Rappel.objects.verstuurd().first()


@rechten.rappel_vereist
@require_http_methods(["GET", "HEAD", "POST"])
def rappels(request):
    """The planned and sent rappels, a form to plan one, and per ministry who answered the chosen one."""
    form = PlanForm()
    status = 200
    if request.method == "POST":
        stap = request.POST.get("stap")
        try:
            if stap == "plannen":
                form = PlanForm(request.POST)
                if form.is_valid():
                    nieuw = rappel.do_plan(form.cleaned_data["datum"], request.user)
                    messages.success(
                        request, _("De rappel is gepland op %(datum)s.") % {"datum": _datum(nieuw.datum)}
                    )
                    return redirect("werk:rappels")
                status = 400
            elif stap in ("versturen", "schrappen", "pdf", "overnemen", "afwijzen"):
                item = _gekozen(request)
                if item is None:
                    raise Http404
                return _stap(request, stap, item)
            else:
                messages.error(request, _("Kies wat u wilt doen."))
                return redirect("werk:rappels")
        except RondeFout as fout:
            form.add_error(None, str(fout))
            status = 400
    gekozen = _gekozen(request)
    context = {
        "form": form,
        "gepland": list(Rappel.objects.gepland().order_by("datum")),
        "verstuurd": list(Rappel.objects.verstuurd().order_by("-datum")),
        "gekozen": gekozen,
        "ministeries": rappel.overzicht(gekozen) if gekozen and gekozen.is_verstuurd else [],
        "pdf_job": (
            Job.objects.lopend().filter(sleutel=f"rappel:{gekozen.pk}:pdf").first() if gekozen else None
        ),
    }
    return render(request, "werk/rappels.html", context, status=status)


def _datum(datum):
    return formats.date_format(datum, "j F Y")


def _stap(request, stap, item):
    terug = reverse("werk:rappels") + f"?rappel={item.pk}"
    if stap == "schrappen":
        try:
            rappel.do_schrap(item, request.user)
        except RondeFout as fout:
            messages.error(request, str(fout))
            return redirect(terug)
        messages.success(request, _("De rappel van %(datum)s is geschrapt.") % {"datum": _datum(item.datum)})
        return redirect("werk:rappels")
    if stap in ("overnemen", "afwijzen"):
        punt_id = request.POST.get("punt", "")
        if not punt_id.isdigit():
            raise Http404
        punt = get_object_or_404(RappelPunt, pk=punt_id, rappel=item)
        try:
            if stap == "overnemen":
                rappel_werk.neem_over(punt, request.user)
                messages.success(request, _("Overgenomen: %(punt)s.") % {"punt": punt.omschrijving})
            else:
                rappel.wijs_af(punt, request.user, request.POST.get("afwijsreden", ""))
                messages.success(request, _("Niet overgenomen: %(punt)s.") % {"punt": punt.omschrijving})
        except RondeFout as fout:
            messages.error(request, str(fout))
        return redirect(terug + f"#punt-{punt.pk}")
    if stap == "versturen":
        if rappel_werk.verstuur(item, request.user) is None:
            messages.error(request, _("Deze rappel was al verstuurd."))
        else:
            messages.success(request, _("De rappel is verstuurd; de e-mails gaan nu uit."))
        return redirect(terug)
    if not item.is_verstuurd:
        messages.error(request, _("Een PDF is er pas als de rappel verstuurd is."))
        return redirect(terug)
    job = rappel_werk.start_pdf(item, request.user)
    return redirect("jobs:job", job.pk)


@rechten.rappel_vereist
@require_safe
def rappel_pdf(request):
    """The PDF made last of the chosen rappel, as "Rappel <datum>.pdf"; made only in a job, on request."""
    item = _gekozen(request)
    if item is None or not item.pdf:
        messages.info(request, _("Er is nog geen PDF van deze rappel. Maak hem hieronder."))
        return redirect(reverse("werk:rappels") + (f"?rappel={item.pk}" if item else ""))
    try:
        bestand = item.pdf.open("rb")
    except FileNotFoundError:
        raise Http404(_("De PDF ontbreekt; maak hem opnieuw.")) from None
    response = FileResponse(
        bestand,
        content_type="application/pdf",
        filename=_("Rappel %(datum)s.pdf") % {"datum": _datum(item.datum)},
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _mijn_rappel(user):
    """The newest sent rappel with items of the user's ministries, or None."""
    return (
        Rappel.objects.verstuurd()
        .filter(punten__ministerie__in=rechten.ministeries_van(user))
        .distinct()
        .order_by("-datum")
        .first()
    )


@rechten.werk_vereist
@require_http_methods(["GET", "HEAD", "POST"])
def rappel_antwoord(request):
    """All items of the user's ministries in the newest rappel; the open ones in one form."""
    if not rechten.is_coordinator(request.user):
        raise PermissionDenied(_("Alleen de coördinatoren van een ministerie beantwoorden een rappel."))
    item = _mijn_rappel(request.user)
    punten = []
    if item is not None:
        punten = list(
            RappelPunt.objects.filter(rappel=item, ministerie__in=rechten.ministeries_van(request.user))
            .select_related("ministerie", "actie", "doel__indicator", "opdracht", "beantwoord_door")
            .order_by("ministerie__afkorting", "streefdatum", "pk")
        )
    fout = ""
    status = 200
    if request.method == "POST":
        if item is None:
            messages.error(request, _("Er staat geen rappel voor u open."))
            return redirect("werk:rappel_antwoord")
        ids = [int(i) for i in request.POST.getlist("punt") if i.isdigit()]
        formulieren = {i: AntwoordForm(request.POST, prefix=f"p{i}") for i in ids}
        if all(f.is_valid() for f in formulieren.values()):
            try:
                gedaan = rappel.beantwoord(
                    item, request.user, [f.antwoord(i) for i, f in formulieren.items()]
                )
            except RondeFout as e:
                fout = str(e)
            else:
                messages.success(request, _("Bewaard: %(n)s antwoord(en). Dank u wel.") % {"n": len(gedaan)})
                return redirect("werk:rappel_antwoord")
        status = 400
    else:
        formulieren = {}
    regels = [
        (p, None if p.is_beantwoord else formulieren.get(p.pk) or AntwoordForm(prefix=f"p{p.pk}"))
        for p in punten
    ]
    context = {
        "rappel": item,
        "regels": regels,
        "open": sum(1 for p in punten if not p.is_beantwoord),
        "fout": fout or (_("Verbeter de gemarkeerde velden.") if status == 400 else ""),
        "grens": rappel.zes_maanden_na(item.datum) if item else None,
        "vandaag": timezone.localdate(),
    }
    return render(request, "werk/rappel_antwoord.html", context, status=status)
