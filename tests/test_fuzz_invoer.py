"""No input anyone can send gives a 5xx. Hypothesis sends odd values (digits of other scripts, huge numbers,
long texts, control characters, odd addresses, missing fields, repeated keys, unknown keys) to every form
and every query parameter of every page, as each role of the roster, and every answer must be below 500.

What is fuzzed is found, not listed: every address of the URLconf (a new view is fuzzed without touching
this file; VULLING says how to fill its URL parameters), and on each page every form, with the fields
its HTML has; query parameters are the names of all GET forms and of the API's OpenAPI document.

Each example runs in a savepoint that is rolled back, so every example starts from the same data, and a
database error in one cannot spoil the next. Jobs are only queued (django-tasks' dummy backend): the
request is what is fuzzed here, rendering PDFs is the jobs' own tests' work.

benchmarks/fuzz_invoer.py runs the same fuzz with more examples per target and a random seed on
PostgreSQL, and counts instead of stopping (FUZZ_VOORBEELDEN, FUZZ_SEED, FUZZ_TELLING below).
"""

import datetime
import json
import os
import re
import traceback
import uuid
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from hypothesis import HealthCheck, given, seed
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from beloftes import voorstellen
from beloftes.models import Beloftevoorstel, Brief
from importeer.models import Import
from indicatoren import demo as indicatoren_demo
from indicatoren.models import Indicator
from jobs.models import Job
from lib.beloftes.vinden import Belofte
from moties.models import Opdracht
from rapportage import verantwoording
from rapportage.models import Rapportage, Voortgang
from rapportage.opdrachten import registreer_opdracht
from tests.conftest import BIJLAGE_JSON, tekst_van
from tests.hulp import kamertoezegging
from volgen import tokens
from volgen.models import Abonnement, Soort, Volger

# Examples per target (a form, or a page's query parameters, for one role). The benchmark sets it and
# fuzzes every address with every value of vulling() and every form as every role; the suite keeps to
# seconds: each address with its real keys only, as a visitor or as the redactie and one coordinator,
# each form once, 2 examples each.
VOLLEDIG = "FUZZ_VOORBEELDEN" in os.environ
VOORBEELDEN = int(os.environ.get("FUZZ_VOORBEELDEN", "2"))
# With FUZZ_TELLING (a file) every request and every 5xx is counted there, and a 5xx does not stop the run.
TELLING = os.environ.get("FUZZ_TELLING")
SEED = os.environ.get("FUZZ_SEED")

# Namespaces and names not fuzzed: Django's own admin and the identity provider's round trip (they are
# not ours), and logging out (it would end the session the rest of the run uses).
OVERGESLAGEN = {"logout", "oidc_authentication_init", "oidc_authentication_callback"}
ROLLEN = ("anoniem", "beheerder", "redactie", "coordinator_fin", "coordinator_bzk")
# Who sees which pages in the suite: between them, every form of the other roles too.
ROLLEN_SUITE = ("redactie", "coordinator_fin")
# Addresses outside these are public: the same for every role, so fuzzed as a visitor only.
ALLEEN_INGELOGD = ("/werk/", "/importeren/", "/taken/", "/account/tweestaps/")


# ---------------------------------------------------------------- hostile values

ANDERE_CIJFERS = [
    "²",
    "١٢",
    "１２",
    "߀",
    "৩",
    "Ⅻ",
    "½",
    "1²",
    "-0",
    "+1",
    " 12",
    "12 ",
    "1_000",
    "0x1f",
    "1e9",
]
GROTE_GETALLEN = ["0", "-1", "2147483648", "9223372036854775808", "9" * 30, "9" * 5000]
DATUMS = ["2021-02-30", "0000-00-00", "99999-01-01", "2021-13-01", "31-12-2021", "1-1-1", "2021-06-29T25:00"]
ADRESSEN = [
    "https://www.rijksoverheid.nl:99999/x",
    "https://www.rijksoverheid.nl:abc/x",
    "https://[::1",
    "https://[www.rijksoverheid.nl]/",
    "https://user:pw@www.rijksoverheid.nl/",
    "javascript:alert(1)",
    "//www.rijksoverheid.nl/x",
    "https://www.rijksoverheid.nl/" + "a" * 600,
    "http://",
    "https://",
]
LENGTES = [99, 100, 101, 199, 200, 201, 255, 256, 299, 300, 301, 500, 501, 1000, 1001, 1101, 2001, 10_000]


def _lang(n):
    return st.sampled_from(["a", "é", "€", "😀", "x "]).map(lambda t: (t * n)[:n] if len(t) == 1 else t * n)


vijandig = st.one_of(
    st.sampled_from(ANDERE_CIJFERS + GROTE_GETALLEN + DATUMS + ADRESSEN + ["", " ", "None", "null", "[]"]),
    st.sampled_from(LENGTES).flatmap(_lang),
    # Unicode text with control characters; NUL and lone surrogates are left to test_ongeldige_invoer.
    st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=40),
    st.text(st.characters(max_codepoint=0x1F, blacklist_characters="\x00"), min_size=1, max_size=5),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
)

# A file for every file field: nothing, junk, and the first bytes of a PDF and a .docx (a zip).
BESTANDEN = [b"", b"x" * 100, b"%PDF-1.7\n%%EOF", b"PK\x03\x04" + b"\x00" * 40, bytes(range(256))]
BESTANDSNAMEN = ["bijlage.pdf", "bijlage.docx", "x" * 300 + ".pdf", "../../etc/passwd", "bijlage", "ä.PDF"]


# ---------------------------------------------------------------- the URLconf and the data to fill it


def adressen():
    """(name, route, kwarg names) of every address of the URLconf that is ours."""
    gevonden = []

    def loop(patronen, prefix, ns):
        for p in patronen:
            if isinstance(p, URLResolver):
                if p.app_name == "admin":
                    continue
                naamruimte = ":".join(filter(None, [ns, p.namespace]))
                loop(p.url_patterns, prefix + str(p.pattern), naamruimte)
            elif isinstance(p, URLPattern) and p.name and p.name not in OVERGESLAGEN:
                naam = f"{ns}:{p.name}" if ns else p.name
                route = prefix + str(p.pattern)
                gevonden.append((naam, route, tuple(re.findall(r"<(?:\w+:)?(\w+)>", route))))

    loop(get_resolver().url_patterns, "", "")
    return gevonden


def vulling(open_ronde, redactie):
    """How URL parameters are filled: {(route prefix, name): values}, the longest matching prefix first,
    "" for any route. Real keys (so the pages open) and one key of nothing. A new parameter name needs a
    line here (the test says so)."""
    gepubliceerd = Rapportage.objects.exclude(pk=open_ronde.pk).order_by("pk").first()
    tekst = tekst_van(open_ronde, "FIN")
    vindplaats, _nieuw = verantwoording.voeg_vindplaats_toe_aan_tekst(
        tekst, "Brief", redactie, kamerstuk="35510-60"
    )
    imp = Import.objects.create(
        bijlage=json.loads(BIJLAGE_JSON.read_text()),
        bestandsnaam="bijlage.pdf",
        rapportage_titel="Stand van zaken maart 2022",
        peildatum=datetime.date(2022, 3, 1),
        door=redactie,
    )
    volger = Volger.objects.create(email="volger@example.nl")
    abonnement = Abonnement.objects.create(volger=volger, soort=Soort.ACTIE, actie=tekst.actie)
    job = Job.objects.create(taak="tests.fuzz", omschrijving="Fuzz", eigenaar=redactie)
    indicatoren_demo.laad()
    indicator = Indicator.objects.order_by("pk").first()
    brief = Brief.objects.create(bestandsnaam="kamerbrief.txt", sha256="f" * 64, door=redactie)
    belofte = Belofte(
        "Het kabinet informeert de Kamer voor de zomer.",
        "2021-06-01",
        "2021-09-21",
        "kabinet",
        "",
        "",
        True,
        "",
        0,
    )
    voorstellen.bewaar_gelezen(brief, [belofte], datetime.date(2021, 6, 29))
    voorstel = Beloftevoorstel.objects.get(brief=brief)
    toezegging = registreer_opdracht(
        redactie, soort="toezegging", dictum="Een brief voor de zomer.", bron="Debat"
    )
    motie = Opdracht.objects.moties().order_by("pk").first()
    return {
        ("werk/opdrachten/", "pk"): [toezegging.pk, motie.pk, 999_999],
        ("werk/toezeggingen/", "pk"): [kamertoezegging().pk, 999_999],
        ("werk/brieven/voorstel/", "pk"): [voorstel.pk, 999_999],
        ("werk/brieven/", "pk"): [brief.pk, 999_999],
        ("", "nummer"): [tekst.actie.nummer, 999_999],
        ("werk/rondes/", "pk"): [open_ronde.pk, 999_999],
        ("werk/teksten/", "pk"): [tekst.pk, 999_999],
        ("werk/vindplaatsen/", "pk"): [vindplaats.pk, 999_999],
        ("rapportages/", "pk"): [gepubliceerd.pk, open_ronde.pk, 999_999],
        ("api/v1/rapportages/", "pk"): [gepubliceerd.pk, open_ronde.pk, 999_999],
        ("importeren/", "pk"): [imp.pk, 999_999],
        ("taken/", "pk"): [job.pk, uuid.uuid4()],
        ("indicatoren/", "pk"): [indicator.pk, 999_999],
        ("api/v1/indicatoren/", "pk"): [indicator.pk, 999_999],
        ("", "versie"): [1, 2],
        ("", "slug"): [tekst.actie.thema.slug, "bestaat-niet"],
        ("", "sleutel"): ["35510-21", "1-1"],
        ("", "afkorting"): ["FIN", "XX"],
        ("volgen/bevestig/", "token"): [tokens.bevestigtoken(abonnement), "x:y:z"],
        ("", "token"): [tokens.afmeldtoken(volger), "x:y:z"],
        ("", "formaat"): ["csv", "nl.csv", "xlsx", "json", "pdf"],
        ("", "uidb64"): ["MQ"],
    }


def _waarden(vullen, route, naam):
    passend = [(prefix, w) for (prefix, n), w in vullen.items() if n == naam and route.startswith(prefix)]
    assert passend, f"{route}: add how to fill <{naam}> to vulling() in {__file__}"
    return max(passend, key=lambda pw: len(pw[0]))[1]


# ---------------------------------------------------------------- forms in a page


@dataclass
class Veld:
    naam: str
    soort: str  # text, hidden, select, checkbox, radio, file, textarea, submit, ...
    waarden: list = field(default_factory=list)  # the value(s) the page fills in or offers


@dataclass
class Formulier:
    methode: str
    actie: str
    velden: dict = field(default_factory=dict)
    multipart: bool = False

    def sleutel(self):
        return (self.methode, re.sub(r"\d+", "N", self.actie), tuple(sorted(self.velden)))


class _Lezer(HTMLParser):
    def __init__(self, pagina):
        super().__init__(convert_charrefs=True)
        self.pagina = pagina
        self.formulieren = []
        self._select = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            actie = urljoin(self.pagina, a.get("action") or self.pagina)
            self.formulieren.append(
                Formulier(
                    (a.get("method") or "get").lower(),
                    actie,
                    multipart="multipart" in (a.get("enctype") or ""),
                )
            )
            return
        if not self.formulieren or "name" not in a:
            if tag == "option" and self._select is not None:
                self._select.waarden.append(a.get("value", ""))
            return
        velden = self.formulieren[-1].velden
        naam = a["name"]
        if tag == "input" or tag == "button":
            veld = velden.setdefault(naam, Veld(naam, (a.get("type") or "text").lower()))
            if "value" in a:
                veld.waarden.append(a["value"])
        elif tag == "select":
            self._select = velden.setdefault(naam, Veld(naam, "select"))
        elif tag == "textarea":
            self._textarea = velden.setdefault(naam, Veld(naam, "textarea"))

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea is not None and data.strip():
            self._textarea.waarden.append(data)


def formulieren(pagina, html):
    lezer = _Lezer(pagina)
    lezer.feed(html)
    return [f for f in lezer.formulieren if urlsplit(f.actie).netloc in ("", "testserver")]


# ---------------------------------------------------------------- sending and judging


@dataclass
class Teller:
    verzoeken: int = 0
    fouten: list = field(default_factory=list)


TELLER = Teller()


class Serverfout(AssertionError):
    pass


def stuur(client, methode, pad, data, bestanden=None):
    """The response to one request, made in a savepoint that is rolled back; a 5xx (or an exception out
    of the view) raises Serverfout with what was sent, unless the run only counts (then None)."""
    TELLER.verzoeken += 1
    beschrijving = f"{methode.upper()} {pad} {data!r}"
    try:
        with transaction.atomic():
            if methode == "get":
                response = client.get(pad, data)
            else:
                response = client.post(pad, {**data, **(bestanden or {})})
            transaction.set_rollback(True)
        status, uitleg = response.status_code, ""
    except Exception:
        response, status, uitleg = None, 500, traceback.format_exc(limit=-8)
    if status >= 500:
        TELLER.fouten.append(f"{status} {beschrijving[:500]}\n{uitleg}")
        if not TELLING:
            raise Serverfout(f"{status} voor {beschrijving[:2000]}\n{uitleg}")
    return response


def hsettings_voor(aantal):
    opties = {
        "max_examples": aantal,
        "deadline": None,
        "database": None,
        "suppress_health_check": list(HealthCheck),
        "derandomize": SEED is None,
        "print_blob": False,
    }
    return hsettings(**opties)


def waarde_voor(veld):
    """A strategy for one field: what the page offers (so most examples get past the other fields) or
    something hostile; sometimes missing, sometimes repeated."""
    eigen = [w for w in veld.waarden if isinstance(w, str)] or [""]
    een = st.one_of(st.sampled_from(eigen), vijandig)
    return st.one_of(
        st.just(None),  # missing
        een,
        st.lists(een, min_size=2, max_size=3),  # a repeated key
    )


@st.composite
def invulling(draw, velden, extra_namen):
    data = {}
    for veld in velden.values():
        if veld.soort == "file":
            continue
        waarde = draw(waarde_voor(veld))
        if waarde is not None:
            data[veld.naam] = waarde
    # A key the form does not have, or a known parameter of another page.
    for naam in draw(st.lists(st.sampled_from(extra_namen), max_size=2, unique=True)):
        data.setdefault(naam, draw(st.one_of(vijandig, st.lists(vijandig, min_size=2, max_size=2))))
    return data


@st.composite
def bestanden(draw, velden):
    uit = {}
    for veld in velden.values():
        if veld.soort == "file" and draw(st.booleans()):
            uit[veld.naam] = SimpleUploadedFile(
                draw(st.sampled_from(BESTANDSNAMEN)), draw(st.sampled_from(BESTANDEN))
            )
    return uit


def fuzz_doel(client, methode, pad, velden, extra_namen, aantal):
    """Hypothesis on one target; returns the failure message (after shrinking) or None."""

    @hsettings_voor(aantal)
    @given(data=invulling(velden, extra_namen), upload=bestanden(velden))
    def een(data, upload):
        stuur(client, methode, pad, data, upload)

    if SEED is not None:
        een = seed(int(SEED))(een)
    try:
        een()
    except Serverfout as fout:
        return str(fout)
    return None


# ---------------------------------------------------------------- the run


def _clients(rollen):
    clients = {}
    for rol in ROLLEN:
        client = Client()
        if rollen[rol] is not None:
            client.force_login(rollen[rol])
        clients[rol] = client
    return clients


def _api_parameters(client):
    document = client.get("/api/v1/openapi.json").json()
    return sorted(
        {
            p["name"]
            for pad in document["paths"].values()
            for operatie in pad.values()
            if isinstance(operatie, dict)
            for p in operatie.get("parameters", [])
            if p.get("in") == "query"
        }
    )


@pytest.fixture
def fuzz_omgeving(settings, tmp_path, open_ronde, rollen):
    settings.MEDIA_ROOT = tmp_path
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    # Some texts waiting for the redactie, so the board's approve forms are on the pages.
    for afkorting in ("FIN", "BZK"):
        voortgang = tekst_van(open_ronde, afkorting)
        voortgang.toestand = Voortgang.Toestand.INGEDIEND
        voortgang.save()
    return vulling(open_ronde, rollen["redactie"]), _clients(rollen)


def _pagina_adressen(vullen):
    """Every address of the URLconf, with its URL parameters filled from vulling(): every combination,
    or in the suite the first (a real key) of each."""
    uit = []
    for naam, route, kwargs in adressen():
        keuzes = [{}]
        for k in kwargs:
            waarden = _waarden(vullen, route, k)
            keuzes = [{**c, k: w} for c in keuzes for w in (waarden if VOLLEDIG else waarden[:1])]
        uit += [(naam, route, reverse(naam, kwargs=c)) for c in keuzes]
    return uit


def _rollen_voor(pad):
    if not pad.startswith(ALLEEN_INGELOGD):
        return ("anoniem",)
    return ROLLEN if VOLLEDIG else ROLLEN_SUITE


def test_no_input_to_any_form_or_parameter_gives_a_5xx(fuzz_omgeving):
    vullen, clients = fuzz_omgeving
    adressen_ = _pagina_adressen(vullen)
    api_namen = _api_parameters(clients["anoniem"])

    # First every page as every role it is for, collecting its forms; a 5xx here already fails.
    doelen = {}
    get_namen = set(api_namen)
    for _naam, _route, pad in adressen_:
        for rol in _rollen_voor(pad):
            response = stuur(clients[rol], "get", pad, {})
            if response is None or response.status_code != 200:
                continue
            if "html" not in response.get("Content-Type", ""):
                continue
            for formulier in formulieren("http://testserver" + pad, response.content.decode()):
                sleutel = (rol, *formulier.sleutel()) if VOLLEDIG else formulier.sleutel()
                doelen.setdefault(sleutel, (rol, formulier))
                if formulier.methode == "get":
                    get_namen.update(formulier.velden)

    fouten = []
    extra = sorted(get_namen | {"x", "page", "pageSize", "next", "q"})
    # The query parameters of every address that answers a GET, with names of every GET form and the API.
    gezien = set()
    for _naam, route, pad in adressen_:
        rol = _rollen_voor(pad)[-1]
        if (route, rol) in gezien:
            continue
        gezien.add((route, rol))
        velden = {n: Veld(n, "text") for n in (api_namen if pad.startswith("/api/") else [])}
        fout = fuzz_doel(clients[rol], "get", pad, velden, extra, VOORBEELDEN)
        if fout:
            fouten.append(fout)
    # Every form, as every role that sees it.
    for rol, formulier in doelen.values():
        pad = urlsplit(formulier.actie).path
        vast = dict(parse_qsl(urlsplit(formulier.actie).query))
        velden = {**{n: Veld(n, "hidden", [w]) for n, w in vast.items()}, **formulier.velden}
        fout = fuzz_doel(clients[rol], formulier.methode, pad, velden, extra, VOORBEELDEN)
        if fout:
            fouten.append(f"{rol}: {fout}")

    if TELLING:
        with open(TELLING, "w") as uit:
            json.dump({"verzoeken": TELLER.verzoeken, "fouten": TELLER.fouten}, uit)
    assert len(doelen) > 20, "the pages' forms were not found"
    assert not fouten, "\n\n".join(fouten)
