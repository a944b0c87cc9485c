"""axe (WCAG 2.1 AA) on every new page and state: the action's work page with its forms and their errors,
the edit page's knelpunt and evidence, and the public pages with a summary, target dates and evidence."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from rapportage import verantwoording
from tests.conftest import tekst_van
from tests.hulp import inloggen, toegankelijk

pytestmark = pytest.mark.browser


def test_the_new_pages_have_no_wcag_violations(
    migratiedata, live_server, page, demodata, redactie, open_ronde
):
    url = live_server.url
    tekst = tekst_van(open_ronde, "FIN")
    actie = tekst.actie
    verantwoording.wijzig_streefdatum(
        actie, timezone.localdate() - datetime.timedelta(days=3), "Test", redactie
    )
    verantwoording.voeg_vindplaats_toe_aan_actie(actie, "Kamerbrief", redactie, kamerstuk="35510-60")
    verantwoording.voeg_vindplaats_toe_aan_tekst(tekst, "Voortgangsbrief", redactie, kamerstuk="35510-61")
    verantwoording.zet_knelpunt(tekst, "Vertraging door wetgeving", redactie)
    verantwoording.wijzig_samenvatting(actie, "Ouders krijgen geld terug.", redactie)

    werkpagina = reverse("werk:actie", args=[actie.nummer])
    inloggen(page, url, "redactie", werkpagina)
    toegankelijk(page)
    page.fill("#id_kamerstuk", "12-3")
    page.get_by_role("button", name="Voeg de vindplaats toe").click()
    assert "is geen Kamerstuk" in page.content()
    toegankelijk(page)
    page.get_by_role("button", name="Bewaar de streefdatum").click()  # no reason: an error
    assert "Reden van de wijziging" in page.locator(".utrecht-alert--error").inner_text()
    toegankelijk(page)

    page.goto(url + reverse("werk:bewerk", args=[tekst.pk]))
    toegankelijk(page)
    page.fill("#id_toelichting", "")
    page.get_by_role("button", name="Bewaar het knelpunt").click()
    assert "Beschrijf het knelpunt." in page.content()
    toegankelijk(page)

    for pad in [
        actie.get_absolute_url(),
        "/acties/?termijn=over-tijd&sorteer=streefdatum",
        "/acties/?knelpunt=nee",
    ]:
        page.goto(url + pad)
        toegankelijk(page)
    # Entered while the round runs: the public sees the target date once the round is published.
    assert "over tijd" not in page.goto(url + actie.get_absolute_url()).text()
