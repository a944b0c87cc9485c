import datetime
from itertools import groupby

from django.contrib import messages
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l
from django.views.decorators.http import require_POST

from lib.verschil import woordverschil
from rapportage import rechten

from . import taken
from .formaat import BijlageFout, uit_json
from .forms import OPSLAGNAAM, UploadForm
from .laden import Samenvatting, laad_bijlage, vergelijk, vergelijkingsronde
from .models import Import

# The fields a preview compares, as people name them.
VELDEN = {
    "omschrijving": _l("Omschrijving"),
    "thema": _l("Thema"),
    "subthema": _l("Subthema"),
    "moties": _l("Moties"),
    "ministeries": _l("Ministeries"),
    "stand_van_zaken": _l("Stand van zaken"),
    "status": _l("Status"),
}


# Publicatie.reden holds this much.
MAX_CORRECTIEREDEN = 2000


@rechten.import_vereist
def nieuw(request):
    # Bound on every POST: an empty one (no field filled in) gets the messages, not a fresh form.
    form = UploadForm(request.POST if request.method == "POST" else None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        # The form refused an empty, oversized or non-PDF file; reading the PDF is the job's work.
        with transaction.atomic():
            imp = Import(
                bestandsnaam=form.cleaned_data["bestand"].name[:255],
                bijlage={},
                rapportage_titel=form.cleaned_data["rapportage_titel"],
                peildatum=form.cleaned_data["peildatum"],
                kamerstuk=form.cleaned_data["kamerstuk"],
                door=request.user,
            )
            imp.bestand.save(OPSLAGNAAM[form.soort], form.cleaned_data["bestand"], save=False)
            imp.save()
            job = taken.start_lezen(imp, eigenaar=request.user)
        return redirect("jobs:job", job.pk)
    status = 400 if form.errors else 200
    return render(
        request, "importeer/nieuw.html", {"form": form, "bestand_gekozen": bool(request.FILES)}, status=status
    )


@rechten.import_vereist
def voorbeeld(request, pk):
    imp = get_object_or_404(Import, pk=pk)
    if not imp.is_gelezen:
        # Still being read, or it failed: its own job's page says which; anyone else gets 404.
        job = taken.job_van(imp)
        if job is not None and job.eigenaar_id == request.user.pk and not job.is_klaar:
            return redirect("jobs:job", job.pk)
        raise Http404
    bijlage = uit_json(imp.bijlage)
    basis = vergelijkingsronde(imp.rapportage_titel)
    verschillen = {v.nummer: v for v in vergelijk(bijlage, basis)}
    themas = [
        _thema(naam, list(groep), verschillen)
        for naam, groep in groupby(bijlage.acties, key=lambda a: a.thema)
    ]
    telling = Samenvatting(verschillen=list(verschillen.values()), moties_nieuw=[], waarschuwingen=[])
    return render(
        request,
        "importeer/voorbeeld.html",
        {
            "imp": imp,
            "themas": themas,
            "basis": basis,
            "vervangt": basis is not None and basis.titel == imp.rapportage_titel and not imp.toegepast_op,
            "correctie": basis is not None and basis.titel == imp.rapportage_titel and basis.is_gepubliceerd,
            "max_reden": MAX_CORRECTIEREDEN,
            "inleiding": bijlage.inleiding,
            "kamerstuk": imp.kamerstuk or bijlage.kamerstuk,
            "briefdatum": _datum_of_niets(bijlage.briefdatum),
            "aantal_nieuw": len(telling.nieuw),
            "aantal_gewijzigd": len(telling.gewijzigd),
            "aantal_ongewijzigd": len(telling.ongewijzigd),
        },
    )


def _thema(naam, acties, verschillen) -> dict:
    """One theme of the preview: its counts, and only its new and changed actions in full (a changed one as
    a word diff per field); unchanged actions are only counted and numbered."""
    rijen, ongewijzigd = [], []
    for a in acties:
        verschil = verschillen[a.nummer]
        if not verschil.nieuw and not verschil.velden:
            ongewijzigd.append(a.nummer)
            continue
        diffs = [
            (VELDEN.get(veld, veld), woordverschil(oud, nw)) for veld, (oud, nw) in verschil.velden.items()
        ]
        rijen.append({"actie": a, "verschil": verschil, "diffs": diffs})
    return {
        "naam": naam,
        "rijen": rijen,
        "totaal": len(acties),
        "nieuw": sum(r["verschil"].nieuw for r in rijen),
        "gewijzigd": sum(r["verschil"].gewijzigd for r in rijen),
        "ongewijzigd": ongewijzigd,
    }


def _datum_of_niets(iso):
    try:
        return datetime.date.fromisoformat(iso) if iso else None
    except ValueError:
        return None


@rechten.import_vereist
@require_POST
def toepassen(request, pk):
    if not get_object_or_404(Import, pk=pk).is_gelezen:
        raise Http404  # nothing was read, so there is nothing to apply
    with transaction.atomic():
        # Locking the row makes a double submit wait, then see that the import was already applied.
        imp = Import.objects.select_for_update().get(pk=pk)
        if imp.toegepast_op:
            messages.info(request, _("Deze import is al toegepast."))
            return redirect("importeer:voorbeeld", imp.pk)
        try:
            samenvatting = laad_bijlage(
                uit_json(imp.bijlage),
                rapportage_titel=imp.rapportage_titel,
                peildatum=imp.peildatum,
                kamerstuk=imp.kamerstuk,
                gebruiker=request.user,
                reden=imp.reden,
                correctiereden=request.POST.get("correctiereden", "")[:MAX_CORRECTIEREDEN],
            )
        except BijlageFout as fout:
            transaction.set_rollback(True)
            messages.error(request, str(fout))
            return redirect("importeer:voorbeeld", imp.pk)
        imp.toegepast_op = timezone.now()
        imp.rapportage = samenvatting.rapportage
        imp.save()
    messages.success(
        request,
        _("Import toegepast: %(nieuw)s nieuw, %(gewijzigd)s gewijzigd, %(ongewijzigd)s ongewijzigd.")
        % {
            "nieuw": len(samenvatting.nieuw),
            "gewijzigd": len(samenvatting.gewijzigd),
            "ongewijzigd": len(samenvatting.ongewijzigd),
        },
    )
    return redirect("importeer:voorbeeld", imp.pk)
