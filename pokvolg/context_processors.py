from rapportage import rechten


def menu(request):
    """The work links the user may follow, decided by rapportage.rechten like every permission."""
    return {"mag": rechten.menu(request.user)}
