"""LEZEN_VEREIST_LOGIN: internal deployments where even published data is for logged-in users only."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.urls import Resolver404, resolve

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
