"""Single sign-on through OpenID Connect (mozilla-django-oidc), on when OIDC_RP_CLIENT_ID is set.

The identity provider says who someone is; pokvolg decides what they may do. So only existing, active
accounts log in this way, matched on their e-mail address, and their group and ministries stay as set
in pokvolg. The provider's login, with its own second factor, takes the place of pokvolg's TOTP step.
"""

import functools

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY
from django.http import Http404
from django.urls import path
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

BACKEND = "pokvolg.sso.Backend"


def aan():
    return bool(settings.OIDC_RP_CLIENT_ID)


def via_sso(request):
    return request.session.get(BACKEND_SESSION_KEY) == BACKEND


def context(request):
    """For the login page: the name of the single sign-on button, if there is one."""
    return {"sso_naam": settings.OIDC_NAAM if aan() else ""}


class Backend(OIDCAuthenticationBackend):
    def verify_claims(self, claims):
        # An address the provider has not verified could be anyone's.
        return super().verify_claims(claims) and claims.get("email_verified", True) is not False


def _alleen_als_aan(view):
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if not aan():
            raise Http404
        return view(request, *args, **kwargs)

    return wrapper


urlpatterns = [
    path(
        "authenticate/",
        _alleen_als_aan(OIDCAuthenticationRequestView.as_view()),
        name="oidc_authentication_init",
    ),
    path(
        "callback/",
        _alleen_als_aan(OIDCAuthenticationCallbackView.as_view()),
        name="oidc_authentication_callback",
    ),
]
