"""WCAG 2.1 1.4.10 (reflow) on the work pages: every /werk/ and /importeren/ page a coordinator, the redactie
or a beheerder uses fits a 320 CSS px viewport without page-level horizontal scrolling, its key controls on
screen (or in a labelled, focusable scroll region of their own), and axe finds nothing at 320 and 390 px
nor at desktop width. One logged-in browser context per role visits every page that role may see.

axe runs once per page for each set of media queries the widths switch on: 320 and 390 px share one (no
style sheet has a breakpoint between them), so axe at 320 px speaks for 390 px too; a breakpoint added
between them makes the test run axe at 390 px as well. A page whose HTML is exactly that of a page axe
found nothing on (the user's name, form tokens and the return address aside), as another role or under
another address, is not checked by axe again at the same media queries."""

import datetime
import hashlib
import json
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.urls import reverse

from acties.models import Actie
from beloftes import voorstellen
from beloftes.models import Beloftevoorstel, Brief
from importeer.models import Import
from jobs.models import Job
from lib.beloftes.vinden import Belofte
from rapportage import ronde, verantwoording
from tests.conftest import tekst_van
from tests.hulp import WCAG_21_AA, inloggen

pytestmark = pytest.mark.browser

SMAL, TELEFOON, BUREAU = 320, 390, 1280
HOOGTE = 800
# Only the violations come back in full: listing every passing node of a 90-row board costs seconds.
AXE_OPTIES = {**WCAG_21_AA, "resultTypes": ["violations"]}

# Which media queries of the page's style sheets match at the current width. A style sheet that cannot be
# read, or a container query while the page has a query container (it follows the layout, not the
# viewport), makes every width a state of its own.
MEDIASTAAT = """() => {
  const staat = [];
  let houders = null;
  const lees = regels => { for (const r of regels) {
    if (r instanceof CSSContainerRule) {
      houders ??= [...document.querySelectorAll('*')]
        .some(e => getComputedStyle(e).containerType !== 'normal');
      if (houders) staat.push('container@' + window.innerWidth);
    }
    if (r instanceof CSSMediaRule || r instanceof CSSImportRule) staat.push(r.media.mediaText + '='
      + matchMedia(r.media.mediaText || 'all').matches);
    if (r.cssRules) lees(r.cssRules);
  } };
  for (const blad of document.styleSheets) {
    staat.push(blad.media.mediaText + '=' + matchMedia(blad.media.mediaText || 'all').matches);
    try { lees(blad.cssRules); } catch (e) { staat.push('onleesbaar@' + window.innerWidth); }
  }
  return staat.join('|');
}"""

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
    # A target date passed and evidence with a long title, on the action pages and in Mijn acties' filters.
    verantwoording.wijzig_streefdatum(concept.actie, datetime.date(2021, 1, 1), "Vertraagd", redactie)
    verantwoording.voeg_vindplaats_toe_aan_actie(
        concept.actie, "Kamerbrief over de voortgang van de herstelregeling", redactie, kamerstuk="35510-60"
    )
    imp = import_uit_fixture(redactie)
    # A letter read by its job, with one proposed promise waiting for the redactie.
    brief = Brief.objects.create(bestandsnaam="kamerbrief-2021-06-29.txt", sha256="b" * 64, door=redactie)
    citaat = "Het kabinet informeert de Kamer voor de zomer over de voortgang van de hersteloperatie."
    belofte = Belofte(
        citaat, "2021-06-01", "2021-09-21", "kabinet", "Kamer informeren", "voor de zomer", True, "", 0
    )
    voorstellen.bewaar_gelezen(brief, [belofte], datetime.date(2021, 6, 29))
    voorstel = Beloftevoorstel.objects.get(brief=brief)
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
        "mijn acties (gefilterd)": (
            reverse("werk:mijn_acties") + f"?q={a}&toestand=concept&gewijzigd=ja",
            iedereen,
            [("button", "Toon"), ("link", "Alle filters weg"), ("link", f"Bewerk actie {a}")],
        ),
        "meer indienen (ongewijzigd)": (
            reverse("werk:indienen_meerdere") + "?ongewijzigd=1",
            iedereen,
            [("button", re.compile(r"^Dien \d+ teksten? in$"))],
        ),
        "meer indienen (aangevinkt)": (
            reverse("werk:indienen_meerdere") + f"?tekst={concept.pk}&tekst={terug.pk}",
            iedereen,
            [("button", "Dien 2 teksten in")],
        ),
        "streefdatum en vindplaatsen": (
            reverse("werk:actie", args=[a]),
            iedereen,
            [("button", "Bewaar de streefdatum"), ("button", "Voeg de vindplaats toe")],
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
        "volgende ronde plannen": (
            reverse("werk:ronde_plannen"),
            redactie_,
            [("button", "Bewaar de planning")],
        ),
        "nieuwe actie bij een motie": (
            reverse("werk:nieuwe_actie", args=["35510-21"]),
            redactie_,
            [("button", "Start de actie")],
        ),
        "afrondingen": (reverse("werk:afrondingen"), redactie_, []),
        "rappel": (reverse("werk:rappels"), redactie_, [("button", "Plannen")]),
        # No rappel sent yet: the coordinator's page says so; only coordinators answer one.
        "rappel beantwoorden": (reverse("werk:rappel_antwoord"), {"coordinator_fin"}, []),
        "brieven": (
            reverse("beloftes:brieven"),
            redactie_,
            [("button", "Brief lezen"), ("link", brief.bestandsnaam)],
        ),
        "voorgestelde beloftes": (
            reverse("beloftes:brief", args=[brief.pk]),
            redactie_,
            [("link", re.compile(r"^Accepteren of afwijzen: belofte voor "))],
        ),
        "belofte beoordelen": (
            reverse("beloftes:voorstel", args=[voorstel.pk]),
            redactie_,
            [
                ("button", "Accepteren als doel"),
                ("button", "Accepteren als streefdatum"),
                ("button", "Afwijzen"),
            ],
        ),
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


def axe_fouten(axe, page, naam, gebruiker, problemen, schoon):
    """axe at 320 px, and at 390 and 1280 px where their media queries differ from a width checked; not
    where `schoon` says axe found nothing on this very HTML (another role's) at these media queries."""
    html = page.content().replace(f"Uitloggen ({gebruiker.username})", "Uitloggen")
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    # The address a review step returns to is the page's own: the board under two addresses is one page.
    html = re.sub(r'(terug=|name="terug" value=")[^"&]*', r"\1", html)
    sleutel = hashlib.sha256(html.encode()).hexdigest()
    gezien = set()
    for breedte in (SMAL, TELEFOON, BUREAU):
        page.set_viewport_size({"width": breedte, "height": HOOGTE})
        staat = page.evaluate(MEDIASTAAT)
        if staat in gezien or (sleutel, staat) in schoon:
            continue
        gezien.add(staat)
        resultaat = axe.run(page, options=AXE_OPTIES)
        assert resultaat.response["passes"], naam  # axe really ran its rules
        if resultaat.violations_count:
            problemen.append(f"{naam} @{breedte}px axe:\n{resultaat.generate_report()}")
        else:
            schoon.add((sleutel, staat))


def test_every_work_page_reflows_at_320_px_and_has_no_axe_violations(
    request, werkpaginas, live_server, browser, browser_context_args
):
    """Each role in a browser context of its own, on the same data: a page the redactie and a beheerder
    get in the same HTML is checked by axe once, as it would give the same answer."""
    axe = Axe()
    problemen, gezien, schoon = [], {}, set()
    for rol in ("coordinator_fin", "redactie", "beheerder"):
        gebruiker = request.getfixturevalue(rol)
        context = zonder_eigen_scripts(browser, browser_context_args)
        page = context.new_page()
        gezien[rol] = []
        try:
            inloggen(page, live_server.url, gebruiker.username, reverse("werk:mijn_acties"))
            uitloggen = ("button", f"Uitloggen ({gebruiker.username})")
            for naam, (url, rollen, controls) in werkpaginas.items():
                if rol not in rollen:
                    continue
                page.set_viewport_size({"width": SMAL, "height": HOOGTE})
                antwoord = page.goto(live_server.url + url)
                assert antwoord.status == 200, (rol, naam, antwoord.status)
                # What is folded away must reflow too.
                page.eval_on_selector_all("details", "els => els.forEach(d => { d.open = true; })")
                gezien[rol].append(naam)
                naam = f"{rol}, {naam}"
                for breedte in (SMAL, TELEFOON):
                    meet(page, naam, breedte, [*controls, uitloggen], problemen)
                if page.locator("table.stapeltabel").count():
                    page.set_viewport_size({"width": SMAL, "height": HOOGTE})
                    nog_een_tabel(page, naam, problemen)
                axe_fouten(axe, page, naam, gebruiker, problemen, schoon)
        finally:
            context.close()
    assert {rol: len(namen) for rol, namen in gezien.items()} == {
        "coordinator_fin": 12,
        "redactie": 31,
        "beheerder": 30,
    }
    assert problemen == [], "\n".join(problemen)


def test_between_rounds_mijn_acties_reflows_at_320_px_and_has_no_axe_violations(
    migratiedata, live_server, demodata, coordinator_fin, redactie, browser, browser_context_args
):
    """No round open: Mijn acties lists the coordinator's actions with their target dates and evidence."""
    actie = Actie.objects.filter(actieministeries__ministerie__afkorting="FIN").order_by("nummer").first()
    verantwoording.wijzig_streefdatum(actie, datetime.date(2021, 1, 1), "Vertraagd", redactie)
    verantwoording.voeg_vindplaats_toe_aan_actie(
        actie, "Kamerbrief over de voortgang van de herstelregeling", redactie, kamerstuk="35510-60"
    )
    context = zonder_eigen_scripts(browser, browser_context_args)
    page = context.new_page()
    problemen = []
    try:
        inloggen(page, live_server.url, coordinator_fin.username, reverse("werk:mijn_acties"))
        assert page.get_by_text("Nog geen volgende ronde gepland.").count() == 1
        controls = [("button", "Toon"), ("link", f"Streefdatum en vindplaatsen actie {actie.nummer}")]
        for breedte in (SMAL, TELEFOON):
            meet(page, "mijn acties tussen rondes", breedte, controls, problemen)
        axe_fouten(Axe(), page, "mijn acties tussen rondes", coordinator_fin, problemen, set())
    finally:
        context.close()
    assert problemen == [], "\n".join(problemen)


def test_the_upload_form_with_errors_reflows_too(
    migratiedata, live_server, demodata, redactie, browser, browser_context_args
):
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
        axe_fouten(Axe(), page, "import met fouten", redactie, problemen, set())
    finally:
        context.close()
    assert problemen == [], "\n".join(problemen)
