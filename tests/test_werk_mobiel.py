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
from rapportage import tekststappen, verantwoording
from rapportage.opdrachten import registreer_opdracht
from tests.conftest import tekst_van
from tests.hulp import (
    HOOGTE,
    SMAL,
    TELEFOON,
    axe_fouten,
    inloggen,
    kamertoezegging,
    meet,
    nog_een_tabel,
    zonder_eigen_scripts,
)

pytestmark = pytest.mark.browser


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
    juni = tekststappen.vorige_voortgang(tekst_van(open_ronde, "FIN")).rapportage
    kamertoezegging()
    toezegging = registreer_opdracht(
        redactie, soort="toezegging", dictum="Een brief voor de zomer.", bron="Debat"
    )
    concept, ingediend, terug = (tekst_van(open_ronde, "FIN", n) for n in range(3))
    tekststappen.bewaar_tekst(
        concept, concept.tekst + " Bijgewerkt.", concept.status, concept.versie, coordinator_fin
    )
    ingediend, _ = tekststappen.dien_in(ingediend, coordinator_fin)
    terug, _ = tekststappen.dien_in(terug, coordinator_fin)
    tekststappen.stuur_terug(terug, redactie, "Noem het bedrag en de datum van de laatste betaling.")
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
        "register": (
            reverse("werk:opdrachten"),
            redactie_,
            [("link", "Nr. 21 (Marijnissen cs)"), ("link", "Nieuwe aanbeveling, toezegging of belofte")],
        ),
        "toezeggingen uit het Kamerregister": (
            reverse("werk:kamertoezeggingen"),
            redactie_,
            [("button", "Neem TZ209901-001 op in het register")],
        ),
        "nieuwe aanbeveling, toezegging of belofte": (
            reverse("werk:nieuwe_opdracht"),
            redactie_,
            [("button", "Registreer")],
        ),
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
        "toezegging bijwerken": (
            reverse("werk:opdracht", args=[toezegging.pk]),
            redactie_,
            [("button", "Bewaar")],
        ),
        "nieuwe actie bij een toezegging": (
            reverse("werk:opdracht_nieuwe_actie", args=[toezegging.pk]),
            redactie_,
            [("button", "Start de actie")],
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
                ("button", "Accepteren als belofte"),
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
        "redactie": 35,
        "beheerder": 34,
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
