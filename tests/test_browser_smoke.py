import pytest


@pytest.mark.browser
def test_home_page_opens_in_chromium(live_server, page, demodata):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert "pokvolg" in page.title()
