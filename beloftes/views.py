"""The redactie's pages for letters: upload one, see the promises pokvolg proposes, accept or reject each."""

from django.contrib import messages
from django.db import transaction
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rapportage import rechten

from . import taken, voorstellen
from .forms import AfwijzenForm, BelofteForm, DoelForm, StreefdatumForm, UploadForm
from .models import Beloftevoorstel, Brief, Uitkomst, datum_in_woorden

RECENT = 20


@rechten.beloftes_vereist
def brieven(request):
    form = UploadForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            brief = voorstellen.do_upload(
                form.cleaned_data["bestand"],
                form.data_bytes,
                request.user,
                briefdatum=form.cleaned_data["briefdatum"],
                kamerstuk=form.cleaned_data["kamerstuk"],
            )
            job = taken.start_lezen(brief, eigenaar=request.user)
        return redirect("jobs:job", job.pk)
    recent = (
        Brief.objects.filter(gelezen_op__isnull=False)
        .select_related("door")
        .order_by("-aangemaakt_op", "-pk")[:RECENT]
    )
    open_per_sleutel = dict(
        rechten.beoordeelbare_beloftevoorstellen(request.user, Beloftevoorstel.objects.all())
        .filter(brief_sleutel__in=[b.sleutel for b in recent])
        .values("brief_sleutel")
        .annotate(n=Count("pk", filter=Q(uitkomst=Uitkomst.OPEN)))
        .values_list("brief_sleutel", "n")
    )
    rijen = [(b, open_per_sleutel.get(b.sleutel, 0)) for b in recent]
    status = 400 if form.errors else 200
    return render(
        request,
        "beloftes/brieven.html",
        {"form": form, "bestand_gekozen": bool(request.FILES), "rijen": rijen},
        status=status,
    )


@rechten.beloftes_vereist
def brief(request, pk):
    brief = get_object_or_404(Brief.objects.select_related("door"), pk=pk)
    if not brief.is_gelezen:
        job = taken.job_van(brief)
        if job is not None and job.eigenaar_id == request.user.pk and not job.is_klaar:
            return redirect("jobs:job", job.pk)
        raise Http404
    alle = list(
        rechten.beoordeelbare_beloftevoorstellen(request.user, Beloftevoorstel.objects.all())
        .filter(brief_sleutel=brief.sleutel)
        .select_related("doel__indicator", "streefdatumwijziging__actie", "opdracht", "door")
        .order_by("van", "pk")
    )
    return render(
        request,
        "beloftes/brief.html",
        {
            "brief": brief,
            "open": [v for v in alle if v.uitkomst == Uitkomst.OPEN],
            "geaccepteerd": [v for v in alle if v.uitkomst == Uitkomst.GEACCEPTEERD],
            "afgewezen": sum(v.uitkomst == Uitkomst.AFGEWEZEN for v in alle),
        },
    )


def _voorstel(request, pk):
    qs = rechten.beoordeelbare_beloftevoorstellen(request.user, Beloftevoorstel.objects.all())
    return get_object_or_404(
        qs.select_related("brief", "doel__indicator", "streefdatumwijziging__actie", "opdracht", "door"),
        pk=pk,
    )


def _toon(request, voorstel, status=200, **forms):
    initial = {"datum": voorstel.tot or voorstel.van}
    context = {
        "voorstel": voorstel,
        "brief": voorstel.brief,
        "doel_form": forms.get("doel_form") or DoelForm(initial=initial, prefix="doel"),
        "streefdatum_form": forms.get("streefdatum_form")
        or StreefdatumForm(initial=initial, prefix="streef"),
        "belofte_form": forms.get("belofte_form")
        or BelofteForm(initial={"adressaat": voorstel.wie}, prefix="belofte"),
        "afwijzen_form": forms.get("afwijzen_form") or AfwijzenForm(prefix="af"),
        "fout": forms.get("fout", ""),
        "historie": voorstel.history.select_related("history_user").order_by("-history_date", "-history_id"),
    }
    return render(request, "beloftes/voorstel.html", context, status=status)


@rechten.beloftes_vereist
def voorstel(request, pk):
    return _toon(request, _voorstel(request, pk))


def _stap(request, pk, form_klasse, prefix, naam, doe):
    voorstel = _voorstel(request, pk)
    form = form_klasse(request.POST, prefix=prefix)
    if not form.is_valid():
        return _toon(request, voorstel, 400, **{naam: form})
    try:
        doe(voorstel, form.cleaned_data)
    except voorstellen.VoorstelFout as fout:
        return _toon(request, voorstel, 400, fout=str(fout), **{naam: form})
    return redirect("beloftes:brief", voorstel.brief_id)


@rechten.beloftes_vereist
@require_POST
def als_belofte(request, pk):
    def doe(voorstel, velden):
        voorstel = voorstellen.do_accepteer_als_belofte(
            voorstel,
            request.user,
            actie=velden["actie"],
            adressaat=velden["adressaat"],
            ministerie=velden["ministerie"],
            titel=velden["titel"],
        )
        messages.success(
            request,
            _("Geaccepteerd als belofte %(sleutel)s, met uiterste datum %(datum)s.")
            % {
                "sleutel": voorstel.opdracht.sleutel,
                "datum": datum_in_woorden(voorstel.opdracht.uiterste_datum),
            },
        )

    return _stap(request, pk, BelofteForm, "belofte", "belofte_form", doe)


@rechten.beloftes_vereist
@require_POST
def als_doel(request, pk):
    def doe(voorstel, velden):
        voorstellen.do_accepteer_als_doel(
            voorstel, request.user, velden["indicator"], velden["waarde"], velden["datum"]
        )
        messages.success(
            request,
            _("Geaccepteerd als doel van de indicator '%(naam)s'.") % {"naam": velden["indicator"].naam},
        )

    return _stap(request, pk, DoelForm, "doel", "doel_form", doe)


@rechten.beloftes_vereist
@require_POST
def als_streefdatum(request, pk):
    def doe(voorstel, velden):
        voorstellen.do_accepteer_als_streefdatum(voorstel, request.user, velden["actie"], velden["datum"])
        messages.success(
            request,
            _("Geaccepteerd als streefdatum van actie %(nummer)s; de wijziging staat in het logboek.")
            % {"nummer": velden["actie"].nummer},
        )

    return _stap(request, pk, StreefdatumForm, "streef", "streefdatum_form", doe)


@rechten.beloftes_vereist
@require_POST
def afwijzen(request, pk):
    def doe(voorstel, velden):
        voorstellen.do_afwijzen(voorstel, request.user, velden["reden"])
        messages.success(request, _("Afgewezen; dit voorstel komt bij deze brief niet meer terug."))

    return _stap(request, pk, AfwijzenForm, "af", "afwijzen_form", doe)
