"""Request checks before any view: LEZEN_VEREIST_LOGIN (internal deployments where even published data is
for logged-in users only), and input the database cannot store."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from lib.invoer import onopslaanbaar

from .views import probleem

# What an anonymous user must reach to be able to log in at all, plus the load balancer's health check.
VRIJ_ZONDER_LOGIN = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "gezondheid",
    "oidc_authentication_init",
    "oidc_authentication_callback",
}


def _vrij(request):
    if request.path_info.startswith(settings.STATIC_URL):
        return True
    try:
        return resolve(request.path_info).view_name in VRIJ_ZONDER_LOGIN
    except Resolver404:
        return False


class LezenVereistLoginMiddleware:
    """With LEZEN_VEREIST_LOGIN, an anonymous request for any page except the above goes to the login page."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            getattr(settings, "LEZEN_VEREIST_LOGIN", False)
            and not request.user.is_authenticated
            and not _vrij(request)
        ):
            return redirect_to_login(request.get_full_path())
        return self.get_response(request)


class OngeldigeTekensMiddleware:
    """A path or parameter with a NUL byte or a lone surrogate gets the Dutch 400 of other invalid input
    (problem+json under /api/), for every list, export, feed and API address at once."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        waarden = [request.path, *request.GET.keys(), *(w for _k, ws in request.GET.lists() for w in ws)]
        if any(onopslaanbaar(w) for w in waarden):
            melding = _("Het adres of een parameter bevat tekens die niet zijn toegestaan.")
            if request.path.startswith("/api/"):
                return probleem(request, 400, _("Ongeldig verzoek"), melding)
            return render(request, "400.html", {"melding": melding}, status=400)
        return self.get_response(request)
