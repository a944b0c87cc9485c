"""/cijfers/ says in words that a table scrolls sideways whenever it does, at any screen width and without
JavaScript: a visible line above each table wider than its box, and none above a table that fits."""

import pytest

pytestmark = pytest.mark.browser

# Per scrolling table region: its table, whether it is wider than its box, whether the line above it shows.
TABELLEN = """() => [...document.querySelectorAll('.tabel-houder')].map(e => {
    const hint = e.previousElementSibling;
    return {tabel: e.querySelector('[data-tabel]').dataset.tabel,
            schuift: e.scrollWidth > e.clientWidth + 1,
            hint: hint.matches('.schuif-hint') && hint.checkVisibility({visibilityProperty: true})
                  && hint.getBoundingClientRect().height > 0};
})"""


@pytest.mark.parametrize("breedte", [900, 1280])
def test_a_table_that_scrolls_says_so_and_one_that_fits_does_not(
    live_server, browser, migratiedata, request, breedte
):
    request.getfixturevalue("drie_rondes")
    context = browser.new_context(viewport={"width": breedte, "height": 800}, locale="nl-NL")
    page = context.new_page()
    page.goto(live_server.url + "/cijfers/")
    tabellen = page.evaluate(TABELLEN)
    context.close()
    assert {t["tabel"] for t in tabellen} == {
        "status-thema",
        "status-ministerie",
        "trend-thema",
        "trend-ministerie",
        "register-soort",
    }
    assert [t for t in tabellen if t["hint"] != t["schuift"]] == []
    if breedte == 900:
        # Between a phone and full width the status tables are wider than the page.
        assert {t["tabel"] for t in tabellen if t["schuift"]} >= {"status-thema", "status-ministerie"}
