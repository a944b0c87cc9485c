"""The answer to a login that django-axes blocks: a Dutch page in the site's layout that says how long
the block lasts, wherever axes blocks (the login page, the admin's login, any other authenticate()).

Set as AXES_LOCKOUT_CALLABLE rather than AXES_LOCKOUT_TEMPLATE: the template only gets the duration as
a timedelta, and a visitor needs it as words ("1 uur").
"""

import datetime

from axes.helpers import get_cool_off
from django.conf import settings
from django.shortcuts import render
from django.utils.timesince import timesince


def geblokkeerd(request, original_response=None, credentials=None):
    # axes calls this with (request, original_response, credentials), or from its async path with
    # (request, credentials); neither is needed to say how long the block lasts.
    duur = get_cool_off(request)
    context = {
        "duur": _in_woorden(duur) if duur else "",
        # Each attempt during the block counts as a failure and starts the waiting time again.
        "telt_opnieuw": bool(duur) and settings.AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT,
    }
    response = render(request, "lockout.html", context, status=settings.AXES_HTTP_RESPONSE_CODE)
    if duur:
        response["Retry-After"] = str(int(duur.total_seconds()))
    return response


def _in_woorden(duur):
    nu = datetime.datetime(2000, 1, 1)
    return timesince(nu, nu + duur)
