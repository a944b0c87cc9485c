"""WCAG 2.1 AA in a real browser: axe-core on every public page type, keyboard use, focus, titles."""

import datetime
import io
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from PIL import Image, ImageStat

from acties.models import Actie
from moties.models import Opdracht
from rapportage import ronde, tekststappen, verantwoording
from rapportage.models import Rapportage, Voortgang
from tests.conftest import voeg_ronde_toe

pytestmark = pytest.mark.browser
# Passing nodes are reported one per rule: listing them all on a page of 90 actions costs seconds.
WCAG_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}


@pytest.fixture
def browserdata(migratiedata, request):
    """The demo data for a live server (migratiedata: see tests/conftest.py)."""
    return request.getfixturevalue("demodata")


@pytest.fixture
def met_twee_rondes(browserdata, redactie):
    # Motion 21 in full, with a part no action carries out, so axe sees the dictum and that gap too.
    verantwoording.wijzig_motie(
        Opdracht.objects.get(nummer=21),
        redactie,
        {1: "Informeer wie op de zwarte lijst stond.", 3: "Een deel zonder actie."},
        dictum="verzoekt de regering om …;\nen gaat over tot de orde van de dag.",
    )
    oud = Actie.objects.get(nummer=1).voortgang.get().tekst
    voeg_ronde_toe(
        "Stand van zaken december 2021",
        datetime.date(2021, 12, 1),
        {1: (oud.replace("ongeveer 18.000", "ruim 20.000") + " Nieuwe zin.", "vertraagd")},
    )
    juni = Rapportage.objects.get(titel="Stand van zaken juni 2021")
    # A correction of June, so that axe sees the corrections log with a diff and the timeline's mark.
    ronde.heropen(juni, redactie, "Correctie")
    twee = juni.voortgang.get(actie__nummer=2)
    tekststappen.bewaar_tekst(
        twee, twee.tekst + " Aangevuld na de brief.", twee.status, twee.versie, redactie
    )
    tekststappen.keur_goed(Voortgang.objects.get(pk=twee.pk), redactie)
    ronde.stel_vast(juni, redactie, "Een zin ontbrak in actie 2.")
    return Rapportage.objects.get(pk=juni.pk)


def paginas(juni):
    return {
        "overzicht": "/",
        "lijst": "/acties/",
        "lijst met filters": "/acties/?thema=hersteloperatie&status=in+uitvoering&q=schulden",
        "lijst zonder resultaten": "/acties/?q=xyzzyniets",
        "lijst met ongeldige filter": "/acties/?status=bogus",
        "actie": "/acties/1/",
        "moties": "/moties/",
        "motie": "/moties/35510-21/",
        "thema's": "/themas/",
        "thema": "/themas/hersteloperatie/",
        "rapportages": "/rapportages/",
        "rapportage": f"/rapportages/{juni.pk}/",
        "correcties": "/correcties/",
        "correcties van een ronde": f"/rapportages/{juni.pk}/correcties/",
        "gecorrigeerde actie": "/acties/2/",
        "404": "/acties/9999/",
        "toegankelijkheidsverklaring": "/toegankelijkheid/",
    }


def test_every_page_type_has_no_wcag_violations_and_its_own_title(live_server, page, met_twee_rondes):
    axe = Axe()
    fouten, titels = {}, {}
    for naam, url in paginas(met_twee_rondes).items():
        page.goto(live_server.url + url)
        # Open every collapsed diff so axe checks it too.
        for samenvatting in page.locator("details summary").all():
            samenvatting.click()
        assert page.locator("html").get_attribute("lang") == "nl", naam
        resultaat = axe.run(page, options=WCAG_AA)
        assert resultaat.response["passes"], naam  # axe really ran its rules on this page
        if resultaat.violations_count:
            fouten[naam] = resultaat.generate_report()
        titels[naam] = page.title()
    assert fouten == {}
    assert len(set(titels.values())) == len(titels), titels
    assert all(re.fullmatch(r".{3,} – pokvolg", t) for t in titels.values()), titels


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_the_content(live_server, page, browserdata):
    page.goto(live_server.url + "/acties/")
    page.keyboard.press("Tab")
    skiplink = page.locator(".skiplink")
    assert skiplink.evaluate("el => el === document.activeElement")
    assert skiplink.is_visible() and skiplink.bounding_box()["x"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "inhoud"


def test_filter_form_works_with_the_keyboard_only(live_server, page, browserdata):
    page.goto(live_server.url + "/acties/")
    page.keyboard.press("Tab")  # skip link
    page.keyboard.press("Enter")  # to the content
    stops = []
    for _ in range(40):
        page.keyboard.press("Tab")
        actief = page.evaluate("document.activeElement.name || document.activeElement.textContent.trim()")
        stops.append(actief)
        if actief == "q":
            page.keyboard.type("schulden")
        elif actief == "thema":
            page.keyboard.press("ArrowDown")  # first theme: HERSTELOPERATIE
        elif actief == "Toon acties":
            page.keyboard.press("Enter")
            break
    page.wait_for_url(re.compile(r"thema=hersteloperatie"))
    assert "q=schulden" in page.url
    assert stops.index("q") < stops.index("thema") < stops.index("Toon acties")
    assert re.search(r"\d+ acties? gevonden", page.locator("#resultaten-kop").inner_text())


def test_on_a_phone_a_link_jumps_over_the_filters_to_the_results(live_server, page, browserdata):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(live_server.url + "/acties/?q=schulden")
    link = page.locator(".naar-resultaten a")
    aantal = re.search(r"\d+", page.locator("#resultaten-kop").inner_text())[0]
    assert link.is_visible() and aantal in link.inner_text()
    assert page.locator("#resultaten-kop").evaluate("el => el.getBoundingClientRect().top") > 844
    link.click()
    assert page.locator("#resultaten-kop").evaluate("el => el.getBoundingClientRect().top") < 100
    page.set_viewport_size({"width": 1280, "height": 800})
    assert not link.is_visible()


def test_keyboard_focus_is_clearly_visible(live_server, page, browserdata):
    page.goto(live_server.url + "/")
    for _ in range(3):
        page.keyboard.press("Tab")
        stijl = page.evaluate(
            """() => { const s = getComputedStyle(document.activeElement);
                       return [s.outlineStyle, parseFloat(s.outlineWidth), s.boxShadow]; }"""
        )
        assert stijl[0] != "none" and stijl[1] >= 2 and stijl[2] != "none", stijl


def test_the_corrections_log_reflows_at_320_px_without_axe_violations(live_server, browser, met_twee_rondes):
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="nl-NL")
    page = context.new_page()
    fouten = {}
    for url in ["/correcties/", f"/rapportages/{met_twee_rondes.pk}/correcties/", "/acties/2/"]:
        page.goto(live_server.url + url)
        for samenvatting in page.locator("details summary").all():
            samenvatting.click()
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        resultaat = Axe().run(page, options=WCAG_AA)
        if resultaat.violations_count:
            fouten[url] = resultaat.generate_report()
    context.close()
    assert fouten == {}


# Every chart's text, drawn: its font size in viewBox units times the scale the page draws the SVG at.
KLEINSTE_LETTER = """() => Math.min(...[...document.querySelectorAll('svg.grafiek')].flatMap(svg => {
    const schaal = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
    return [...svg.querySelectorAll('text')].map(t => parseFloat(t.getAttribute('font-size')) * schaal);
}))"""
# What scrolls sideways inside the page, with the name, role and tab stop a keyboard user needs to scroll it.
SCHUIVENDE_VLAKKEN = """() => [...document.querySelectorAll('main *')]
    .filter(e => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))
    .filter(e => e.scrollWidth > e.clientWidth + 1)
    .map(e => {
        const naam = document.getElementById(e.getAttribute('aria-labelledby'));
        const hint = e.previousElementSibling, doel = e.querySelector('[data-tabel], [data-grafiek]');
        return {id: doel.dataset.tabel || doel.dataset.grafiek, tabel: !!e.querySelector('table'),
                rol: e.getAttribute('role'), tabindex: e.tabIndex,
                naam: naam ? naam.textContent.trim() : '',
                hint: hint && hint.matches('.schuif-hint') && hint.checkVisibility() ? hint.textContent : ''};
    })"""


def rechterrand_helderheid(page, vlak):
    """The mean brightness (0-255) of the right 6 px of a scrolling region, over its first 200 px."""
    vlak.scroll_into_view_if_needed()
    vak = vlak.bounding_box()
    clip = {"x": vak["x"] + vak["width"] - 6, "y": vak["y"], "width": 6, "height": min(vak["height"], 200)}
    grijs = Image.open(io.BytesIO(page.screenshot(clip=clip))).convert("L")
    return ImageStat.Stat(grijs).mean[0]


def test_figures_fit_320_390_and_1280_px_with_readable_charts_and_tables_that_show_they_scroll(
    live_server, browser, met_twee_rondes
):
    # Target dates, so that the "over tijd" tables are on the page too.
    Actie.objects.filter(nummer__in=[1, 20, 85]).update(streefdatum=datetime.date(2021, 1, 1))
    gemeten = {}
    for breedte in (1280, 390, 320):
        context = browser.new_context(viewport={"width": breedte, "height": 800}, locale="nl-NL")
        page = context.new_page()
        page.goto(live_server.url + "/cijfers/")
        assert page.locator("[data-tabel=over-tijd-thema]").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= breedte
        assert page.evaluate(KLEINSTE_LETTER) >= 12, breedte
        vlakken = page.evaluate(SCHUIVENDE_VLAKKEN)
        gemeten[breedte] = sorted(v["id"] for v in vlakken)
        for v in vlakken:
            assert (v["rol"], v["tabindex"], bool(v["naam"])) == ("region", 0, True), v
            assert v["hint"] or not v["tabel"] or breedte > 390, v  # on a phone also in words
        for vlak in page.locator(".tabel-houder, .grafiek-houder").all():
            if vlak.evaluate("e => e.scrollWidth > e.clientWidth + 1"):
                # The shadow at the right edge shows there is more, and goes when the end is reached.
                met_schaduw = rechterrand_helderheid(page, vlak)
                vlak.evaluate("e => { e.scrollLeft = e.scrollWidth; }")
                assert met_schaduw < rechterrand_helderheid(page, vlak) - 10
        if breedte == 320:
            resultaat = Axe().run(page, options=WCAG_AA)
            assert resultaat.response["passes"]
            assert resultaat.violations_count == 0, resultaat.generate_report()
        context.close()
    # At full width every table fits; on a phone the register, status and per-round tables scroll, the others
    # stack.
    assert gemeten[1280] == []
    assert (
        gemeten[390]
        == gemeten[320]
        == [
            "register-soort",
            "status-ministerie",
            "status-thema",
            "trend-ministerie",
            "trend-thema",
        ]
    )


def test_api_annex_and_round_page_fit_320_390_and_1280_px_without_axe_violations(
    live_server, browser, met_twee_rondes
):
    juni = met_twee_rondes
    paginas = ["/api/v1/", f"/rapportages/{juni.pk}/bijlage/", f"/rapportages/{juni.pk}/"]
    fouten = {}
    for breedte in (1280, 390, 320):
        context = browser.new_context(viewport={"width": breedte, "height": 800}, locale="nl-NL")
        page = context.new_page()
        for url in paginas:
            page.goto(live_server.url + url)
            assert page.evaluate("document.documentElement.scrollWidth") <= breedte, (breedte, url)
            if breedte == 320:
                resultaat = Axe().run(page, options=WCAG_AA)
                assert resultaat.response["passes"], url
                if resultaat.violations_count:
                    fouten[url] = resultaat.generate_report()
        context.close()
    assert fouten == {}


def test_every_round_page_links_its_annex_as_a_web_page_that_names_each_action_on_a_phone(
    live_server, browser, met_twee_rondes
):
    context = browser.new_context(viewport={"width": 390, "height": 800}, locale="nl-NL")
    page = context.new_page()
    rondes = Rapportage.objects.exclude(publicatieversie=0)
    assert rondes.count() == 2
    for rapportage in rondes:
        page.goto(f"{live_server.url}/rapportages/{rapportage.pk}/")
        page.get_by_role("link", name=re.compile(r"\(webpagina\)$")).click()
        assert page.url == f"{live_server.url}/rapportages/{rapportage.pk}/bijlage/"
        # The rows may be there before the annex's style sheet is: read the style once it has loaded.
        page.wait_for_load_state("load")
        nummer = page.locator("tr#actie-1 .nummer")
        voor = nummer.evaluate("el => getComputedStyle(el, '::before').content")
        assert (voor, nummer.inner_text()) == ('"Actie "', "1.")  # shown as "Actie 1."
        # One line, not a letter a line.
        assert nummer.evaluate("el => el.getBoundingClientRect().height") < 2 * 24
    # Actions 3 and 4 share one Stand van Zaken cell: on a phone action 4 says where its text is.
    gedeeld = page.locator("tr#actie-4 [data-gedeeld]")
    assert gedeeld.count() == 1
    assert "actie hierboven" in gedeeld.evaluate("el => getComputedStyle(el, '::after').content")
    context.close()
