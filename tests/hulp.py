"""Helpers that several test files share (fixtures live in conftest.py): what a refused request may not
write, how a browser logs in, and the accessibility check every page passes."""

from axe_playwright_python.sync_playwright import Axe
from django.apps import apps
from django.urls import reverse

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
