"""WCAG 2.1 1.4.10 (reflow) on the work pages: every /werk/ and /importeren/ page a coordinator, the redactie
or a beheerder uses fits a 320 CSS px viewport without page-level horizontal scrolling, its key controls on
screen (or in a labelled, focusable scroll region of their own), and axe finds nothing at 320 and 390 px
nor at desktop width. One logged-in browser context per role visits every page that role may see."""

import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse

from importeer.models import Import
from jobs.models import Job
from rapportage import ronde
from tests.conftest import tekst_van
from tests.test_werk_browser import WCAG_21_AA, inloggen

pytestmark = pytest.mark.browser

SMAL, TELEFOON, BUREAU = 320, 390, 1280
HOOGTE = 800

# Elements that stick out to the right of the viewport, outside any scroll container of their own: what a
# failure report names, so the culprit is found without opening a browser.
UITSTEKERS = """() => {
  const breed = window.innerWidth, uit = [];
  const eigenScroll = el => { for (let p = el.parentElement; p; p = p.parentElement) {
    if (getComputedStyle(p).overflowX !== 'visible') return true; } return false; };
  const naam = el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (typeof el.className === 'string'
    && el.className.trim() ? '.' + el.className.trim().split(/\\s+/).join('.') : '');
  for (const el of document.body.querySelectorAll('*')) {
    if (eigenScroll(el)) continue;
    const r = el.getBoundingClientRect();
    // The box itself, or text that runs out of it (a long word does not widen its box).
    const tekst = getComputedStyle(el).overflowX === 'visible' ? el.scrollWidth : 0;
    const rechts = Math.max(r.right, r.left + tekst);
    if (r.width && rechts > breed + 0.5) uit.push(`${naam(el)} → ${Math.round(rechts)}px`);
  }
  return uit.slice(-6);
}"""

# A control is usable on a phone when it lies within the viewport's width, or inside a scroll region the
# keyboard can reach (role=region, a name, tabindex=0) that itself lies within the viewport.
BEREIKBAAR = """(el) => {
  const breed = window.innerWidth, r = el.getBoundingClientRect();
  if (r.left >= -0.5 && r.right <= breed + 0.5) return true;
  const gebied = el.closest('[role="region"][tabindex="0"]');
  if (!gebied || !(gebied.getAttribute('aria-labelledby') || gebied.getAttribute('aria-label'))) return false;
  const g = gebied.getBoundingClientRect();
  return g.left >= -0.5 && g.right <= breed + 0.5;
}"""


def import_uit_fixture(gebruiker):
    """A read import (as the background job leaves it), comparing the June annex with the current data."""
    data = json.loads((settings.BASE_DIR / "fixtures" / "bijlage-2021-06-29.json").read_text())
    data["acties"][0]["stand_van_zaken"] = "Alle ouders zijn geholpen; de laatste betalingen volgen in 2022."
    return Import.objects.create(
        bijlage=data,
        bestandsnaam="stand-van-zaken-2021-12-01.pdf",
        rapportage_titel="Stand van zaken december 2021 (import)",
        peildatum="2021-12-01",
        door=gebruiker,
    )


@pytest.fixture
def werkpaginas(migratiedata, live_server, demodata, open_ronde, redactie, coordinator_fin):
    """A running round with a FIN text in each state a coordinator meets, a closed round and a read import;
    and per page its URL, who may open it and the controls that must be within reach."""
    juni = ronde.vorige_voortgang(tekst_van(open_ronde, "FIN")).rapportage
    concept, ingediend, terug = (tekst_van(open_ronde, "FIN", n) for n in range(3))
    ronde.bewaar_tekst(
        concept, concept.tekst + " Bijgewerkt.", concept.status, concept.versie, coordinator_fin
    )
    ingediend, _ = ronde.dien_in(ingediend, coordinator_fin)
    terug, _ = ronde.dien_in(terug, coordinator_fin)
    ronde.stuur_terug(terug, redactie, "Noem het bedrag en de datum van de laatste betaling.")
    imp = import_uit_fixture(redactie)
    # The waiting page of a job that is half done, as an annex being read shows it.
    wacht = Job.objects.create(
        taak="importeer.taken.lees_import",
        omschrijving="Bijlage bijlage-2021-06-29.pdf inlezen",
        status=Job.Status.BEZIG,
        stap=12,
        stappen=21,
        stap_tekst="pagina 12 van 21",
        eigenaar=redactie,
    )

    iedereen, redactie_ = {"coordinator_fin", "redactie", "beheerder"}, {"redactie", "beheerder"}
    a, i = concept.actie.nummer, ingediend.actie.nummer
    bord = [
        ("button", "Toon"),
        ("button", "Keur aangevinkte teksten goed"),
        ("button", f"Keur goed actie {i}"),
        ("link", f"Bekijk tekst actie {a}"),
        ("link", "Ronde vaststellen"),
        ("button", "Sluit de inzending (in redactie)"),
    ]
    return {
        "mijn acties": (
            reverse("werk:mijn_acties"),
            iedereen,
            [("link", f"Bewerk actie {a}"), ("link", f"Dien in actie {a}")],
        ),
        "rondes": (reverse("werk:overzicht"), iedereen, []),
        "bewerken": (
            reverse("werk:bewerk", args=[concept.pk]),
            iedereen,
            [("button", "Bewaar als concept"), ("button", "Toon verschil"), ("button", "Bewaar en dien in")],
        ),
        "bekijken (ingediend)": (reverse("werk:bewerk", args=[ingediend.pk]), iedereen, []),
        "indienen": (reverse("werk:indienen", args=[concept.pk]), iedereen, [("button", "Ja, dien in")]),
        "geschiedenis": (
            reverse("werk:geschiedenis", args=[a]),
            iedereen,
            [("link", "Openbare pagina van deze actie")],
        ),
        "rondebord": (reverse("werk:ronde", args=[open_ronde.pk]), redactie_, bord),
        "rondebord (vastgesteld)": (
            reverse("werk:ronde", args=[juni.pk]),
            redactie_,
            [("link", "Ronde heropenen")],
        ),
        "ronde openen": (reverse("werk:ronde_openen"), redactie_, [("button", "Ronde openen")]),
        "rondegegevens": (
            reverse("werk:ronde_gegevens", args=[open_ronde.pk]),
            redactie_,
            [("button", "Bewaar")],
        ),
        "meer goedkeuren": (
            reverse("werk:goedkeuren_meerdere", args=[open_ronde.pk]) + "?alle=1",
            redactie_,
            [("button", re.compile(r"^Keur \d+ teksten goed$"))],
        ),
        "terugsturen": (
            reverse("werk:terugsturen", args=[ingediend.pk]),
            redactie_,
            [("button", "Terugsturen")],
        ),
        "vaststellen": (
            reverse("werk:vaststellen", args=[open_ronde.pk]),
            redactie_,
            [("link", "Terug naar de ronde")],
        ),
        "heropenen": (reverse("werk:heropenen", args=[juni.pk]), redactie_, [("button", "Ronde heropenen")]),
        "moties": (reverse("werk:moties"), redactie_, [("link", "Nr. 21 (Marijnissen cs)")]),
        "motie bijwerken": (
            reverse("werk:motie", args=["35510-21"]),
            redactie_,
            [("button", "Bewaar de motie")],
        ),
        "import uploaden": (
            reverse("importeer:nieuw"),
            redactie_,
            [("button", "Lezen en voorbeeld tonen")],
        ),
        # A job is its owner's: the redactie started it, so a beheerder gets 404 like anyone else.
        "wachtpagina van een taak": (reverse("jobs:job", args=[wacht.pk]), {"redactie"}, []),
        # A beheerder outside the groups gets no switches, so no button: the page itself must still fit.
        "mijn e-mail": (reverse("meldingen:voorkeuren"), iedereen, []),
        "import voorbeeld": (
            reverse("importeer:voorbeeld", args=[imp.pk]),
            redactie_,
            [("button", "Import toepassen op Stand van zaken december 2021 (import)")],
        ),
    }


def zonder_eigen_scripts(browser, browser_context_args):
    """A context at 320 px whose pages load none of the site's scripts: the layout may not depend on them.
    (axe is injected by Playwright, not loaded by the page, so it still runs; a context with JavaScript
    switched off altogether would stop axe too.)"""
    context = browser.new_context(**browser_context_args, viewport={"width": SMAL, "height": HOOGTE})
    context.route(re.compile(r"/static/js/"), lambda route: route.abort())
    return context


def past(page, breedte):
    page.set_viewport_size({"width": breedte, "height": HOOGTE})
    scroll, venster = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return scroll <= venster, scroll


def meet(page, naam, breedte, controls, problemen):
    ok, scroll = past(page, breedte)
    if not ok:
        problemen.append(f"{naam} @{breedte}px: pagina {scroll}px breed; {page.evaluate(UITSTEKERS)}")
    for rol, label in controls:
        # The first of them: the import preview has its apply button above and below the details.
        knop = page.get_by_role(rol, name=label, exact=True).first
        if knop.count() != 1:
            problemen.append(f"{naam}: {rol} {label!r} niet gevonden")
        elif not knop.evaluate(BEREIKBAAR):
            problemen.append(f"{naam} @{breedte}px: {rol} {label!r} buiten beeld")


def nog_een_tabel(page, naam, problemen):
    """A table stacked into blocks on a phone is still a table to a screen reader: column headers, rows
    with a row header and a cell under each other column."""
    for tabel in page.locator("table.stapeltabel").all():
        koppen = tabel.get_by_role("columnheader").count()
        rij = tabel.get_by_role("row").nth(1)
        if not (koppen > 1 and rij.get_by_role("rowheader").count() == 1):
            problemen.append(f"{naam} @{SMAL}px: een gestapelde tabel is geen tabel meer voor hulpsoftware")
        elif rij.get_by_role("cell").count() != koppen - 1:
            problemen.append(f"{naam} @{SMAL}px: een gestapelde tabel verloor cellen")


def axe_fouten(axe, page, naam, breedte, problemen):
    page.set_viewport_size({"width": breedte, "height": HOOGTE})
    resultaat = axe.run(page, options=WCAG_21_AA)
    assert resultaat.response["passes"], naam  # axe really ran its rules
    if resultaat.violations_count:
        problemen.append(f"{naam} @{breedte}px axe:\n{resultaat.generate_report()}")


@pytest.mark.parametrize("rol", ["coordinator_fin", "redactie", "beheerder"])
def test_every_work_page_reflows_at_320_px_and_has_no_axe_violations(
    rol, request, werkpaginas, live_server, browser, browser_context_args
):
    gebruiker = request.getfixturevalue(rol)
    context = zonder_eigen_scripts(browser, browser_context_args)
    page = context.new_page()
    axe = Axe()
    problemen, gezien = [], []
    try:
        inloggen(page, live_server.url, gebruiker.username, reverse("werk:mijn_acties"))
        uitloggen = ("button", f"Uitloggen ({gebruiker.username})")
        for naam, (url, rollen, controls) in werkpaginas.items():
            if rol not in rollen:
                continue
            page.set_viewport_size({"width": SMAL, "height": HOOGTE})
            antwoord = page.goto(live_server.url + url)
            assert antwoord.status == 200, (naam, antwoord.status)
            # What is folded away must reflow too.
            page.eval_on_selector_all("details", "els => els.forEach(d => { d.open = true; })")
            gezien.append(naam)
            for breedte in (SMAL, TELEFOON):
                meet(page, naam, breedte, [*controls, uitloggen], problemen)
            if page.locator("table.stapeltabel").count():
                page.set_viewport_size({"width": SMAL, "height": HOOGTE})
                nog_een_tabel(page, naam, problemen)
            for breedte in (SMAL, TELEFOON, BUREAU):
                axe_fouten(axe, page, naam, breedte, problemen)
    finally:
        context.close()
    assert len(gezien) == {"coordinator_fin": 7, "redactie": 20, "beheerder": 19}[rol]
    assert problemen == [], "\n".join(problemen)


def test_the_upload_form_with_errors_reflows_too(werkpaginas, live_server, browser, browser_context_args):
    context = zonder_eigen_scripts(browser, browser_context_args)
    page = context.new_page()
    problemen = []
    try:
        inloggen(page, live_server.url, "redactie", reverse("importeer:nieuw"))
        page.get_by_role("button", name="Lezen en voorbeeld tonen").click()
        page.wait_for_load_state()
        assert page.get_by_role("alert").count() == 1
        for breedte in (SMAL, TELEFOON):
            meet(page, "import met fouten", breedte, [("button", "Lezen en voorbeeld tonen")], problemen)
        axe_fouten(Axe(), page, "import met fouten", SMAL, problemen)
    finally:
        context.close()
    assert problemen == [], "\n".join(problemen)
