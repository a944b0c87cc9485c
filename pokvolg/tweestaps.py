"""Two-step login (TOTP) for redactie and beheerders, on top of django-otp."""

import base64
import io

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from rapportage.rechten import is_redactie

from . import sso


def vereist_tweestaps(user):
    return settings.TWEESTAPS_VERPLICHT and is_redactie(user)


class TweeStapsMiddleware:
    """Until the code is given, a redactie or beheerder session can only reach the code page or log out."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if (
            user.is_authenticated
            and not user.is_verified()
            and vereist_tweestaps(user)
            and not sso.via_sso(request)
        ):
            vrij = (reverse("tweestaps"), reverse("logout"), settings.STATIC_URL, reverse("gezondheid"))
            if not request.path.startswith(vrij):
                return redirect_to_login(request.get_full_path(), reverse("tweestaps"))
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code uit uw authenticator-app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


def _qr_data_uri(url):
    svg = io.BytesIO()
    qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage).save(svg)
    return "data:image/svg+xml;base64," + base64.b64encode(svg.getvalue()).decode()


@login_required
def tweestaps(request):
    apparaat = TOTPDevice.objects.filter(user=request.user, confirmed=True).first()
    instellen = apparaat is None
    if instellen:
        # One unconfirmed device per user, kept across page loads so the scanned QR code stays valid.
        apparaat, _nieuw = TOTPDevice.objects.get_or_create(
            user=request.user, confirmed=False, defaults={"name": "pokvolg"}
        )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if apparaat.verify_token(form.cleaned_data["code"].strip()):
            if instellen:
                apparaat.confirmed = True
                apparaat.save()
            otp_login(request, apparaat)
            volgende = request.POST.get("next") or request.GET.get("next") or ""
            if not url_has_allowed_host_and_scheme(volgende, {request.get_host()}, request.is_secure()):
                volgende = reverse("home")
            return redirect(volgende)
        form.add_error("code", _("Deze code klopt niet of is verlopen. Probeer de nieuwste code."))
    context = {"form": form, "instellen": instellen, "next": request.GET.get("next", "")}
    if instellen:
        context["qr"] = _qr_data_uri(apparaat.config_url)
        context["sleutel"] = base64.b32encode(apparaat.bin_key).decode()
    return render(request, "tweestaps.html", context, status=400 if form.errors else 200)
