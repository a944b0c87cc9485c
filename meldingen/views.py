"""'Mijn e-mail': a logged-in user chooses which of the mails that may be switched off they get."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from . import mails
from .forms import voorkeur_form
from .models import MailVoorkeur


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def voorkeuren(request):
    voorkeur = MailVoorkeur.objects.filter(gebruiker=request.user).first() or MailVoorkeur(
        gebruiker=request.user
    )
    keuzes = mails.keuzes_voor(request.user)
    Form = voorkeur_form(keuzes)
    if request.method == "POST" and keuzes:
        form = Form(request.POST, instance=voorkeur)
        if form.is_valid():
            form.save()
            messages.success(request, _("Uw keuzes zijn bewaard."))
            return redirect("meldingen:voorkeuren")
    else:
        form = Form(instance=voorkeur)
    return render(
        request,
        "meldingen/voorkeuren.html",
        {"form": form, "krijgt_altijd": mails.krijgt_altijd(request.user)},
    )
