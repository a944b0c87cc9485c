from rapportage import rechten


def menu(request):
    """The work links the user may follow, decided by rapportage.rechten like every permission.

    A request Django refuses before AuthenticationMiddleware ran (a host outside ALLOWED_HOSTS) has no
    user; its 400 page then shows the menu of someone not logged in."""
    return {"mag": rechten.menu(getattr(request, "user", None))}
