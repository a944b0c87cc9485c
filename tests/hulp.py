"""Helpers that several test files share (fixtures live in conftest.py): what a refused request may not
write, how a browser logs in, the accessibility check every page passes, the reflow measurements at
320 px that the work pages and the rappel pages take (WCAG 2.1 1.4.10), and the Tweede Kamer's server as
the fetch of motions and commitments asks it (Kamer)."""

import datetime
import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path

from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.urls import reverse
from django.utils import timezone

from acties.models import Actie, ActieMinisterie, Ministerie, Rol, Status, Thema
from indicatoren.models import Doel, Indicator, Meting
from meldingen import rappel as rappel_werk
from moties import toezeggingen_tk, tweedekamer
from moties.models import Opdracht, Stand
from rapportage.models import Rappel
from tests.conftest import WACHTWOORD

# The WCAG 2.1 AA rules of axe, as every browser test runs them.
WCAG_21_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


def geschiedenis_telling():
    """Rows in every history table: a refused request must not add even one."""
    return sum(m.objects.count() for m in apps.get_models() if m.__name__.startswith("Historical"))


def is_login_redirect(response):
    return response.status_code == 302 and response["Location"].startswith(reverse("login"))


def inloggen(page, url, naam, volgende):
    page.goto(f"{url}{reverse('login')}?next={volgende}")
    page.fill("#id_username", naam)
    page.fill("#id_password", WACHTWOORD)
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_url(f"{url}{volgende}")


def toegankelijk(page):
    resultaat = Axe().run(page, options=WCAG_21_AA)
    assert resultaat.violations_count == 0, resultaat.generate_report()


# Reflow at 320 px and axe per set of media queries (tests/test_werk_mobiel.py explains the approach).

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


# The Tweede Kamer's Gegevensmagazijn as the fetch of moties.ophalen asks it (tests/test_kamerdata.py,
# tests/test_kamertoezeggingen.py): answers from tests/tweedekamer/, built from the documented schema.

VOORBEELDEN = Path(__file__).parent / "tweedekamer"
EERSTE = tweedekamer.zaken_url(tweedekamer.STANDAARD_URL, 35510)
TWEEDE = EERSTE + "&$skip=3"
TZ_EERSTE = toezeggingen_tk.toezeggingen_url(tweedekamer.STANDAARD_URL, 35510)
TZ_TWEEDE = TZ_EERSTE + "&$skip=3"
ZAKEN_31066 = tweedekamer.zaken_url(tweedekamer.STANDAARD_URL, 31066)
TZ_31066 = toezeggingen_tk.toezeggingen_url(tweedekamer.STANDAARD_URL, 31066)


def voorbeeld(naam):
    return json.loads((VOORBEELDEN / naam).read_text())


def als_bytes(data):
    return json.dumps(data).encode()


class Kamer:
    """The Tweede Kamer's server as an HTTP client: each URL answered from a file (or given bytes);
    `fouten` are raised or returned, in turn, before the normal answers."""

    timeout = 30

    def __init__(self, paginas=None, fouten=(), bij=None):
        self.paginas = {
            EERSTE: "zaken-35510-pagina-1.json",
            TWEEDE: "zaken-35510-pagina-2.json",
            TZ_EERSTE: "toezeggingen-35510-pagina-1.json",
            TZ_TWEEDE: "toezeggingen-35510-pagina-2.json",
            ZAKEN_31066: "zaken-31066.json",
            TZ_31066: "toezeggingen-31066.json",
        }
        self.paginas.update(paginas or {})
        self.fouten = list(fouten)
        self.bij = bij  # the one URL the failures are for; None: whichever is asked
        self.gevraagd = []

    def __call__(self, url):
        self.gevraagd.append(url)
        if self.fouten and self.bij in (None, url):
            fout = self.fouten.pop(0)
            if isinstance(fout, BaseException):
                raise fout
            return fout
        inhoud = self.paginas[url]
        if isinstance(inhoud, str):
            inhoud = (VOORBEELDEN / inhoud).read_bytes()
        return tweedekamer.Antwoord(200, inhoud)


def kamertoezegging(registernummer="TZ209901-001", **velden):
    """A commitment as the daily fetch proposes it (moties.Kamertoezegging), open for the redactie."""
    standaard = {
        "dossier": 35510,
        "tekst": "De minister stuurt de Kamer voor de zomer een brief over de voortgang.",
        "bewindspersoon": "A. Minister",
        "ministerie": "Financiën",
        "opgehaald_op": timezone.now(),
    }
    return apps.get_model("moties", "Kamertoezegging").objects.create(
        registernummer=registernummer, **(standaard | velden)
    )


# The rappel's items (tests/test_rappel*.py): actions with a lead ministry, register items, a target.


def rappel_actie(nummer, streefdatum, lead, status=Status.IN_UITVOERING, betrokken=()):
    """An action with a target date, led by the ministry `lead` (an abbreviation), others involved."""
    thema = Thema.objects.get_or_create(naam="RAPPEL", defaults={"slug": "rappel", "volgorde": 0})[0]
    a = Actie.objects.create(
        nummer=nummer,
        omschrijving=f"Actie over onderwerp {nummer}",
        thema=thema,
        status=status,
        streefdatum=streefdatum,
    )
    ActieMinisterie.objects.create(
        actie=a, ministerie=Ministerie.objects.get(afkorting=lead), rol=Rol.EERSTVERANTWOORDELIJK
    )
    for afkorting in betrokken:
        ActieMinisterie.objects.create(
            actie=a, ministerie=Ministerie.objects.get(afkorting=afkorting), rol=Rol.BETROKKEN
        )
    return a


def indicator_met_doel(a, doelwaarde, doeldatum, metingen):
    """An indicator of action `a` with one target and these (date, value) measurements."""
    indicator = Indicator.objects.create(
        actie=a, naam=f"Indicator {a.nummer}", eenheid="%", wat_telt="Aandeel"
    )
    for datum, waarde in metingen:
        Meting.objects.create(indicator=indicator, waarde=Decimal(waarde), meetdatum=datum, bron="Brief")
    return Doel.objects.create(indicator=indicator, waarde=Decimal(doelwaarde), datum=doeldatum, bron="Brief")


def rappel_opdracht(soort, uiterste_datum, ministerie, stand=Stand.OPEN, **velden):
    """An item of the register addressed to `ministerie` (an abbreviation, or None)."""
    if stand in (Stand.VOLDAAN, Stand.DEELS_VOLDAAN):
        velden.setdefault("vervuld_door", "Brief van de minister")
    return Opdracht.objects.create(
        soort=soort,
        uiterste_datum=uiterste_datum,
        ministerie=Ministerie.objects.get(afkorting=ministerie) if ministerie else None,
        stand=stand,
        **velden,
    )


def rappel_verstuurd(redactie, django_capture_on_commit_callbacks, datum=None):
    """A rappel sent by the redactie on `datum` (default 1 januari 2026), its mails sent."""
    item = Rappel.objects.create(datum=datum or datetime.date(2026, 1, 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert rappel_werk.verstuur(item, redactie) is not None
    item.refresh_from_db()
    return item
