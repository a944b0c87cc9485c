from itertools import groupby

from django.conf import settings
from django.contrib import messages
from django.core.files.base import ContentFile
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lib.verschil import woordverschil
from rapportage import rechten

from .formaat import BijlageFout, naar_json, uit_json
from .forms import UploadForm
from .laden import Samenvatting, laad_bijlage, vergelijk
from .models import Import
from .veilig import lees_bijlage_veilig


@rechten.import_vereist
def nieuw(request):
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["bestand"].read()
        # lees_bijlage_veilig refuses an empty, oversized or non-PDF file before it parses anything.
        try:
            bijlage = lees_bijlage_veilig(data, max_bytes=settings.BIJLAGE_MAX_BYTES)
        except BijlageFout as fout:
            form.add_error("bestand", str(fout))
        else:
            imp = Import(
                bestandsnaam=form.cleaned_data["bestand"].name[:255],
                bijlage=naar_json(bijlage),
                waarschuwingen=bijlage.waarschuwingen,
                rapportage_titel=form.cleaned_data["rapportage_titel"],
                peildatum=form.cleaned_data["peildatum"],
                kamerstuk=form.cleaned_data["kamerstuk"],
                door=request.user,
            )
            imp.bestand.save("bijlage.pdf", ContentFile(data), save=False)
            imp.save()
            return redirect("importeer:voorbeeld", imp.pk)
    status = 400 if form.errors else 200
    return render(request, "importeer/nieuw.html", {"form": form}, status=status)


@rechten.import_vereist
def voorbeeld(request, pk):
    imp = get_object_or_404(Import, pk=pk)
    bijlage = uit_json(imp.bijlage)
    verschillen = {v.nummer: v for v in vergelijk(bijlage)}
    rijen = [
        {
            "actie": a,
            "verschil": verschillen[a.nummer],
            "diffs": [
                (veld, woordverschil(oud, nieuw))
                for veld, (oud, nieuw) in verschillen[a.nummer].velden.items()
            ],
        }
        for a in bijlage.acties
    ]
    themas = [(thema, list(groep)) for thema, groep in groupby(rijen, key=lambda r: r["actie"].thema)]
    telling = Samenvatting(verschillen=list(verschillen.values()), moties_nieuw=[], waarschuwingen=[])
    return render(
        request,
        "importeer/voorbeeld.html",
        {
            "imp": imp,
            "themas": themas,
            "aantal_nieuw": len(telling.nieuw),
            "aantal_gewijzigd": len(telling.gewijzigd),
            "aantal_ongewijzigd": len(telling.ongewijzigd),
        },
    )


@rechten.import_vereist
@require_POST
def toepassen(request, pk):
    get_object_or_404(Import, pk=pk)
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
