"""The inquiry this instance follows: its name, its committee, its main Kamerstuk dossier and the other
dossiers whose motions it follows. Configuration (settings ENQUETE_* and GEVOLGDE_DOSSIERS), not code,
so that another inquiry runs on its own instance with its own annex; read at each call, so a test can
override them."""

from django.conf import settings


def hoofddossier() -> int:
    """The inquiry's own dossier: an annex's 'NR. 21 Motie …' and a short motion key '21' belong to it."""
    return settings.ENQUETE_DOSSIER


def gevolgde_dossiers() -> list[int]:
    """Every dossier whose motions are followed, the main dossier first, each once."""
    return list(dict.fromkeys([hoofddossier(), *settings.GEVOLGDE_DOSSIERS]))


def dossier_als_kamerstuk(dossier: int) -> str:
    """How the Kamer writes a dossier number: 36000 → '36 000'."""
    return f"{dossier:,}".replace(",", " ")


def context(request) -> dict:
    """Template context: `enquete.naam`, `enquete.commissie` and `enquete.dossier` ('36 000')."""
    return {
        "enquete": {
            "naam": settings.ENQUETE_NAAM,
            "commissie": settings.ENQUETE_COMMISSIE,
            "dossier": dossier_als_kamerstuk(hoofddossier()),
        }
    }
