"""Every link in the mails of a round leads to a page of the site that sent them: mails link to SITE_URL,
and each link answers on the running server (a page, or the login page for a work page)."""

import re
import urllib.error
import urllib.request

from rapportage import ronde, tekststappen
from rapportage.models import Rapportage

from .conftest import tekst_van


class _ZonderDoorsturen(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _antwoord(url):
    """(status, Location) of one GET, redirects not followed."""
    try:
        antwoord = urllib.request.build_opener(_ZonderDoorsturen).open(url, timeout=60)
    except urllib.error.HTTPError as fout:
        return fout.code, fout.headers.get("Location", "")
    return antwoord.status, ""


def _links(bericht, site):
    teksten = [bericht.body, *(inhoud for inhoud, _soort in getattr(bericht, "alternatives", []))]
    return {
        link.rstrip(".,;)")
        for tekst in teksten
        for link in re.findall(re.escape(site) + r"[^\s\"'<>]*", tekst)
    }


def test_every_link_in_a_rounds_mails_answers_on_the_site_that_sent_them(
    live_server, migratiedata, request, settings, tmp_path, mailoutbox
):
    settings.SITE_URL = live_server.url
    settings.MEDIA_ROOT = tmp_path
    request.getfixturevalue("demodata")
    redactie = request.getfixturevalue("redactie")
    coordinator = request.getfixturevalue("coordinator_fin")
    request.getfixturevalue("coordinator_bzk")

    juni = Rapportage.objects.get(titel="Stand van zaken juni 2021")
    ronde.heropen(juni, redactie, "Typfout")
    ronde.stel_vast(juni, redactie, "Typfout hersteld")  # mails every editor where it is published
    open_ronde = request.getfixturevalue("open_ronde")  # mails each coordinator their actions
    tekst, _ingediend = tekststappen.dien_in(tekst_van(open_ronde, "FIN"), coordinator)
    tekststappen.stuur_terug(tekst, redactie, "Graag aanvullen.")  # mails the author

    soorten = {bericht.extra_headers.get("X-Pokvolg-Melding") for bericht in mailoutbox}
    assert {"ronde_vastgesteld", "ronde_geopend", "teruggestuurd"} <= soorten, soorten
    links = set().union(*(_links(bericht, live_server.url) for bericht in mailoutbox))
    assert len(links) >= 4, links
    uitkomsten = {link: _antwoord(link) for link in sorted(links)}
    fout = {
        link: (status, naar)
        for link, (status, naar) in uitkomsten.items()
        if not (status == 200 or (status == 302 and naar.startswith(("/", live_server.url))))
    }
    assert fout == {}
